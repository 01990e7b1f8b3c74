// The staff screens read indexes, not whole tables (issue 18, points 3 and 7): every statement the
// inbox (each filter, both scopes, offset and keyset pages, search), the dashboard and the audit
// log prepare is explained with SQLite's EXPLAIN QUERY PLAN over a database with planner
// statistics (PRAGMA optimize, as the server runs it), and none reads feedback or audit_log whole.
// A read of a table in full is allowed in one shape only: a page (LIMIT) read in the order of an
// index, which stops at the page's last row. Plans, not timings: tests/bench/staff-screens.ts
// has the figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, optimizeDatabase, type Db } from '../../db/open.ts';
import { listAudit, type AuditFilters } from '../../db/queries/audit.ts';
import { countsByState, countsByUnit, dashboardCounts, type InboxFilters, listInbox, type ReaderScope } from '../../db/queries/feedback-admin.ts';
import { seedAudit, seedFeedback, seedStaff, seedUnits, TODAY } from '../bench/scale-fixture.ts';
import { explainEveryQuery, type ExplainedQuery } from '../helpers/query-plans.ts';
import { tempDir } from '../helpers/temp.ts';

type Explained = ExplainedQuery;

let folder: ReturnType<typeof tempDir>;
let db: Db;
let busiestUnit: number;
/** Every statement prepared since the last take(), with its plan for the parameters it ran with. */
let explained: Explained[] = [];

function take(): Explained[] {
  const taken = explained;
  explained = [];
  return taken;
}

beforeAll(() => {
  folder = tempDir('portal-plans-');
  db = openDatabase(`${folder.path}/portal.db`);
  const units = seedUnits(db);
  const staff = seedStaff(db);
  seedFeedback(db, units, staff, 4000);
  seedAudit(db, 4000, staff);
  optimizeDatabase(db, 'opening');
  busiestUnit = db.prepare<[], number>('SELECT assigned_unit_id FROM feedback WHERE assigned_unit_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1').pluck().get()!;
  // Explain each statement with the parameters of its first run (statements are prepared once per query text).
  explainEveryQuery(db, (query) => explained.push(query));
});

afterAll(() => {
  db.close();
  folder.remove();
});

const TABLE_ALIASES = /^SCAN (f|s|a|b|feedback|audit_log|feedback_unit_scope)\b(?: USING (?:COVERING )?INDEX (\w+))?/;
/** Partial indexes: reading them whole reads only the rows they hold. */
const PARTIAL_INDEXES = new Set(['feedback_inbox_follow_up', 'feedback_inbox_screening']);

/** The plan lines that read feedback or audit_log whole, where that is not a page read in index order. */
function wholeTableReads({ sql, plan }: Explained): string[] {
  const page = /LIMIT @limit/.test(sql);
  return plan.filter((line) => {
    const match = TABLE_ALIASES.exec(line);
    if (!match) return false;
    if (match[2] && PARTIAL_INDEXES.has(match[2])) return false;
    // A page in the order of the inbox's index or of the audit log's ids: stops at its last row.
    if (page && (match[2] === 'feedback_inbox' || (match[1] === 'a' && !match[2]))) return false;
    return true;
  });
}

function expectIndexed(statements: Explained[]): void {
  expect(statements.length).toBeGreaterThan(0);
  for (const statement of statements) {
    expect(wholeTableReads(statement), `${statement.sql}\n${statement.plan.join('\n')}`).toEqual([]);
  }
}

const office: ReaderScope = { allUnits: true, unitId: null };
const page = { page: 1, pageSize: 20 };
const cursor = { inboxOrder: TODAY, submittedAt: '2026-06-01T00:00:00.000Z', id: 500 };

