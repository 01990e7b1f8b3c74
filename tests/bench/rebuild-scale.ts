// The rebuild at scale (npm run bench; alone: node tests/bench/rebuild-scale.ts [--sizes 500:5000,1000:10000]):
// the demo bureau's public snapshot scaled to N ledger items and M published replies
// (tests/fixtures/scaled-snapshot.ts), built into pages by Astro and precompressed as the rebuild
// does, beside a bare Astro project of the same page count built in the same run. Each build runs
// in its own process (Node, Astro's start-up and the build, as the rebuild child pays them).
// Printed per size: --first-builds first builds (default 2; each with empty caches, the bare build
// after the first and before the second, and their median), then --rounds nightly rebuilds (default 3), each
// with a day's changes (a new generatedAt, so the pages that show 数据截至 change; 20 replies
// published; 5 items with new progress; Astro's incremental cache and the compression cache have
// the rest), a bare build after each portal build, the ratio of each to the bare build after it
// and the median of the nights, and the site's size on disk against the bare site's. Two sizes
// show how it scales. Nothing is removed until the run ends (see `bare` below). The portal's builds
// run with the rebuild child's V8 flags and allocator settings (server/process-settings.mjs), or
// with Node's defaults under --defaults; the bare builds always with Node's defaults.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildPagesFromSnapshot } from '../../scripts/rebuild.ts';
import { loadConfig, PROJECT_ROOT } from '../../server/config.ts';
import { REBUILD_ENV, REBUILD_NODE_FLAGS } from '../../server/process-settings.mjs';
import { isOpenDataDownload, precompressSite } from '../../server/site-compression.ts';
import { DAILY_CHANGED_ITEMS, DAILY_NEW_REPLIES, demoSnapshot, scaleSnapshot, snapshotOfDay } from '../fixtures/scaled-snapshot.ts';
import { writeSnapshotFiles } from '../fixtures/snapshot-files.ts';
import { rebuildSettingsText } from './processes.ts';

const NOW = new Date('2026-11-26T04:00:00.000Z');
const SELF = fileURLToPath(import.meta.url);

/** What a file of the site is, for the size by kind. */
function kindOf(name: string, path: string): string {
  // The open data downloads and the pages larger than a block are stored only as .gz
  // (site/decisions/005, 006): not a copy, the file itself.
  if (isOpenDataFile(path)) return 'open data downloads (stored as .gz only)';
  if (name.endsWith('.html') || name.endsWith('.html.gz')) return path.includes('/replies/') ? 'HTML: reply pages and lists (.gz only above 4 KiB)' : 'HTML: other pages (.gz only above 4 KiB)';
  if (/\.(br|gz)$/.test(name)) return '.br/.gz copies';
  if (path.includes('/pagefind/')) return 'search index (Pagefind)';
  if (/\.(js|mjs|css)$/.test(name)) return 'scripts and styles';
  if (/\.(json|csv|xml|txt)$/.test(name)) return 'feeds, sitemap, other data';
  return 'images, attachments, other';
}

/** A download under /opendata/ kept only as its .gz. */
function isOpenDataFile(path: string): boolean {
  const opendata = path.lastIndexOf('/opendata/');
  return path.endsWith('.gz') && opendata !== -1 && isOpenDataDownload(path.slice(opendata, -'.gz'.length));
}

/** A file kept only as its .gz (not a copy beside the file). */
function isStoredGzipOnlyFile(path: string): boolean {
  return isOpenDataFile(path) || path.endsWith('.html.gz');
}

interface DiskUsage {
  bytes: number;
  files: number;
  pages: number;
  copies: number;
  byKind: Map<string, { files: number; bytes: number }>;
}

