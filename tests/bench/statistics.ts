// Statistics benchmark (npm run bench, or alone: npm run bench:stats): 1,000,000 opinions with
// their events in a temporary SQLite file, then every statistics query of issue 14 and the whole
// statistics snapshot, each printed beside bare baselines measured in the same run (a plain
// count(*) and an indexed lookup). Prints figures; not a timed test.
// `--scale N` or BENCH_OPINIONS=<n> sets another size (say 100000 for a quick look); the fixture is
// tests/bench/scale-fixture.ts.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCalendarTable } from '../../db/queries/calendar.ts';
import { feedbackStats, feedbackStatistics, ledgerStatistics, factsOfFeedback, feedbackFactsFromScratch, publicStatistics, rectificationStats } from '../../db/queries/statistics.ts';
import { refreshWorkDayOrdinals } from '../../db/queries/statistics-rollup.ts';
import { lastFinishedSiteBuild, recentSiteBuilds } from '../../db/queries/site-builds.ts';
import { openDatabase } from '../../db/open.ts';
import { scorecardRows } from '../../server/statistics-export.ts';
import { createWorkCalendar } from '../../server/domain/working-days.ts';
import { MONTHS, scaleOf, seedFeedback, seedStaff, seedUnits, TODAY } from './scale-fixture.ts';

const OPINIONS = scaleOf(process.argv, Number(process.env.BENCH_OPINIONS ?? 1_000_000));


function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median wall time of `runs` calls, in ms. */
function time(runs: number, work: () => unknown): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
}

