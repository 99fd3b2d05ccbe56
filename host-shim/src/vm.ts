/**
 * The one way into the plugin: invokeCallback looks the export up in the symbol table for the
 * module's ABI, records [host->vm]/[host<-vm], saves/restores the current and effective context
 * (SaveRestoreContext), catches traps into a sticky failure with the host's message and
 * backtrace (HCH src/v8/v8.cc getModuleFunctionImpl, getFailMessage).
 */
import { allowedDuringAllocator, allowedDuringStart } from './profiles/index.js';
import { callbackFor } from './symbols.js';
import type { HostCore } from './core.js';
import type { BacktraceFrame, CallOutcome, VmFailure } from './types.js';

/** The deliberate trap of a hostcall made where the host forbids it (v8.cc: trap("restricted_callback")). */
export class RestrictedCallback extends Error {
  override readonly name = 'Error';
  constructor(readonly callee: string) {
    super('restricted_callback');
  }
}

export type Restriction = 'start' | 'allocator';

export class Vm {
  private exportsTable: Record<string, unknown> = {};
  private readonly restrictions: Restriction[] = [];
  /** Callbacks currently running, outermost first. */
  readonly stack: string[] = [];
  failure: VmFailure | undefined;
  /** Outcomes of top-level callbacks since the current step began (spliced by step()). */
  readonly outcomes: CallOutcome[] = [];
  /** Log position when the current top-level callback began (a trap's error log is from then on). */
  private callbackLogPosition = 0;

  constructor(private readonly core: HostCore) {}

  bind(exportsTable: Record<string, unknown>): void {
    this.exportsTable = exportsTable;
  }

  has(name: string): boolean {
    return typeof this.exportsTable[name] === 'function';
  }

  /** Name of the callback a hostcall runs under (the innermost one). */
  currentCallback(): string {
    return this.stack[this.stack.length - 1] ?? '(host)';
  }

  /** Outermost running callback (what a finding is about). */
  outerCallback(): string {
    return this.stack[0] ?? '(host)';
  }

  withRestriction<T>(r: Restriction, fn: () => T): T {
    this.restrictions.push(r);
    try {
      return fn();
    } finally {
      this.restrictions.pop();
    }
  }

  /** WasmVm::isHostFunctionAllowed for the innermost restriction. */
  allowed(module: string, name: string): Restriction | undefined {
    const r = this.restrictions[this.restrictions.length - 1];
    if (r === undefined) return undefined;
    const ok = r === 'start' ? allowedDuringStart(this.core.profile, module, name) : allowedDuringAllocator(this.core.profile, module, name);
    return ok ? undefined : r;
  }

  /**
   * Calls export `name` with `args` on context `contextId`. Missing export → not called (the host
   * uses its default). A trap marks the VM failed and is never rethrown; our own bugs are.
   */
  invokeCallback(name: string, args: readonly number[], contextId: number): CallOutcome {
    const core = this.core;
    const spec = core.abi === undefined ? undefined : callbackFor(name, core.abi);
    if (spec === undefined) throw new Error(`internal: ${name} is not a callback of ABI ${core.abi ?? '?'}`);
    const fn = this.exportsTable[name];
    if (this.failure !== undefined || typeof fn !== 'function') return { export: name, called: false, trapped: false };
    if (args.length !== spec.signature.params.length) throw new Error(`internal: ${name} takes ${spec.signature.params.length} arguments`);

    const topLevel = this.stack.length === 0;
    // Every top-level callback is one event of the run's budget (throws HostExhausted past it).
    if (topLevel) core.budget.event(name);
    if (topLevel) this.callbackLogPosition = core.logs.position;
    const saved = { current: core.currentContextId, effective: core.effectiveContextId };
    core.currentContextId = contextId;
    core.effectiveContextId = 0;
    core.trace.call('host->vm', name, args);
    this.stack.push(name);
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 64;
    try {
      const raw: unknown = (fn as (...a: number[]) => unknown)(...args);
      // A host limit crossed in a hostcall the guest swallowed (catch_all): still the host's.
      if (core.budget.exhausted !== undefined) throw core.budget.exhausted;
      if (core.internalError !== undefined) {
        const err = core.internalError;
        core.internalError = undefined;
        throw err;
      }
      const returned = typeof raw === 'number' ? raw >>> 0 : undefined;
      core.trace.returned('host<-vm', name, returned);
      const out: CallOutcome = returned === undefined ? { export: name, called: true, trapped: false } : { export: name, called: true, returned, trapped: false };
      if (topLevel) this.outcomes.push(out);
      return out;
    } catch (e) {
      // Hostcall wrappers never let our own errors through the guest, except a crossed host
      // limit, which unwinds it on purpose: never the plugin's trap. Anything else is a trap.
      if (core.budget.exhausted !== undefined) throw core.budget.exhausted;
      if (core.internalError !== undefined) {
        const err = core.internalError;
        core.internalError = undefined;
        throw err;
      }
      this.fail(name, e instanceof Error ? e : new Error(String(e)));
      const out: CallOutcome = { export: name, called: true, trapped: true };
      if (topLevel) this.outcomes.push(out);
      return out;
    } finally {
      Error.stackTraceLimit = limit;
      this.checkMemory();
      this.stack.pop();
      core.currentContextId = saved.current;
      core.effectiveContextId = saved.effective;
    }
  }

