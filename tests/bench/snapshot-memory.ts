// Memory of the public snapshot as the rebuild child makes it (issue 18 point 2): the peak resident
// set (maxRSS) of a process that only opens the database, builds the snapshot and serialises it as
// scripts/rebuild.ts does, on a kept scale fixture. Astro's page build comes after and is measured
// by tests/bench/rebuild-scale.ts. Baseline of the same run: the peak of a process that opens the
// same database and counts its opinions. Prints figures; not a timed test.
// Usage: node tests/bench/snapshot-memory.ts <database file> (say the BENCH_STATS_DB of tests/bench/statistics.ts)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/open.ts';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import { loadConfig } from '../../server/config.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { NOW } from './scale-fixture.ts';

const [mode, file] = process.argv.slice(2);
if (mode === '--child-snapshot' || mode === '--child-baseline') {
  const db = openDatabase(file!);
  let detail: string;
  if (mode === '--child-snapshot') {
    const started = performance.now();
    const snapshot = buildPublicSnapshot(db, loadConfig({ SECRET_KEY: TEST_SECRET_KEY }).bureau, NOW);
    const json = JSON.stringify(snapshot);
    detail = `${(performance.now() - started).toFixed(0)} ms, ${(json.length / 1024 / 1024).toFixed(1)} MB JSON, ${snapshot.replies.length} published replies, statistics ${(JSON.stringify(snapshot.statistics).length / 1024).toFixed(0)} KB`;
  } else {
    detail = `${db.prepare('SELECT count(*) FROM feedback').pluck().get()} opinions`;
  }
  db.close();
  console.log(JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024, detail }));
} else {
  if (!mode) throw new Error('usage: node tests/bench/snapshot-memory.ts <database file>');
  const run = (flag: string) => {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), flag, mode], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { maxRssMb: number; detail: string };
  };
  const baseline = run('--child-baseline');
  const snapshot = run('--child-snapshot');
  console.log(`baseline: open the database and count (${baseline.detail})`.padEnd(72), `peak RSS ${baseline.maxRssMb.toFixed(0)} MB`);
  console.log(`public snapshot + JSON (${snapshot.detail})`.padEnd(72), `peak RSS ${snapshot.maxRssMb.toFixed(0)} MB`);
}