const dir = mkdtempSync(join(tmpdir(), 'portal-bench-stats-'));
try {
  // BENCH_STATS_DB=<file> keeps the generated database there and reuses it on the next run.
  const file = process.env.BENCH_STATS_DB ?? join(dir, 'stats.db');
  const reuse = existsSync(file);
  // A kept file from before migration 015 is upgraded on open: the backfill of feedback_facts is timed.
  let versionBefore = 0;
  if (reuse) {
    const probe = new Database(file, { readonly: true });
    versionBefore = probe.pragma('user_version', { simple: true }) as number;
    probe.close();
  }
  const opening = performance.now();
  const db = openDatabase(file);
  const openMs = performance.now() - opening;
  console.log(`Statistics: ${OPINIONS.toLocaleString('en')} opinions over ${MONTHS} months; Node ${process.version}`);
  const started = performance.now();
  if (reuse) {
    console.log(`reusing ${file}: ${db.prepare('SELECT count(*) FROM feedback').pluck().get()} opinions`);
    const versionNow = db.pragma('user_version', { simple: true }) as number;
    if (versionBefore < versionNow) {
      console.log(`opened with migrations ${versionBefore + 1}–${versionNow} (backfills: feedback_facts from 015, the rollup from 017) in ${(openMs / 1000).toFixed(1)} s`);
    }
  }
  else {
  // The file is thrown away afterwards: no need to wait for the disk while generating it.
  db.pragma('synchronous = OFF');
  const units = seedUnits(db);
  const events = seedFeedback(db, units, seedStaff(db), OPINIONS);
  db.pragma('synchronous = FULL');
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `generated ${OPINIONS.toLocaleString('en')} opinions and ${events.toLocaleString('en')} events in ${seconds.toFixed(1)} s ` +
      `(${Math.round((OPINIONS + events) / seconds).toLocaleString('en')} rows/s), file ${(statSync(file).size / 1024 / 1024).toFixed(0)} MB`,
  );
  }
  // A kept file was analysed when it was made; only the table migration 015 added needs it then.
  db.exec(reuse ? 'ANALYZE feedback_facts; ANALYZE feedback_rollup; ANALYZE feedback_rollup_days; ANALYZE work_day_ordinals' : 'ANALYZE');
  // A file generated above has dates before the range the ordinals took on opening (the empty file's):
  // the refresh that the next opening would make extends it and rebuilds the rollup (timed).
  const refreshing = performance.now();
  if (refreshWorkDayOrdinals(db, createWorkCalendar(loadCalendarTable(db)), TODAY)) {
    console.log(`working-day ordinals extended and the rollup rebuilt (as after a calendar change) in ${((performance.now() - refreshing) / 1000).toFixed(1)} s`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');

  const calendar = createWorkCalendar(loadCalendarTable(db));
  const lastMonth = { from: '2026-10-01', to: '2026-10-31' };
  const lastYear = { from: '2025-11-26', to: '2026-11-25' };
  const codes = db.prepare<[], string>('SELECT tracking_code FROM feedback WHERE id % 1000 = 0').pluck().all();
  const lookup = db.prepare('SELECT id, status FROM feedback WHERE tracking_code = ?');
  const baselineCount = time(5, () => db.prepare('SELECT count(*) FROM feedback').pluck().get());
  const baselineLookup = time(5, () => {
    for (const code of codes) lookup.get(code);
  }) / codes.length;
  const baselineScan = time(3, () => db.prepare('SELECT count(*) FROM feedback_events WHERE action = ?').pluck().get('urge'));

  const line = (name: string, ms: number, ratio?: string) => console.log(`${name.padEnd(64)} ${ms.toFixed(ms < 10 ? 3 : 0).padStart(9)} ms${ratio ? `  ${ratio}` : ''}`);
  line('baseline: SELECT count(*) FROM feedback', baselineCount);
  line('baseline: one lookup by tracking code (index)', baselineLookup);
  line('baseline: count of one action over all events (full scan)', baselineScan);
  // Each figure is printed as soon as it is measured.
  const measure = (name: string, runs: number, work: () => unknown) => {
    const ms = time(runs, work);
    line(name, ms, `×${(ms / baselineCount).toFixed(0)} count(*), ×${(ms / baselineScan).toFixed(1)} event scan`);
  };
  measure('publicStatistics (the whole statistics snapshot)', 3, () => publicStatistics(db, calendar, TODAY));
  // The path before migration 015, once each (BENCH_BEFORE=0 leaves it out: at a million it takes minutes).
  if (process.env.BENCH_BEFORE !== '0') {
    measure('before 015: factsOfFeedback from scratch (feedback + GROUP BY events)', 1, () => feedbackFactsFromScratch(db));
    measure('before 015: feedbackStatistics from scratch', 1, () => feedbackStatistics(db, calendar, TODAY, undefined, 'from-scratch'));
  }
  measure('feedbackStats (home page headline)', 3, () => feedbackStats(db));
  measure('feedbackStatistics (all: overall, month, category, role, unit)', 3, () => feedbackStatistics(db, calendar, TODAY));
  measure('factsOfFeedback (all opinions, one row each, from feedback_facts)', 3, () => factsOfFeedback(db));
  measure('scorecardRows for one month (admin export)', 3, () => scorecardRows(db, calendar, TODAY, lastMonth));
  measure('scorecardRows for one year (admin export)', 3, () => scorecardRows(db, calendar, TODAY, lastYear));
  // The write side of the rollup (migration 017), each in a transaction rolled back so the file stays as it was.
  const sample = db.prepare<[], number>('SELECT feedback_id FROM feedback_facts WHERE feedback_id % 5000 = 0').pluck().all();
  const rewrite = db.prepare('INSERT OR REPLACE INTO feedback_facts SELECT * FROM feedback_facts_source WHERE feedback_id = ?');
  const rolledBack = (work: () => void) => () => {
    db.exec('BEGIN');
    try {
      work();
    } finally {
      db.exec('ROLLBACK');
    }
  };
  // Median of three runs, per opinion; the triggers are dropped (inside the transaction) before the clock starts.
  const rewritesMs = (dropRollupTriggers: boolean) => {
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      db.exec('BEGIN');
      try {
        if (dropRollupTriggers) {
          for (const trigger of ['insert', 'replace', 'delete', 'update_before', 'update_after']) db.exec(`DROP TRIGGER feedback_rollup_${trigger}`);
        }
        const started = performance.now();
        for (const id of sample) rewrite.run(id);
        times.push((performance.now() - started) / sample.length);
      } finally {
        db.exec('ROLLBACK');
      }
    }
    return median(times);
  };
  const withRollup = rewritesMs(false);
  const withoutRollup = rewritesMs(true);
  line("one opinion's facts rewritten, as its triggers do (with the rollup)", withRollup, `without the rollup's triggers (same run) ${withoutRollup.toFixed(3)} ms`);
  // A change of the calendar: a made-up holiday on the fixture's TODAY; the ordinals and the rollup are rebuilt.
  const changed = createWorkCalendar(new Map([[Number(TODAY.slice(0, 4)), [{ date: TODAY, isWorkingDay: false, name: '测试' }]]]));
  measure('a calendar change: ordinals refreshed and the rollup rebuilt', 1, rolledBack(() => refreshWorkDayOrdinals(db, changed, TODAY)));
  measure('rectificationStats (ledger headline)', 3, () => rectificationStats(db, TODAY));
  measure('ledgerStatistics', 3, () => ledgerStatistics(db, TODAY));
  measure('recentSiteBuilds + lastFinishedSiteBuild', 3, () => [recentSiteBuilds(db, 20), lastFinishedSiteBuild(db)]);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