/** Bytes on disk (4 KiB blocks), each file counted once however many hard links it has. */
function diskUsage(dir: string, seen = new Set<number>(), usage: DiskUsage = { bytes: 0, files: 0, pages: 0, copies: 0, byKind: new Map() }): DiskUsage {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      diskUsage(path, seen, usage);
      continue;
    }
    const stat = statSync(path);
    usage.files += 1;
    if (entry.name.endsWith('.html') || entry.name.endsWith('.html.gz')) usage.pages += 1;
    if (seen.has(stat.ino)) continue;
    seen.add(stat.ino);
    const bytes = stat.blocks * 512;
    usage.bytes += bytes;
    if (/\.(br|gz)$/.test(entry.name) && !isStoredGzipOnlyFile(path)) usage.copies += bytes;
    const kind = kindOf(entry.name, path);
    const sum = usage.byKind.get(kind) ?? { files: 0, bytes: 0 };
    sum.files += 1;
    sum.bytes += bytes;
    usage.byKind.set(kind, sum);
  }
  return usage;
}

/** A bare Astro project: one dynamic route that renders `pages` plain pages. */
function writeBareProject(dir: string, pages: number): void {
  mkdirSync(join(dir, 'src', 'pages'), { recursive: true });
  writeFileSync(join(dir, 'astro.config.mjs'), "export default { build: { format: 'directory' }, logLevel: 'error' };\n");
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(
    join(dir, 'src', 'pages', '[n].astro'),
    `---
export function getStaticPaths() {
  return Array.from({ length: ${pages} }, (_, n) => ({ params: { n: String(n) } }));
}
const { n } = Astro.params;
---
<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>第 {n} 页</title></head>
<body><h1>第 {n} 页</h1><p>整改事项进展情况，欢迎社会各界监督。</p></body></html>
`,
  );
}

/** Settings of a build's process: the portal's as the rebuild child runs (unless --defaults), the bare build's Node's defaults. */
interface ProcessSettings {
  flags: readonly string[];
  env: Readonly<Record<string, string>>;
}
const NODE_DEFAULTS: ProcessSettings = { flags: [], env: {} };

function run(args: string[], settings: ProcessSettings = NODE_DEFAULTS): Promise<number> {
  // Each build starts once what the build before it wrote and removed is on disk (sync): tens of
  // thousands of files each, whose writeback would otherwise be timed in the next build (the bare
  // builds grew from 6 s to 16 s over a run without it).
  spawnSync('sync', { stdio: 'ignore' });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...settings.flags, SELF, ...args], { cwd: PROJECT_ROOT, env: { ...settings.env, ...process.env }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

function line(name: string, value: string): void {
  console.log(`  ${name.padEnd(58)} ${value}`);
}

async function child(values: { child?: string; snapshot?: string; out?: string; cache?: string; root?: string }): Promise<void> {
  if (values.child === 'portal') {
    const started = performance.now();
    // Astro's cache kept beside the compression cache, as the rebuild keeps it (astroCacheDir).
    await buildPagesFromSnapshot(values.snapshot!, values.out!, { cacheDir: join(values.cache!, 'astro') });
    const built = performance.now();
    const summary = await precompressSite(values.out!, { cacheDir: join(values.cache!, 'compressed') });
    const seconds = (to: number, from: number) => ((to - from) / 1000).toFixed(1);
    // The build process's peak resident set (Astro and the steps after it; Pagefind's indexer is a process of its own).
    const peak = (process.resourceUsage().maxRSS / 1024).toFixed(0);
    console.log(`    (Astro ${seconds(built, started)} s; compression ${seconds(performance.now(), built)} s for ${summary.files} files, ${summary.reused} of them from the cache, ${summary.gzipOnlyFiles} stored as .gz only (open data, pages above 4 KiB); peak ${peak} MB resident)`);
  } else if (values.child === 'bare') {
    const { build } = await import('astro');
    await build({ root: values.root!, outDir: values.out!, logLevel: 'error' });
    console.log(`    (bare build: peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB resident)`);
  }
}

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    snapshot: { type: 'string' },
    out: { type: 'string' },
    cache: { type: 'string' },
    root: { type: 'string' },
    sizes: { type: 'string', default: '500:5000,1000:10000' },
    rounds: { type: 'string', default: '3' },
    'first-builds': { type: 'string', default: '2' },
    defaults: { type: 'boolean', default: false },
  },
});

