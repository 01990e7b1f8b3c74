// Rebuilds the public site from the database: snapshot → Astro build into a fresh folder →
// brotli/gzip copies → atomic switch of the `current` symlink. A failed or stopped (SIGTERM,
// SIGINT) build leaves the served site untouched and exits non-zero.
// Usage: node scripts/rebuild.ts [--root <astro project>]
// The server runs this script as a child process (server/rebuild-child.ts) so that Astro never
// loads into the serving process; over the IPC channel it reports the build or why it failed.
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { close as closeSearchIndexer } from 'pagefind';
import { openDatabase } from '../db/open.ts';
import { buildPublicSnapshotCore, publishedAttachmentFiles } from '../db/public-snapshot.ts';
import { type PublicSnapshotCore, snapshotRepliesFileName } from '../db/public-snapshot-schema.ts';
import { type AppConfig, loadConfig, PROJECT_ROOT } from '../server/config.ts';
import { astroCacheDir, type BuildInfo, buildsDir, compressionCacheDir, currentLink, type RebuildReport } from '../server/site-builds.ts';
import { processAlive } from '../server/pid-file.ts';
import { precompressSite } from '../server/site-compression.ts';
import { LowSpaceError, requireFreeSpace } from '../server/storage.ts';
import { bureauDate } from '../server/domain/bureau-time.ts';
import { openDataStatsDir, writeDailyStatistics } from '../server/open-data-stats.ts';

/** Builds kept besides the live one, so an operator can switch back by hand. */
const KEEP_PREVIOUS_BUILDS = 1;

export class RebuildError extends Error {
  override name = 'RebuildError';
}

/** Another rebuild of the same site is running. */
export class RebuildBusyError extends RebuildError {
  override name = 'RebuildBusyError';
}

