// What an operator reads when the server starts (server/main.ts): a production-like setup (no demo
// bureau, or listening beyond loopback) left with the default localhost PUBLIC_BASE_URL is named as
// a problem with the fix, because posters, feeds, the sitemap and share cards would carry it.
import { describe, expect, it } from 'vitest';
import { startServerProcess } from '../helpers/server-process.ts';
import { tempDirForTest } from '../helpers/temp.ts';

describe('the start of server/main.ts', { timeout: 60_000 }, () => {
  it.each([
    ['names the default localhost address as a problem without the demo bureau', { SEED_DEMO: 'false' }, true],
    ['is quiet about a public address', { SEED_DEMO: 'false', PUBLIC_BASE_URL: 'https://zfzg.example.edu.cn' }, false],
    ['is quiet for the demo on this machine', { SEED_DEMO: 'true' }, false],
  ])('%s', async (_name, env, warned) => {
    const server = startServerProcess('server/main.ts', { DATA_DIR: tempDirForTest(), PORT: '0', HOST: '127.0.0.1', ...env });
    try {
      await server.ready();
      const output = server.output();
      if (warned) {
        expect(output).toContain('PUBLIC_BASE_URL is http://localhost:4321');
        expect(output).toContain('PUBLIC_BASE_URL=https://zfzg.example.edu.cn');
      } else {
        expect(output).not.toContain('PUBLIC_BASE_URL');
      }
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });
});
