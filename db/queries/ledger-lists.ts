// The ledger's lists: what the admin app's item list and the export read.
import type { Db } from '../open.ts';
import { likeLiteral, statement } from '../statements.ts';
import { overdueSql } from '../../server/domain/ledger-rules.ts';
import type { ItemStatus } from '../../server/domain/vocabulary.ts';
import type { ItemRecord, OutcomeRow } from './ledger.ts';

export interface ItemListFilters {
  q?: string | undefined;
  status?: ItemStatus | undefined;
  category?: string | undefined;
  unitId?: number | undefined;
  overdue?: boolean | undefined;
  published?: boolean | undefined;
}

export interface ItemListRow {
  id: number;
  code: string;
  title: string;
  category: string;
  categoryLabel: string;
  unitId: number | null;
  unitName: string | null;
  deadline: string | null;
  status: ItemStatus;
  progress: number;
  isPublished: boolean;
  version: number;
  updatedAt: string;
}

function listWhere(filters: ItemListFilters, today: string): { sql: string; params: Record<string, unknown> } {
  const where = ['1 = 1'];
  const params: Record<string, unknown> = { today };
  if (filters.q) {
    where.push("(i.code LIKE @q ESCAPE '\\' OR i.title LIKE @q ESCAPE '\\' OR i.problem LIKE @q ESCAPE '\\')");
    params.q = `%${likeLiteral(filters.q)}%`;
  }
  if (filters.status) {
    where.push('i.status = @status');
    params.status = filters.status;
  }
  if (filters.category) {
    where.push('i.category = @category');
    params.category = filters.category;
  }
  if (filters.unitId !== undefined) {
    where.push('i.responsible_unit_id = @unitId');
    params.unitId = filters.unitId;
  }
  if (filters.overdue !== undefined) where.push(filters.overdue ? overdueSql('i') : `NOT ${overdueSql('i')}`);
  if (filters.published !== undefined) {
    where.push('i.is_published = @published');
    params.published = filters.published ? 1 : 0;
  }
  return { sql: where.join(' AND '), params };
}

export function listItems(db: Db, filters: ItemListFilters, today: string, page: number, pageSize: number): { rows: ItemListRow[]; total: number } {
  const { sql, params } = listWhere(filters, today);
  const rows = statement<[Record<string, unknown>], Omit<ItemListRow, 'isPublished'> & { isPublished: number }>(
    db,
    `SELECT i.id, i.code, i.title, i.category, c.label AS categoryLabel, i.responsible_unit_id AS unitId, u.name AS unitName, i.deadline,
       i.status, i.progress, i.is_published AS isPublished, i.version, i.updated_at AS updatedAt
     FROM rectification_items i JOIN item_categories c ON c.code = i.category LEFT JOIN units u ON u.id = i.responsible_unit_id
     WHERE ${sql} ORDER BY i.sort_order, i.code LIMIT @limit OFFSET @offset`,
  )
    .all({ ...params, limit: pageSize, offset: (page - 1) * pageSize })
    .map((row) => ({ ...row, isPublished: row.isPublished === 1 }));
  const total = statement<[Record<string, unknown>], { n: number }>(db, `SELECT count(*) AS n FROM rectification_items i WHERE ${sql}`).get(params)!.n;
  return { rows, total };
}

export function countItems(db: Db): number {
  return statement<[], { n: number }>(db, 'SELECT count(*) AS n FROM rectification_items').get()!.n;
}

/** Every item in ledger order, for the export (one at a time). */
export function iterateItemRecords(db: Db): IterableIterator<ItemRecord> {
  return statement<[], ItemRecord>(db, 'SELECT * FROM rectification_items ORDER BY sort_order, code').iterate();
}

/** All outcomes grouped by item id, for the export. */
export function outcomesByItem(db: Db): Map<number, OutcomeRow[]> {
  const map = new Map<number, OutcomeRow[]>();
  for (const row of statement<[], OutcomeRow & { itemId: number }>(
    db,
    'SELECT item_id AS itemId, id, title, kind, issued_on AS issuedOn, url FROM item_outcomes ORDER BY item_id, issued_on, id',
  ).all()) {
    const { itemId, ...outcome } = row;
    const list = map.get(itemId) ?? [];
    list.push(outcome);
    map.set(itemId, list);
  }
  return map;
}

/** An item as a sheet without codes may name it: its code, problem text and the keys of its last sheet. */
export interface ItemSheetIdentity {
  id: number;
  code: string;
  problem: string;
  seq: string | null;
  problemKey: string | null;
}

export function listItemSheetIdentities(db: Db): ItemSheetIdentity[] {
  return statement<[], ItemSheetIdentity>(
    db,
    `SELECT i.id, i.code, i.problem, k.seq, k.problem_key AS problemKey
     FROM rectification_items i LEFT JOIN item_sheet_keys k ON k.item_id = i.id ORDER BY i.id`,
  ).all();
}

export function saveItemSheetKey(db: Db, key: { itemId: number; seq: string | null; problemKey: string; fileName: string; at: string }): void {
  statement(
    db,
    `INSERT INTO item_sheet_keys (item_id, seq, problem_key, file_name, updated_at) VALUES (@itemId, @seq, @problemKey, @fileName, @at)
     ON CONFLICT (item_id) DO UPDATE SET seq = excluded.seq, problem_key = excluded.problem_key, file_name = excluded.file_name, updated_at = excluded.updated_at`,
  ).run(key);
}
