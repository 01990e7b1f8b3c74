// The statistics read the rollup of the facts (migration 017) kept from feedback_facts (migration
// 015), never the opinions and their events whole, nor the facts whole (issue 14 point 8): every
// statement they prepare is explained with SQLite's EXPLAIN QUERY PLAN over a database with planner
// statistics. The whole snapshot reads the rollup's few hundred rows, the working-day ordinals, and
// the oldest open opinion of each group from partial indexes; a period (the scorecard export) is
// read from feedback_facts by its index; the triggers that keep both tables read one opinion's
// events and facts by index. Plans, not timings: tests/bench/statistics.ts has the figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, optimizeDatabase, type Db } from '../../db/open.ts';
import { workCalendar } from '../../db/queries/calendar.ts';
import { feedbackStatistics, feedbackStats } from '../../db/queries/statistics.ts';
import { refreshWorkDayOrdinals } from '../../db/queries/statistics-rollup.ts';
import { seedFeedback, seedStaff, seedUnits, TODAY } from '../bench/scale-fixture.ts';
import { explainEveryQuery, type ExplainedQuery } from '../helpers/query-plans.ts';
import { tempDir } from '../helpers/temp.ts';

type Explained = ExplainedQuery;

let folder: ReturnType<typeof tempDir>;
let db: Db;
let explained: Explained[] = [];
/** The connection's own prepare, for statements the test explains itself. */
let rawPrepare: Db['prepare'];

function take(): Explained[] {
  const taken = explained;
  explained = [];
  return taken;
}

beforeAll(() => {
  folder = tempDir('portal-plans-statistics-');
  db = openDatabase(`${folder.path}/portal.db`);
  seedFeedback(db, seedUnits(db), seedStaff(db), 3000);
  // The fixture's dates start before the range the ordinals took when the empty file was opened:
  // extended as the next opening does, so the rollup stands.
  refreshWorkDayOrdinals(db, workCalendar(db), TODAY);
  optimizeDatabase(db, 'opening');
  rawPrepare = explainEveryQuery(db, (query) => explained.push(query));
});

afterAll(() => {
  db.close();
  folder.remove();
});

/**
 * Plan lines that read a table whole (SCAN …) other than feedback_facts (when allowed), the small
 * reference tables, and the rollup's own small tables (a few hundred groups, a few years of dates).
 */
function bigTableScans(statements: Explained[], allowFacts: boolean): string[] {
  return statements.flatMap(({ sql, plan }) =>
    plan
      .filter((line) => /^SCAN /.test(line))
      .filter((line) => !/^SCAN (units|feedback_categories|feedback_rollup|feedback_rollup_days|work_day_ordinals|CONSTANT ROW)\b/.test(line))
      .filter((line) => !(allowFacts && /^SCAN (f|feedback_facts)$/.test(line)))
      .map((line) => `${line}  ←  ${sql.replace(/\s+/g, ' ').slice(0, 120)}`),
  );
}

describe('the query plans of the statistics', () => {
  it('the whole figures read the rollup and the open opinions by index, never a table of opinions whole', () => {
    const calendar = workCalendar(db);
    take();
    feedbackStatistics(db, calendar, TODAY);
    feedbackStats(db);
    const statements = take();
    expect(statements.length).toBeGreaterThan(0);
    const tables = statements.flatMap((statement) => statement.plan).join('\n');
    expect(tables).toMatch(/SCAN feedback_rollup\b/);
    expect(tables).toMatch(/SCAN feedback_rollup_days\b/);
    expect(tables).not.toMatch(/feedback_events/);
    expect(bigTableScans(statements, false)).toEqual([]);
    // The oldest unanswered of each kind of group: the first entry of its partial index.
    for (const index of ['feedback_facts_open', 'feedback_facts_open_month', 'feedback_facts_open_category', 'feedback_facts_open_role', 'feedback_facts_open_unit']) {
      expect(tables).toMatch(new RegExp(`USING (?:COVERING )?INDEX ${index}\\b`));
    }
  });

  it('the rollup triggers work one opinion out from its facts, by key', () => {
    for (const view of ['feedback_rollup_source', 'feedback_rollup_days_source']) {
      const plan = (rawPrepare(`EXPLAIN QUERY PLAN SELECT * FROM ${view} WHERE feedback_id = ?`).all(42) as { detail: string }[]).map((row) => row.detail);
      expect(plan.join('\n')).toMatch(/SEARCH f USING INTEGER PRIMARY KEY/);
      expect(plan.join('\n')).toMatch(/SEARCH o_\w+ USING PRIMARY KEY \(date=\?\)/);
      // Only the constant lists of groups and measures are scanned.
      expect(plan.filter((line) => /^SCAN /.test(line) && !/^SCAN (d|x|CONSTANT ROW)$/.test(line))).toEqual([]);
    }
  });

  it('a period (the scorecard export) is read by the index of submission dates', () => {
    const calendar = workCalendar(db);
    take();
    feedbackStatistics(db, calendar, TODAY, { from: '2026-10-01', to: '2026-10-31' });
    const statements = take();
    expect(statements.length).toBeGreaterThan(0);
    expect(bigTableScans(statements, false)).toEqual([]);
    expect(statements.flatMap((statement) => statement.plan).join('\n')).toMatch(/feedback_facts_submitted/);
  });

  it("the triggers work one opinion's facts out from its own events, by index", () => {
    const plan = (rawPrepare('EXPLAIN QUERY PLAN SELECT * FROM feedback_facts_source WHERE feedback_id = ?').all(42) as { detail: string }[])
      .map((row) => row.detail);
    expect(plan.join('\n')).toMatch(/SEARCH f USING INTEGER PRIMARY KEY/);
    expect(plan.filter((line) => /^SCAN /.test(line))).toEqual([]);
    expect(plan.filter((line) => /SEARCH e USING (?:COVERING )?INDEX feedback_events_feedback/.test(line)).length).toBeGreaterThan(0);
  });
});
