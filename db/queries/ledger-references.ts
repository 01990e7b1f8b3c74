// The ledger's references: its problem categories, the units an item can name, and the opinions
// linked to an item.
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

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
