/**
 * Golden CLI transcripts: command, exit code, stdout and stderr of the CLI users get, package.json's
 * bin (the bundle of scripts/bundle.mjs; `npm test` builds first). Rewrite them on purpose with
 * UPDATE_GOLDEN=1 (also the only way to create a new one: a missing transcript fails). Inputs that
 * are not sample plugins live in test/golden/inputs/.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['wasm-verify'] ?? '';
const CLI = join(ROOT, BIN);
const GOLDEN = join(ROOT, 'test/golden');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/** Inputs that must not be committed as files: made fresh in a temp dir, named relatively. */
let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'wv-golden-'));
  let s = 7;
  const rand = new Uint8Array(4096).map(() => ((s = (s * 1103515245 + 12345) >>> 0) >>> 24));
  writeFileSync(join(scratch, 'random.bin'), rand);
  writeFileSync(join(scratch, 'empty.wasm'), '');
  mkdirSync(join(scratch, 'plugin-dir'));
  writeFileSync(join(scratch, 'truncated.wasm'), readFileSync(join(ROOT, 'sample-plugins/build/c-add-header.wasm')).subarray(0, 1000));
  // The example plugin repository after its `make build` (its plugins are not committed), with a
  // .git so that the settings search stops there as in a real repository.
  cpSync(join(ROOT, 'examples/plugin-repo'), join(scratch, 'examples/plugin-repo'), { recursive: true });
  mkdirSync(join(scratch, '.git'));
  const built = spawnSync('make', ['-s', 'build', `SAMPLES=${join(ROOT, 'sample-plugins/build')}`], { cwd: join(scratch, 'examples/plugin-repo'), encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`make build in the example repository failed: ${built.error?.message ?? built.stderr}`);
  writeFileSync(join(scratch, 'component.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 1, 0]));
  writeFileSync(join(scratch, 'big.bin'), new Uint8Array(100 * 1024 * 1024).fill(0x42));
  // A plugin whose name does not end in .wasm: the CLI's start-up guess (src/prefetch.ts) starts no
  // worker for it, and traffic must run all the same.
  writeFileSync(join(scratch, 'local-reply.plugin'), readFileSync(join(ROOT, 'sample-plugins/build/wat-local-response.wasm')));
  writeFileSync(join(scratch, 'header.txt'), 'x-my-header');
  writeFileSync(join(scratch, 'a.json'), '{}');
  writeFileSync(join(scratch, 'b.json'), '{}');
  // Settings files that are wrong in one way each, found from the plugin beside them.
  const bad: Record<string, string> = {
    'settings-unknown-key': 'defaults:\n  hots: envoy\nplugins:\n  - files: "*.wasm"\n    rootid: x\n    failureThreshold: warn\n',
    'settings-bad-glob': 'plugins:\n  - files: "extensions/[abc"\n',
    'settings-unknown-rule': 'plugins:\n  - files: "*.wasm"\n    ignore: [WV4001, WV9999]\n',
  };
  for (const [dir, text] of Object.entries(bad)) {
    mkdirSync(join(scratch, dir));
    writeFileSync(join(scratch, dir, '.wasm-verify.yaml'), text);
    writeFileSync(join(scratch, dir, 'plugin.wasm'), readFileSync(join(ROOT, 'sample-plugins/build/wat-minimal-ok.wasm')));
  }
});

interface Case {
  readonly name: string;
  readonly args: string[];
  /** Run in the scratch dir instead of the repository root. */
  readonly scratch?: boolean;
  /** Extra node flags (e.g. an --import that breaks a built-in to provoke an internal error). */
  readonly node?: string[];
}

/** Makes JSON.stringify throw: the JSON formatter then fails like a bug in wasm-verify would. */
const BREAK_JSON = ['--import', 'data:text/javascript,JSON.stringify=()=>{throw new Error("simulated bug")}'];

const S = 'sample-plugins/build';
const IN = 'test/golden/inputs';
const OK = `${S}/wat-minimal-ok.wasm`;
const CASES: Case[] = [
  { name: 'help', args: ['--help'] },
  { name: 'version', args: ['--version'] },
  { name: 'rules', args: ['rules'] },
  { name: 'rules-wv1008', args: ['rules', 'WV1008'] },
  { name: 'rules-unknown', args: ['rules', 'WV9999'] },
  { name: 'usage-no-input', args: [] },
  { name: 'usage-bad-host', args: ['--host', 'nginx', `${S}/wat-minimal-ok.wasm`] },
  { name: 'usage-unknown-option', args: [`${S}/wat-minimal-ok.wasm`, '--fast'] },
  { name: 'usage-bad-timeout', args: ['--timeout', 'soon', `${S}/wat-minimal-ok.wasm`] },
  { name: 'option-before-file', args: ['--static', '--scenario', 'openai-chat', '--no-color', `${S}/wat-minimal-ok.wasm`] },
  { name: 'input-missing-file', args: ['nope.wasm'], scratch: true },
  { name: 'input-directory', args: ['plugin-dir'], scratch: true },
  { name: 'input-empty-file', args: ['empty.wasm'], scratch: true },
  { name: 'input-missing-config', args: ['--config', 'nope.yaml', 'random.bin'], scratch: true },
  { name: 'load-random-bytes', args: ['random.bin'], scratch: true },
  { name: 'load-100mb', args: ['--static', 'big.bin'], scratch: true },
  { name: 'load-truncated', args: ['truncated.wasm'], scratch: true },
  { name: 'load-component', args: ['component.wasm'], scratch: true },
  { name: 'founding-bug', args: ['--static', '--plugin-dir', 'sample-plugins/go/llm-gateway', `${S}/go-llm-gateway-no-tag.wasm`] },
  { name: 'founding-bug-fixed', args: ['--static', '--plugin-dir', 'sample-plugins/go/llm-gateway', `${S}/go-llm-gateway.wasm`] },
  { name: 'matrix-go', args: ['--static', '--host', 'all', `${S}/go-llm-gateway.wasm`] },
  { name: 'matrix-c', args: ['--static', '--host', 'all', `${S}/c-add-header.wasm`] },
  { name: 'wat-no-abi-marker', args: ['--static', `${S}/wat-no-abi-marker.wasm`] },
  { name: 'wat-two-markers', args: ['--static', `${S}/wat-two-markers.wasm`] },
  { name: 'wat-higress-only-marker-on-envoy', args: ['--static', '--host', 'envoy', `${S}/wat-higress-only-marker.wasm`] },
  { name: 'wat-no-allocator', args: ['--static', `${S}/wat-no-allocator.wasm`] },
  { name: 'wat-no-memory', args: ['--static', `${S}/wat-no-memory.wasm`] },
  { name: 'wat-unknown-import', args: ['--static', `${S}/wat-unknown-import.wasm`] },
  { name: 'wat-abi021-import-in-020', args: ['--static', `${S}/wat-abi021-import-in-020.wasm`] },
  { name: 'wat-bad-callback-signature', args: ['--static', `${S}/wat-bad-callback-signature.wasm`] },
  { name: 'wat-import-signature-mismatch', args: ['--static', `${S}/wat-import-signature-mismatch.wasm`] },
  { name: 'wat-import-global', args: ['--static', `${S}/wat-import-global.wasm`] },
  { name: 'wat-command-start-proc-exit', args: ['--static', `${S}/wat-command-start-proc-exit.wasm`] },
  { name: 'wat-sched-yield-on-higress-2.0', args: ['--static', '--host', 'higress-2.0', `${S}/wat-wasi-sched-yield.wasm`] },
  { name: 'hosts', args: ['hosts'] },
  { name: 'usage-bad-host-version', args: ['--host', 'envoy@1.20', OK] },
  { name: 'go-on-istio-1.24', args: ['--static', '--host', 'istio@1.24', `${S}/go-header-rewrite-abi020.wasm`] },
  { name: 'go-versions', args: ['--static', '--host', 'versions', `${S}/go-header-rewrite-abi020.wasm`] },
  { name: 'go-versions-json', args: ['--static', '--host', 'versions', '--format', 'json', `${S}/wat-wasi-sched-yield.wasm`] },
  { name: 'envoy-range', args: ['--static', '--host', 'envoy@1.31..1.33', `${S}/wat-wasi-sched-yield.wasm`] },
  { name: 'traffic-poll-oneoff-52', args: ['--host', 'envoy@1.33,envoy-main', `${S}/wat-poll-oneoff-go-throw.wasm`] },
  { name: 'two-files', args: ['--static', `${S}/wat-minimal-ok.wasm`, `${S}/wat-no-allocator.wasm`] },
  { name: 'format-json', args: ['--static', '--format', 'json', `${S}/wat-no-abi-marker.wasm`] },
  { name: 'format-json-all-hosts', args: ['--static', '--host', 'all', '--format', 'json', `${S}/wat-higress-only-marker.wasm`] },
  { name: 'format-github', args: ['--static', '--format', 'github', `${S}/wat-unknown-import.wasm`] },
  // One annotation per distinct finding over hosts; at most --max-annotations, the rest log lines, then the notice.
  { name: 'format-github-dedup', args: ['--static', '--host', 'all', '--format', 'github', '--max-annotations', '2', `${S}/wat-unknown-import.wasm`, `${S}/wat-no-allocator.wasm`, `${S}/wat-no-memory.wasm`] },
  { name: 'format-junit', args: ['--static', '--format', 'junit', `${S}/wat-no-allocator.wasm`] },
  { name: 'inspect-go', args: ['inspect', `${S}/go-llm-gateway.wasm`] },
  { name: 'inspect-json', args: ['inspect', '--format', 'json', `${S}/wat-two-markers.wasm`] },
  { name: 'inspect-not-wasm', args: ['inspect', 'random.bin'], scratch: true },
  { name: 'internal-error', args: ['--static', '--format', 'json', `${S}/wat-minimal-ok.wasm`], node: BREAK_JSON },
  { name: 'output-unwritable', args: ['--static', '--output', 'plugin-dir', 'random.bin'], scratch: true },
  // One parser (src/cli-options.ts): every single-valued option given twice is a usage error.
  { name: 'usage-repeated-host', args: ['--host', 'all', '--host', 'envoy', OK] },
  { name: 'usage-repeated-format', args: ['--format', 'json', '--format', 'human', OK] },
  { name: 'usage-repeated-plugin-dir', args: ['--plugin-dir', 'a', '--plugin-dir', 'b', OK] },
  { name: 'usage-repeated-config', args: ['--config', 'a.json', '--config=b.json', 'random.bin'], scratch: true },
  { name: 'usage-repeated-output', args: ['--output', 'a.txt', '--output', 'b.txt', 'random.bin'], scratch: true },
  { name: 'usage-repeated-wasmplugin', args: ['--wasmplugin', 'a.json', '--wasmplugin', 'a.json', 'random.bin'], scratch: true },
  { name: 'usage-repeated-timeout', args: ['--timeout', '5', '--timeout', '6', OK] },
  { name: 'usage-repeated-root-id', args: ['--root-id', 'a', '--root-id', 'b', OK] },
  { name: 'usage-repeated-flag', args: ['--no-color', '--color', OK] },
  { name: 'usage-unknown-option-before-file', args: ['--bogus', OK] },
  { name: 'usage-flag-with-value', args: ['--trace=yes', OK] },
  { name: 'usage-option-takes-the-file', args: ['--config', OK] },
  { name: 'usage-option-of-verify-on-inspect', args: ['inspect', '--host', 'all', OK] },
  { name: 'usage-rules-format', args: ['rules', '--format', 'sarif'] },
  { name: 'static-equals-true', args: ['--static=true', '--no-color', OK] },
  { name: 'static-with-traffic-options', args: ['--static', '--scenario', 'openai-chat', '--timeout', '300', '--trace', OK] },
  { name: 'traffic-file-not-named-wasm', args: ['local-reply.plugin'], scratch: true },
  // Several files: an unreadable one is reported and the others verified; the exit code is the worst.
  { name: 'files-one-missing', args: ['--static', `${S}/wat-minimal-ok.wasm`, 'nope.wasm', `${S}/wat-no-allocator.wasm`] },
  { name: 'config-raw-text', args: ['--config', 'header.txt', 'local-reply.plugin'], scratch: true },
  { name: 'matrix-random-bytes', args: ['--host', 'all', 'random.bin'], scratch: true },
  // Settings files (examples/plugin-repo/.wasm-verify.yaml): the header says which file and entry applied.
  { name: 'settings-found-static', args: ['--static', 'examples/plugin-repo/extensions/llm-gateway/plugin.wasm'], scratch: true },
  { name: 'settings-inline-config-host-list', args: ['examples/plugin-repo/extensions/add-header/plugin.wasm'], scratch: true },
  { name: 'settings-overridden', args: ['--static', '--host', 'envoy', '--no-color', 'examples/plugin-repo/extensions/llm-gateway/plugin.wasm'], scratch: true },
  { name: 'settings-none', args: ['--static', '--no-settings', 'examples/plugin-repo/extensions/llm-gateway/plugin.wasm'], scratch: true },
  { name: 'settings-unknown-key', args: ['settings-unknown-key/plugin.wasm'], scratch: true },
  { name: 'settings-bad-glob', args: ['settings-bad-glob/plugin.wasm'], scratch: true },
  { name: 'settings-unknown-rule', args: ['settings-unknown-rule/plugin.wasm'], scratch: true },
  { name: 'settings-missing-file', args: ['--settings', 'nope.yaml', 'random.bin'], scratch: true },
  // Policy: applied after detection; JSON keeps what is ignored, marked.
  { name: 'policy-severity-override', args: ['--static', '--severity', 'WV1003=error', `${S}/wat-two-markers.wasm`] },
  { name: 'policy-ignore-json', args: ['--static', '--format', 'json', '--ignore', 'multiple-abi-versions', `${S}/wat-two-markers.wasm`] },
  { name: 'policy-failure-threshold-warning', args: ['--failure-threshold', 'warning', '--scenario', 'http-get', `${S}/c-bad-pointers.wasm`] },
  { name: 'usage-ignore-unknown-rule', args: ['--ignore', 'WV9999', OK] },
  { name: 'usage-bad-severity', args: ['--severity', 'WV4001=fatal', OK] },
  // The traffic phase.
  { name: 'traffic-first-run-no-config', args: [`${S}/go-llm-gateway-no-tag.wasm`] },
  { name: 'traffic-founding-bug', args: ['--config', `${IN}/llm-gateway.json`, '--plugin-dir', 'sample-plugins/go/llm-gateway', `${S}/go-llm-gateway-no-tag.wasm`] },
  { name: 'traffic-founding-bug-fixed', args: ['--config', `${IN}/llm-gateway.json`, '--plugin-dir', 'sample-plugins/go/llm-gateway', `${S}/go-llm-gateway.wasm`] },
  { name: 'traffic-local-reply', args: [`${S}/wat-local-response.wasm`] },
  { name: 'traffic-go-panic', args: ['--scenario', `${IN}/x-panic.yaml`, '--scenario', 'http-get', `${S}/go-panic-on-header.wasm`] },
  { name: 'traffic-cpu-hang', args: ['--timeout', '300', '--scenario', 'openai-chat', `${S}/c-busy-loop.wasm`] },
  // Issue 9: what the plugin logged, an inert plugin, a configure failure whose cause is a warn line.
  { name: 'traffic-logs', args: ['--logs', '--scenario', 'http-get', '--scenario', 'bare-request', `${S}/go-callout-auth.wasm`] },
  { name: 'traffic-inert-no-config', args: [`${S}/go-header-rewrite.wasm`] },
  { name: 'traffic-configure-cause-at-warn', args: ['--logs', `${S}/go-config-warn.wasm`] },
  { name: 'traffic-faults', args: ['--faults', '--scenario', 'http-get', `${S}/go-auth-no-timeout.wasm`] },
  { name: 'traffic-no-memory', args: ['--scenario', 'http-get', `${S}/wat-no-memory-log.wasm`] },
];

/** Measured durations (JSON durationMs/staticDurationMs, JUnit time) differ from run to run. */
function untimed(out: string): string {
  return out.replace(/"(durationMs|staticDurationMs)": \d+(\.\d+)?/g, '"$1": "…"').replace(/ time="\d+\.\d+"/g, ' time="…"');
}

function transcript(c: Case): string {
  const r = spawnSync(process.execPath, [...(c.node ?? []), CLI, ...c.args], {
    cwd: c.scratch ? scratch : ROOT,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const cmd = ['wasm-verify', ...c.args.map((a) => (/^[\w./=:-]+$/.test(a) ? a : JSON.stringify(a)))].join(' ');
  const via = c.node ? `# run as: node ${c.node.join(' ')} ${BIN} ...\n` : '';
  return `${via}$ ${cmd}\n--- exit ${r.status}\n--- stdout\n${untimed(r.stdout)}--- stderr\n${r.stderr}`;
}

describe('internal errors', () => {
  it('exit 3, "please report", and the stack only with --debug', () => {
    const run = (extra: string[]) =>
      spawnSync(process.execPath, [...BREAK_JSON, CLI, '--static', '--format', 'json', ...extra, 'sample-plugins/build/wat-minimal-ok.wasm'], { cwd: ROOT, encoding: 'utf8' });
    const plain = run([]);
    expect(plain.status).toBe(3);
    expect(plain.stderr).toContain('please report');
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = run(['--debug']);
    expect(debug.status).toBe(3);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('golden CLI transcripts', () => {
  it('the bin is built (npm test builds first)', () => {
    expect(existsSync(CLI)).toBe(true);
  });

  it('every transcript in test/golden/ belongs to a case', () => {
    const files = readdirSync(GOLDEN).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4));
    expect(files.filter((f) => !CASES.some((c) => c.name === f))).toEqual([]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const got = transcript(c);
    const file = join(GOLDEN, `${name}.txt`);
    if (UPDATE) writeFileSync(file, got);
    expect(existsSync(file), `test/golden/${name}.txt is missing: run UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts and read the new transcript`).toBe(true);
    expect(got).toBe(readFileSync(file, 'utf8'));
    expect(got).not.toContain(ROOT);
    expect(got).not.toContain(scratch);
    expect(got).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // never a stack trace
  });
});
