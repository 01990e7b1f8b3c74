// Rebuilds the public site from the database: snapshot → Astro build into a fresh folder →
// atomic switch of the `current` symlink. A failed build leaves the served site untouched and
// exits non-zero. Usage: node scripts/rebuild.ts [--root <astro project>]
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/open.ts';
import { buildPublicSnapshot } from '../db/public-snapshot.ts';
import { type AppConfig, loadConfig, PROJECT_ROOT } from '../server/config.ts';
import { type BuildInfo, buildsDir, currentLink } from '../server/site-builds.ts';

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

/** One rebuild at a time: a lock file holding the pid, taken over when that process is gone. */
function acquireLock(siteDir: string): () => void {
  const lock = join(siteDir, 'rebuild.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lock, 'utf8'));
      let alive = false;
      try {
        process.kill(holder, 0);
        alive = Number.isInteger(holder) && holder > 0;
      } catch {
        alive = false;
      }
      if (alive) throw new RebuildError(`another rebuild (pid ${holder}) is running; wait for it to finish or remove ${lock} if it is stale`);
      rmSync(lock, { force: true });
    }
  }
  throw new RebuildError(`could not take the rebuild lock ${lock}`);
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
  const release = acquireLock(siteDir);
  const id = buildId(now);
  const outDir = join(builds, id);
  const snapshotFile = join(builds, `${id}.snapshot.json`);
  try {
    const db = openDatabase(config.databasePath);
    let snapshot;
    try {
      snapshot = buildPublicSnapshot(db, config.bureau, now);
    } finally {
      db.close();
    }
    writeFileSync(snapshotFile, JSON.stringify(snapshot));

    process.env.ASTRO_TELEMETRY_DISABLED = '1';
    process.env.PORTAL_SNAPSHOT = snapshotFile;
    const { build } = await import('astro');
    await build({ root: options.root ?? PROJECT_ROOT, outDir, logLevel: options.logLevel ?? 'warn' });
    if (!existsSync(join(outDir, 'index.html'))) throw new RebuildError(`the build finished without ${join(outDir, 'index.html')}`);

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
    release();
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
