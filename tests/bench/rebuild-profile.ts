// One portal build profiled (not part of `npm run bench`): Astro's own log at info level (its
// phases with their times: Astro's start, the Vite builds, the pages, the integrations' hooks such
// as the sitemap and Pagefind), the compression's time, then the site's files by kind (HTML per
// top folder, each with its .br/.gz copies, Pagefind, scripts, data) in bytes and on disk.
//   node tests/bench/rebuild-profile.ts --items 200 --replies 2000 --out /tmp/site [--cache DIR]
//   node tests/bench/rebuild-profile.ts --snapshot <file> --out /tmp/site   (a snapshot made before)
//   … --nightly: builds once with kept caches (into <out>-first), then profiles the rebuild of the next day (a new
//   generatedAt and, with --items/--replies, a day's replies and progress: snapshotOfDay)
// Add `node --cpu-prof` to see where the build process spends its CPU.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildPagesFromSnapshot } from '../../scripts/rebuild.ts';
import { loadConfig } from '../../server/config.ts';
import { precompressSite } from '../../server/site-compression.ts';
import { demoSnapshot, scaleSnapshot, snapshotOfDay } from '../fixtures/scaled-snapshot.ts';
import { readSnapshotFiles, writeSnapshotFiles } from '../fixtures/snapshot-files.ts';

const { values } = parseArgs({ options: { items: { type: 'string' }, replies: { type: 'string' }, out: { type: 'string' }, snapshot: { type: 'string' }, cache: { type: 'string' }, nightly: { type: 'boolean' } } });
const out = values.out!;
const NOW = new Date('2026-11-26T04:00:00.000Z');
let snapshotFile = values.snapshot;
if (!snapshotFile) {
  mkdirSync(out + '-work', { recursive: true });
  const config = loadConfig({ DATA_DIR: join(out + '-work', 'data'), LOG_LEVEL: 'silent', NIGHTLY_REBUILD_TIME: 'off', SECRET_KEY: randomBytes(32).toString('hex') });
  const base = await demoSnapshot(config, NOW);
  const snapshot = scaleSnapshot(base, { items: Number(values.items), replies: Number(values.replies) });
  snapshotFile = join(out + '-work', 'snapshot.json');
  // With --nightly, the first build lacks the last day's replies and progress (tests/fixtures).
  writeSnapshotFiles(values.nightly ? snapshotOfDay(snapshot, NOW, 0, 1) : snapshot, snapshotFile);
  if (values.nightly) writeSnapshotFiles(snapshotOfDay(snapshot, NOW, 1, 1), join(out + '-work', 'snapshot-next.json'));
}
const cacheDir = values.cache ?? (values.nightly ? `${out}-cache` : undefined);
if (values.nightly) {
  // At the same log level as the build profiled: Astro's incremental build does not reuse the
  // pages of a build made at another level.
  // Into a folder of its own, which is kept: the night built right after a removal of its files
  // would be slowed on an ext4 without a journal (tests/bench/PERFORMANCE.md, Rebuild).
  console.log(`--- the first build (fills the caches), into ${out}-first ---`);
  await buildPagesFromSnapshot(snapshotFile, `${out}-first`, { logLevel: 'info', cacheDir: join(cacheDir!, 'astro') });
  await precompressSite(`${out}-first`, { cacheDir: join(cacheDir!, 'compressed') });
  const next = `${snapshotFile.replace(/\.json$/, '')}-next.json`;
  if (!existsSync(next)) {
    // A snapshot given with --snapshot: the next night only moves 数据截至 on.
    const day = readSnapshotFiles(snapshotFile);
    writeSnapshotFiles({ ...day, generatedAt: new Date(Date.parse(day.generatedAt) + 86_400_000).toISOString() }, next);
  }
  snapshotFile = next;
}
if (values.nightly) console.log('--- the nightly rebuild ---');
const t0 = performance.now();
await buildPagesFromSnapshot(snapshotFile, out, { logLevel: 'info', ...(cacheDir ? { cacheDir: join(cacheDir, 'astro') } : {}) });
const t1 = performance.now();
const summary = await precompressSite(out, cacheDir ? { cacheDir: join(cacheDir, 'compressed') } : {});
const t2 = performance.now();
console.log(`astro ${((t1 - t0) / 1000).toFixed(1)} s; compression ${((t2 - t1) / 1000).toFixed(1)} s (${summary.files} files, ${summary.reused} reused)`);

const kinds = new Map<string, { files: number; bytes: number; disk: number }>();
function kindOf(rel: string): string {
  const compressed = /\.(br|gz)$/.exec(rel)?.[1];
  const plain = rel.replace(/\.(br|gz)$/, '');
  const top = plain.split('/')[0]!;
  const ext = /\.[^./]+$/.exec(plain)?.[0] ?? '';
  let kind = top === 'pagefind' ? 'pagefind' : ext === '.html' ? `html:${top === 'index.html' ? '/' : top}` : ext;
  if (compressed) kind += `.${compressed}`;
  return kind;
}
function walk(dir: string, rel: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(path, r);
    else {
      const st = statSync(path);
      const k = kindOf(r);
      const v = kinds.get(k) ?? { files: 0, bytes: 0, disk: 0 };
      v.files += 1;
      v.bytes += st.size;
      v.disk += st.blocks * 512;
      kinds.set(k, v);
    }
  }
}
walk(out, '');
let total = 0;
for (const [k, v] of [...kinds].sort((a, b) => b[1].disk - a[1].disk)) {
  total += v.disk;
  console.log(`${k.padEnd(28)} ${String(v.files).padStart(7)} files ${(v.bytes / 1e6).toFixed(2).padStart(8)} MB ${(v.disk / 1e6).toFixed(2).padStart(8)} MB disk`);
}
console.log(`total disk ${(total / 1e6).toFixed(1)} MB`);
