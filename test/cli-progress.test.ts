/** The progress line: on a terminal only, files done / total and the file running longest, erased at the end. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgress, progressLine } from '../src/cli-progress.js';

describe('progressLine', () => {
  it('files done / total and the one running longest, cut to the terminal width', () => {
    expect(progressLine(3, 37, { file: 'extensions/ai-proxy/plugin.wasm', ms: 4200 }, 120)).toBe('wasm-verify: 3/37 files done; running extensions/ai-proxy/plugin.wasm (4.2 s)');
    expect(progressLine(0, 1, undefined, 120)).toBe('wasm-verify: 0/1 file done');
    const cut = progressLine(3, 37, { file: `${'x'.repeat(200)}/plugin.wasm`, ms: 1200 }, 60);
    expect(cut).toHaveLength(59);
    expect(cut).toMatch(/^wasm-verify: 3\/37 files done; running …x*\/plugin\.wasm \(1\.2 s\)$/);
    expect(progressLine(3, 37, { file: 'a.wasm', ms: 1 }, 30)).toBe('wasm-verify: 3/37 files done');
  });
});

describe('createProgress', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const stream = (isTTY: boolean) => {
    const writes: string[] = [];
    return { isTTY, columns: 100, writes, write: (s: string) => (writes.push(s), true) };
  };

  it('draws nothing off a terminal (a CI log, a pipe)', () => {
    const s = stream(false);
    const p = createProgress(s, () => Date.now());
    p.onProgress({ type: 'start', index: 0, file: 'a.wasm', total: 2 });
    vi.advanceTimersByTime(5000);
    p.stop();
    expect(s.writes).toEqual([]);
  });

  it('on a terminal: nothing for a quick run; then redrawn in place with the longest-running file; erased at the end', () => {
    let now = 0;
    const s = stream(true);
    const p = createProgress(s, () => now);
    p.onProgress({ type: 'start', index: 0, file: 'a.wasm', total: 3 });
    now = 100;
    p.onProgress({ type: 'start', index: 1, file: 'b.wasm', total: 3 });
    vi.advanceTimersByTime(200);
    expect(s.writes).toEqual([]);
    now = 1500;
    p.onProgress({ type: 'done', index: 0, file: 'a.wasm', total: 3 });
    p.onProgress({ type: 'start', index: 2, file: 'c.wasm', total: 3 });
    vi.advanceTimersByTime(200);
    expect(s.writes.at(-1)).toBe('\r\u001b[2Kwasm-verify: 1/3 files done; running b.wasm (1.4 s)');
    p.stop();
    expect(s.writes.at(-1)).toBe('\r\u001b[2K');
    const n = s.writes.length;
    vi.advanceTimersByTime(1000);
    expect(s.writes).toHaveLength(n);
  });
});
