/**
 * Progress shared between the plugin worker and the supervisor through a SharedArrayBuffer, so
 * the supervisor can still read where the worker was after it had to terminate it: a worker
 * stuck in a wasm loop never posts another message.
 *
 * Layout: Int32 header [beats, busy, stepLen, traceWritten, memoryPages, 0, 0, 0], a step slot (UTF-8 text of the
 * current scenario/step/callback as JSON), then a byte ring with the most recent trace lines.
 */
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
    const n = this.encoder.encodeInto(text, this.line).written;
    const pos = Atomics.load(this.header, TRACE_WRITTEN);
    const at = pos % RING_BYTES;
    const first = Math.min(n, RING_BYTES - at);
    this.ring.set(this.line.subarray(0, first), at);
    if (first < n) this.ring.set(this.line.subarray(first, n), 0);
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
