import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { TEST_SECRET_KEY } from './helpers/secret-key.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/bench/**', 'node_modules/**', 'data/**'],
    setupFiles: ['tests/helpers/setup.ts'],
    // Two cores: the browser suite and Astro builds are heavy; keep files from starving each other.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 180_000,
    env: { TZ: 'Asia/Shanghai', SECRET_KEY: TEST_SECRET_KEY },
    // Browser steps wait for the page with expect.poll; 1 s (the default) is too short on a busy
    // 2-core CI machine.
    expect: { poll: { timeout: 10_000 } },
  },
});
