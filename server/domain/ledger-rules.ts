// The ledger's rules without a database: what an item is, when it is overdue, what counts as a
// change and which changes the public may see. Used by the named actions, the import, the public
// snapshot and the site.
import type { StaffRole } from './staff.ts';
import { ITEM_SOURCE_LABELS, ITEM_STATUS_LABELS, type ItemSource, type ItemStatus } from './vocabulary.ts';

/** Who may turn an opinion into a ledger item (source 群众点题). */
export const FROM_FEEDBACK_ROLES: readonly StaffRole[] = ['office', 'ledger'];

/** Opinions in these states may become a ledger item: accepted, and not declined or withdrawn. */
export const LINKABLE_FEEDBACK_STATES: readonly string[] = ['accepted', 'assigned', 'in_review', 'replied'];

/** One ledger item as the actions see it; the JSON stored in item_versions.data has this shape. */
export interface ItemState {
  code: string;
  title: string;
  problem: string;
  /** A code of item_categories. */
  category: string;
  source: ItemSource;
  unitId: number | null;
  leaderName: string;
  leaderPost: string;
  measures: string;
  /** YYYY-MM-DD, or null for 长期坚持 (no end date). */
  deadline: string | null;
  status: ItemStatus;
  progress: number;
  completedOn: string | null;
  /** 完成情况 / 整改进展 in the sheet's words. */
  progressSummary: string;
  isPublished: boolean;
}

export type ItemField = keyof ItemState;

export const ITEM_FIELD_LABELS: Record<ItemField, string> = {
  code: '编号',
  title: '标题',
  problem: '问题描述',
  category: '问题类别',
  source: '问题来源',
  unitId: '责任单位',
  leaderName: '责任领导',
  leaderPost: '领导职务',
  measures: '整改措施',
  deadline: '整改时限',
  status: '整改状态',
  progress: '整改进度',
  completedOn: '完成时间',
  progressSummary: '完成情况',
  isPublished: '是否公开',
};

/** Fields the public site shows; a change to any of them appears in the item's public history. */
export const PUBLIC_ITEM_FIELDS: readonly ItemField[] = [
  'title',
  'problem',
  'category',
  'source',
  'unitId',
  'leaderName',
  'leaderPost',
  'measures',
  'deadline',
  'status',
  'progress',
  'completedOn',
  'progressSummary',
];

/**
 * Long texts: the public history says that they changed, not what they said before. An item may
 * have been withdrawn because of what such a text said; its old wording must not come back.
 */
export const TEXT_ONLY_CHANGE_FIELDS: readonly ItemField[] = ['title', 'problem', 'measures', 'progressSummary'];

export const LONG_TERM_LABEL = '长期坚持';

/** Letters, digits, '.', '_' and '-' (codes appear in addresses such as /ledger/ZG-2026-001/). */
export const ITEM_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
/** Path segments the public ledger uses for its own pages; no item may be called like them. */
export const RESERVED_ITEM_CODES: readonly string[] = ['status', 'unit', 'category', 'source', 'overdue', 'outcomes', 'table', 'print', 'index'];

export function itemCodeProblem(code: string): string | null {
  if (!ITEM_CODE_PATTERN.test(code)) return '编号只能由字母、数字、“-”“_”“.”组成，以字母或数字开头，最多 32 位（如 ZG-2026-001）';
  if (/^\d+$/.test(code)) return `编号“${code}”只有数字，像是序号；请使用能长期标识事项的编号，如 ZG-2026-${code.padStart(3, '0')}`;
  if (RESERVED_ITEM_CODES.includes(code.toLowerCase())) return `“${code}”是台账页面使用的保留字，不能作为编号`;
  return null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1990 || year > 2100) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * 逾期: past its deadline and not 已完成, on the bureau's calendar date `today` (YYYY-MM-DD). An
 * item due today is not overdue yet; a 长期坚持 item has no deadline and is never overdue.
 */
export function isItemOverdue(item: { deadline: string | null; status: ItemStatus }, today: string): boolean {
  return item.deadline !== null && item.status !== 'completed' && item.deadline < today;
}

/** The same rule as a SQL condition over rectification_items (or its alias), with the parameter @today. */
export function overdueSql(alias = ''): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return `(${column('deadline')} IS NOT NULL AND ${column('status')} <> 'completed' AND ${column('deadline')} < @today)`;
}

/** Where the rules of one item disagree with each other; field and message, or null. */
export function itemConsistencyProblem(item: Pick<ItemState, 'status' | 'progress' | 'completedOn'>): { field: ItemField; message: string } | null {
  if (item.status === 'completed' && item.progress !== 100) return { field: 'progress', message: '整改状态为“已完成”时，整改进度应为 100%' };
  if (item.status !== 'completed' && item.completedOn !== null) return { field: 'completedOn', message: '只有“已完成”的事项才有完成时间' };
  return null;
}

/** One change of one field, as stored in item_versions.changes. Units are stored by name. */
export interface ItemChange {
  field: ItemField | 'outcome' | 'update';
  from: string | number | boolean | null;
  to: string | number | boolean | null;
}

/** The fields that differ between two states; `unitName` turns unit ids into names. */
export function diffItemStates(before: ItemState, after: ItemState, unitName: (id: number | null) => string | null): ItemChange[] {
  const changes: ItemChange[] = [];
  for (const field of Object.keys(ITEM_FIELD_LABELS) as ItemField[]) {
    if (before[field] === after[field]) continue;
    if (field === 'unitId') changes.push({ field, from: unitName(before.unitId), to: unitName(after.unitId) });
    else changes.push({ field, from: before[field], to: after[field] });
  }
  return changes;
}

/** A value of a field as people read it: 长期坚持 for no deadline, labels for codes, 80%. */
export function displayFieldValue(field: ItemChange['field'], value: ItemChange['from'], categoryLabel: (code: string) => string): string | null {
  if (value === null || value === '') return field === 'deadline' ? LONG_TERM_LABEL : null;
  switch (field) {
    case 'status':
      return ITEM_STATUS_LABELS[value as ItemStatus] ?? String(value);
    case 'source':
      return ITEM_SOURCE_LABELS[value as ItemSource] ?? String(value);
    case 'category':
      return categoryLabel(String(value));
    case 'progress':
      return `${value}%`;
    case 'isPublished':
      return value ? '是' : '否';
    default:
      return String(value);
  }
}

/** The leader as one line: '党组成员、副局长 张某某'. */
export function leaderLine(leaderPost: string, leaderName: string): string {
  return [leaderPost, leaderName].filter((part) => part !== '').join(' ');
}
