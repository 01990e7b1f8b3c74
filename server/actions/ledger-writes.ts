// What the ledger's named actions share: who acts (a staff member, or the command line), the
// context, the refusals, the audit entry, and how an item and its version row are written.
import type { ActionResult } from '../domain/action-result.ts';
import type { Db } from '../../db/open.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import { insertItemRecord, insertItemVersion, type ItemRecord, itemStateOf, touchItemRecord, updateItemRecord, type VersionAction } from '../../db/queries/ledger.ts';
import { listItemCategories, listUnitRefs } from '../../db/queries/ledger-references.ts';
import { diffItemStates, FROM_FEEDBACK_ROLES, type ItemChange, type ItemField, type ItemState } from '../domain/ledger-rules.ts';
import { type StaffRole, type StaffUser } from '../domain/staff.ts';

/** The ledger's actions answer with the one result type of every action. */
export type LedgerResult<T = undefined> = ActionResult<T>;

export interface LedgerContext {
  /** The action's clock; the bureau's calendar date of it is "today". */
  now: Date;
  ipHash?: string | null;
}

/** The operator running scripts/import-ledger.ts on the server: recorded as the system. */
export interface CommandLineActor {
  kind: 'command_line';
  /** Shown in the audit details, e.g. 'import-ledger'. */
  name: string;
}
export type LedgerActor = StaffUser | CommandLineActor;

export const LEDGER_EDITOR_ROLES: readonly StaffRole[] = ['ledger'];
export const LEDGER_READER_ROLES: readonly StaffRole[] = ['ledger', 'sysadmin'];
export { FROM_FEEDBACK_ROLES };
export const ITEM_CATEGORY_EDITOR_ROLES: readonly StaffRole[] = ['sysadmin', 'ledger'];


export const FORBIDDEN = { ok: false, error: 'forbidden', message: '只有台账管理员可以修改整改台账' } as const;
export const NOT_FOUND = { ok: false, error: 'not_found', message: '整改事项不存在' } as const;
export const STALE = { ok: false, error: 'conflict', message: '该事项刚刚已被他人修改，请刷新后再试' } as const;

export function isStaff(actor: LedgerActor): actor is StaffUser {
  return !('kind' in actor);
}

export function actorUserId(actor: LedgerActor): number | null {
  return isStaff(actor) ? actor.id : null;
}

export function audit(db: Db, actor: LedgerActor, context: LedgerContext, objectId: number | null, action: string, details: Record<string, unknown>, reason?: string): void {
  recordAudit(db, {
    actorKind: isStaff(actor) ? 'user' : 'system',
    actorUserId: actorUserId(actor),
    objectType: 'ledger_item',
    objectId,
    action,
    reason: reason ?? null,
    details: isStaff(actor) ? details : { ...details, via: actor.name },
    ipHash: context.ipHash ?? null,
    at: context.now.toISOString(),
  });
}

function unitNames(db: Db): (id: number | null) => string | null {
  const names = new Map(listUnitRefs(db).map((unit) => [unit.id, unit.name]));
  return (id) => (id === null ? null : (names.get(id) ?? `#${id}`));
}

/**
 * References the state names must exist: the unit, and the category (an inactive category may stay
 * on an item that already had it, but no item may be moved into one).
 */
export function referenceProblem(db: Db, state: ItemState, before: ItemState | null): { field: ItemField; message: string } | null {
  const category = listItemCategories(db).find((candidate) => candidate.code === state.category);
  if (!category) return { field: 'category', message: '问题类别不在可选范围内' };
  if (!category.isActive && before?.category !== state.category) return { field: 'category', message: `问题类别“${category.label}”已停用` };
  if (state.unitId !== null && !listUnitRefs(db).some((unit) => unit.id === state.unitId)) return { field: 'unitId', message: '责任单位不存在' };
  return null;
}

/**
 * What the admin app means by a partial change: choosing 已完成 makes the progress 100% and dates
 * the completion today unless told otherwise; leaving 已完成 clears the completion date.
 */
export function settleItemState(before: ItemState, change: Partial<ItemState>, today: string): ItemState {
  const after: ItemState = { ...before, ...change };
  if (change.status === 'completed' && change.progress === undefined) after.progress = 100;
  if (after.status === 'completed' && after.completedOn === null && change.completedOn === undefined) after.completedOn = today;
  if (after.status !== 'completed' && change.completedOn === undefined) after.completedOn = null;
  return after;
}

export function invalid(problem: { field: string; message: string }): LedgerResult<never> {
  return { ok: false, error: 'invalid', field: problem.field, message: problem.message };
}

export interface SaveOptions {
  actor: LedgerActor;
  action: VersionAction;
  at: string;
  note?: string | null;
  extraChanges?: ItemChange[];
}

/** Inserts a new item with its first version. */
export function saveNewItem(db: Db, state: ItemState, options: SaveOptions & { sourceFeedbackId?: number | null }): { id: number; version: number } {
  const id = insertItemRecord(db, state, { sourceFeedbackId: options.sourceFeedbackId ?? null, at: options.at });
  insertItemVersion(db, {
    itemId: id,
    version: 1,
    action: options.action,
    actorUserId: actorUserId(options.actor),
    state,
    changes: options.extraChanges ?? [],
    note: options.note ?? null,
    at: options.at,
  });
  return { id, version: 1 };
}

/** Writes a changed item and its version; nothing at all when nothing changed. */
export function saveItemChange(db: Db, record: ItemRecord, after: ItemState, options: SaveOptions): { version: number; changes: ItemChange[] } {
  const fieldChanges = diffItemStates(itemStateOf(record), after, unitNames(db));
  const changes = [...fieldChanges, ...(options.extraChanges ?? [])];
  if (changes.length === 0) return { version: record.version, changes };
  const version = fieldChanges.length > 0 ? updateItemRecord(db, record.id, after, options.at) : touchItemRecord(db, record.id, options.at);
  insertItemVersion(db, {
    itemId: record.id,
    version,
    action: options.action,
    actorUserId: actorUserId(options.actor),
    state: after,
    changes,
    note: options.note ?? null,
    at: options.at,
  });
  return { version, changes };
}
