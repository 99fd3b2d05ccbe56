/**
 * Progress shared between the plugin worker and the supervisor through a SharedArrayBuffer, so
 * the supervisor can still read where the worker was after it had to terminate it: a worker
 * stuck in a wasm loop never posts another message.
 *
 * Layout: Int32 header [beats, busy, stepLen, traceWritten, memoryPages, 0, 0, 0], a step slot (UTF-8 text of the
 * current scenario/step/callback as JSON), then a byte ring with the most recent trace lines.
 */
import type { TraceRecord } from 'proxy-wasm-host-mock';

const HEADER_BYTES = 32;
const STEP_BYTES = 1024;
const RING_BYTES = 32 * 1024;
const BEATS = 0;
const BUSY = 1;
const STEP_LEN = 2;
const TRACE_WRITTEN = 3;
const MEMORY_PAGES = 4;
const PAGE = 65536;

/** Where the worker is; written before each step and each plugin callback. */
export interface StepInfo {
  /** Index of the scenario in the job, or -1 during boot. */
  readonly scenarioIndex: number;
  readonly scenario: string;
  /** Driver step, e.g. "request body chunk 2/3", "boot: proxy_on_configure". */
  readonly step: string;
  /** Plugin callback running (or about to), e.g. "proxy_on_request_body". */
  readonly callback: string;
}

export function createProgressBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + STEP_BYTES + RING_BYTES);
}

/** Worker side: cheap writes, no allocation beyond the encoded text. */
export class ProgressWriter {
  private readonly header: Int32Array;
  private readonly step: Uint8Array;
  private readonly ring: Uint8Array;
  private readonly encoder = new TextEncoder();
  private current: StepInfo = { scenarioIndex: -1, scenario: '', step: 'boot', callback: '' };
  /**
   * Encoded step texts, by step and then by callback: a soak writes the same few steps millions
   * of times, so each is serialized and encoded once.
   */
  private readonly encoded = new Map<string, Map<string, Uint8Array>>();
  private byCallback = new Map<string, Uint8Array>();
  /** Scratch for one trace line (encodeInto, then copied into the ring in at most two pieces). */
  private readonly line = new Uint8Array(2048);
  /** Encoded line heads by kind and direction (calls 0-3, returns 4-7), then callee (see record). */
  private readonly heads = Array.from({ length: 8 }, () => new Map<string, Uint8Array>());

  constructor(buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.step = new Uint8Array(buffer, HEADER_BYTES, STEP_BYTES);
    this.ring = new Uint8Array(buffer, HEADER_BYTES + STEP_BYTES, RING_BYTES);
  }

  /** The VM's memory size, in 64 KiB pages so that 4 GiB fits. */
  memory(bytes: number): void {
    Atomics.store(this.header, MEMORY_PAGES, Math.ceil(bytes / PAGE));
  }

  /** A new driver step begins (the watchdog restarts its deadline). */
  enter(info: Omit<StepInfo, 'callback'> & { callback?: string }): void {
    this.current = { scenarioIndex: info.scenarioIndex, scenario: info.scenario, step: info.step, callback: info.callback ?? '' };
    const key = `${info.scenarioIndex}\u0000${info.scenario}\u0000${info.step}`;
    let byCallback = this.encoded.get(key);
    if (byCallback === undefined) {
      if (this.encoded.size >= 4096) this.encoded.clear();
      byCallback = new Map();
      this.encoded.set(key, byCallback);
    }
    this.byCallback = byCallback;
    this.writeStep();
    Atomics.store(this.header, BUSY, 1);
    Atomics.add(this.header, BEATS, 1);
  }

  /** A top-level plugin callback is entered: it gets its own deadline. */
  callback(name: string): void {
    this.current = { ...this.current, callback: name };
    this.writeStep();
    Atomics.add(this.header, BEATS, 1);
  }

  /** Between steps: nothing of the plugin runs, the watchdog idles. */
  idle(): void {
    Atomics.store(this.header, BUSY, 0);
    Atomics.add(this.header, BEATS, 1);
  }

  /** One trace line into the ring (the newest ~32 KiB are kept). */
  trace(line: string): void {
    const text = `${line.length > 512 ? `${line.slice(0, 512)}…` : line}\n`;
    this.ringWrite(this.encoder.encodeInto(text, this.line).written);
  }