function buildId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${process.pid}`;
}

/** The pages of a build: its .html files, those stored only as .html.gz included (site/decisions/006). */
function countPages(dir: string): number {
  let pages = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) pages += countPages(join(dir, entry.name));
    else if (entry.name.endsWith('.html') || entry.name.endsWith('.html.gz')) pages += 1;
  }
  return pages;
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
    throw new RebuildBusyError(`another rebuild (pid ${result}) is running; wait for it to finish or remove ${file} if it is stale`);
  }
  return result;
}

/**
 * One Astro build per project folder at a time: Astro keeps intermediate files in <root>/.astro,
 * so two builds of the same sources (say, two data folders on one machine) would trample each
 * other. The second waits.
 */
export function projectBuildLockFile(root: string): string {
  return join(tmpdir(), `zuofeng-portal-build-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.lock`);
}

export async function lockProjectRoot(root: string, signal: AbortSignal | undefined, timeoutMs = 10 * 60_000): Promise<() => void> {
  const file = projectBuildLockFile(root);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = tryLock(file);
    if (typeof result !== 'number') return result;
    if (Date.now() > deadline) throw new RebuildError(`waited ${timeoutMs / 1000} s for the build of pid ${result} to finish; remove ${file} if it is stale`);
    await delay(250, undefined, { signal });
  }
}

/** Rejects with the signal's reason as soon as it aborts, whatever `work` is still doing. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return Promise.race([
    work,
    new Promise<never>((_resolve, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    }),
  ]);
}

/**
 * Where Astro builds: the build's own folder when that is inside the working directory, else a
 * folder under `<cwd>/.astro/portal-builds/`. Astro renders pages into `<outDir>/.prerender/` and
 * renames the assets into place only when outDir is inside the working directory (the rendered
 * chunks import packages from node_modules); otherwise it renders into `<cwd>/.astro/.prerender/`
 * and renames from there, which fails with EXDEV when the data folder is on another disk than
 * the checkout (/var/lib and /srv). Built inside the checkout, the finished site is then moved
 * into the data folder: renamed on the same disk, copied across disks.
 */
function stagingFolder(outDir: string, id: string): string | null {
  const cwd = process.cwd();
  if (outDir.startsWith(cwd + sep)) return null;
  return join(cwd, '.astro', 'portal-builds', id);
}

/** Staging folders of builds whose process is gone (killed before it could clean up). */
function removeAbandonedStagings(parent: string): void {
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    const pid = Number(/-(\d+)$/.exec(name)?.[1]);
    if (!processAlive(pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

/** Moves a finished build into place: rename(2) on one disk, a copy when it would cross disks. */
function moveFolder(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true, errorOnExist: true, force: false });
    rmSync(from, { recursive: true, force: true });
  }
}

/** Cache folders of the versions before astroCacheDir, one per build (a killed build left its own). */
function removeOldCacheFolders(siteDir: string): void {
  const parent = dirname(astroCacheDir(siteDir));
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) if (join(parent, name) !== astroCacheDir(siteDir)) rmSync(join(parent, name), { recursive: true, force: true });
}

/** A build's own files beside its folder: its info, its snapshot and the snapshot's replies. */
function buildFiles(id: string): string[] {
  return [`${id}.json`, `${id}.snapshot.json`, snapshotRepliesFileName(`${id}.snapshot.json`)];
}

/** The build a file beside the folders belongs to, or null for a file that is not one of buildFiles. */
function buildOfFile(name: string): string | null {
  const match = /^(.+?)(\.snapshot\.replies\.ndjson|\.snapshot\.json|\.json)$/.exec(name);
  return match ? match[1]! : null;
}

function removeBuild(dir: string, id: string): void {
  rmSync(join(dir, id), { recursive: true, force: true });
  for (const file of buildFiles(id)) rmSync(join(dir, file), { force: true });
}

/**
 * Keeps the live build and the newest complete one before it (for a manual rollback). A folder
 * without its .json never finished (a killed build): it is removed, so it can never be taken for
 * the previous build. Runs under the site lock, so no other build is in progress.
 */
function pruneOldBuilds(siteDir: string, liveId: string): void {
  const dir = buildsDir(siteDir);
  const builds = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== liveId)
    .map((entry) => entry.name)
    .sort()
    .reverse();
  const complete = builds.filter((id) => existsSync(join(dir, `${id}.json`)));
  for (const unfinished of builds.filter((id) => !complete.includes(id))) removeBuild(dir, unfinished);
  for (const old of complete.slice(KEEP_PREVIOUS_BUILDS)) removeBuild(dir, old);
  // Files whose build folder is gone or was never made: a build killed after writing its snapshot
  // but before Astro wrote its output leaves only <id>.snapshot.json and its replies.
  const folders = new Set(readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name));
  for (const name of readdirSync(dir)) {
    const owner = buildOfFile(name);
    if (owner !== null && !folders.has(owner)) rmSync(join(dir, name), { force: true });
  }
}

/**
 * Marks Astro's cache while a build writes into it. The incremental build writes pages into the
 * cache as it renders them and its manifest (which page is which key) only at the end, so a build
 * that failed or was killed in between can leave pages the manifest does not describe: the next
 * build that finds the mark drops the whole cache and renders everything.
 */
const UNFINISHED_MARK = 'unfinished-build';

function openAstroCache(cacheDir: string): () => void {
  const mark = join(cacheDir, UNFINISHED_MARK);
  if (existsSync(mark)) rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(mark, String(process.pid));
  return () => rmSync(mark, { force: true });
}

/**
 * Builds the pages of a public snapshot file into outDir with Astro alone (no database, no
 * compression, no switch): for the benchmarks and the tests of the pages at scale. With
 * `cacheDir`, Astro's cache is kept there for the next build (its incremental build reuses the
 * pages whose key is unchanged); without, a fresh one is used and removed.
 */
export async function buildPagesFromSnapshot(
  snapshotFile: string,
  outDir: string,
  options: { root?: string; logLevel?: 'info' | 'warn' | 'error' | 'silent'; cacheDir?: string } = {},
): Promise<void> {
  const root = options.root ?? PROJECT_ROOT;
  const release = await lockProjectRoot(root, undefined);
  const id = `pages-${Date.now()}-${process.pid}`;
  const staging = stagingFolder(outDir, id);
  const cacheDir = options.cacheDir ?? join(tmpdir(), `zuofeng-portal-cache-${id}`);
  const finished = openAstroCache(cacheDir);
  try {
    process.env.ASTRO_TELEMETRY_DISABLED = '1';
    process.env.PORTAL_SNAPSHOT = snapshotFile;
    const { build } = await import('astro');
    await build({ root, outDir: staging ?? outDir, cacheDir, logLevel: options.logLevel ?? 'error' });
    finished();
    if (staging) moveFolder(staging, outDir);
  } finally {
    // The search index starts with the build (site/src/integrations/search-index.ts) and closes
    // its indexer at the end; a build that failed before the end leaves it to us.
    await closeSearchIndexer();
    if (!options.cacheDir) rmSync(cacheDir, { recursive: true, force: true });
    if (staging) rmSync(staging, { recursive: true, force: true });
    release();
  }
}

export interface RebuildOptions {
  now?: Date;
  /** The Astro project to build (default: this project). */
  root?: string;
  logLevel?: 'info' | 'warn' | 'error' | 'silent';
  /**
   * Stops the rebuild. Until the switch, an abort removes the unfinished build and releases the
   * locks at once (synchronously, so the process may exit right after) and the promise rejects;
   * from the switch on, the rebuild finishes.
   */
  signal?: AbortSignal;
}

export async function rebuildSite(config: AppConfig, options: RebuildOptions = {}): Promise<BuildInfo> {
  const { signal } = options;
  signal?.throwIfAborted();
  const started = Date.now();
  const now = options.now ?? new Date();
  const siteDir = config.siteDir;
  const builds = buildsDir(siteDir);
  mkdirSync(builds, { recursive: true });
  // A build needs room for a whole site beside the live one; one that ran out of space midway
  // would fail anyway, after filling the disk the database needs.
  requireFreeSpace(siteDir, config.minFreeSpaceBytes, 'the rebuild');
  const releaseSite = lockSiteDir(siteDir);
  const root = options.root ?? PROJECT_ROOT;
  let releaseRoot: (() => void) | undefined;
  const id = buildId(now);
  const outDir = join(builds, id);
  const snapshotFile = join(builds, `${id}.snapshot.json`);
  const cacheDir = astroCacheDir(siteDir);
  let released = false;
  let staging: string | null = null;
  const release = () => {
    if (released) return;
    released = true;
    if (staging) rmSync(staging, { recursive: true, force: true });
    releaseRoot?.();
    releaseSite();
  };
  const stopBeforeSwitch = () => {
    removeBuild(builds, id);
    release();
  };
  signal?.addEventListener('abort', stopBeforeSwitch, { once: true });
  let switched = false;
  try {
    releaseRoot = await lockProjectRoot(root, signal);
    process.env.ASTRO_TELEMETRY_DISABLED = '1';
    // Astro is loaded before anything is written: loading it keeps the process busy for seconds
    // (more on a loaded machine), during which a stop (SIGTERM) cannot run its cleanup. Stopped
    // or killed there, the build has left nothing on disk but its locks, which the next one clears.
    const { build } = await untilAborted(import('astro'), signal);
    const db = openDatabase(config.databasePath);
    let snapshot: PublicSnapshotCore;
    let attachments;
    try {
      // The replies go to their file straight from the database cursor, never all in memory.
      const repliesFile = snapshotRepliesFileName(snapshotFile);
      const fd = openSync(repliesFile, 'w');
      try {
        const channel = { publicBaseUrl: config.publicBaseUrl, contactRetentionDays: config.contactRetentionDays };
        snapshot = buildPublicSnapshotCore(db, config.bureau, now, channel, basename(repliesFile), (chunk) => writeSync(fd, chunk));
      } finally {
        closeSync(fd);
      }
      attachments = publishedAttachmentFiles(db);
    } finally {
      db.close();
    }
    // The day's figures as open data, written once a day under the data folder (never rewritten).
    const openDataDir = openDataStatsDir(config.dataDir);
    snapshot = { ...snapshot, openDataStats: writeDailyStatistics(openDataDir, snapshot, bureauDate(now)) };
    writeFileSync(snapshotFile, JSON.stringify(snapshot));
    process.env.PORTAL_SNAPSHOT = snapshotFile;
    staging = stagingFolder(outDir, id);
    if (staging) removeAbandonedStagings(join(staging, '..'));
    // Astro's cache is kept between builds (the site lock makes them one at a time): the nightly
    // rebuild renders only the pages whose cacheKey changed (site/src/lib/page-cache.ts).
    removeOldCacheFolders(siteDir);
    const finished = openAstroCache(cacheDir);
    await untilAborted(build({ root, outDir: staging ?? outDir, cacheDir, logLevel: options.logLevel ?? 'warn' }), signal);
    finished();
    if (staging) moveFolder(staging, outDir);
    if (!existsSync(join(outDir, 'index.html'))) throw new RebuildError(`the build finished without ${join(outDir, 'index.html')}`);
    // Every day's statistics files, served beside the page that lists them.
    if (existsSync(openDataDir)) cpSync(openDataDir, join(outDir, 'opendata', 'stats'), { recursive: true, filter: (source) => !source.endsWith('.partial') });
    // 整改信息's PDF attachments, served from this origin like the pages.
    for (const file of attachments) {
      const target = join(outDir, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    // Before the switch: the new site goes live with its compressed copies in place.
    // Copies of unchanged files come from the cache the builds before this one filled.
    await untilAborted(precompressSite(outDir, { cacheDir: compressionCacheDir(siteDir) }), signal);
    signal?.throwIfAborted();

    const info: BuildInfo = { id, builtAt: new Date().toISOString(), dataAsOf: snapshot.generatedAt, durationMs: Date.now() - started, pages: countPages(outDir) };
    writeFileSync(join(builds, `${id}.json`), `${JSON.stringify(info, null, 2)}\n`);

    // From here on the rebuild finishes even if asked to stop: it is a few synchronous calls.
    signal?.removeEventListener('abort', stopBeforeSwitch);
    // rename(2) over the old link is atomic: a request sees the old build or the new one, never neither.
    const link = currentLink(siteDir);
    const nextLink = `${link}.next`;
    rmSync(nextLink, { force: true });
    symlinkSync(relative(siteDir, outDir), nextLink, 'dir');
    renameSync(nextLink, link);
    switched = true;
    pruneOldBuilds(siteDir, id);
    return info;
  } catch (error) {
    if (!switched) removeBuild(builds, id);
    // A build that failed leaves the search indexer (a process of its own) running; see above.
    await closeSearchIndexer();
    throw error;
  } finally {
    signal?.removeEventListener('abort', stopBeforeSwitch);
    release();
  }
}

/** Sends a report to the parent process, if there is one listening. */
function report(message: RebuildReport): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const controller = new AbortController();
  // A repeated signal (from both the service manager and the parent) must not kill the cleanup.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => controller.abort(new RebuildError(`stopped by ${signal}`)));
  }
  try {
    const { values } = parseArgs({ options: { root: { type: 'string' } } });
    const info = await rebuildSite(loadConfig(), { signal: controller.signal, ...(values.root ? { root: resolve(values.root) } : {}) });
    console.log(`site rebuilt: ${info.pages} pages in ${(info.durationMs / 1000).toFixed(1)} s, data as of ${info.dataAsOf} (build ${info.id})`);
    await report({ kind: 'built', info });
  } catch (error) {
    const stopped = controller.signal.aborted;
    const message = stopped ? String((controller.signal.reason as Error).message) : error instanceof Error ? error.message : String(error);
    if (stopped) console.error(`rebuild ${message}; the site being served was not changed.`);
    else if (error instanceof LowSpaceError) console.error(`rebuild refused; the site being served was not changed.\n${error.message}`);
    else console.error(`rebuild failed; the site being served was not changed.\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await report({ kind: 'failed', reason: stopped ? 'stopped' : error instanceof RebuildBusyError ? 'busy' : 'failed', message });
    process.exitCode = 1;
    // A stopped Astro build may still hold timers and workers; what is on disk is already clean.
    if (stopped) process.exit(1);
  }
  if (process.connected) process.disconnect();
}