  /** Allocator call made from inside a hostcall, on the VM context (WasmBase::allocMemory). */
  allocate(size: number): number {
    const name = this.has('malloc') ? 'malloc' : 'proxy_on_memory_allocate';
    const out = this.withRestriction('allocator', () => this.invokeCallback(name, [size], 0));
    return out.returned ?? 0;
  }

  private fail(exportName: string, e: Error): void {
    const restricted = e instanceof RestrictedCallback;
    const trapMessage = `Uncaught ${restricted ? 'Error' : e.name}: ${e.message}`;
    const backtrace = this.backtrace(e);
    let message = `Function: ${exportName} failed: ${trapMessage}`;
    // v8.cc prints the backtrace only when the module has a name section.
    if (this.core.info !== undefined && this.core.info.functionNames().size > 0 && backtrace.length > 0) {
      message += '\nProxy-Wasm plugin in-VM backtrace:';
      for (const f of backtrace) {
        message += `\n${String(f.index).padStart(3, ' ')}:  0x${(f.offset ?? 0).toString(16)} - ${f.name}`;
      }
    }
    const panicText = this.core.logs.panicText;
    const errorLog = this.core.logs.errorLoggedSince(this.callbackLogPosition);
    this.failure = {
      export: exportName,
      trapMessage,
      backtrace,
      message,
      ...(panicText === undefined ? {} : { panicText }),
      ...(errorLog === undefined ? {} : { errorLog }),
      logPosition: this.callbackLogPosition,
      restrictedCallback: restricted,
      virtualTimeMs: this.core.clock.nowMs,
    };
    this.core.trace.push('host<-vm', `${exportName} failed: ${trapMessage}`);
    this.core.logs.add('critical', new TextEncoder().encode(message), 'host', this.core.currentContextId, exportName);
  }

  /**
   * Wasm frames of a trap, read as structured call sites (the module offset is the call site's
   * position) so that a custom Error.prepareStackTrace (e.g. source-map support) cannot hide them.
   */
  private backtrace(e: Error): BacktraceFrame[] {
    const info = this.core.info;
    const prev = Error.prepareStackTrace;
    let sites: NodeJS.CallSite[] | undefined;
    Error.prepareStackTrace = (_err, cs) => {
      sites = cs;
      return '';
    };
    try {
      void e.stack;
    } finally {
      Error.prepareStackTrace = prev;
    }
    const frames: BacktraceFrame[] = [];
    for (const cs of sites ?? []) {
      if (!(cs.getFileName() ?? '').startsWith('wasm://')) continue;
      const offset = (cs as NodeJS.CallSite & { getPosition?: () => number }).getPosition?.() ?? (cs.getColumnNumber() ?? 1) - 1;
      const idx = info?.functionAt(offset);
      const name = (idx === undefined ? undefined : info?.functionNames().get(idx)) ?? cs.getFunctionName() ?? `unknown(function index:${idx ?? '?'})`;
      frames.push({ index: frames.length, offset, name });
    }
    return frames;
  }

  private checkMemory(): void {
    const bytes = this.core.mem?.byteLength ?? 0;
    const limit = this.core.profile.maxMemoryBytes;
    if (bytes > limit && !this.core.notes.some((n) => n.kind === 'memory_limit')) {
      this.core.notes.push({ kind: 'memory_limit', bytes, limit, callback: this.outerCallback() });
    }
  }
}

