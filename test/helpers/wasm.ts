/** Test helpers: assemble WAT with wabt, build a check context, run one check. */
import { getProfile, type HostName } from 'proxy-wasm-host-mock';
import wabtInit from 'wabt';
import type { BuildRc } from '../../src/buildrc.js';
import { abiFor } from '../../src/checks/helpers.js';
import { runChecks, type Check, type CheckContext } from '../../src/checks/index.js';
import { compile, inspectBytes } from '../../src/inspect/index.js';

let wabt: Awaited<ReturnType<typeof wabtInit>> | undefined;

/** Assembles a WAT module (all features on, so tests can build exotic modules). */
export async function wat(text: string, opts: { names?: boolean } = {}): Promise<Uint8Array> {
  wabt ??= await wabtInit();
  const m = wabt.parseWat('test.wat', text, { multi_memory: true, memory64: true, exceptions: true });
  try {
    return new Uint8Array(m.toBinary({ write_debug_names: opts.names ?? true }).buffer);
  } finally {
    m.destroy();
  }
}

/** A minimal valid proxy-wasm module body: memory, allocator, marker 0.2.1. Extra text goes inside. */
export function plugin(extra = '', marker = 'proxy_abi_version_0_2_1'): string {
  return `(module
    (memory (export "memory") 1)
    (func (export "${marker}"))
    (func (export "malloc") (param i32) (result i32) i32.const 1024)
    ${extra})`;
}

export function context(bytes: Uint8Array, host: HostName = 'envoy', buildrc: BuildRc | null = null): CheckContext {
  const inspection = inspectBytes(bytes);
  const profile = getProfile(host);
  return {
    file: 'test.wasm',
    bytes,
    inspection,
    compiled: inspection.problem === null ? compile(bytes) : null,
    host: profile,
    abi: inspection.info === null ? null : abiFor(inspection.info, profile),
    buildrc,
  };
}

/** Sorted rule ids one check reports for a module on a host. */
export function rulesOf(check: Check, bytes: Uint8Array, host: HostName = 'envoy', buildrc: BuildRc | null = null): string[] {
  return runChecks(context(bytes, host, buildrc), [check]).map((f) => f.ruleId).sort();
}
