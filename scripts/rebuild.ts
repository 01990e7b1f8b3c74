// Rebuilds the public site from the database: snapshot → Astro build into a fresh folder →
// atomic switch of the `current` symlink. A failed build leaves the served site untouched and
// exits non-zero. Usage: node scripts/rebuild.ts [--root <astro project>]
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/open.ts';
import { buildPublicSnapshot } from '../db/public-snapshot.ts';
import { type AppConfig, loadConfig, PROJECT_ROOT } from '../server/config.ts';
import { type BuildInfo, buildsDir, currentLink } from '../server/site-builds.ts';
import { precompressSite } from '../server/site-compression.ts';

/** Builds kept besides the live one, so an operator can switch back by hand. */
const KEEP_PREVIOUS_BUILDS = 1;

export class RebuildError extends Error {
  override name = 'RebuildError';
}

function buildId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${process.pid}`;
}

function countPages(dir: string): number {
  let pages = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) pages += countPages(join(dir, entry.name));
    else if (entry.name.endsWith('.html')) pages += 1;
  }
  return pages;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes a lock file holding our pid; a lock whose process is gone is taken over. */
function tryLock(file: string): (() => void) | number {
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(file, 'utf8'));
      } catch {
        continue; // released between our open and read
      }
      if (processAlive(holder)) return holder;
      rmSync(file, { force: true });
    }
  }
}

/** One rebuild per site folder: a second one fails at once rather than queueing up behind it. */
function lockSiteDir(siteDir: string): () => void {
  const file = join(siteDir, 'rebuild.lock');
  const result = tryLock(file);
  if (typeof result === 'number') {
    throw new RebuildError(`another rebuild (pid ${result}) is running; wait for it to finish or remove ${file} if it is stale`);
  }
  return result;
}

/**
 * One Astro build per project folder at a time: Astro keeps intermediate files in <root>/.astro,
 * so two builds of the same sources (say, two data folders on one machine) would trample each
 * other. The second waits.
 */
async function lockProjectRoot(root: string, timeoutMs = 10 * 60_000): Promise<() => void> {
  const file = join(tmpdir(), `zuofeng-portal-build-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = tryLock(file);
    if (typeof result !== 'number') return result;
    if (Date.now() > deadline) throw new RebuildError(`waited ${timeoutMs / 1000} s for the build of pid ${result} to finish; remove ${file} if it is stale`);
    await delay(250);
  }
}

function pruneOldBuilds(siteDir: string, liveId: string): void {
  const dir = buildsDir(siteDir);
  const builds = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== liveId)
    .map((entry) => entry.name)
    .sort()
    .reverse();
  for (const old of builds.slice(KEEP_PREVIOUS_BUILDS)) {
    rmSync(join(dir, old), { recursive: true, force: true });
    rmSync(join(dir, `${old}.json`), { force: true });
    rmSync(join(dir, `${old}.snapshot.json`), { force: true });
  }
}

export interface RebuildOptions {
  now?: Date;
  /** The Astro project to build (default: this project). */
  root?: string;
  logLevel?: 'info' | 'warn' | 'error' | 'silent';
}

export async function rebuildSite(config: AppConfig, options: RebuildOptions = {}): Promise<BuildInfo> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const siteDir = config.siteDir;
  const builds = buildsDir(siteDir);
  mkdirSync(builds, { recursive: true });
  const releaseSite = lockSiteDir(siteDir);
  const root = options.root ?? PROJECT_ROOT;
  let releaseRoot: (() => void) | undefined;
  const id = buildId(now);
  const outDir = join(builds, id);
  const snapshotFile = join(builds, `${id}.snapshot.json`);
  const cacheDir = join(siteDir, 'cache', id);
  try {
    const db = openDatabase(config.databasePath);
    let snapshot;
    try {
      snapshot = buildPublicSnapshot(db, config.bureau, now);
    } finally {
      db.close();
    }
    writeFileSync(snapshotFile, JSON.stringify(snapshot));

    releaseRoot = await lockProjectRoot(root);
    process.env.ASTRO_TELEMETRY_DISABLED = '1';
    process.env.PORTAL_SNAPSHOT = snapshotFile;
    const { build } = await import('astro');
    // A cache folder per build: concurrent or failed builds cannot feed each other stale data.
    await build({ root, outDir, cacheDir, logLevel: options.logLevel ?? 'warn' });
    if (!existsSync(join(outDir, 'index.html'))) throw new RebuildError(`the build finished without ${join(outDir, 'index.html')}`);
    // Before the switch: the new site goes live with its compressed copies in place.
    await precompressSite(outDir);

    const info: BuildInfo = { id, builtAt: new Date().toISOString(), dataAsOf: snapshot.generatedAt, durationMs: Date.now() - started, pages: countPages(outDir) };
    writeFileSync(join(builds, `${id}.json`), `${JSON.stringify(info, null, 2)}\n`);

    // rename(2) over the old link is atomic: a request sees the old build or the new one, never neither.
    const link = currentLink(siteDir);
    const nextLink = `${link}.next`;
    rmSync(nextLink, { force: true });
    symlinkSync(relative(siteDir, outDir), nextLink, 'dir');
    renameSync(nextLink, link);
    pruneOldBuilds(siteDir, id);
    return info;
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(snapshotFile, { force: true });
    throw error;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
    releaseRoot?.();
    releaseSite();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { values } = parseArgs({ options: { root: { type: 'string' } } });
    const info = await rebuildSite(loadConfig(), values.root ? { root: resolve(values.root) } : {});
    console.log(`site rebuilt: ${info.pages} pages in ${(info.durationMs / 1000).toFixed(1)} s, data as of ${info.dataAsOf} (build ${info.id})`);
  } catch (error) {
    console.error(`rebuild failed; the site being served was not changed.\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  }
}