const INBOX_FILTERS: [string, Partial<InboxFilters>][] = [
  ['no filter', {}],
  ['page 40', { page: 40 }],
  ['keyset page', { after: cursor }],
  ['state', { state: 'replied' }],
  ['state, keyset', { state: 'pending', after: cursor }],
  ['category', { category: 'fees' }],
  ['role', { role: 'other' }],
  ['overdue', { overdue: true }],
  ['due soon', { dueSoon: true }],
  ['screening', { screening: true }],
  ['follow-up', { followUp: true }],
  ['submitted in a month', { submittedFrom: '2026-09-30T16:00:00.000Z', submittedBefore: '2026-10-31T16:00:00.000Z' }],
  ['search', { q: '食堂饭菜' }],
  ['search, keyset', { q: '食堂饭菜', after: cursor }],
  ['state + category + role', { state: 'replied', category: 'fees', role: 'teacher' }],
  ['state + category', { state: 'replied', category: 'fees' }],
  ['category + role', { category: 'fees', role: 'teacher' }],
  ['unit', { unitId: 1 }],
  ['unit + state, keyset', { unitId: 1, state: 'replied', after: cursor }],
  ['search + state', { q: '食堂饭菜', state: 'pending' }],
];

/** Page reads that sort rows instead of reading them in the inbox's order. */
function sortedPages(statements: Explained[]): Explained[] {
  return statements.filter(({ sql, plan }) => /LIMIT @limit/.test(sql) && plan.some((line) => line.includes('TEMP B-TREE FOR ORDER BY')));
}

