// What the demo bureau (scripts/demo) needs of the database beyond the product's own actions:
// whether the database is empty, its units, the mark that it is the demo, and counts to report.
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

/** True when the database holds no units, no rectification items and no feedback. */
export function isDatabaseEmpty(db: Db): boolean {
  const row = statement<[], { total: number }>(
    db,
    'SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM rectification_items) + (SELECT count(*) FROM feedback) AS total',
  ).get();
  return row?.total === 0;
}

export interface DemoUnit {
  code: string;
  name: string;
  kind: string;
}

/**
 * Writes the demo's units in their order and marks the database as the demo bureau (what
 * `npm run demo-code` checks). Throws when there are units already: demo data never mixes with
 * real data. Call inside a transaction.
 */
export function insertDemoUnits(db: Db, units: readonly DemoUnit[], createdAt: string): Map<string, number> {
  if ((statement<[], { n: number }>(db, 'SELECT count(*) AS n FROM units').get()?.n ?? 0) > 0) {
    throw new Error('The database already has units; demo data is only seeded into an empty database (check isDatabaseEmpty first)');
  }
  statement(db, "INSERT INTO app_settings (key, value) VALUES ('demo_bureau', 'true') ON CONFLICT (key) DO UPDATE SET value = 'true'").run();
  const insert = statement<[{ code: string; name: string; kind: string; sort_order: number; created_at: string }]>(
    db,
    'INSERT INTO units (code, name, kind, sort_order, created_at) VALUES (@code, @name, @kind, @sort_order, @created_at)',
  );
  const ids = new Map<string, number>();
  units.forEach((unit, index) => {
    const info = insert.run({ code: unit.code, name: unit.name, kind: unit.kind, sort_order: index + 1, created_at: createdAt });
    ids.set(unit.code, Number(info.lastInsertRowid));
  });
  return ids;
}

const COUNTED_TABLES = {
  items: 'SELECT count(*) AS n FROM rectification_items',
  updates: 'SELECT count(*) AS n FROM item_updates',
  events: 'SELECT count(*) AS n FROM feedback_events',
} as const;

/** How many rows the demo made of one kind, for its report. */
export function countDemoRows(db: Db, kind: keyof typeof COUNTED_TABLES): number {
  return statement<[], { n: number }>(db, COUNTED_TABLES[kind]).get()!.n;
}
