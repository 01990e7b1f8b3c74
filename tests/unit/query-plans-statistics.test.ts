// The statistics read the facts kept in feedback_facts (migration 015), never the opinions and
// their events whole (issue 14 point 8): every statement they prepare is explained with SQLite's
// EXPLAIN QUERY PLAN over a database with planner statistics. feedback_facts is the one table read
// in full (one narrow row per opinion, the figures need each); a period is read by its index; the
// triggers that keep the table read one opinion's events by index. Plans, not timings:
// tests/bench/statistics.ts has the figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, optimizeDatabase, type Db } from '../../db/open.ts';
import { workCalendar } from '../../db/queries/calendar.ts';
import { feedbackStatistics, feedbackStats } from '../../db/queries/statistics.ts';
import { seedOpinions, seedStaff, seedUnits, TODAY } from '../bench/scale-fixture.ts';
import { tempDir } from '../helpers/temp.ts';

interface Explained {
  sql: string;
  plan: string[];
}

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
  seedOpinions(db, seedUnits(db), seedStaff(db), 3000);
  optimizeDatabase(db, 'opening');
  const prepare = db.prepare.bind(db);
  rawPrepare = prepare;
  (db as { prepare: Db['prepare'] }).prepare = ((sql: string) => {
    const prepared = prepare(sql);
    const explain = (args: unknown[]) => {
      const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((row) => row.detail);
      explained.push({ sql, plan });
    };
    for (const method of ['get', 'all', 'iterate'] as const) {
      const original = prepared[method].bind(prepared) as (...args: unknown[]) => unknown;
      (prepared as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        explain(args);
        return original(...args);
      };
    }
    return prepared;
  }) as Db['prepare'];
});

afterAll(() => {
  db.close();
  folder.remove();
});

/** Plan lines that read a table whole (SCAN …) other than feedback_facts and the small reference tables. */
function bigTableScans(statements: Explained[], allowFacts: boolean): string[] {
  return statements.flatMap(({ sql, plan }) =>
    plan
      .filter((line) => /^SCAN /.test(line))
      .filter((line) => !/^SCAN (units|feedback_categories)\b/.test(line))
      .filter((line) => !(allowFacts && /^SCAN (f|feedback_facts)$/.test(line)))
      .map((line) => `${line}  ←  ${sql.replace(/\s+/g, ' ').slice(0, 120)}`),
  );
}

describe('the query plans of the statistics', () => {
  it('the whole figures read feedback_facts once, never feedback or feedback_events', () => {
    const calendar = workCalendar(db);
    take();
    feedbackStatistics(db, calendar, TODAY);
    feedbackStats(db);
    const statements = take();
    expect(statements.length).toBeGreaterThan(0);
    const tables = statements.flatMap((statement) => statement.plan).join('\n');
    expect(tables).toMatch(/feedback_facts|SCAN f\b/);
    expect(tables).not.toMatch(/feedback_events/);
    expect(bigTableScans(statements, true)).toEqual([]);
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
