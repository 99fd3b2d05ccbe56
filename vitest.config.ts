import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    // Tests run the TypeScript sources of the host shim, not its build output.
    // Exact matches: the subpaths (data only, no host code) map to their own source files.
    alias: [
      { find: /^proxy-wasm-host-mock$/, replacement: fileURLToPath(new URL('./host-shim/src/index.ts', import.meta.url)) },
      { find: /^proxy-wasm-host-mock\/symbols$/, replacement: fileURLToPath(new URL('./host-shim/src/symbols.ts', import.meta.url)) },
      { find: /^proxy-wasm-host-mock\/profiles$/, replacement: fileURLToPath(new URL('./host-shim/src/profiles/index.ts', import.meta.url)) },
      { find: /^proxy-wasm-host-mock\/webassembly$/, replacement: fileURLToPath(new URL('./host-shim/src/webassembly.ts', import.meta.url)) },
      { find: /^proxy-wasm-host-mock\/binary$/, replacement: fileURLToPath(new URL('./host-shim/src/binary/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'host-shim/test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
