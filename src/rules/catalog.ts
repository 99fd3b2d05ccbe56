/**
 * The rule catalog: every finding wasm-verify can report, with a stable id that is never
 * renumbered or reused. A new rule does not compile without its slug, title, severity,
 * message and docs page (docs/rules/<id>.md).
 *
 * Blocks: WV0xxx input/load, WV1xxx exports and ABI, WV2xxx imports and linking,
 * WV3xxx lifecycle and runtime (traps, hangs), WV4xxx behaviour hints.
 */

/** How much a finding weighs: `error` fails a plugin by default (the policy can move the threshold). */
export type Severity = 'error' | 'warning' | 'info';

type Args = Record<string, string | number | boolean>;

export interface RuleInfo<A extends Args = Args> {
  readonly slug: string;
  readonly title: string;
  readonly severity: Severity;
  /** One sentence with the actual values. */
  readonly message: (a: A) => string;
  /** One actionable sentence (every rule has one: a finding gives cause and fix). */
  readonly hint: (a: A) => string;
}

function rule<A extends Args>(r: RuleInfo<A>): RuleInfo<A> {
  return r;
}

/** Where a user sees the calls that led to a finding: --trace prints them in every phase. */
function callsShown(): string {
  return 'run with --trace to see the calls that led to it';
}

/** "1 GiB", "960 MiB", "1.5 MiB": sizes as people read them (the exact bytes go in args). */
function size(bytes: number): string {
  const [unit, div] = bytes >= 1024 ** 3 ? ['GiB', 1024 ** 3] : bytes >= 1024 ** 2 ? ['MiB', 1024 ** 2] : ['KiB', 1024];
  return `${Number((bytes / div).toFixed(1))} ${unit}`;
}

