/**
 * Bounds-checked guest memory (wasm32). Views are rebuilt on every access, so a memory.grow
 * during a re-entrant allocator call never leaves a stale view. Out-of-range access throws
 * MemoryFault, which the hostcall wrapper turns into InvalidMemoryAccess (6) / WASI EFAULT (21).
 */
import type { WebAssembly } from './webassembly.js';

export class MemoryFault {
  readonly name = 'MemoryFault';
  /**
   * Not an Error on purpose: a fault is an answer to the plugin (a status code), thrown and caught
   * inside one hostcall; a plugin that faults in a loop must not pay for a captured stack each time.
   */
  constructor(readonly detail: string) {}

  get message(): string {
    return this.detail;
  }

  toString(): string {
    return `MemoryFault: ${this.detail}`;
  }
}

/**
 * A hostcall that must read or write plugin memory in a module that has none. cpp-host's
 * V8::getMemory/setMemory assume a memory (they assert it, src/v8/v8.cc); the VM cannot go on,
 * so the call traps the VM instead of returning a status the plugin could ignore.
 */
export class NoMemory extends Error {
  override readonly name = 'Error';
  constructor(readonly fn = '') {
    super(`the module has no memory${fn === '' ? '' : `, and ${fn} must read or write plugin memory`}`);
  }
}

/** Calls the module allocator (malloc / proxy_on_memory_allocate); 0 means failure. */
export type Allocator = (size: number) => number;

export class GuestMemory {
  constructor(
    private readonly memory: WebAssembly.Memory | undefined,
    private readonly allocator: Allocator | undefined,
    /** Refuses a copy of `n` bytes the host could not keep (the run's memory budget); throws. */
    private readonly guardCopy: (n: number, what: string) => void = () => undefined,
  ) {}

  /**
   * Views of the memory's buffer, made once per buffer: a grow detaches the old ArrayBuffer (its
   * byteLength becomes 0), and then they are made again. A shared memory's buffer is not detached
   * by a grow, so it is asked for every time.
   */
  private buffer: ArrayBuffer | undefined;
  private u8: Uint8Array | undefined;
  private dv: DataView | undefined;

  private current(): ArrayBuffer | undefined {
    const m = this.memory;
    if (m === undefined) return undefined;
    const cached = this.buffer;
    if (cached !== undefined && cached.byteLength !== 0) return cached;
    const b = m.buffer;
    if (b instanceof ArrayBuffer) {
      this.buffer = b;
      this.u8 = new Uint8Array(b);
      this.dv = new DataView(b);
    }
    return b;
  }

  get byteLength(): number {
    return this.current()?.byteLength ?? 0;
  }

  private bytes(): Uint8Array {
    const b = this.current();
    if (b === undefined) throw new NoMemory();
    return b === this.buffer && this.u8 !== undefined ? this.u8 : new Uint8Array(b);
  }

  private view(): DataView {
    const b = this.current();
    if (b === undefined) throw new NoMemory();
    return b === this.buffer && this.dv !== undefined ? this.dv : new DataView(b);
  }

  /** V8::getMemory: pointer + size must stay within the current memory (and wasm32). */
  check(ptr: number, len: number, what = 'range'): void {
    if (this.memory === undefined) throw new NoMemory();
    const p = ptr >>> 0;
    const n = len >>> 0;
    if (p + n > this.byteLength) {
      throw new MemoryFault(`${what} [${p}, ${p + n}) outside memory of ${this.byteLength} bytes`);
    }
  }

  /** A copy of guest bytes (never more than the host's budget could keep). */
  read(ptr: number, len: number, what?: string): Uint8Array {
    this.check(ptr, len, what);
    this.guardCopy(len >>> 0, what ?? 'range');
    const p = ptr >>> 0;
    return this.bytes().slice(p, p + (len >>> 0));
  }

  /**
   * The first `max` bytes of a range whose whole extent must lie in memory (a log line the host
   * cuts anyway): what is not kept is never copied.
   */
  readPrefix(ptr: number, len: number, max: number, what?: string): Uint8Array {
    this.check(ptr, len, what);
    const p = ptr >>> 0;
    return this.bytes().slice(p, p + Math.min(len >>> 0, max));
  }

  readU32(ptr: number): number {
    this.check(ptr, 4);
    return this.view().getUint32(ptr >>> 0, true);
  }

  write(ptr: number, data: Uint8Array, what?: string): void {
    this.check(ptr, data.length, what);
    this.bytes().set(data, ptr >>> 0);
  }

  writeU32(ptr: number, v: number): void {
    this.check(ptr, 4, 'u32 out-param');
    this.view().setUint32(ptr >>> 0, v >>> 0, true);
  }

  writeU16(ptr: number, v: number): void {
    this.check(ptr, 2, 'u16 out-param');
    this.view().setUint16(ptr >>> 0, v & 0xffff, true);
  }

  writeU64(ptr: number, v: bigint): void {
    this.check(ptr, 8, 'u64 out-param');
    this.view().setBigUint64(ptr >>> 0, BigInt.asUintN(64, v), true);
  }

  /**
   * WasmBase::copyToPointerSize: allocate `data.length` bytes in the guest (re-entrant allocator
   * call on the VM context), copy, then write the pointer and size. Zero length writes (0, 0)
   * without allocating. A failed allocation is an InvalidMemoryAccess.
   */
  copyOut(data: Uint8Array, ptrPtr: number, sizePtr: number): void {
    let ptr = 0;
    if (data.length > 0) {
      ptr = this.allocate(data.length);
      this.write(ptr, data, 'allocated block');
    }
    this.writeU32(ptrPtr, ptr);
    this.writeU32(sizePtr, data.length);
  }

  /** WasmBase::allocMemory: 0 or an out-of-range block is a failure. */
  allocate(size: number): number {
    if (this.allocator === undefined) throw new MemoryFault('the module has no allocator');
    const ptr = this.allocator(size) >>> 0;
    if (ptr === 0) throw new MemoryFault(`the allocator returned 0 for ${size} bytes`);
    this.check(ptr, size, 'allocated block');
    return ptr;
  }
}
