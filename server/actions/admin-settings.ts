// The 系统管理员's settings as named actions: units, categories with their deadlines, the holiday
// calendar; and the reply templates the 办公室 keeps. Each change is audited in its transaction.
import type { ActionResult } from '../domain/action-result.ts';
import { z } from 'zod';
import type { Db } from '../../db/open.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import { replaceCalendarYear } from '../../db/queries/calendar.ts';
import {
  categoryLabelTaken,
  deleteReplyTemplate,
  findUnitByCodeOrName,
  getReplyTemplate,
  getUnit,
  insertCategoryRow,
  insertReplyTemplate,
  insertUnitRow,
  listCategories,
  unitNameTaken,
  updateCategoryRow,
  updateReplyTemplate,
  updateUnitRow,
} from '../../db/queries/settings.ts';
import { idParam, requiredText } from '../domain/admin-input.ts';
import { CATEGORY_CODE_PATTERN, optional } from '../domain/feedback-input.ts';
import type { StaffUser } from '../domain/staff.ts';
import { UNIT_KINDS } from '../domain/vocabulary.ts';
import type { CalendarYearInput } from '../domain/working-days.ts';

/** The settings' actions answer with the one result type of every action. */
export type SettingsResult<T = undefined> = ActionResult<T>;

function strict<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '请求内容必须是一个 JSON 对象'),
  });
}

const unitKind = z.enum(UNIT_KINDS, { error: '单位类型只能是科室或学校' });
const unitCode = z
  .string({ error: (issue) => (issue.input === undefined ? '请填写单位代码' : '单位代码必须是文字') })
  .regex(/^[A-Za-z0-9_-]{1,32}$/, { error: '单位代码只能由字母、数字、下划线和连字符组成，最多 32 位' });

export const unitCreateSchema = strict({ code: unitCode, name: requiredText('单位名称', 100), kind: unitKind });
export const unitUpdateSchema = strict({ name: optional(requiredText('单位名称', 100)), kind: optional(unitKind) });

const workingDays = (label: string, max: number) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? `请填写${label}` : `${label}必须是数字`) })
    .int({ error: `${label}必须是整数` })
    .min(1, { error: `${label}应为 1 至 ${max} 个工作日` })
    .max(max, { error: `${label}应为 1 至 ${max} 个工作日` });

export const categoryCreateSchema = strict({
  code: z
    .string({ error: (issue) => (issue.input === undefined ? '请填写类别代码' : '类别代码必须是文字') })
    .regex(CATEGORY_CODE_PATTERN, { error: '类别代码须以小写字母开头，只含小写字母、数字和下划线' }),
  label: requiredText('类别名称', 20),
  acceptWorkingDays: workingDays('受理期限', 10),
  replyWorkingDays: workingDays('答复期限', 30),
});
export const categoryUpdateSchema = strict({
  label: optional(requiredText('类别名称', 20)),
  acceptWorkingDays: optional(workingDays('受理期限', 10)),
  replyWorkingDays: optional(workingDays('答复期限', 30)),
  isActive: optional(z.boolean({ error: '是否启用只能是“是”或“否”' })),
});

const templateCategory = z.union([z.null(), z.string().regex(CATEGORY_CODE_PATTERN, { error: '意见类别不在可选范围内' })], {
  error: '意见类别不在可选范围内',
});
/** The unit a template belongs to; null (or absent when created): shared by every unit. */
const templateUnit = z.number({ error: '所属单位必须是单位编号，或留空表示各单位通用' }).int({ error: '所属单位必须是单位编号' }).positive({ error: '所属单位必须是单位编号' }).nullable();

export const templateCreateSchema = strict({
  category: templateCategory,
  unitId: templateUnit.optional(),
  title: requiredText('模板名称', 50),
  body: requiredText('模板内容', 5000),
});
export const templateUpdateSchema = strict({
  category: templateCategory.optional(),
  unitId: templateUnit.optional(),
  title: optional(requiredText('模板名称', 50)),
  body: optional(requiredText('模板内容', 5000)),
});
export const templateIdParams = strict({ id: idParam('模板编号') });

interface Acting {
  actor: StaffUser;
  at: string;
  ipHash?: string | null;
}

function audit(db: Db, acting: Acting, objectType: string, objectId: number | null, action: string, details?: Record<string, unknown>): void {
  recordAudit(db, { actorKind: 'user', actorUserId: acting.actor.id, objectType, objectId, action, details: details ?? null, ipHash: acting.ipHash ?? null, at: acting.at });
}

export function createUnit(db: Db, input: z.output<typeof unitCreateSchema>, acting: Acting): SettingsResult<{ id: number }> {
  return db.transaction((): SettingsResult<{ id: number }> => {
    const existing = findUnitByCodeOrName(db, input.code, input.name);
    if (existing) {
      return existing.code === input.code
        ? { ok: false, error: 'invalid', field: 'code', message: '单位代码已被使用' }
        : { ok: false, error: 'invalid', field: 'name', message: '已有同名单位' };
    }
    const id = insertUnitRow(db, input, acting.at);
    audit(db, acting, 'unit', id, 'unit.create', { code: input.code, name: input.name, kind: input.kind });
    return { ok: true, value: { id } };
  }).immediate();
}

