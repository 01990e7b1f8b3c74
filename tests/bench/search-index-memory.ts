// The search index's memory (`npm run bench` runs it at 2,000 and 10,000 replies): Pagefind's indexer, a process of its
// own that the search integration starts (site/src/integrations/search-index.ts), is fed N of the
// demo's replies scaled up, in bundles as the integration feeds them, and writes its index. Printed
// per size: the time to add and to write, the indexer's peak resident set (VmRSS of its process,
// sampled every 100 ms) and the index's size on disk, beside the same indexer given nothing.
//   node tests/bench/search-index-memory.ts [--replies 2000,10000,25000] [--bundle 50]
// The scaled replies repeat the demo's texts, so a bureau's own words make a larger vocabulary:
// read the figures as a floor.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { close, createIndex } from 'pagefind';
import { loadConfig } from '../../server/config.ts';
import { replyBundleHtml, REPLIES_PER_BUNDLE } from '../../site/src/integrations/search-index.ts';
import { demoSnapshot, scaleSnapshot } from '../fixtures/scaled-snapshot.ts';

const { values } = parseArgs({ options: { replies: { type: 'string', default: '2000,10000,25000' }, bundle: { type: 'string', default: String(REPLIES_PER_BUNDLE) } } });
const sizes = values.replies.split(',').map(Number);
const bundle = Number(values.bundle);

/** The resident set of this process's children (Pagefind's indexer), in MB. */
function childrenRss(): number {
  let pids: number[] = [];
  try {
    pids = execFileSync('pgrep', ['-P', String(process.pid)]).toString().split('\n').filter(Boolean).map(Number);
  } catch {
    return 0; // pgrep exits 1 when there is no child
  }
  let total = 0;
  for (const pid of pids) {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    } catch {
      // the process ended between the two reads
    }
  }
  return total;
}

function du(dir: string): string {
  return execFileSync('du', ['-sh', dir]).toString().split('\t')[0]!;
}

const work = mkdtempSync(join(tmpdir(), 'portal-bench-search-'));
try {
  const config = loadConfig({ DATA_DIR: join(work, 'data'), LOG_LEVEL: 'silent', NIGHTLY_REBUILD_TIME: 'off', SECRET_KEY: randomBytes(32).toString('hex') });
  const base = await demoSnapshot(config, new Date('2026-11-26T04:00:00.000Z'));
  console.log(`Pagefind's indexer fed scaled replies in bundles of ${bundle}; Node ${process.version}`);
  let baselinePeak = 0;
  for (const count of [0, ...sizes]) {
    const { replies } = scaleSnapshot(base, { items: 1000, replies: Math.max(count, 1) });
    const out = join(work, `index-${count}`);
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, childrenRss())), 100);
    const started = performance.now();
    const { index } = await createIndex();
    if (!index) throw new Error('Pagefind did not start');
    for (let at = 0; at < count; at += bundle) {
      const added = await index.addHTMLFile({ url: `/search/reply-bundle-${at / bundle + 1}/`, content: replyBundleHtml(replies.slice(at, at + bundle)) });
      if (added.errors.length > 0) throw new Error(added.errors.join('; '));
    }
    const fed = performance.now();
    await index.writeFiles({ outputPath: out });
    const written = performance.now();
    peak = Math.max(peak, childrenRss());
    clearInterval(sampler);
    await close();
    if (count === 0) baselinePeak = peak;
    const label = count === 0 ? 'baseline: the indexer given nothing' : `${count} replies (${Math.ceil(count / bundle)} documents)`;
    const perReply = count === 0 ? '' : ` = ${(((peak - baselinePeak) * 1024) / count).toFixed(0)} KB per reply above the baseline`;
    console.log(
      `  ${label.padEnd(40)} add ${((fed - started) / 1000).toFixed(1)} s, write ${((written - fed) / 1000).toFixed(1)} s, indexer peak ${peak.toFixed(0)} MB${perReply}, index ${du(out)} on disk`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