describe('the query plans of the staff screens', () => {
  it.each(INBOX_FILTERS)('inbox of the 办公室, %s: no whole read of feedback', (_name, filters) => {
    take();
    listInbox(db, office, { ...page, ...filters }, TODAY, '2026-11-27');
    const statements = take();
    expectIndexed(statements);
    // A page is read in the inbox's order from an index, but for a search (it orders its capped
    // matches) and a range of dates (the month's rows, from the index by date).
    if (!filters.q && !filters.submittedFrom) expect(sortedPages(statements).map(({ sql, plan }) => `${sql}\n${plan.join('\n')}`)).toEqual([]);
  });

  it('inbox filtered by unit, and a 经办人\'s inbox (their unit\'s scope as its own query), pages and search', () => {
    take();
    listInbox(db, office, { ...page, unitId: busiestUnit }, TODAY, '2026-11-27');
    const handler: ReaderScope = { allUnits: false, unitId: busiestUnit };
    listInbox(db, handler, page, TODAY, '2026-11-27');
    listInbox(db, handler, { ...page, after: cursor }, TODAY, '2026-11-27');
    listInbox(db, handler, { ...page, q: '食堂饭菜' }, TODAY, '2026-11-27');
    listInbox(db, handler, { ...page, overdue: true }, TODAY, '2026-11-27');
    listInbox(db, handler, { ...page, state: 'replied' }, TODAY, '2026-11-27');
    listInbox(db, handler, { ...page, state: 'assigned', after: cursor }, TODAY, '2026-11-27');
    listInbox(db, handler, { ...page, category: 'fees' }, TODAY, '2026-11-27');
    const statements = take();
    expectIndexed(statements);
    // The scope leads from its own table in the inbox's order (migration 016), never by a
    // correlated look-up per opinion, and no page but the search's sorts its rows.
    expect(statements.some((statement) => statement.plan.some((line) => /USING (COVERING )?INDEX feedback_unit_scope_inbox/.test(line)))).toBe(true);
    expect(statements.some((statement) => statement.plan.some((line) => /USING (COVERING )?INDEX feedback_unit_scope_status/.test(line)))).toBe(true);
    expect(statements.every((statement) => !statement.plan.some((line) => line.startsWith('CORRELATED')))).toBe(true);
    expect(sortedPages(statements.filter(({ sql }) => !sql.includes('feedback_search')))).toEqual([]);
    // The unit filter merges two ranges in the inbox's order.
    expect(statements[0]!.plan.some((line) => line.includes('MERGE'))).toBe(true);
  });

  it('the scope table and the per-unit counters agree with the assignments, through inserts and changes', () => {
    const scopeOf = (unitId: number) =>
      db.prepare<[number], number>('SELECT feedback_id FROM feedback_unit_scope WHERE unit_id = ? ORDER BY feedback_id').pluck().all(unitId);
    const definition = (unitId: number) =>
      db
        .prepare<[number, number], number>(
          "SELECT feedback_id FROM feedback_events WHERE unit_id = ? AND action IN ('assign', 'reassign') UNION SELECT id FROM feedback WHERE assigned_unit_id = ? ORDER BY 1",
        )
        .pluck()
        .all(unitId, unitId);
    const counters = () => db.prepare('SELECT unit_id, status, n FROM feedback_unit_state_counts WHERE n > 0 ORDER BY 1, 2').all();
    const counted = () =>
      db.prepare('SELECT s.unit_id, f.status, count(*) AS n FROM feedback_unit_scope s JOIN feedback f ON f.id = s.feedback_id GROUP BY 1, 2 ORDER BY 1, 2').all();
    const copies = () =>
      db.prepare<[], number>('SELECT count(*) FROM feedback_unit_scope s JOIN feedback f ON f.id = s.feedback_id WHERE s.status IS NOT f.status OR s.inbox_order IS NOT f.inbox_order OR s.submitted_at IS NOT f.submitted_at').pluck().get();
    const units = db.prepare<[], number>('SELECT id FROM units').pluck().all();
    const check = () => {
      for (const unit of units) expect(scopeOf(unit)).toEqual(definition(unit));
      expect(counters()).toEqual(counted());
      expect(copies()).toBe(0);
      expect(db.prepare('SELECT unit_id, n FROM feedback_open_unit_counts WHERE n > 0 ORDER BY 1').all()).toEqual(
        db.prepare("SELECT assigned_unit_id AS unit_id, count(*) AS n FROM feedback WHERE status IN ('assigned', 'in_review') AND assigned_unit_id IS NOT NULL GROUP BY 1 ORDER BY 1").all(),
      );
    };
    check();
    // Reassigned (event and column), answered, reopened with a new due date: the copies follow.
    const id = db.prepare<[], number>("SELECT id FROM feedback WHERE status = 'assigned' LIMIT 1").pluck().get()!;
    const other = units.find((unit) => unit !== db.prepare<[number], number>('SELECT assigned_unit_id FROM feedback WHERE id = ?').pluck().get(id))!;
    db.transaction(() => {
      db.prepare('UPDATE feedback SET assigned_unit_id = ? WHERE id = ?').run(other, id);
      db.prepare("INSERT INTO feedback_events (feedback_id, action, actor_kind, to_status, unit_id, at) VALUES (?, 'reassign', 'system', 'assigned', ?, 't')").run(id, other);
    })();
    db.prepare("UPDATE feedback SET status = 'in_review', reply_draft = '经核查' WHERE id = ?").run(id);
    db.prepare("UPDATE feedback SET reply_due_on = '2026-12-31' WHERE id = ?").run(id);
    check();
    // Answered, then handed back to the 办公室 (no unit), then deleted: the counters follow.
    const another = db.prepare<[number], number>("SELECT id FROM feedback WHERE status = 'in_review' AND id <> ? LIMIT 1").pluck().get(id)!;
    db.prepare("UPDATE feedback SET status = 'replied', reply_text = '已处理', replied_at = 't' WHERE id = ?").run(another);
    db.prepare("UPDATE feedback SET status = 'accepted', assigned_unit_id = NULL, reply_draft = NULL WHERE id = ?").run(id);
    check();
    db.prepare('DELETE FROM feedback WHERE id = ?').run(another);
    check();
    expect(scopeOf(other)).toContain(id);
  });

  it('a search of one or two characters reads the inbox in order and counts at most 1,001 matches', () => {
    take();
    // Every opinion of the fixture names its school (示例县第N学校).
    const result = listInbox(db, office, { ...page, q: '学校' }, TODAY, '2026-11-27');
    const [pageRead, count] = take();
    expect(wholeTableReads(pageRead!)).toEqual([]);
    // The count stops at its limit: the one plan allowed to read rows until it has enough.
    expect(count!.sql).toMatch(/LIMIT 1001\)/);
    expect(result.totalCapped).toBe(true);
    expect(result.total).toBe(1000);
  });

  it('a search of three characters or more lists the newest 1,000 matches in the inbox\'s order, capped; the export reads them all', () => {
    take();
    // Every opinion of the fixture names its county (示例县).
    const result = listInbox(db, office, { ...page, q: '示例县' }, TODAY, '2026-11-27');
    const statements = take();
    expectIndexed(statements);
    expect(statements.every(({ sql }) => /feedback_search MATCH @match ORDER BY rowid DESC LIMIT 5000/.test(sql))).toBe(true);
    expect(result).toMatchObject({ total: 1000, totalCapped: true });
    const newest = db.prepare<[], number>('SELECT id FROM feedback ORDER BY id DESC LIMIT 1 OFFSET 999').pluck().get()!;
    expect(result.rows.filter((row) => row.id < newest)).toEqual([]);
    expect(result.rows.map((row) => row.inboxOrder)).toEqual(result.rows.map((row) => row.inboxOrder).sort());
    // With a filter and a scope, among the newest SEARCH_READ_LIMIT (5,000) matches of the text: here all of them.
    const handler = listInbox(db, { allUnits: false, unitId: busiestUnit }, { ...page, q: '示例县', state: 'replied' }, TODAY, '2026-11-27');
    const inScope = db
      .prepare<[number], number>("SELECT count(*) FROM feedback_unit_scope s JOIN feedback f ON f.id = s.feedback_id WHERE s.unit_id = ? AND f.status = 'replied'")
      .pluck()
      .get(busiestUnit)!;
    expect(handler).toMatchObject({ total: Math.min(inScope, 1000), totalCapped: inScope > 1000 });
    const all = listInbox(db, office, { ...page, pageSize: 100, q: '示例县', allMatches: true }, TODAY, '2026-11-27');
    expect(all).toMatchObject({ total: db.prepare<[], number>('SELECT count(*) FROM feedback').pluck().get(), totalCapped: false });
  });

  it('the dashboard, for the 办公室 and for a 经办人', () => {
    take();
    for (const scope of [office, { allUnits: false, unitId: busiestUnit }]) {
      dashboardCounts(db, scope, TODAY, '2026-11-27');
      countsByState(db, scope);
      countsByUnit(db, scope, TODAY);
    }
    expectIndexed(take());
  });

  it.each<[string, AuditFilters]>([
    ['no filter', {}],
    ['an action and its sub-actions', { action: 'feedback' }],
    ['one action in a month', { action: 'login.failed', from: '2026-09-30T16:00:00.000Z', before: '2026-10-31T16:00:00.000Z' }],
    ['a user', { userId: 1 }],
    ['an object type', { objectType: 'user' }],
  ])('the audit log, %s: no whole read of audit_log', (_name, filters) => {
    take();
    const { total } = listAudit(db, filters, 1, 50);
    expectIndexed(take());
    // The total from the counters (migration 016) or the filter's index is the count of the rows.
    const where = [
      filters.action ? `(action = '${filters.action}' OR action LIKE '${filters.action}.%')` : '1 = 1',
      filters.userId !== undefined ? `actor_user_id = ${filters.userId}` : '1 = 1',
      filters.objectType ? `object_type = '${filters.objectType}'` : '1 = 1',
      filters.from ? `at >= '${filters.from}'` : '1 = 1',
      filters.before ? `at < '${filters.before}'` : '1 = 1',
    ].join(' AND ');
    expect(total).toBe(db.prepare<[], number>(`SELECT count(*) FROM audit_log WHERE ${where}`).pluck().get());
  });
});