export function updateUnit(db: Db, id: number, input: z.output<typeof unitUpdateSchema>, acting: Acting): SettingsResult {
  return db.transaction((): SettingsResult => {
    const unit = getUnit(db, id);
    if (!unit) return { ok: false, error: 'not_found', message: '单位不存在' };
    if (input.name !== undefined && unitNameTaken(db, input.name, id)) return { ok: false, error: 'invalid', field: 'name', message: '已有同名单位' };
    updateUnitRow(db, id, input);
    audit(db, acting, 'unit', id, 'unit.update', { before: { name: unit.name, kind: unit.kind }, after: input });
    return { ok: true, value: undefined };
  }).immediate();
}

export function createCategory(db: Db, input: z.output<typeof categoryCreateSchema>, acting: Acting): SettingsResult {
  return db.transaction((): SettingsResult => {
    if (listCategories(db).some((category) => category.code === input.code)) return { ok: false, error: 'invalid', field: 'code', message: '类别代码已被使用' };
    if (categoryLabelTaken(db, input.label, input.code)) return { ok: false, error: 'invalid', field: 'label', message: '已有同名类别' };
    insertCategoryRow(db, input);
    audit(db, acting, 'category', null, 'category.create', input);
    return { ok: true, value: undefined };
  }).immediate();
}

export function updateCategory(db: Db, code: string, input: z.output<typeof categoryUpdateSchema>, acting: Acting): SettingsResult {
  return db.transaction((): SettingsResult => {
    const category = listCategories(db).find((candidate) => candidate.code === code);
    if (!category) return { ok: false, error: 'not_found', message: '意见类别不存在' };
    if (input.label !== undefined && categoryLabelTaken(db, input.label, code)) return { ok: false, error: 'invalid', field: 'label', message: '已有同名类别' };
    if (input.isActive === false && listCategories(db).filter((candidate) => candidate.isActive && candidate.code !== code).length === 0) {
      return { ok: false, error: 'conflict', message: '至少要保留一个启用的意见类别' };
    }
    updateCategoryRow(db, code, input);
    audit(db, acting, 'category', null, 'category.update', { code, before: category, after: input });
    return { ok: true, value: undefined };
  }).immediate();
}

/** Replaces a year of the holiday table (the input was checked by calendarYearInputSchema). */
export function saveCalendarYear(db: Db, input: CalendarYearInput, acting: Acting): SettingsResult {
  return db.transaction((): SettingsResult => {
    replaceCalendarYear(db, input.year, input.notice, input.days, acting.actor.id, acting.at);
    audit(db, acting, 'calendar', input.year, 'calendar.save', { year: input.year, notice: input.notice, days: input.days.length });
    return { ok: true, value: undefined };
  }).immediate();
}

export function createReplyTemplate(db: Db, input: z.output<typeof templateCreateSchema>, acting: Acting): SettingsResult<{ id: number }> {
  return db.transaction((): SettingsResult<{ id: number }> => {
    if (input.category !== null && !listCategories(db).some((category) => category.code === input.category)) {
      return { ok: false, error: 'invalid', field: 'category', message: '意见类别不在可选范围内' };
    }
    if (input.unitId != null && !getUnit(db, input.unitId)) return { ok: false, error: 'invalid', field: 'unitId', message: '所属单位不存在' };
    const id = insertReplyTemplate(db, input, acting.at);
    audit(db, acting, 'reply_template', id, 'template.create', { title: input.title, unitId: input.unitId ?? null });
    return { ok: true, value: { id } };
  }).immediate();
}

export function changeReplyTemplate(db: Db, id: number, input: z.output<typeof templateUpdateSchema>, acting: Acting): SettingsResult {
  return db.transaction((): SettingsResult => {
    if (!getReplyTemplate(db, id)) return { ok: false, error: 'not_found', message: '模板不存在' };
    if (input.category != null && !listCategories(db).some((category) => category.code === input.category)) {
      return { ok: false, error: 'invalid', field: 'category', message: '意见类别不在可选范围内' };
    }
    if (input.unitId != null && !getUnit(db, input.unitId)) return { ok: false, error: 'invalid', field: 'unitId', message: '所属单位不存在' };
    updateReplyTemplate(db, id, input, acting.at);
    audit(db, acting, 'reply_template', id, 'template.update', { title: input.title });
    return { ok: true, value: undefined };
  }).immediate();
}

export function removeReplyTemplate(db: Db, id: number, acting: Acting): SettingsResult {
  return db.transaction((): SettingsResult => {
    const template = getReplyTemplate(db, id);
    if (!template) return { ok: false, error: 'not_found', message: '模板不存在' };
    deleteReplyTemplate(db, id);
    audit(db, acting, 'reply_template', id, 'template.delete', { title: template.title });
    return { ok: true, value: undefined };
  }).immediate();
}
