// Units, categories and reply templates as the 系统管理员 and the 办公室 maintain them.
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export interface UnitRow {
  id: number;
  code: string;
  name: string;
  kind: 'department' | 'school';
}

export function listUnits(db: Db): UnitRow[] {
  return statement<[], UnitRow>(db, 'SELECT id, code, name, kind FROM units ORDER BY kind, sort_order, code').all();
}

export function getUnit(db: Db, id: number): UnitRow | undefined {
  return statement<[number], UnitRow>(db, 'SELECT id, code, name, kind FROM units WHERE id = ?').get(id);
}

export function findUnitByCodeOrName(db: Db, code: string, name: string): UnitRow | undefined {
  return statement<[string, string], UnitRow>(db, 'SELECT id, code, name, kind FROM units WHERE code = ? OR name = ?').get(code, name);
}

export function insertUnitRow(db: Db, unit: Omit<UnitRow, 'id'>, at: string): number {
  const sort = statement<[], { n: number }>(db, 'SELECT coalesce(max(sort_order), 0) + 1 AS n FROM units').get()!.n;
  return Number(
    statement(db, 'INSERT INTO units (code, name, kind, sort_order, created_at) VALUES (?, ?, ?, ?, ?)').run(unit.code, unit.name, unit.kind, sort, at)
      .lastInsertRowid,
  );
}

export function updateUnitRow(db: Db, id: number, changes: { name?: string | undefined; kind?: 'department' | 'school' | undefined }): void {
  statement(db, 'UPDATE units SET name = coalesce(@name, name), kind = coalesce(@kind, kind) WHERE id = @id').run({
    id,
    name: changes.name ?? null,
    kind: changes.kind ?? null,
  });
}

export function unitNameTaken(db: Db, name: string, exceptId: number): boolean {
  return statement<[string, number], { one: number }>(db, 'SELECT 1 AS one FROM units WHERE name = ? AND id <> ?').get(name, exceptId) !== undefined;
}

export interface CategoryRow {
  code: string;
  label: string;
  acceptWorkingDays: number;
  replyWorkingDays: number;
  isActive: boolean;
}

export function listCategories(db: Db): CategoryRow[] {
  return statement<[], { code: string; label: string; acceptWorkingDays: number; replyWorkingDays: number; isActive: 0 | 1 }>(
    db,
    `SELECT code, label, accept_working_days AS acceptWorkingDays, reply_working_days AS replyWorkingDays, is_active AS isActive
     FROM feedback_categories ORDER BY sort_order, code`,
  )
    .all()
    .map((row) => ({ ...row, isActive: row.isActive === 1 }));
}

export function insertCategoryRow(db: Db, category: Omit<CategoryRow, 'isActive'>): void {
  const sort = statement<[], { n: number }>(db, 'SELECT coalesce(max(sort_order), 0) + 1 AS n FROM feedback_categories').get()!.n;
  statement(
    db,
    'INSERT INTO feedback_categories (code, label, accept_working_days, reply_working_days, sort_order) VALUES (@code, @label, @acceptWorkingDays, @replyWorkingDays, @sort)',
  ).run({ ...category, sort });
}

export function updateCategoryRow(db: Db, code: string, changes: Partial<Omit<CategoryRow, 'code'>>): void {
  statement(
    db,
    `UPDATE feedback_categories SET label = coalesce(@label, label), accept_working_days = coalesce(@accept, accept_working_days),
       reply_working_days = coalesce(@reply, reply_working_days), is_active = coalesce(@active, is_active) WHERE code = @code`,
  ).run({
    code,
    label: changes.label ?? null,
    accept: changes.acceptWorkingDays ?? null,
    reply: changes.replyWorkingDays ?? null,
    active: changes.isActive === undefined ? null : changes.isActive ? 1 : 0,
  });
}

export function categoryLabelTaken(db: Db, label: string, exceptCode: string): boolean {
  return statement<[string, string], { one: number }>(db, 'SELECT 1 AS one FROM feedback_categories WHERE label = ? AND code <> ?').get(label, exceptCode) !== undefined;
}

export interface ReplyTemplateRow {
  id: number;
  category: string | null;
  categoryLabel: string | null;
  /** The unit whose own template this is; null: shared by every unit. */
  unitId: number | null;
  unitName: string | null;
  title: string;
  body: string;
}

const TEMPLATE_COLUMNS = `t.id, t.category, c.label AS categoryLabel, t.unit_id AS unitId, u.name AS unitName, t.title, t.body
  FROM reply_templates t LEFT JOIN feedback_categories c ON c.code = t.category LEFT JOIN units u ON u.id = t.unit_id`;

/**
 * Templates for a category (its own and the general ones) and for a unit: `unitId` a number offers
 * that unit's own templates and the shared ones; null offers only the shared ones; undefined all.
 */
export function listReplyTemplates(db: Db, category?: string, unitId?: number | null): ReplyTemplateRow[] {
  return statement<[{ category: string | null; anyUnit: number; unitId: number | null }], ReplyTemplateRow>(
    db,
    `SELECT ${TEMPLATE_COLUMNS}
     WHERE (@category IS NULL OR t.category = @category OR t.category IS NULL)
       AND (@anyUnit = 1 OR t.unit_id IS NULL OR t.unit_id = @unitId)
     ORDER BY t.unit_id IS NULL, t.category IS NULL, t.category, t.sort_order, t.id`,
  ).all({ category: category ?? null, anyUnit: unitId === undefined ? 1 : 0, unitId: unitId ?? null });
}

export function getReplyTemplate(db: Db, id: number): ReplyTemplateRow | undefined {
  return statement<[number], ReplyTemplateRow>(db, `SELECT ${TEMPLATE_COLUMNS} WHERE t.id = ?`).get(id);
}

export function insertReplyTemplate(db: Db, template: { category: string | null; unitId?: number | null | undefined; title: string; body: string }, at: string): number {
  return Number(
    statement(db, 'INSERT INTO reply_templates (category, unit_id, title, body, updated_at) VALUES (@category, @unitId, @title, @body, @at)').run({
      category: template.category,
      unitId: template.unitId ?? null,
      title: template.title,
      body: template.body,
      at,
    }).lastInsertRowid,
  );
}

export function updateReplyTemplate(
  db: Db,
  id: number,
  template: { category?: string | null | undefined; unitId?: number | null | undefined; title?: string | undefined; body?: string | undefined },
  at: string,
): void {
  statement(
    db,
    `UPDATE reply_templates SET category = CASE WHEN @setCategory = 1 THEN @category ELSE category END,
       unit_id = CASE WHEN @setUnit = 1 THEN @unitId ELSE unit_id END,
       title = coalesce(@title, title), body = coalesce(@body, body), updated_at = @at WHERE id = @id`,
  ).run({
    id,
    setCategory: template.category === undefined ? 0 : 1,
    category: template.category ?? null,
    setUnit: template.unitId === undefined ? 0 : 1,
    unitId: template.unitId ?? null,
    title: template.title ?? null,
    body: template.body ?? null,
    at,
  });
}

export function deleteReplyTemplate(db: Db, id: number): void {
  statement(db, 'DELETE FROM reply_templates WHERE id = ?').run(id);
}
