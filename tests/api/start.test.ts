// `npm start` (scripts/start.ts) as an operator meets it: it builds the site in a child process,
// then serves it; a stop during the build stops the build too and leaves nothing half-built.
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { existsSync, readdirSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { buildsDir, currentBuildInfo, currentLink } from '../../server/site-builds.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import { tempDirForTest } from '../helpers/temp.ts';

describe('scripts/start.ts', { timeout: 180_000 }, () => {
  it('seeds, builds the site in a child process, serves it compressed and stops on SIGTERM', async () => {
    const dataDir = tempDirForTest();
    const server = startServerProcess('scripts/start.ts', { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'true' }, { readyTimeoutMs: 170_000 });
    const port = await server.ready();
    const info = currentBuildInfo(loadConfig({ SECRET_KEY: TEST_SECRET_KEY, DATA_DIR: dataDir }).siteDir);
    expect(info).not.toBeNull();
    // The build id ends with the pid of the process that built it: not the one serving.
    expect(info!.id.endsWith(`-${server.child.pid}`)).toBe(false);
    const home = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'accept-encoding': 'br' } });
    expect(home.status).toBe(200);
    expect(home.headers.get('content-encoding')).toBe('br');
    expect(await home.text()).toContain('示例县教育局');
    const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { site: { builtAt: string } };
    expect(health.site.builtAt).toBe(info!.builtAt);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('stops the build and exits when stopped before the server is up, leaving no half-built site', async () => {
    const dataDir = tempDirForTest();
    const siteDir = loadConfig({ SECRET_KEY: TEST_SECRET_KEY, DATA_DIR: dataDir }).siteDir;
    const server = startServerProcess('scripts/start.ts', { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'true' });
    const deadline = Date.now() + 60_000;
    while (!(existsSync(buildsDir(siteDir)) && readdirSync(buildsDir(siteDir)).some((name) => name.endsWith('.snapshot.json')))) {
      if (Date.now() > deadline) throw new Error(`the build never started: ${server.output()}`);
      await delay(20);
    }
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('before the server started');
    expect(server.output()).not.toContain('is ready');
    expect(existsSync(currentLink(siteDir))).toBe(false);
    expect(readdirSync(buildsDir(siteDir))).toEqual([]);
  });
});