export const RULES = {
  // ---- WV0xxx: input and load ----
  WV0001: rule<{ detail: string }>({
    slug: 'not-wasm',
    title: 'Not a WebAssembly module',
    severity: 'error',
    message: (a) => `The file is not a WebAssembly binary (${a.detail}); the gateway logs "Failed to parse corrupted Wasm module".`,
    hint: () => 'Point wasm-verify at the plugin.wasm your build produced (e.g. the output of `make build`).',
  }),
  WV0002: rule<{ detail: string; log: string }>({
    slug: 'corrupt-module',
    title: 'Corrupt or invalid module',
    severity: 'error',
    // log: "Failed to parse corrupted Wasm module" (the host's own section walk, name section) or
    // "Failed to load Wasm bytecode" (V8 rejected the module): src/wasm.cc WasmBase::load.
    message: (a) => `The module does not decode or validate: ${a.detail}; the gateway logs "${a.log}".`,
    hint: () => 'Rebuild the plugin; a truncated download or a failed strip step often causes this.',
  }),
  WV0003: rule<{ version: number }>({
    slug: 'component-model',
    title: 'Component-model binary',
    severity: 'error',
    message: (a) => `The file is a WebAssembly component (layer/version ${a.version}), but proxy-wasm hosts load only core modules.`,
    hint: () => 'Build a core module: e.g. GOOS=wasip1 -buildmode=c-shared for Go, --target wasm32-wasip1 for Rust (not a component adapter).',
  }),
  WV0004: rule<{ feature: string }>({
    slug: 'unsupported-feature',
    title: 'Uses a feature the host engine rejects',
    severity: 'error',
    message: (a) => `The module uses ${a.feature}, which the host's V8 configuration does not accept.`,
    hint: (a) => `Rebuild for plain wasm32 without ${a.feature.replace(/ \(.*\)$/, '')} (do not enable that proposal with a target-feature flag).`,
  }),

  // ---- WV1xxx: exports and ABI ----
  WV1001: rule<Record<string, never>>({
    slug: 'missing-abi-version',
    title: 'No proxy-wasm ABI marker',
    severity: 'error',
    message: () => 'The module exports no proxy_abi_version_* function; the gateway logs "Missing or unknown Proxy-Wasm ABI version".',
    hint: () => 'Build with a proxy-wasm SDK (it exports the marker), or export e.g. proxy_abi_version_0_2_1 yourself.',
  }),
  WV1002: rule<{ marker: string; host: string; accepted: string; toolchain: string }>({
    slug: 'unknown-abi-version',
    title: 'ABI marker the target host does not know',
    severity: 'error',
    message: (a) => `The module's ABI marker ${a.marker} is unknown to this host (it accepts ${a.accepted}); the gateway logs "Missing or unknown Proxy-Wasm ABI version".`,
    // higress.md §1.4: only the TinyGo-era Higress SDK has the tag; its Go 1.24 line always exports 0_2_100.
    hint: (a) => {
      if (!a.marker.split(', ').includes('proxy_abi_version_0_2_100')) return `Build with a proxy-wasm SDK release that exports one of ${a.accepted}.`;
      if (a.toolchain === 'tinygo') return 'This build targets Higress: verify it with --host higress, or for this host rebuild without the proxy_wasm_version_0_2_100 tag (EXTRA_TAGS).';
      if (a.toolchain === 'go') return 'This module targets Higress (its Go 1.24 SDK always exports proxy_abi_version_0_2_100): verify it with --host higress, or for this host build with an SDK that exports an ABI marker it accepts.';
      return `This module targets Higress (proxy_abi_version_0_2_100 is a Higress extension): verify it with --host higress, or for this host export one of ${a.accepted}.`;
    },
  }),
  WV1003: rule<{ markers: string; chosen: string }>({
    slug: 'multiple-abi-versions',
    title: 'Several ABI markers',
    severity: 'warning',
    message: (a) => `The module exports several ABI markers (${a.markers}); the host uses the first known one in export order, ${a.chosen}.`,
    hint: () => 'Export exactly one proxy_abi_version_* function so the ABI the host uses is the one you tested.',
  }),
  // The loader does not require a memory (cpp-host V8::link takes one only if the module has it);
  // V8::getMemory/setMemory assume one, so the first hostcall that needs it fails the VM.
  WV1004: rule<Record<string, never>>({
    slug: 'missing-memory',
    title: 'No exported memory',
    severity: 'warning',
    message: () =>
      'The module neither exports nor imports a memory: the gateway loads it, but the first hostcall that reads or writes plugin memory (a log line, a header, the configuration) fails the VM, and every later request on that worker gets 503.',
    hint: () => 'Export the linear memory (the default for wasm-ld and Go; do not pass --no-export-memory or strip it).',
  }),
  WV1005: rule<Record<string, never>>({
    slug: 'missing-allocator',
    title: 'No allocator export',
    severity: 'error',
    message: () => 'The module exports neither malloc nor proxy_on_memory_allocate; the gateway logs "Wasm module is missing malloc function."',
    hint: () => 'Export malloc (C/C++: -Wl,--export=malloc) or proxy_on_memory_allocate (SDKs do this).',
  }),
  WV1006: rule<{ name: string; want: string; got: string }>({
    slug: 'bad-callback-signature',
    title: 'Callback exported with the wrong signature',
    severity: 'error',
    message: (a) => `"Bad function signature for: ${a.name}, want: ${a.want}, but the module exports: ${a.got}".`,
    hint: () => 'Match the callback to the ABI version the module declares (an SDK for a different ABI version is the usual cause).',
  }),
  WV1010: rule<{ higress: string; goLine: boolean; command: string }>({
    slug: 'higress-plugin-abi-0-2-0',
    title: 'A Higress plugin built for ABI 0.2.0',
    severity: 'warning',
    message: (a) =>
      `This is a Higress plugin (${a.higress}) but it exports proxy_abi_version_0_2_0, so Higress runs it with the 0.2.0 conversion: StopIteration (1) returned from a header callback becomes StopAllIterationAndWatermark, the body never reaches the plugin, and a plugin that pauses in its header callback to read the body hangs every request (higress#1847). ` +
      (a.goLine
        ? 'The Higress Go SDK for Go 1.24 reads no build tag: it exported proxy_abi_version_0_2_0 until commit 1cbc883 (2025-03-23) and proxy_abi_version_0_2_100 since.'
        : 'The Higress Go SDK for TinyGo exports proxy_abi_version_0_2_100 only when built with the tag proxy_wasm_version_0_2_100, and proxy_abi_version_0_2_0 without it.'),
    hint: (a) =>
      a.goLine
        ? `Update github.com/higress-group/proxy-wasm-go-sdk (or wasm-go) to a version from 2025-03-23 on and rebuild (${a.command} in the Higress plugins tree); the tag alone changes nothing on Go 1.24.`
        : `Rebuild with the tag: ${a.command}.`,
  }),
  WV1007: rule<{ toolchain: string; fix: string }>({
    slug: 'command-mode-build',
    title: 'WASI command build (no _initialize)',
    severity: 'error',
    message: (a) => `The module is a WASI command (${a.toolchain}: exports _start, not _initialize): its runtime ends _start with proc_exit, which the host refuses during start ("restricted_callback").`,
    hint: (a) => a.fix,
  }),
  WV1008: rule<{ tags: string; marker: string; command: string }>({
    slug: 'buildrc-abi-tag-ignored',
    title: '.buildrc asks for ABI 0.2.100, the module does not export it',
    severity: 'error',
    message: (a) => `.buildrc sets EXTRA_TAGS=${a.tags}, but the module exports ${a.marker}, not proxy_abi_version_0_2_100: the build ignored the tag, and StopIteration from request headers will stop the whole request.`,
    hint: (a) => `Rebuild with the tags: ${a.command}`,
  }),
  WV1009: rule<{ name: string }>({
    slug: 'main-void-ignored',
    title: '__main_void not called by this host',
    severity: 'warning',
    message: (a) => `The module exports ${a.name} but no main; this host does not call it after _initialize.`,
    hint: (a) => `Move the set-up that ${a.name} runs into proxy_on_vm_start or proxy_on_configure (or into code _initialize runs): this host calls only main(0, 0) after _initialize.`,
  }),

  // ---- WV2xxx: imports and linking ----
  WV2001: rule<{ symbol: string; first: boolean; host: string; providedBy: string; mainOnly?: boolean }>({
    slug: 'missing-import',
    title: 'Import the host does not provide',
    severity: 'error',
    message: (a) =>
      a.first
        ? `"Failed to load Wasm module due to a missing import: ${a.symbol}" — this host does not provide it (the gateway stops at this first one).`
        : `This host does not provide the import ${a.symbol} either.`,
    hint: (a) =>
      a.providedBy === ''
        ? a.mainOnly === true
          ? 'No released gateway provides it yet (only Envoy main, proxy-wasm-cpp-host 94091cd and later): rebuild without the code that imports it.'
          : 'No known gateway provides it: rebuild without the code that imports it (or with the SDK for your gateway).'
        : `First provided by ${a.providedBy}: run that release or a later one (--host versions shows the oldest that runs the module), or rebuild without the code that needs it.`,
  }),
  WV2002: rule<{ symbol: string; moduleWants: string; hostExports: string; first: boolean }>({
    slug: 'import-signature-mismatch',
    title: 'Import signature differs from the host',
    severity: 'error',
    message: (a) =>
      `"Failed to load Wasm module due to an import type mismatch: ${a.symbol}, want: ${a.moduleWants}, but host exports: ${a.hostExports}"${a.first ? ' (the gateway stops at this first link error)' : ''}.`,
    hint: () => 'Use the SDK release that matches the gateway, or avoid the call.',
  }),
  WV2003: rule<{ symbol: string; abi: string; providedFor: string; first: boolean }>({
    slug: 'import-for-other-abi',
    title: 'Import from a different ABI version',
    severity: 'error',
    message: (a) =>
      `${a.symbol} is registered only for ABI ${a.providedFor}, but the module declares ${a.abi}; the gateway fails with "Failed to load Wasm module due to a missing import: ${a.symbol}"${a.first ? ' (the first link error)' : ''}.`,
    hint: () => 'Export the ABI marker that matches the SDK calls, or stop importing this function.',
  }),
  // Imported tables and memories are created by the host (src/v8/v8.cc V8::link); globals are not.
  WV2004: rule<{ symbol: string; kind: string; first: boolean }>({
    slug: 'unsupported-import-kind',
    title: 'Imported global',
    severity: 'error',
    message: (a) =>
      `The module imports a ${a.kind} (${a.symbol}); the host links only functions, memories and tables, so it logs "Failed to load Wasm module due to a missing import: ${a.symbol}"${a.first ? ' (the first link error)' : ''}.`,
    hint: () => 'Define the global inside the module instead of importing it (check the linker flags, e.g. --import-undefined / -sMAIN_MODULE).',
  }),

  // ---- WV3xxx: lifecycle and runtime ----
  WV3001: rule<{ callee: string; during: string; phase: string; toolchain: string }>({
    slug: 'restricted-callback',
    title: 'Hostcall not allowed at this point',
    severity: 'error',
    message: (a) =>
      a.phase === 'allocator'
        ? `${a.during} called ${a.callee} from inside the allocator, which the host does not allow: the VM fails with "Uncaught Error: restricted_callback".`
        : `${a.during} called ${a.callee} while the start functions run, which the host does not allow: the VM fails with "Uncaught Error: restricted_callback" and the gateway logs "Failed to initialize Wasm code".`,
    hint: (a) => {
      if (a.phase === 'allocator') return 'Do not call host functions from malloc / proxy_on_memory_allocate: the host allows only proxy_log, fd_write, clock_time_get and poll_oneoff there.';
      const go = a.toolchain === 'go' || a.toolchain === 'tinygo';
      if (/\.proc_exit$/.test(a.callee)) {
        return `Build a WASI reactor, whose _initialize returns instead of exiting${go ? ' (Go: go build -buildmode=c-shared)' : ' (export _initialize, or make _start return without proc_exit)'}.`;
      }
      return `Move the call out of the start functions into proxy_on_vm_start or proxy_on_configure${go ? ' (Go: out of init()/main() into OnPluginStart / OnPluginConfigure)' : ' (out of static constructors and main())'}.`;
    },
  }),
  WV3002: rule<{ fn: string; detail: string }>({
    slug: 'start-failed',
    title: 'Start functions failed',
    severity: 'error',
    // cpp-host src/wasm.cc: startVm runs inside WasmBase::initialize(); createWasm/canary then log this text.
    message: (a) => `"Function: ${a.fn} failed: ${a.detail}" — the gateway cannot initialize the VM ("Failed to initialize Wasm code") and rejects the plugin.`,
    hint: (a) => `Fix the start-up code that ${a.fn} runs (Go init(), C++ static constructors, AssemblyScript top-level statements); ${callsShown()}.`,
  }),
  WV3003: rule<{ callback: string; value: number; logged: string }>({
    slug: 'vm-start-failed',
    title: 'proxy_on_vm_start returned false',
    severity: 'error',
    message: (a) => `${a.callback} returned ${a.value}; the gateway logs "Failed to start base Wasm" and rejects the plugin.`,
    hint: (a) =>
      a.logged === ''
        ? `Make ${a.callback} return true; it returned false without logging why (wasm-verify passes an empty VM configuration), and ${callsShown()}.`
        : `Make ${a.callback} return true; it logged ${a.logged} before returning false.`,
  }),
  WV3004: rule<{ value: number; configGiven: boolean; logged: string }>({
    slug: 'configure-failed',
    title: 'proxy_on_configure returned false',
    severity: 'error',
    message: (a) => `proxy_on_configure returned ${a.value}; the gateway logs "Failed to configure base Wasm plugin" and rejects the configuration.`,
    hint: (a) => {
      const given = a.configGiven ? 'the configuration given with --config or --wasmplugin' : 'an empty configuration (none was given: pass it with --config)';
      return a.logged === ''
        ? `The plugin rejected ${given} without logging why: check it against what the plugin expects; ${callsShown()}.`
        : `The plugin rejected ${given} and logged ${a.logged}: fix what that names.`;
    },
  }),
  WV3005: rule<{ fn: string; detail: string; panic: string; logged: string; rootId: string; backtrace: string; consequence: string; inScenario: boolean }>({
    slug: 'trap',
    title: 'The plugin trapped',
    severity: 'error',
    message: (a) =>
      `"Function: ${a.fn} failed: ${a.detail}"${a.panic === '' ? '' : ` after the plugin printed "${a.panic}"`}${a.logged === '' ? '' : ` after the plugin logged ${a.logged}`}${a.backtrace === '' ? '' : ` (in-VM backtrace: ${a.backtrace})`}; ${a.consequence}`,
    hint: (a) => {
      // @solo-io/proxy-runtime aborts so when no root context is registered under the root_id.
      if (/Missing root context factory for root id/.test(a.logged)) {
        return `The plugin registers no root context for root id "${a.rootId}": pass the root_id it registers (the root_id of its gateway configuration) with --root-id.`;
      }
      if (/the module has no memory/.test(a.detail)) return 'Export the module\'s linear memory (WV1004): without one, no hostcall can read or write plugin data.';
      if (a.panic !== '') return 'Fix the panic (the backtrace names the function); an SDK that recovers panics would hide it and let requests through (fail-open).';
      if (a.logged !== '') return `Fix what the plugin logged before it trapped (the backtrace names the function); ${callsShown()}.`;
      return `Fix the fault in the innermost plugin frame of the backtrace; ${callsShown()}.`;
    },
  }),
  // Values are the host's (HCH src/context.cc convertVmCallResultToFilterHeadersStatus, HE127
  // conn_manager_impl.cc onIdleTimeout); the founding case of higress#1847.
  WV3006: rule<{ request: string; callback: string; value: number; valueName: string; converted: string; timeout: string; fix: string }>({
    slug: 'stream-hang',
    title: 'Request stopped and nothing can resume it',
    severity: 'error',
    message: (a) => `${a.request} hangs: ${a.callback} returned ${a.valueName} (${a.value}); ${a.converted}; nothing resumes the stream; ${a.timeout}.`,
    hint: (a) => a.fix,
  }),
  WV3007: rule<{ request: string; callback: string; value: string; cause: string; waitedFor: string; after: string; ending: string; fix: string }>({
    slug: 'stream-stall',
    title: 'Stopped stream never resumed by pending work',
    severity: 'error',
    message: (a) =>
      `${a.request} stalls: ${a.callback} ${a.value === '' ? 'stopped it' : `returned ${a.value}`}${a.cause === '' ? '' : `; ${a.cause}`}; it waited for ${a.waitedFor}; ${a.after}, but ${a.ending}.`,
    hint: (a) => a.fix,
  }),
  WV3008: rule<{ callback: string; scenario: string; step: string; timeoutMs: number; fullTimeoutMs: number; hungIn: string; inScenario: boolean }>({
    slug: 'cpu-hang',
    title: 'A callback does not return',
    severity: 'error',
    message: (a) =>
      `${a.callback} did not return within ${a.timeoutMs} ms (scenario ${a.scenario}, ${a.step}${a.hungIn === '' ? '' : `; a shortened deadline, since it already ran past ${a.fullTimeoutMs} ms in scenario ${a.hungIn}`}); a gateway has no watchdog for V8, so the worker thread running it would be blocked for good, with every request it serves.`,
    hint: (a) => `Look for an unbounded loop in ${a.callback}; ${callsShown()} (wasm-verify stopped it after ${a.timeoutMs} ms; --timeout sets the deadline).`,
  }),
  WV3009: rule<{ bytes: number; limit: number; callback: string }>({
    slug: 'memory-limit',
    title: 'Memory above the host limit',
    severity: 'error',
    message: (a) =>
      `Memory reached ${size(a.bytes)} (${a.bytes} bytes) in ${a.callback}, at the host's cap of ${size(a.limit)}: the gateway's V8 fails every memory.grow past it (wasm_max_mem_pages = ${Math.floor(a.limit / 65536)}), as wasm-verify does, so the plugin traps or misbehaves once it needs more.`,
    hint: () => 'Find what keeps growing (buffers held across requests, unbounded caches); the cap is per VM, and every worker runs its own copy.',
  }),
  WV3010: rule<{ scenario: string }>({
    slug: 'second-local-reply',
    title: 'Second local reply on one stream',
    severity: 'error',
    message: (a) => `The plugin called proxy_send_local_response twice on one stream in ${a.scenario}; Envoy 1.27 refuses the second (BadArgument) and the client can be left waiting.`,
    hint: () => "Send one local reply per stream: the response callbacks also run for the plugin's own local reply, so remember that the stream was answered and do not reply again from them.",
  }),
  WV3011: rule<{ fn: string }>({
    slug: 'unimplemented-hostcall',
    title: 'Hostcall wasm-verify does not emulate yet',
    severity: 'warning',
    message: (a) => `The plugin called ${a.fn}, which wasm-verify does not emulate yet; it returned Unimplemented (12), so later results may differ from the gateway.`,
    hint: (a) => `Treat this run's later results as provisional, and report ${a.fn} to wasm-verify so that its emulation can be added.`,
  }),
  WV3012: rule<{ stage: string; detail: string; log: string }>({
    slug: 'link-failed',
    title: 'Instantiation failed',
    severity: 'error',
    message: (a) => `The gateway cannot create the VM (${a.stage}): it logs "${a.detail}", then "${a.log}", and rejects the plugin.`,
    hint: () => 'Rebuild the module: the engine refused what the detail names (e.g. a data segment beyond the initial memory), usually from a linker flag or a post-processing tool.',
  }),
  WV3013: rule<{ scenario: string; callback: string; detail: string; inScenario: boolean }>({
    slug: 'host-exhausted',
    title: 'The plugin exhausted the emulated host',
    severity: 'error',
    message: (a) =>
      `The emulated host ran out of resources in ${a.callback} (scenario ${a.scenario}): ${a.detail}; the plugin makes the host work or keep data without bound, which would exhaust a gateway worker too.`,
    hint: (a) => `Look for a loop that posts work, logs, copies buffers or keeps data without bound (the message names what grew); raise --max-events, --host-memory or --run-timeout only if the plugin really needs more; ${callsShown()}.`,
  }),
  WV3023: rule<{ scenario: string; request: number; requests: number; detail: string }>({
    slug: 'soak-request-failed',
    title: 'A repeated request failed during the soak',
    severity: 'error',
    message: (a) => `Request ${a.request} of ${a.requests} of scenario ${a.scenario} on one VM ${a.detail}: the plugin does not stay correct over a worker's life.`,
    hint: () => 'Look for state carried between requests (globals, the root context, a heap that fills up); the findings of the failing request follow, and --trace shows the calls of the first run.',
  }),
  WV3024: rule<{ fn: string; callback: string; fixedIn: string; envoyMainOnly: boolean }>({
    slug: 'poll-oneoff-enosys-throw',
    title: 'The plugin trapped after poll_oneoff answered ENOSYS',
    severity: 'error',
    message: (a) =>
      `In ${a.callback} this host answered ${a.fn} with 52 (ENOSYS; proxy-wasm-cpp-host c4d7bb0 until 94091cd, the Higress fork until cde187a) and the plugin trapped after it: Go's runtime throws "poll_oneoff failed" when its scheduler idles (GC, timers; golang/go#78513), which on the gateway fails the VM under load.`,
    hint: (a) =>
      `Run a gateway whose poll_oneoff succeeds: ${a.fixedIn === '' ? '' : `${a.fixedIn}${a.envoyMainOnly ? ', or ' : ''}`}${a.envoyMainOnly ? 'Envoy main (proxy-wasm-cpp-host 94091cd and later; no Envoy release yet)' : ''}; the plugin cannot avoid the call while its Go runtime schedules.`,
  }),
  WV3025: rule<{ fn: string; callback: string; fixedIn: string }>({
    slug: 'poll-oneoff-enosys',
    title: 'poll_oneoff answered ENOSYS and the plugin went on',
    severity: 'info',
    message: (a) => `In ${a.callback} this host answered ${a.fn} with 52 (ENOSYS) and the plugin went on; a Go runtime would throw here (golang/go#78513).`,
    hint: (a) => `Nothing to do unless the plugin is built with Go; then run a gateway whose poll_oneoff succeeds${a.fixedIn === '' ? '' : ` (${a.fixedIn})`}.`,
  }),

  // ---- WV4xxx: behaviour hints ----
  WV4001: rule<{ fn: string; callback: string; detail: string }>({
    slug: 'invalid-memory-access',
    title: 'Hostcall with an out-of-range pointer',
    severity: 'warning',
    message: (a) => `${a.fn} in ${a.callback} passed ${a.detail}; the host returned InvalidMemoryAccess (6).`,
    hint: (a) => `Fix the pointer or length ${a.callback} passes to ${a.fn}: it must lie within the plugin's memory (check the sizes earlier calls returned).`,
  }),
  WV4002: rule<{ fn: string; argument: string; value: number }>({
    slug: 'bad-enum-argument',
    title: 'Hostcall with an unknown enum value',
    severity: 'warning',
    message: (a) => `${a.fn} was called with ${a.argument} = ${a.value}, which this host does not know; it returned BadArgument (2).`,
    hint: (a) => `Pass a ${a.argument} this host supports (the SDK's constant for it); a value only Higress knows needs --host higress.`,
  }),
  WV4003: rule<{ scenario: string; what: string; expected: string; actual: string }>({
    slug: 'expectation-failed',
    title: 'Scenario expectation not met',
    severity: 'error',
    message: (a) => `In ${a.scenario}, ${a.what} was ${a.actual}, expected ${a.expected}.`,
    hint: (a) => `Fix the plugin so that ${a.what} is ${a.expected}, or correct the expect block of scenario ${a.scenario} if ${a.actual} is right.`,
  }),
  WV4004: rule<{ scenario: string; text: string }>({
    slug: 'panic-logged',
    title: 'The plugin logged a panic and went on',
    severity: 'warning',
    message: (a) => `In ${a.scenario} the plugin logged a panic ("${a.text}") but returned normally: the SDK recovered it, so the request passed (fail-open).`,
    hint: () => 'Fix the code that panics: a recovered panic lets the request through without the plugin doing its work, so do not rely on recover().',
  }),
  WV4005: rule<{ requests: number; warmup: number; before: number; after: number; bytesPerRequest: number; windowsGrown: number; windows: number; cap: number; projectedRequests: number }>({
    slug: 'memory-growth',
    title: 'Memory grows with every request',
    severity: 'warning',
    message: (a) =>
      `Memory grew from ${size(a.before)} to ${size(a.after)} over ${a.requests} identical requests after ${a.warmup} warm-up requests (about ${a.bytesPerRequest} bytes per request, growing in ${a.windowsGrown} of ${a.windows} windows): ${a.projectedRequests >= 0 ? `at that rate the VM reaches its ${size(a.cap)} cap after about ${a.projectedRequests} more requests` : 'the rate could not be projected'} and then fails every request on that worker.`,
    hint: () => 'Release what each request allocates (buffers and maps kept in globals or in the root context): memory that keeps growing ends at the VM cap (WV3009); run with --soak N to measure the slope over more requests.',
  }),
  WV4006: rule<{ level: string; text: string; callback: string }>({
    slug: 'plugin-error-log',
    title: 'The plugin logged an error',
    severity: 'info',
    message: (a) => `In ${a.callback} the plugin logged at ${a.level}: ${a.text}`,
    hint: (a) => `Read what ${a.callback} logged: it usually names a configuration problem (fix it in --config) or a hostcall that failed.`,
  }),
  WV4008: rule<{ scenarios: number }>({
    slug: 'inert-plugin',
    title: 'The plugin did nothing (no configuration was given)',
    severity: 'info',
    message: (a) =>
      `With no configuration (none was given) the plugin neither stopped, changed nor answered a request in ${a.scenarios} scenario${a.scenarios === 1 ? '' : 's'} and made no callout: it was inert, so these passes say little about how it behaves when deployed.`,
    hint: () => 'Give the configuration you deploy: --config FILE, the plugin\'s entry in the settings file, or its WasmPlugin resource with --wasmplugin (a gate can make this an error with the policy).',
  }),
  WV4009: rule<{ clusters: string; count: number; example: string; exampleKind: string }>({
    slug: 'assumed-clusters',
    title: 'Clusters the plugin called were assumed to exist',
    severity: 'info',
    message: (a) => `No --cluster was given, so every cluster the plugin called was assumed to exist: ${a.clusters}.`,
    hint: (a) => {
      const example = a.example === '' ? '' : `; for a healthy answer from "${a.example}", mock it in a scenario file: mocks: { ${a.exampleKind}: { ${a.example}: ${a.exampleKind === 'redis' ? "{ replies: [':1\\r\\n'] }" : a.exampleKind === 'grpc' ? '{ status: 0 }' : "{ status: 200, body: '...' }"} } }`;
      return `Declare the clusters your gateway has with --cluster NAME (repeatable): a callout to any other then fails as on the gateway${example}.`;
    },
  }),
  WV4010: rule<{ fn: string; cluster: string; callback: string; status: string }>({
    slug: 'unknown-cluster',
    title: 'A callout to a cluster that is not declared',
    severity: 'warning',
    message: (a) => `In ${a.callback} the plugin called cluster "${a.cluster}", which is not among the declared clusters (--cluster): ${a.fn} returned ${a.status}, as the gateway answers for a cluster it does not know.`,
    hint: (a) => `If the gateway has "${a.cluster}", add --cluster ${a.cluster}; otherwise fix the cluster name in the plugin's configuration, and make the plugin handle a failed callout (it must not unwrap the result).`,
  }),
  WV4007: rule<{ scenario: string; request: string; details: string }>({
    slug: 'stream-reset',
    title: 'The plugin reset the stream',
    severity: 'error',
    message: (a) => `In ${a.scenario} the plugin reset ${a.request} (${a.details}): the client sees the connection reset, not a response.`,
    hint: () => 'Answer with proxy_send_local_response (e.g. 403) if the request must be refused; a reset looks like a gateway fault to clients.',
  }),
} as const;

export type RuleId = keyof typeof RULES;
export type RuleArgs<R extends RuleId> = (typeof RULES)[R] extends RuleInfo<infer A> ? A : never;

export const RULE_IDS = Object.keys(RULES).sort() as RuleId[];