  /**
   * The same line as `trace(`[dir] text`)` writes, from the event's parts: the constant head
   * (`[vm->host] name(` / `[vm<-host] name return: `) encoded once per callee, the numbers as
   * ASCII digits. Free text, bigints and long notes take the text path.
   */
  record(e: TraceRecord): void {
    if (e.kind === 'text' || (e.note !== undefined && e.note.length > 200)) {
      this.trace(`[${e.dir}] ${e.text}`);
      return;
    }
    const head = this.head(e);
    if (head === undefined) {
      this.trace(`[${e.dir}] ${e.text}`);
      return;
    }
    const line = this.line;
    line.set(head);
    let n = head.length;
    if (e.kind === 'call') {
      const args = e.args ?? [];
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (typeof a !== 'number') {
          this.trace(`[${e.dir}] ${e.text}`);
          return;
        }
        if (i > 0) {
          line[n++] = 0x2c; // ','
          line[n++] = 0x20;
        }
        n = writeUint(line, n, a >>> 0);
      }
      line[n++] = 0x29; // ')'
    } else {
      const r = e.result;
      if (r === undefined) {
        line.set(VOID, n);
        n += VOID.length;
      } else if (Number.isInteger(r) && r >= 0 && r <= 0xffffffff) {
        n = writeUint(line, n, r);
      } else {
        n += this.encoder.encodeInto(String(r), line.subarray(n)).written;
      }
      if (e.note !== undefined) {
        // The text path cuts lines at 512 characters: keep to it (a note of up to 200 fits).
        const text = ` (${e.note})`;
        n += this.encoder.encodeInto(text, line.subarray(n)).written;
      }
    }
    line[n++] = 0x0a; // '\n'
    this.ringWrite(n);
  }

  /** Encoded `[dir] callee(` or `[dir] callee return: `, cached; undefined when too long to fit. */
  private head(e: TraceRecord): Uint8Array | undefined {
    const byCallee = this.heads[DIR_INDEX[e.dir] + (e.kind === 'call' ? 0 : 4)];
    if (byCallee === undefined) return undefined;
    let bytes = byCallee.get(e.callee);
    if (bytes === undefined) {
      if (e.callee.length > 200) return undefined;
      if (byCallee.size >= 4096) byCallee.clear();
      bytes = this.encoder.encode(`[${e.dir}] ${e.callee}${e.kind === 'call' ? '(' : ' return: '}`);
      byCallee.set(e.callee, bytes);
    }
    return bytes;
  }

  /** The first `n` bytes of the scratch line into the ring (a byte loop: lines are short). */
  private ringWrite(n: number): void {
    const pos = Atomics.load(this.header, TRACE_WRITTEN);
    const ring = this.ring;
    const line = this.line;
    let at = pos % RING_BYTES;
    for (let i = 0; i < n; i++) {
      ring[at] = line[i] ?? 0;
      at = at + 1 === RING_BYTES ? 0 : at + 1;
    }
    Atomics.store(this.header, TRACE_WRITTEN, (pos + n) % 0x40000000);
  }

  private writeStep(): void {
    let bytes = this.byCallback.get(this.current.callback);
    if (bytes === undefined) {
      bytes = this.encoder.encode(JSON.stringify(this.current)).subarray(0, STEP_BYTES);
      this.byCallback.set(this.current.callback, bytes);
    }
    this.step.set(bytes);
    Atomics.store(this.header, STEP_LEN, bytes.length);
  }
}

const DIR_INDEX: Readonly<Record<TraceRecord['dir'], number>> = { 'host->vm': 0, 'host<-vm': 1, 'vm->host': 2, 'vm<-host': 3 };
const VOID = new TextEncoder().encode('void');

/** `v` (an integer in 0..2^32-1) as decimal ASCII at `at`; returns the end. */
function writeUint(out: Uint8Array, at: number, v: number): number {
  if (v < 10) {
    out[at] = 0x30 + v;
    return at + 1;
  }
  let digits = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
  for (let i = at + digits - 1; i >= at; i--) {
    out[i] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  }
  return at + digits;
}

/** Supervisor side. */
export class ProgressReader {
  private readonly header: Int32Array;
  private readonly step: Uint8Array;
  private readonly ring: Uint8Array;

  constructor(buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.step = new Uint8Array(buffer, HEADER_BYTES, STEP_BYTES);
    this.ring = new Uint8Array(buffer, HEADER_BYTES + STEP_BYTES, RING_BYTES);
  }

  beats(): number {
    return Atomics.load(this.header, BEATS);
  }

  busy(): boolean {
    return Atomics.load(this.header, BUSY) === 1;
  }

  /** The VM's memory as last reported (at a hostcall, a callback's return or a step's end). */
  memoryBytes(): number {
    return Atomics.load(this.header, MEMORY_PAGES) * PAGE;
  }

  current(): StepInfo {
    const len = Atomics.load(this.header, STEP_LEN);
    try {
      return JSON.parse(new TextDecoder().decode(this.step.slice(0, len))) as StepInfo;
    } catch {
      return { scenarioIndex: -1, scenario: '', step: 'unknown', callback: '' };
    }
  }

  /** The newest complete trace lines, oldest first. */
  traceTail(maxLines: number): string[] {
    const written = Atomics.load(this.header, TRACE_WRITTEN);
    const size = Math.min(written, RING_BYTES);
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[i] = this.ring[(written - size + i) % RING_BYTES] ?? 0;
    const lines = new TextDecoder().decode(out).split('\n');
    // The first line may be cut by the ring; the last is empty after the final newline.
    const complete = (written > RING_BYTES ? lines.slice(1) : lines).filter((l) => l !== '');
    return complete.slice(-maxLines);
  }
}
