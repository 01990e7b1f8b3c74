// Wraps a database's prepare so that every statement run through get/all/iterate is also
// explained (EXPLAIN QUERY PLAN) with the parameters of that run; the query-plan tests read the
// plans. Returns the unwrapped prepare, for statements the tests run themselves.
import type { Db } from '../../db/open.ts';

export interface ExplainedQuery {
  sql: string;
  plan: string[];
}

export function explainEveryQuery(db: Db, record: (query: ExplainedQuery) => void): Db['prepare'] {
  const prepare = db.prepare.bind(db) as Db['prepare'];
  (db as { prepare: Db['prepare'] }).prepare = ((sql: string) => {
    const prepared = prepare(sql);
    const explain = (args: unknown[]) => {
      const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((row) => row.detail);
      record({ sql, plan });
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
  return prepare;
}
