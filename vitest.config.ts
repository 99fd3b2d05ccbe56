import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    // Tests run the TypeScript sources of the host shim, not its build output.
    alias: {
      'proxy-wasm-host-mock': fileURLToPath(new URL('./host-shim/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'host-shim/test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
