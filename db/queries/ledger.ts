// The rectification ledger's rows: items, their versions, progress updates, outcomes, categories,
// and the lists the admin app and the export read. No rules here (server/domain/ledger-*.ts).
import type { Db } from '../open.ts';
import { likeLiteral, statement } from '../statements.ts';
import { type ItemChange, type ItemState, overdueSql } from '../../server/domain/ledger-rules.ts';
import type { ItemSource, ItemStatus, OutcomeKind } from '../../server/domain/vocabulary.ts';

export interface ItemRecord {
  id: number;
  code: string;
  title: string;
  problem: string;
  category: string;
  source: ItemSource;
  responsible_unit_id: number | null;
  leader_name: string;
  leader_post: string;
  measures: string;
  deadline: string | null;
  is_long_term: 0 | 1;
  status: ItemStatus;
  progress: number;
  completed_on: string | null;
  progress_summary: string;
  is_published: 0 | 1;
  source_feedback_id: number | null;
  sort_order: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export function getItemRecord(db: Db, id: number): ItemRecord | undefined {
  return statement<[number], ItemRecord>(db, 'SELECT * FROM rectification_items WHERE id = ?').get(id);
}

export function getItemRecordByCode(db: Db, code: string): ItemRecord | undefined {
  return statement<[string], ItemRecord>(db, 'SELECT * FROM rectification_items WHERE code = ? COLLATE NOCASE').get(code);
}

export function itemStateOf(record: ItemRecord): ItemState {
  return {
    code: record.code,
    title: record.title,
    problem: record.problem,
    category: record.category,
    source: record.source,
    unitId: record.responsible_unit_id,
    leaderName: record.leader_name,
    leaderPost: record.leader_post,
    measures: record.measures,
    deadline: record.deadline,
    status: record.status,
    progress: record.progress,
    completedOn: record.completed_on,
    progressSummary: record.progress_summary,
    isPublished: record.is_published === 1,
  };
}

function rowParams(state: ItemState) {
  return {
    code: state.code,
    title: state.title,
    problem: state.problem,
    category: state.category,
    source: state.source,
    unitId: state.unitId,
    leaderName: state.leaderName,
    leaderPost: state.leaderPost,
    measures: state.measures,
    deadline: state.deadline,
    isLongTerm: state.deadline === null ? 1 : 0,
    status: state.status,
    progress: state.progress,
    completedOn: state.completedOn,
    progressSummary: state.progressSummary,
    isPublished: state.isPublished ? 1 : 0,
  };
}

export function insertItemRecord(db: Db, state: ItemState, extra: { sourceFeedbackId: number | null; at: string }): number {
  const sortOrder = statement<[], { next: number }>(db, 'SELECT coalesce(max(sort_order), 0) + 1 AS next FROM rectification_items').get()!.next;
  return Number(
    statement(
      db,
      `INSERT INTO rectification_items (code, title, problem, category, source, responsible_unit_id, leader_name, leader_post, measures,
         deadline, is_long_term, status, progress, completed_on, progress_summary, is_published, source_feedback_id, sort_order, version,
         created_at, updated_at)
       VALUES (@code, @title, @problem, @category, @source, @unitId, @leaderName, @leaderPost, @measures, @deadline, @isLongTerm, @status,
         @progress, @completedOn, @progressSummary, @isPublished, @sourceFeedbackId, @sortOrder, 1, @at, @at)`,
    ).run({ ...rowParams(state), sourceFeedbackId: extra.sourceFeedbackId, sortOrder, at: extra.at }).lastInsertRowid,
  );
}

/** Writes the state and bumps the version; returns the new version. */
export function updateItemRecord(db: Db, id: number, state: ItemState, at: string): number {
  return statement<[Record<string, unknown>], { version: number }>(
    db,
    `UPDATE rectification_items SET title = @title, problem = @problem, category = @category, source = @source,
       responsible_unit_id = @unitId, leader_name = @leaderName, leader_post = @leaderPost, measures = @measures, deadline = @deadline,
       is_long_term = @isLongTerm, status = @status, progress = @progress, completed_on = @completedOn,
       progress_summary = @progressSummary, is_published = @isPublished, version = version + 1, updated_at = @at
     WHERE id = @id RETURNING version`,
  ).get({ ...rowParams(state), id, at })!.version;
}

/** A change that leaves the item's fields alone (an outcome added) still bumps its version. */
export function touchItemRecord(db: Db, id: number, at: string): number {
  return statement<[{ id: number; at: string }], { version: number }>(
    db,
    'UPDATE rectification_items SET version = version + 1, updated_at = @at WHERE id = @id RETURNING version',
  ).get({ id, at })!.version;
}

export type VersionAction =
  | 'create'
  | 'update'
  | 'progress'
  | 'outcome'
  | 'publish'
  | 'withdraw'
  | 'import'
  | 'from_feedback'
  | 'migrate'
  | 'outcome_removed'
  | 'update_withdrawn';

export interface VersionInsert {
  itemId: number;
  version: number;
  action: VersionAction;
  actorUserId: number | null;
  state: ItemState;
  changes: ItemChange[];
  note: string | null;
  at: string;
}

export function insertItemVersion(db: Db, entry: VersionInsert): void {
  statement(
    db,
    `INSERT INTO item_versions (item_id, version, action, actor_kind, actor_user_id, data, changes, note, at)
     VALUES (@itemId, @version, @action, @actorKind, @actorUserId, @data, @changes, @note, @at)`,
  ).run({
    itemId: entry.itemId,
    version: entry.version,
    action: entry.action,
    actorKind: entry.actorUserId === null ? 'system' : 'user',
    actorUserId: entry.actorUserId,
    data: JSON.stringify(entry.state),
    changes: JSON.stringify(entry.changes),
    note: entry.note,
    at: entry.at,
  });
}

export interface VersionRow {
  version: number;
  action: VersionAction;
  actorName: string | null;
  changes: ItemChange[];
  note: string | null;
  at: string;
}

export function listItemVersions(db: Db, itemId: number): VersionRow[] {
  return statement<[number], Omit<VersionRow, 'changes'> & { changes: string }>(
    db,
    `SELECT v.version, v.action, u.display_name AS actorName, v.changes, v.note, v.at
     FROM item_versions v LEFT JOIN users u ON u.id = v.actor_user_id WHERE v.item_id = ? ORDER BY v.version`,
  )
    .all(itemId)
    .map((row) => ({ ...row, changes: JSON.parse(row.changes) as ItemChange[] }));
}

export interface UpdateRow {
  id: number;
  date: string;
  content: string;
  progress: number | null;
  status: ItemStatus | null;
  authorName: string | null;
  createdAt: string;
  /** False once withdrawn: kept for the record, off the public pages. */
  isPublished: boolean;
}

export function insertItemUpdate(
  db: Db,
  update: { itemId: number; date: string; content: string; progress: number; status: ItemStatus; createdBy: number | null; at: string },
): number {
  return Number(
    statement(
      db,
      `INSERT INTO item_updates (item_id, happened_on, content, progress, status_after, is_published, created_by, created_at)
       VALUES (@itemId, @date, @content, @progress, @status, 1, @createdBy, @at)`,
    ).run(update).lastInsertRowid,
  );
}

export function listItemUpdates(db: Db, itemId: number): UpdateRow[] {
  return statement<[number], Omit<UpdateRow, 'isPublished'> & { isPublished: number }>(
    db,
    `SELECT iu.id, iu.happened_on AS date, iu.content, iu.progress, iu.status_after AS status, u.display_name AS authorName,
       iu.created_at AS createdAt, iu.is_published = 1 AS isPublished
     FROM item_updates iu LEFT JOIN users u ON u.id = iu.created_by WHERE iu.item_id = ? ORDER BY iu.happened_on, iu.id`,
  )
    .all(itemId)
    .map((row) => ({ ...row, isPublished: Boolean(row.isPublished) }));
}

/** One progress update of one item (undefined when the id is another item's). */
export function getItemUpdate(db: Db, itemId: number, id: number): { id: number; date: string; isPublished: boolean } | undefined {
  const row = statement<[number, number], { id: number; date: string; isPublished: number }>(
    db,
    'SELECT id, happened_on AS date, is_published AS isPublished FROM item_updates WHERE item_id = ? AND id = ?',
  ).get(itemId, id);
  return row && { ...row, isPublished: row.isPublished === 1 };
}

/** Takes a progress update off the public pages; the row stays for the record. */
export function withdrawItemUpdateRow(db: Db, id: number): void {
  statement(db, 'UPDATE item_updates SET is_published = 0 WHERE id = ?').run(id);
}

export interface OutcomeRow {
  id: number;
  title: string;
  kind: OutcomeKind;
  issuedOn: string;
  url: string | null;
}

export function listItemOutcomes(db: Db, itemId: number): OutcomeRow[] {
  return statement<[number], OutcomeRow>(
    db,
    'SELECT id, title, kind, issued_on AS issuedOn, url FROM item_outcomes WHERE item_id = ? ORDER BY issued_on, id',
  ).all(itemId);
}

export function findItemOutcome(db: Db, itemId: number, title: string): OutcomeRow | undefined {
  return statement<[number, string], OutcomeRow>(
    db,
    'SELECT id, title, kind, issued_on AS issuedOn, url FROM item_outcomes WHERE item_id = ? AND title = ?',
  ).get(itemId, title);
}

/** One outcome of one item (undefined when the id is another item's). */
export function getItemOutcome(db: Db, itemId: number, id: number): OutcomeRow | undefined {
  return statement<[number, number], OutcomeRow>(
    db,
    'SELECT id, title, kind, issued_on AS issuedOn, url FROM item_outcomes WHERE item_id = ? AND id = ?',
  ).get(itemId, id);
}

export function deleteItemOutcome(db: Db, id: number): void {
  statement(db, 'DELETE FROM item_outcomes WHERE id = ?').run(id);
}

export function insertItemOutcome(
  db: Db,
  outcome: { itemId: number; title: string; kind: OutcomeKind; issuedOn: string; url: string | null; createdBy: number | null; at: string },
): number {
  return Number(
    statement(
      db,
      `INSERT INTO item_outcomes (item_id, title, kind, issued_on, url, created_by, created_at)
       VALUES (@itemId, @title, @kind, @issuedOn, @url, @createdBy, @at)`,
    ).run(outcome).lastInsertRowid,
  );
}

export function updateItemOutcome(db: Db, id: number, outcome: { kind: OutcomeKind; issuedOn: string; url: string | null }): void {
  statement(db, 'UPDATE item_outcomes SET kind = @kind, issued_on = @issuedOn, url = @url WHERE id = @id').run({ ...outcome, id });
}

// ---------------------------------------------------------------------------------------------
// Categories

export interface ItemCategoryRow {
  code: string;
  label: string;
  isActive: boolean;
  sortOrder: number;
}

export function listItemCategories(db: Db): ItemCategoryRow[] {
  return statement<[], { code: string; label: string; isActive: number; sortOrder: number }>(
    db,
    'SELECT code, label, is_active AS isActive, sort_order AS sortOrder FROM item_categories ORDER BY sort_order, code',
  )
    .all()
    .map((row) => ({ ...row, isActive: row.isActive === 1 }));
}

export function insertItemCategory(db: Db, category: { code: string; label: string }): void {
  statement(
    db,
    'INSERT INTO item_categories (code, label, sort_order) VALUES (@code, @label, (SELECT coalesce(max(sort_order), 0) + 1 FROM item_categories))',
  ).run(category);
}

export function updateItemCategory(db: Db, code: string, change: { label?: string | undefined; isActive?: boolean | undefined }): void {
  statement(
    db,
    `UPDATE item_categories SET label = coalesce(@label, label), is_active = coalesce(@isActive, is_active) WHERE code = @code`,
  ).run({ code, label: change.label ?? null, isActive: change.isActive === undefined ? null : change.isActive ? 1 : 0 });
}

// ---------------------------------------------------------------------------------------------
// Units, opinions

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

export function listUnitRefs(db: Db): UnitRef[] {
  return statement<[], UnitRef>(db, 'SELECT id, code, name FROM units ORDER BY kind, sort_order, code').all();
}

export interface FeedbackLinkRecord {
  id: number;
  tracking_code: string;
  status: string;
  item_id: number | null;
  category: string;
  assigned_unit_id: number | null;
  unit_id: number | null;
  content: string;
  public_content: string | null;
  /** Only for masking the name in a suggested problem text; never shown. */
  contact_name: string | null;
  version: number;
}

export function getFeedbackForLink(db: Db, id: number): FeedbackLinkRecord | undefined {
  return statement<[number], FeedbackLinkRecord>(
    db,
    `SELECT id, tracking_code, status, item_id, category, assigned_unit_id, unit_id, content, public_content, contact_name, version
     FROM feedback WHERE id = ?`,
  ).get(id);
}

/** Points the opinion at its item; a change of the opinion, so its version moves on too. */
export function linkFeedbackToItem(db: Db, feedbackId: number, itemId: number, at: string): void {
  statement(db, 'UPDATE feedback SET item_id = @itemId, version = version + 1, updated_at = @at WHERE id = @feedbackId').run({ feedbackId, itemId, at });
}

export interface LinkedFeedbackRow {
  id: number;
  trackingCode: string;
  status: string;
  publication: string;
  submittedAt: string;
}

export function listFeedbackOfItem(db: Db, itemId: number): LinkedFeedbackRow[] {
  return statement<[number], LinkedFeedbackRow>(
    db,
    `SELECT id, tracking_code AS trackingCode, status, publication, submitted_at AS submittedAt FROM feedback WHERE item_id = ? ORDER BY submitted_at`,
  ).all(itemId);
}

// ---------------------------------------------------------------------------------------------
// Lists

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
