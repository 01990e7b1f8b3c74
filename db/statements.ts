import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';

// Statements are prepared once per connection and reused; query modules call `statement(db, sql)`
// with constant SQL text, so each distinct query is compiled a single time.
const cache = new WeakMap<Db, Map<string, Statement>>();

export function statement<Params extends unknown[] | {} = unknown[], Row = unknown>(db: Db, sql: string): Statement<Params, Row> {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let prepared = perDb.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    perDb.set(sql, prepared);
  }
  return prepared as unknown as Statement<Params, Row>;
}

/**
 * A LIKE pattern that matches `text` literally: % _ and \ in it are escaped. Use it with
 * `LIKE @param ESCAPE '\'`, so that what a person types is data, never a pattern.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
