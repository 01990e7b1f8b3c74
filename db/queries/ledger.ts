// The rectification ledger's rows: items, their versions, progress updates, outcomes (categories,
// units and linked opinions: ledger-references.ts; the lists: ledger-lists.ts). No rules here
// (server/domain/ledger-*.ts).
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';
import type { ItemChange, ItemState } from '../../server/domain/ledger-rules.ts';
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