if (values.child) {
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  await child(values);
} else {
  const sizes = values.sizes.split(',').map((pair) => pair.split(':').map(Number) as [number, number]);
  const rounds = Number(values.rounds);
  const portalSettings: ProcessSettings = values.defaults ? NODE_DEFAULTS : { flags: REBUILD_NODE_FLAGS, env: REBUILD_ENV };
  const firstBuilds = Number(values['first-builds']);
  const dir = mkdtempSync(join(tmpdir(), 'portal-bench-rebuild-'));
  // Inside the project so that the bare project resolves astro from node_modules.
  const bareRoot = join(PROJECT_ROOT, 'node_modules', '.cache', 'zuofeng-portal', `bench-bare-${process.pid}`);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  /** The middle value; of an even count, the mean of the two in the middle. */
  const median = (list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  try {
    console.log(`Rebuild at scale: Astro pages + .br/.gz beside a bare Astro build of the same page count; Node ${process.version}`);
    console.log(`  the portal's builds run with ${values.defaults ? "Node's defaults" : `${rebuildSettingsText()} (the rebuild child's)`}, the bare builds with Node's defaults`);
    console.log(`  each night: a new 数据截至, ${DAILY_NEW_REPLIES} replies published, ${DAILY_CHANGED_ITEMS} items with new progress; ${rounds} nights, each followed by a bare build`);
    const config = loadConfig({ DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent', NIGHTLY_REBUILD_TIME: 'off', SECRET_KEY: randomBytes(32).toString('hex') });
    const base = await demoSnapshot(config, NOW);
    // Astro's own footprint, the floor under any build's memory (issue 18's point 2 asks for
    // under 400 MB): a bare build of ten pages.
    rmSync(bareRoot, { recursive: true, force: true });
    writeBareProject(bareRoot, 10);
    console.log('  a bare Astro build of 10 pages, for its memory alone:');
    await run(['--child', 'bare', '--root', bareRoot, '--out', join(dir, 'bare-floor')]);
    rmSync(join(dir, 'bare-floor'), { recursive: true, force: true });
    for (const [items, replies] of sizes) {
      console.log(`${items} ledger items, ${replies} published replies`);
      const full = scaleSnapshot(base, { items, replies });
      // A bare build follows each portal build and each ratio is to the bare build right after
      // it: on a shared machine the load drifts between builds a minute apart.
      // Every build's output stays until the end of the run (dir is removed then): removed right
      // after it was measured, it made the next build pay for the removal. On an ext4 file system
      // without a journal (this machine's), a new file or folder skips over the inodes freed in
      // the last minutes (up to five), checking each one's inode table block: in a profile of a
      // build started right after another's output was removed, half the samples were in that
      // check (recently_deleted), and each build of a series took longer than the one before. A
      // rebuild in service follows no such removal: the builds it prunes were removed a day
      // before (scripts/rebuild.ts).
      let bareBuilds = 0;
      const bare = async (pages: number) => {
        rmSync(bareRoot, { recursive: true, force: true });
        writeBareProject(bareRoot, pages);
        bareBuilds += 1;
        const bareOut = join(dir, `bare-${items}-${bareBuilds}`);
        const seconds = await run(['--child', 'bare', '--root', bareRoot, '--out', bareOut]);
        return { seconds, usage: diskUsage(bareOut) };
      };
      let cache = '';
      /** A portal build of `day`'s snapshot; `firstBuild` names a new, empty cache for a first build. */
      const portal = async (day: number, firstBuild?: string) => {
        if (firstBuild) cache = join(dir, `cache-${items}-${firstBuild}`);
        const file = writeSnapshotFiles(snapshotOfDay(full, NOW, day, rounds), join(dir, `snapshot-${items}-${day}.json`));
        const out = join(dir, `site-${items}-${day}-${firstBuild ?? 'night'}`);
        const seconds = await run(['--child', 'portal', '--snapshot', file, '--out', out, '--cache', cache], portalSettings);
        return { seconds, usage: diskUsage(out) };
      };
      // First builds, each with empty caches and beside a bare build: in turn portal–bare and
      // bare–portal, so that whatever slows a series of builds (before outputs were kept, each
      // build took longer than the one before it: tests/bench/PERFORMANCE.md, Rebuild) does not
      // favour one side. The nights follow the last.
      const firstRatios: number[] = [];
      const bareSeconds: number[] = [];
      let first = await portal(0, 'first-1');
      let bareFirst = await bare(first.usage.pages);
      for (let build = 1; build <= firstBuilds; build += 1) {
        if (build > 1) {
          bareFirst = await bare(first.usage.pages);
          first = await portal(0, `first-${build}`);
        }
        firstRatios.push(first.seconds / bareFirst.seconds);
        bareSeconds.push(bareFirst.seconds);
        const order = build % 2 === 1 ? 'after' : 'before';
        line(`portal, first build ${build} (${first.usage.pages} pages, empty caches)`, `${first.seconds.toFixed(1)} s = ${ratio(first.seconds, bareFirst.seconds)} the bare build ${order} it (${bareFirst.seconds.toFixed(1)} s)`);
      }
      if (firstBuilds > 1) line('first build against the bare build, median', `${median(firstRatios).toFixed(2)}× (${firstRatios.map((value) => value.toFixed(2)).join(', ')})`);
      const nightly: number[] = [];
      const nightlySeconds: number[] = [];
      let last = first;
      let lastBare = bareFirst;
      for (let day = 1; day <= rounds; day += 1) {
        last = await portal(day);
        lastBare = await bare(last.usage.pages);
        nightly.push(last.seconds / lastBare.seconds);
        nightlySeconds.push(last.seconds);
        bareSeconds.push(lastBare.seconds);
        line(`portal, nightly rebuild ${day} (${last.usage.pages} pages)`, `${last.seconds.toFixed(1)} s = ${ratio(last.seconds, lastBare.seconds)} the bare build after it (${lastBare.seconds.toFixed(1)} s)`);
      }
      line('nightly rebuild against the bare build, median of the nights', `${median(nightly).toFixed(2)}× (${nightly.map((value) => value.toFixed(2)).join(', ')})`);
      // The bare build's own time swings with the machine's disk (3.8–21 s for the same pages in
      // one run on a shared VM): the nights' median time against the median of every bare build
      // of the size is the steadier reading of the same runs.
      line('nightly rebuilds\' median time against the bare builds\' median', `${median(nightlySeconds).toFixed(1)} s against ${median(bareSeconds).toFixed(1)} s = ${ratio(median(nightlySeconds), median(bareSeconds))}`);
      const site = last.usage;
      const bareUsage = lastBare.usage;
      line(`baseline: the bare site of ${bareUsage.pages} pages`, `${(bareUsage.bytes / 1024 / 1024).toFixed(1)} MB on disk`);
      line('portal site on disk (pages, assets, .br/.gz, search index)', `${(site.bytes / 1024 / 1024).toFixed(1)} MB = ${ratio(site.bytes, bareUsage.bytes)} bare`);
      line('  of which the .br/.gz copies', `${(site.copies / 1024 / 1024).toFixed(1)} MB: ${(site.bytes / (site.bytes - site.copies)).toFixed(2)}× the pages without them`);
      for (const [kind, sum] of [...site.byKind].sort((a, b) => b[1].bytes - a[1].bytes)) {
        line(`    ${kind}`, `${(sum.bytes / 1024 / 1024).toFixed(1)} MB in ${sum.files} files = ${ratio(sum.bytes, bareUsage.bytes)} bare`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(bareRoot, { recursive: true, force: true });
  }
}
