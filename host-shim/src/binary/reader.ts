/**
 * A bounds-checked cursor over untrusted bytes. Every read checks the end first; nothing here
 * allocates from a count before that count has been checked against the bytes that remain.
 */

/**
 * A malformed binary, at a byte offset of the file. Callers turn it into their load failure (the
 * host: "Failed to parse corrupted Wasm module"; wasm-verify's inspect(): a finding).
 */
export class WalkError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'WalkError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class Reader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  fail(message: string, at: number = this.pos): never {
    throw new WalkError(message, at);
  }

  u8(): number {
    if (this.pos >= this.end) this.fail('unexpected end of section or file');
    return this.bytes[this.pos++]!;
  }

  /** Unsigned LEB128 of at most 32 bits (5 bytes; padded encodings are valid). */
  u32(): number {
    const at = this.pos;
    let result = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      if (i === 4 && b > 0x0f) this.fail('integer representation too long or too large', at);
      result += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) return result;
    }
    return this.fail('integer representation too long', at);
  }

  /** Unsigned LEB128 of at most 64 bits, as a number (precision beyond 2^53 is not needed here). */
  u64(): number {
    const at = this.pos;
    let result = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) return result;
    }
    return this.fail('integer representation too long', at);
  }

  /** Signed LEB128 of at most 33 bits (block types); returned as a number. */
  s33(): number {
    const at = this.pos;
    let result = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        const bits = 7 * (i + 1);
        return b & 0x40 ? result - 2 ** bits : result;
      }
    }
    return this.fail('integer representation too long', at);
  }

  /** Skips a signed LEB128 of up to `maxBytes` bytes. */
  skipLeb(maxBytes: number): void {
    for (let i = 0; i < maxBytes; i++) {
      if ((this.u8() & 0x80) === 0) return;
    }
    this.fail('integer representation too long');
  }

  skip(n: number): void {
    if (n > this.remaining) this.fail(`length ${n} out of bounds (${this.remaining} bytes left)`);
    this.pos += n;
  }

  /** A vector count, checked so that `count * minElementSize` bytes still remain. */
  count(minElementSize = 1): number {
    const at = this.pos;
    const n = this.u32();
    if (n * minElementSize > this.remaining) {
      this.fail(`count ${n} larger than the ${this.remaining} bytes that remain`, at);
    }
    return n;
  }

  bytesOf(n: number): Uint8Array {
    const at = this.pos;
    this.skip(n);
    return this.bytes.subarray(at, at + n);
  }

  name(): string {
    const len = this.u32();
    return utf8.decode(this.bytesOf(len));
  }
}
