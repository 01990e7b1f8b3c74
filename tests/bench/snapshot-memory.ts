// Memory of the rebuild child (issue 18 point 2): the peak resident set (maxRSS) of processes that
// each do one phase of what scripts/rebuild.ts does, on a kept scale fixture, beside a baseline of
// the same run (a process that opens the same database and counts its opinions):
//   snapshot: the core and the replies file written as the rebuild writes them (the replies
//             streamed from the database cursor, buildPublicSnapshotCore);
//   site data: what the site's build does with them before and after Astro renders the pages
//             (index the replies file, stream the replies' open data files, read every reply in
//             order as the pass that writes the reply and list pages does);
//   whole:    the in-memory snapshot serialised as one JSON (how the rebuild wrote it before), for
//             comparison;
//   pages:    with --pages, the whole Astro build of the pages from those files
//             (buildPagesFromSnapshot; long at scale: 20 minutes and more at 1,000,000 opinions).
// Prints figures; not a timed test.
// Each process runs with the rebuild child's V8 flags and allocator settings (server/process-settings.mjs),
// or with --defaults, Node's.
// Usage: node tests/bench/snapshot-memory.ts <database file> [--pages] [--defaults] (say the BENCH_STATS_DB of tests/bench/statistics.ts)
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/open.ts';
import { buildPublicSnapshot, buildPublicSnapshotCore } from '../../db/public-snapshot.ts';
import { DEFAULT_PUBLIC_CHANNEL, snapshotRepliesFileName } from '../../db/public-snapshot-schema.ts';
import { buildPagesFromSnapshot } from '../../scripts/rebuild.ts';
import { loadConfig } from '../../server/config.ts';
import { REBUILD_ENV, REBUILD_NODE_FLAGS } from '../../server/process-settings.mjs';
import { writeStreamedOpenData } from '../../site/src/lib/opendata.ts';
import { replyIndex } from '../../site/src/lib/replies-file.ts';
import { readPublicReplies, readPublicSnapshot } from '../../site/src/lib/snapshot-file.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { rebuildSettingsText } from './processes.ts';
import { NOW } from './scale-fixture.ts';

const MB = 1024 * 1024;
const bureau = () => loadConfig({ SECRET_KEY: TEST_SECRET_KEY }).bureau;

function countPages(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.html')).length;
}

const [mode, file, work] = process.argv.slice(2);
if (mode?.startsWith('--child-')) {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  let detail: string;
  let peakKb: number | undefined;
  if (mode === '--child-baseline') {
    const db = openDatabase(file!);
    detail = `${db.prepare('SELECT count(*) FROM feedback').pluck().get()} opinions`;
    db.close();
  } else if (mode === '--child-snapshot') {
    // As scripts/rebuild.ts: the replies to their file from the cursor, then the core as JSON.
    const db = openDatabase(file!);
    const core = join(work!, 'bench.snapshot.json');
    const replies = snapshotRepliesFileName(core);
    const fd = openSync(replies, 'w');
    let snapshot;
    try {
      snapshot = buildPublicSnapshotCore(db, bureau(), NOW, DEFAULT_PUBLIC_CHANNEL, basename(replies), (chunk) => writeSync(fd, chunk));
    } finally {
      closeSync(fd);
      db.close();
    }
    writeFileSync(core, JSON.stringify(snapshot));
    detail = `${elapsed()}; core ${(statSync(core).size / MB).toFixed(2)} MB, statistics ${(JSON.stringify(snapshot.statistics).length / 1024).toFixed(0)} KB; ${snapshot.replyCount} replies, ${(statSync(replies).size / MB).toFixed(1)} MB NDJSON`;
  } else if (mode === '--child-site-data') {
    const core = await readPublicSnapshot(join(work!, 'bench.snapshot.json'));
    const index = await replyIndex(core.repliesFile!, core.replyCount);
    const indexed = elapsed();
    const out = join(work!, 'site-data');
    await writeStreamedOpenData(out, core, () => readPublicReplies(core.repliesFile!));
    // The pass that writes the reply pages and the lists' numbered pages reads every reply in order.
    let read = 0;
    for await (const _reply of readPublicReplies(core.repliesFile!)) read += 1;
    const openData = readdirSync(join(out, 'opendata')).map((name) => `${name} ${(statSync(join(out, 'opendata', name)).size / MB).toFixed(1)} MB`);
    detail = `${elapsed()} (index ${indexed}, ${index.count} replies); ${read} replies read in order; ${openData.join(', ')}`;
  } else if (mode === '--child-whole') {
    const db = openDatabase(file!);
    const snapshot = buildPublicSnapshot(db, bureau(), NOW);
    db.close();
    const json = JSON.stringify(snapshot);
    detail = `${elapsed()}; ${(Buffer.byteLength(json) / MB).toFixed(1)} MB JSON, ${snapshot.replies.length} replies`;
  } else if (mode === '--child-pages') {
    const out = join(work!, 'site');
    await buildPagesFromSnapshot(join(work!, 'bench.snapshot.json'), out, { logLevel: 'warn' });
    // The build's peak, taken before the pages are counted: listing 228,000 files at once added
    // some 70 MB to this process's peak at a million opinions.
    peakKb = process.resourceUsage().maxRSS;
    detail = `${elapsed()}; ${countPages(out)} pages`;
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  console.log(JSON.stringify({ maxRssMb: (peakKb ?? process.resourceUsage().maxRSS) / 1024, detail }));
} else {
  if (!mode) throw new Error('usage: node tests/bench/snapshot-memory.ts <database file> [--pages]');
  const pages = process.argv.includes('--pages');
  const defaults = process.argv.includes('--defaults');
  const nodeFlags = defaults ? [] : REBUILD_NODE_FLAGS;
  const env = defaults ? process.env : { ...REBUILD_ENV, ...process.env };
  console.log(`each phase in a process of its own with ${defaults ? "Node's defaults" : `the rebuild child's settings (${rebuildSettingsText()})`}`);
  const dir = mkdtempSync(join(tmpdir(), 'portal-bench-snapshot-'));
  try {
    const run = (flag: string) => {
      const child = spawnSync(process.execPath, [...nodeFlags, fileURLToPath(import.meta.url), flag, mode, dir], { env, encoding: 'utf8', maxBuffer: 64 * MB });
      if (child.status !== 0) throw new Error(`${flag} failed:\n${child.stderr}`);
      return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { maxRssMb: number; detail: string };
    };
    const line = (label: string, result: { maxRssMb: number; detail: string }) => console.log(`${label} (${result.detail})`.padEnd(100), `peak RSS ${result.maxRssMb.toFixed(0)} MB`);
    line('baseline: open the database and count', run('--child-baseline'));
    line('snapshot as the rebuild writes it: core JSON + replies NDJSON streamed', run('--child-snapshot'));
    line("the site's reply data: index, open data streamed, every reply read in order", run('--child-site-data'));
    line('before: the whole snapshot in memory + one JSON', run('--child-whole'));
    if (pages) line('Astro build of the pages from the two files', run('--child-pages'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
