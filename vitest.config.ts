import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests scan real workspaces with the whole catalogue; generous on a loaded 2-core machine.
    testTimeout: 240_000,
    hookTimeout: 60_000,
    // Integration tests start worker pools and servers; two files at a time suits a 2-core machine.
    maxWorkers: 2,
  },
});
