// runRebuildChild(), the one way the server builds the site (at start, at night, and for an
// administrator's "rebuild now"): a child process with a real Astro build, its result or a clear
// reason, and a stop that leaves the served site as it was.
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoForConfig } from '../../scripts/demo/seed-for-config.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { openDatabase } from '../../db/open.ts';
import { type AppConfig, loadConfig } from '../../server/config.ts';
import { REBUILD_ENV, REBUILD_NODE_FLAGS } from '../../server/process-settings.mjs';
import { RebuildChildError, runningRebuildCount, runRebuildChild, stopRebuildChildren } from '../../server/rebuild-child.ts';
import { buildsDir, currentBuildInfo, currentLink } from '../../server/site-builds.ts';
import { tempDir } from '../helpers/temp.ts';
import { readBuiltPage } from '../helpers/site.ts';

const BROKEN_SITE = join(import.meta.dirname, '..', 'fixtures', 'broken-site');

/** Pids of this process's children whose command line contains `script`. */
function childProcessesRunning(script: string): number[] {
  const pids = readdirSync(`/proc/${process.pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  );
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(script);
    } catch {
      return false;
    }
  });
}

describe('runRebuildChild', { timeout: 180_000 }, () => {
  let data: ReturnType<typeof tempDir>;
  let config: AppConfig;
  const output: string[] = [];
  const collect = (text: string) => void output.push(text);

  beforeAll(async () => {
    data = tempDir('portal-rebuild-child-');
    // Not from process.env: the child must get this config through childProcessEnv().
    config = loadConfig({ DATA_DIR: data.path, NIGHTLY_REBUILD_TIME: 'off', LOG_LEVEL: 'silent', BUREAU_NAME: '子进程测试县教育局', SECRET_KEY: TEST_SECRET_KEY });
    const db = openDatabase(config.databasePath);
    await seedDemoForConfig(db, config);
    db.close();
  });

  afterAll(() => data?.remove());

  function entries(): string[] {
    return readdirSync(buildsDir(config.siteDir)).sort();
  }

  /**
   * Resolves once the child has written a snapshot not in `before`, i.e. it is in the middle of a build.
   * A bounded poll: the child says nothing at that point, and its builds folder may not exist yet to be watched.
   */
  async function buildUnderway(before: readonly string[] = []): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!(existsSync(buildsDir(config.siteDir)) && entries().some((name) => name.endsWith('.snapshot.json') && !before.includes(name)))) {
      if (Date.now() > deadline) throw new Error('the rebuild never started');
      await delay(20);
    }
  }

  it('stops a build on request before it switches: nothing left behind, locks released', async () => {
    const stop = new AbortController();
    const rebuild = runRebuildChild(config, { signal: stop.signal, output: collect });
    await buildUnderway();
    stop.abort();
    const error = await rebuild.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RebuildChildError);
    expect((error as RebuildChildError).reason).toBe('stopped');
    // The child's own report: it cleaned up on SIGTERM rather than being killed after the grace period.
    expect((error as Error).message).toContain('stopped by SIGTERM');
    expect(existsSync(currentLink(config.siteDir))).toBe(false);
    expect(entries()).toEqual([]);
    expect(existsSync(join(config.siteDir, 'rebuild.lock'))).toBe(false);
    expect(runningRebuildCount()).toBe(0);
  });

  it('builds in another process with the parent config and returns the build info', async () => {
    const info = await runRebuildChild(config, { output: collect });
    expect(info).toEqual(currentBuildInfo(config.siteDir));
    expect(info.id.endsWith(`-${process.pid}`)).toBe(false);
    expect(info.pages).toBeGreaterThanOrEqual(4);
    expect(output.join('')).toContain('site rebuilt');
    expect(readBuiltPage(join(config.siteDir, 'current', 'index.html'))).toContain('子进程测试县教育局');
  });

  it('says "busy" when another rebuild of the same site is running, and changes nothing', async () => {
    const before = readlinkSync(currentLink(config.siteDir));
    const lock = join(config.siteDir, 'rebuild.lock');
    writeFileSync(lock, String(process.pid));
    try {
      const error = await runRebuildChild(config, { output: collect }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RebuildChildError);
      expect((error as RebuildChildError).reason).toBe('busy');
      expect((error as Error).message).toContain('another rebuild');
    } finally {
      rmSync(lock);
    }
    expect(readlinkSync(currentLink(config.siteDir))).toBe(before);
  });

  it('reports a failed build with its cause and leaves the served site alone', async () => {
    const before = readlinkSync(currentLink(config.siteDir));
    const buildsBefore = entries();
    const error = await runRebuildChild(config, { root: BROKEN_SITE, output: collect }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RebuildChildError);
    expect((error as RebuildChildError).reason).toBe('failed');
    expect((error as Error).message).toContain('planted build failure');
    expect((error as Error).message).toContain('the site being served was not changed');
    expect(readlinkSync(currentLink(config.siteDir))).toBe(before);
    expect(entries()).toEqual(buildsBefore);
  });

  it('survives a build killed with SIGKILL: the served site stays, the next rebuild clears what it left', async () => {
    const before = readlinkSync(currentLink(config.siteDir));
    const buildsBefore = entries();
    const rebuild = runRebuildChild(config, { output: collect }).catch((caught: unknown) => caught);
    // Killed as soon as its snapshot is written, before Astro makes the build's folder.
    await buildUnderway(buildsBefore);
    const [pid] = childProcessesRunning('scripts/rebuild.ts');
    // It runs with the rebuild child's V8 flags and allocator settings (what keeps a build's memory
    // near what it holds: tests/bench/PERFORMANCE.md, "Memory of the rebuild").
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    expect(commandLine.slice(1, 1 + REBUILD_NODE_FLAGS.length)).toEqual([...REBUILD_NODE_FLAGS]);
    const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    for (const [name, value] of Object.entries(REBUILD_ENV)) expect(environment).toContain(`${name}=${value}`);
    process.kill(pid!, 'SIGKILL');
    const error = (await rebuild) as RebuildChildError;
    expect(error.reason).toBe('failed');
    expect(error.message).toContain('killed by SIGKILL');
    expect(readlinkSync(currentLink(config.siteDir))).toBe(before);
    expect(existsSync(join(config.siteDir, 'rebuild.lock'))).toBe(true); // stale: its holder is gone

    const info = await runRebuildChild(config, { output: collect });
    expect(readlinkSync(currentLink(config.siteDir))).toBe(join('builds', info.id));
    const folders = readdirSync(buildsDir(config.siteDir), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    // The live build and one complete previous build; the killed one's folder is gone.
    expect(folders).toHaveLength(2);
    for (const folder of folders) expect(existsSync(join(buildsDir(config.siteDir), `${folder.name}.json`)), folder.name).toBe(true);
    // Nothing of the killed build is left, its snapshot and replies included: every file belongs to a kept build.
    const kept = new Set(folders.map((folder) => folder.name));
    for (const name of entries()) expect(kept.has(name.replace(/(\.snapshot\.replies\.ndjson|\.snapshot\.json|\.json)$/, '')), name).toBe(true);
  });

  it('stops every running rebuild at shutdown and waits for the children to exit', async () => {
    const before = readlinkSync(currentLink(config.siteDir));
    const buildsBefore = entries();
    const rebuild = runRebuildChild(config, { output: collect }).catch((caught: unknown) => caught);
    await buildUnderway(buildsBefore);
    await stopRebuildChildren();
    expect(runningRebuildCount()).toBe(0);
    expect(((await rebuild) as RebuildChildError).reason).toBe('stopped');
    expect(readlinkSync(currentLink(config.siteDir))).toBe(before);
    expect(entries()).toEqual(buildsBefore);
  });
});
