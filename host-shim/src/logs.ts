/** Plugin log store, capped so a log-flooding plugin cannot exhaust host memory. */
import type { LogLevelName } from './symbols.js';
import type { LogEntry } from './types.js';

/** Each message keeps its first 64 KiB. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
const MAX_PANIC_CHARS = 4000;

/** Start of a panic or abort as Go, TinyGo, Rust, AssemblyScript and C runtimes print it. */
const PANIC_START = /(^|\n)(panic: |fatal error: |runtime error: |abort: )|panicked at |Assertion .* failed/;

export class LogStore {
  private readonly entries: LogEntry[] = [];
  dropped = 0;
  /** Panic text as printed: runtimes write it in several pieces, so pieces are joined raw. */
  private panic: string | undefined;
  private panicOpen = false;
  /** Entries ever added (a position that survives the cap). */
  private added = 0;
  /** The last proxy_log at error or critical, and its position. */
  private lastError: { readonly at: number; readonly message: string } | undefined;

  /** `account(delta)`: bytes kept grew or shrank (the host's budget; it may throw before an entry is kept). */
  constructor(
    private readonly limit: number,
    private readonly account: (delta: number) => void = () => undefined,
  ) {}

  add(level: LogLevelName, bytes: Uint8Array, source: LogEntry['source'], contextId: number, callback: string): void {
    const truncated = bytes.length > MAX_MESSAGE_BYTES;
    const message = new TextDecoder().decode(truncated ? bytes.subarray(0, MAX_MESSAGE_BYTES) : bytes);
    this.account(message.length * 2 + 64);
    if (source === 'proxy_log') this.observePanic(message + '\n');
    if (source === 'proxy_log' && (level === 'error' || level === 'critical') && message.trim() !== '') this.lastError = { at: this.added, message };
    this.added++;
    this.entries.push({ level, message, source, contextId, callback, truncated });
    if (this.entries.length > this.limit) {
      const old = this.entries.shift();
      this.account(-((old?.message.length ?? 0) * 2 + 64));
      this.dropped++;
    }
  }

  /** Raw stdout/stderr bytes (before the host strips the newline), for panic capture. */
  observePanic(raw: string): void {
    if (this.panic !== undefined && !this.panicOpen) return;
    if (this.panic === undefined) {
      const m = PANIC_START.exec(raw);
      if (!m) return;
      this.panic = raw.slice(m.index + (m[1]?.length ?? 0));
      this.panicOpen = true;
    } else {
      this.panic += raw;
    }
    // Go prints "panic: <value>\n\ngoroutine 1 [running]:"; keep the message, not the stack dump.
    const cut = this.panic.search(/\n\s*\n|\ngoroutine |\[recovered\]/);
    if (cut >= 0 || this.panic.length > MAX_PANIC_CHARS) {
      this.panic = (cut >= 0 ? this.panic.slice(0, cut) : this.panic.slice(0, MAX_PANIC_CHARS)).trimEnd();
      this.panicOpen = false;
    }
  }

  get panicText(): string | undefined {
    return this.panic?.trimEnd();
  }

  /** A position in the log, for errorLoggedSince. */
  get position(): number {
    return this.added;
  }

  /**
   * The last error or critical proxy_log since `position`: runtimes that abort through the SDK's
   * logger (AssemblyScript's abort(), C++ LOG_CRITICAL) say there why they are about to trap.
   */
  errorLoggedSince(position: number): string | undefined {
    return this.lastError !== undefined && this.lastError.at >= position ? this.lastError.message : undefined;
  }

  /**
   * The entries added since `position` that the cap has kept, and how many of them it dropped
   * (a plugin that logs more than the cap between two calls loses its oldest lines).
   */
  since(position: number): { entries: LogEntry[]; dropped: number } {
    const firstKept = this.added - this.entries.length;
    const from = Math.max(position, firstKept);
    return { entries: this.entries.slice(from - firstKept), dropped: from - position };
  }

  list(level?: LogLevelName): LogEntry[] {
    return level === undefined ? [...this.entries] : this.entries.filter((e) => e.level === level);
  }
}
