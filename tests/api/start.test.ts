// `npm start` as an operator meets it: scripts/run.mjs bundles scripts/start.ts
// (scripts/bundle-server.mjs) and runs the bundle, which builds the site in a child process, then
// serves it; a stop during the build stops the build too and leaves nothing half-built.
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../server/config.ts';
import { buildsDir, currentBuildInfo, currentLink } from '../../server/site-builds.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import { lockProjectRoot } from '../../scripts/rebuild.ts';
import { runScript } from '../helpers/processes.ts';
import { tempDirForTest } from '../helpers/temp.ts';

describe('npm start (the bundle of scripts/start.ts)', { timeout: 180_000 }, () => {
  // Inside the project, as npm start's own, so that packages resolve; apart from it, so that a
  // server started by hand meanwhile is not disturbed.
  const bundleDir = join(PROJECT_ROOT, 'node_modules', '.cache', 'zuofeng-portal', `test-server-${process.pid}`);
  let entry = '';

  beforeAll(async () => {
    const result = await runScript('bundle-server.mjs', {}, ['--outdir', bundleDir]);
    expect(result.code, result.stderr).toBe(0);
    entry = join(bundleDir, 'start.mjs');
    // The project's own modules are in it as JavaScript; the packages are not.
    const source = readFileSync(entry, 'utf8');
    expect(source).not.toMatch(/from ["'][^"']+\.ts["']/);
    expect(source).toMatch(/from ["']fastify["']/);
  });

  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  it('seeds, builds the site in a child process, serves it compressed, stops on SIGTERM; started again, answers before its rebuild ends', async () => {
    const dataDir = tempDirForTest();
    // LOG_LEVEL info: every request is logged, to the log file and not to the console.
    const server = startServerProcess(entry, { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'true', LOG_LEVEL: 'info' }, { readyTimeoutMs: 170_000 });
    const port = await server.ready();
    const info = currentBuildInfo(loadConfig({ SECRET_KEY: TEST_SECRET_KEY, DATA_DIR: dataDir }).siteDir);
    expect(info).not.toBeNull();
    // The build id ends with the pid of the process that built it: not the one serving.
    expect(info!.id.endsWith(`-${server.child.pid}`)).toBe(false);
    // The home page is larger than a block: stored only as .gz (site/decisions/006), sent as it is.
    const home = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(home.status).toBe(200);
    expect(home.headers.get('content-encoding')).toBe('gzip');
    expect(await home.text()).toContain('示例县教育局');
    const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { site: { builtAt: string } };
    expect(health.site.builtAt).toBe(info!.builtAt);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    // The demo passwords: in a file only the owner can read, and in a box printed last, after the
    // build and the ready line, that names the file.
    const accountsFile = join(dataDir, 'demo-accounts.txt');
    expect(statSync(accountsFile).mode & 0o777).toBe(0o600);
    const accounts = readFileSync(accountsFile, 'utf8');
    const officePassword = /^\s*office\s+(\S+)/m.exec(accounts)?.[1];
    expect(officePassword).toBeTruthy();
    const output = server.output();
    const box = output.slice(output.indexOf('╔'));
    expect(output.indexOf('╔')).toBeGreaterThan(output.indexOf('is ready'));
    expect(output.indexOf('is ready')).toBeGreaterThan(output.indexOf('site built'));
    expect(box).toContain(officePassword!);
    expect(box).toContain(accountsFile.startsWith(PROJECT_ROOT) ? relative(PROJECT_ROOT, accountsFile) : accountsFile);
    // Printed last: nothing but the shutdown after it, and no JSON log line on the console at all.
    expect(output.slice(output.lastIndexOf('╝') + 1).trim()).toBe('');
    expect(output.split('\n').filter((line) => line.trim().startsWith('{'))).toEqual([]);
    // The JSON log lines (requests, the build's own output) went to the log file in the data folder.
    const log = readFileSync(join(dataDir, 'logs', 'portal.log'), 'utf8');
    expect(log).toContain('"msg":"request completed"');
    expect(log).toContain('"component":"rebuild"');

    // Started again on the same data: it listens at once on the last build and rebuilds behind it.
    // The test holds the build lock of the project, so the rebuild waits until the server has answered.
    // It takes the lock as a build does: after any build of another test file that holds it now.
    const releaseLock = await lockProjectRoot(PROJECT_ROOT, undefined);
    let again: ReturnType<typeof startServerProcess> | undefined;
    try {
      again = startServerProcess(entry, { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'true' }, { readyTimeoutMs: 60_000 });
      const againPort = await again.ready();
      const served = await fetch(`http://127.0.0.1:${againPort}/`);
      expect(served.status).toBe(200);
      expect(await served.text()).toContain('示例县教育局');
      const during = (await (await fetch(`http://127.0.0.1:${againPort}/api/health`)).json()) as { site: { builtAt: string } };
      expect(during.site.builtAt).toBe(info!.builtAt);
      expect(again.output()).toContain('rebuilt in the background');
      expect(again.output()).not.toContain('now serving it');
    } finally {
      releaseLock();
    }
    await expect.poll(() => again!.output(), { timeout: 170_000, interval: 200 }).toContain('now serving it');
    const rebuilt = currentBuildInfo(loadConfig({ SECRET_KEY: TEST_SECRET_KEY, DATA_DIR: dataDir }).siteDir);
    expect(rebuilt!.id).not.toBe(info!.id);
    const after = (await (await fetch(`http://127.0.0.1:${await again.ready()}/api/health`)).json()) as { site: { builtAt: string } };
    expect(after.site.builtAt).toBe(rebuilt!.builtAt);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('stops the build and exits when stopped before the server is up, leaving no half-built site', async () => {
    const dataDir = tempDirForTest();
    const siteDir = loadConfig({ SECRET_KEY: TEST_SECRET_KEY, DATA_DIR: dataDir }).siteDir;
    const server = startServerProcess(entry, { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'true' });
    // A bounded poll for the build's first file: the server prints nothing when the build starts, and
    // its builds folder does not exist yet to be watched.
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
