// The ledger's named actions. Each one takes validated input and the acting staff member, checks
// the role first, and runs in one transaction that writes the item, a version row (the whole item
// after the change and what changed) and the audit entry together.
import type { ActionResult } from '../domain/action-result.ts';
import type { Db } from '../../db/open.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import {
  deleteItemOutcome,
  findItemOutcome,
  getFeedbackForLink,
  getItemOutcome,
  getItemRecord,
  getItemRecordByCode,
  getItemUpdate,
  insertItemCategory,
  insertItemOutcome,
  insertItemRecord,
  insertItemUpdate,
  insertItemVersion,
  type ItemRecord,
  itemStateOf,
  linkFeedbackToItem,
  listItemCategories,
  listUnitRefs,
  saveItemSheetKey,
  touchItemRecord,
  updateItemCategory,
  updateItemOutcome,
  updateItemRecord,
  type VersionAction,
  withdrawItemUpdateRow,
} from '../../db/queries/ledger.ts';
import { bureauDate } from '../domain/bureau-time.ts';
import type {
  ItemCreateInput,
  ItemFromFeedbackInput,
  ItemUpdateInput,
  OutcomeInput,
  ProgressUpdateInput,
} from '../domain/ledger-input.ts';
import {
  diffItemStates,
  FROM_FEEDBACK_ROLES,
  type ItemChange,
  itemCodeProblem,
  itemConsistencyProblem,
  type ItemField,
  type ItemState,
  LINKABLE_FEEDBACK_STATES,
} from '../domain/ledger-rules.ts';
import { hasRole, type StaffRole, type StaffUser } from '../domain/staff.ts';

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


const FORBIDDEN = { ok: false, error: 'forbidden', message: '只有台账管理员可以修改整改台账' } as const;
const NOT_FOUND = { ok: false, error: 'not_found', message: '整改事项不存在' } as const;
const STALE = { ok: false, error: 'conflict', message: '该事项刚刚已被他人修改，请刷新后再试' } as const;

function isStaff(actor: LedgerActor): actor is StaffUser {
  return !('kind' in actor);
}

function actorUserId(actor: LedgerActor): number | null {
  return isStaff(actor) ? actor.id : null;
}

function audit(db: Db, actor: LedgerActor, context: LedgerContext, objectId: number | null, action: string, details: Record<string, unknown>, reason?: string): void {
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

function invalid(problem: { field: string; message: string }): LedgerResult<never> {
  return { ok: false, error: 'invalid', field: problem.field, message: problem.message };
}

interface SaveOptions {
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

function checkNewItem(db: Db, state: ItemState): { field: string; message: string } | null {
  const codeProblem = itemCodeProblem(state.code);
  if (codeProblem) return { field: 'code', message: codeProblem };
  if (getItemRecordByCode(db, state.code)) return { field: 'code', message: `编号 ${state.code} 已被使用` };
  return referenceProblem(db, state, null) ?? itemConsistencyProblem(state);
}

function newItemState(input: Omit<ItemCreateInput, 'isPublished'> & { isPublished: boolean }, today: string): ItemState {
  const state: ItemState = {
    code: input.code,
    title: input.title,
    problem: input.problem,
    category: input.category,
    source: input.source,
    unitId: input.unitId,
    leaderName: input.leaderName,
    leaderPost: input.leaderPost,
    measures: input.measures,
    deadline: input.deadline,
    status: input.status,
    progress: input.progress,
    completedOn: input.completedOn,
    progressSummary: input.progressSummary,
    isPublished: input.isPublished,
  };
  return state.status === 'completed' && state.completedOn === null ? { ...state, completedOn: today } : state;
}

export function createItem(db: Db, actor: StaffUser, input: ItemCreateInput, context: LedgerContext): LedgerResult<{ id: number; version: number }> {
  if (!hasRole(actor, ...LEDGER_EDITOR_ROLES)) return FORBIDDEN;
  const at = context.now.toISOString();
  return db.transaction((): LedgerResult<{ id: number; version: number }> => {
    const state = newItemState(input, bureauDate(context.now));
    const problem = checkNewItem(db, state);
    if (problem) return invalid(problem);
    const saved = saveNewItem(db, state, { actor, action: 'create', at });
    audit(db, actor, context, saved.id, 'ledger.item.create', { code: state.code, title: state.title, isPublished: state.isPublished });
    return { ok: true, value: saved };
  }).immediate();
}

export function updateItem(db: Db, actor: StaffUser, itemId: number, input: ItemUpdateInput, context: LedgerContext): LedgerResult<{ version: number; changed: string[] }> {
  if (!hasRole(actor, ...LEDGER_EDITOR_ROLES)) return FORBIDDEN;
  const at = context.now.toISOString();
  return db.transaction((): LedgerResult<{ version: number; changed: string[] }> => {
    const record = getItemRecord(db, itemId);
    if (!record) return NOT_FOUND;
    if (record.version !== input.version) return STALE;
    const { version: _version, ...change } = input;
    const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as Partial<ItemState>;
    const before = itemStateOf(record);
    const after = settleItemState(before, defined, bureauDate(context.now));
    const problem = referenceProblem(db, after, before) ?? itemConsistencyProblem(after);
    if (problem) return invalid(problem);
    const saved = saveItemChange(db, record, after, { actor, action: 'update', at });
    if (saved.changes.length > 0) {
      audit(db, actor, context, itemId, 'ledger.item.update', { code: record.code, fields: saved.changes.map((item) => item.field) });
    }
    return { ok: true, value: { version: saved.version, changed: saved.changes.map((item) => item.field) } };
  }).immediate();
}

export function addProgressUpdate(db: Db, actor: StaffUser, itemId: number, input: ProgressUpdateInput, context: LedgerContext): LedgerResult<{ id: number; version: number }> {
  if (!hasRole(actor, ...LEDGER_EDITOR_ROLES)) return FORBIDDEN;
  const at = context.now.toISOString();
  const today = bureauDate(context.now);
  return db.transaction((): LedgerResult<{ id: number; version: number }> => {
    const record = getItemRecord(db, itemId);
    if (!record) return NOT_FOUND;
    if (input.date > today) return invalid({ field: 'date', message: '进展日期不能晚于今天' });
    const before = itemStateOf(record);
    const change: Partial<ItemState> = {};
    if (input.status !== undefined) change.status = input.status;
    if (input.progress !== undefined) change.progress = input.progress;
    // Progress reported on an item not started means it has started.
    if (input.status === undefined && before.status === 'not_started' && (input.progress ?? 0) > 0) change.status = 'in_progress';
    // The completion is dated with the update that reports it.
    if (input.status === 'completed' && before.status !== 'completed') change.completedOn = input.date;
    const after = settleItemState(before, change, today);
    const problem = itemConsistencyProblem(after);
    if (problem) return invalid(problem);
    const updateId = insertItemUpdate(db, {
      itemId,
      date: input.date,
      content: input.content,
      progress: after.progress,
      status: after.status,
      createdBy: actor.id,
      at,
    });
    const saved = saveItemChange(db, record, after, { actor, action: 'progress', at, extraChanges: [{ field: 'update', from: null, to: input.date }] });
    audit(db, actor, context, itemId, 'ledger.item.progress', { code: record.code, date: input.date, progress: after.progress, status: after.status });
    return { ok: true, value: { id: updateId, version: saved.version } };
  }).immediate();
}

export function addOutcome(db: Db, actor: StaffUser, itemId: number, input: OutcomeInput, context: LedgerContext): LedgerResult<{ id: number; version: number }> {
  if (!hasRole(actor, ...LEDGER_EDITOR_ROLES)) return FORBIDDEN;
  const at = context.now.toISOString();
  return db.transaction((): LedgerResult<{ id: number; version: number }> => {
    const record = getItemRecord(db, itemId);
    if (!record) return NOT_FOUND;
    if (input.issuedOn > bureauDate(context.now)) return invalid({ field: 'issuedOn', message: '印发日期不能晚于今天' });
    if (findItemOutcome(db, itemId, input.title)) return { ok: false, error: 'conflict', message: `该事项已有成果《${input.title}》` };
    const id = insertItemOutcome(db, { itemId, title: input.title, kind: input.kind, issuedOn: input.issuedOn, url: input.url ?? null, createdBy: actor.id, at });
    const saved = saveItemChange(db, record, itemStateOf(record), { actor, action: 'outcome', at, extraChanges: [{ field: 'outcome', from: null, to: input.title }] });
    audit(db, actor, context, itemId, 'ledger.item.outcome', { code: record.code, title: input.title, kind: input.kind });
    return { ok: true, value: { id, version: saved.version } };
  }).immediate();
}

/** What a take-back does to one item, once its thing (an outcome, an update) is found. */
interface TakeBack {
  apply: () => void;
  action: VersionAction;
  change: ItemChange;
  auditAction: string;
  details: Record<string, unknown>;
}

/**
 * The steps both take-backs share: the role, the item, the thing taken back, then a version with
 * the reason as its note and the audit entry, in one transaction.
 */
function takeBack(
  db: Db,
  actor: StaffUser,
  itemId: number,
  reason: string,
  context: LedgerContext,
  plan: () => TakeBack | LedgerResult<never>,
): LedgerResult<{ version: number }> {
  if (!hasRole(actor, ...LEDGER_EDITOR_ROLES)) return FORBIDDEN;
  const at = context.now.toISOString();
  return db.transaction((): LedgerResult<{ version: number }> => {
    const record = getItemRecord(db, itemId);
    if (!record) return NOT_FOUND;
    const planned = plan();
    if ('ok' in planned) return planned;
    planned.apply();
    const saved = saveItemChange(db, record, itemStateOf(record), { actor, action: planned.action, at, note: reason, extraChanges: [planned.change] });
    audit(db, actor, context, itemId, planned.auditAction, { code: record.code, ...planned.details }, reason);
    return { ok: true, value: { version: saved.version } };
  }).immediate();
}

/**
 * Takes back a 制度成果 entered by mistake: the row goes, and a version (with the reason as its
 * note) keeps its title, so the change history still says what was removed and why.
 */
export function removeOutcome(
  db: Db,
  actor: StaffUser,
  itemId: number,
  outcomeId: number,
  input: { reason: string },
  context: LedgerContext,
): LedgerResult<{ version: number }> {
  return takeBack(db, actor, itemId, input.reason, context, () => {
    const outcome = getItemOutcome(db, itemId, outcomeId);
    if (!outcome) return { ok: false, error: 'not_found', message: '该事项没有这项制度成果' };
    return {
      apply: () => deleteItemOutcome(db, outcomeId),
      action: 'outcome_removed',
      change: { field: 'outcome', from: outcome.title, to: null },
      auditAction: 'ledger.item.outcome_removed',
      details: { title: outcome.title },
    };
  });
}

/**
 * Takes a mistaken progress update off the public pages. The row stays (marked withdrawn) for the
 * record; the item's own progress and status are not changed by it: the 台账管理员 corrects them
 * with an edit or a new update if they were wrong too.
 */
export function withdrawProgressUpdate(
  db: Db,
  actor: StaffUser,
  itemId: number,
  updateId: number,
  input: { reason: string },
  context: LedgerContext,
): LedgerResult<{ version: number }> {
  return takeBack(db, actor, itemId, input.reason, context, () => {
    const update = getItemUpdate(db, itemId, updateId);
    if (!update) return { ok: false, error: 'not_found', message: '该事项没有这条进展' };
    if (!update.isPublished) return { ok: false, error: 'conflict', message: '这条进展已经撤回' };
    return {
      apply: () => withdrawItemUpdateRow(db, updateId),
      action: 'update_withdrawn',
      change: { field: 'update', from: update.date, to: null },
      auditAction: 'ledger.item.update_withdrawn',
      details: { date: update.date },
    };
  });
}

function setPublished(db: Db, actor: StaffUser, itemId: number, publish: boolean, reason: string | null, context: LedgerContext): LedgerResult<{ version: number }> {
  if (!hasRole(actor, ...LEDGER_EDITOR_ROLES)) return FORBIDDEN;
  const at = context.now.toISOString();
  return db.transaction((): LedgerResult<{ version: number }> => {
    const record = getItemRecord(db, itemId);
    if (!record) return NOT_FOUND;
    if ((record.is_published === 1) === publish) {
      return { ok: false, error: 'conflict', message: publish ? '该事项已经公开' : '该事项尚未公开，无需撤回' };
    }
    const saved = saveItemChange(db, record, { ...itemStateOf(record), isPublished: publish }, { actor, action: publish ? 'publish' : 'withdraw', at, note: reason });
    audit(db, actor, context, itemId, publish ? 'ledger.item.publish' : 'ledger.item.withdraw', { code: record.code }, reason ?? undefined);
    return { ok: true, value: { version: saved.version } };
  }).immediate();
}

export function publishItem(db: Db, actor: StaffUser, itemId: number, context: LedgerContext): LedgerResult<{ version: number }> {
  return setPublished(db, actor, itemId, true, null, context);
}

export function withdrawItem(db: Db, actor: StaffUser, itemId: number, input: { reason: string }, context: LedgerContext): LedgerResult<{ version: number }> {
  return setPublished(db, actor, itemId, false, input.reason, context);
}

/**
 * 群众点题: an accepted opinion becomes a new item whose source is 群众点题. The item keeps the
 * opinion (source_feedback_id) and the opinion points at the item (item_id). The item's texts are
 * the staff's own: the opinion's words may hold personal details and are never copied unasked.
 */
export function createItemFromFeedback(
  db: Db,
  actor: StaffUser,
  feedbackId: number,
  input: ItemFromFeedbackInput,
  context: LedgerContext,
): LedgerResult<{ id: number; version: number }> {
  if (!hasRole(actor, ...FROM_FEEDBACK_ROLES)) return { ok: false, error: 'forbidden', message: '只有办公室或台账管理员可以把意见列入整改台账' };
  const at = context.now.toISOString();
  return db.transaction((): LedgerResult<{ id: number; version: number }> => {
    const feedback = getFeedbackForLink(db, feedbackId);
    if (!feedback) return { ok: false, error: 'not_found', message: '意见不存在' };
    if (!LINKABLE_FEEDBACK_STATES.includes(feedback.status)) {
      return { ok: false, error: 'conflict', message: '只有已受理的意见可以列入整改台账（待受理、不予受理和已撤回的不行）' };
    }
    if (feedback.item_id !== null) {
      const linked = getItemRecord(db, feedback.item_id);
      return { ok: false, error: 'conflict', message: `该意见已关联整改事项 ${linked?.code ?? ''}`.trim() };
    }
    const state = newItemState({ ...input, source: 'public_topic', isPublished: false }, bureauDate(context.now));
    const problem = checkNewItem(db, state);
    if (problem) return invalid(problem);
    const note = `由意见 ${feedback.tracking_code} 列入整改台账`;
    const saved = saveNewItem(db, state, { actor, action: 'from_feedback', at, note, sourceFeedbackId: feedback.id });
    linkFeedbackToItem(db, feedback.id, saved.id, at);
    audit(db, actor, context, saved.id, 'ledger.item.from_feedback', { code: state.code, feedbackId: feedback.id, trackingCode: feedback.tracking_code });
    return { ok: true, value: saved };
  }).immediate();
}

/**
 * A new item that another record tracks (a 第三方评估 suggestion, a 群众点题 nomination), with the
 * given source, created unpublished inside the caller's transaction: the caller checks its own
 * permission and writes its own audit entry for what it links.
 */
export function createTrackedItem(
  db: Db,
  actor: StaffUser,
  input: Omit<ItemCreateInput, 'source' | 'isPublished'>,
  options: { source: ItemCreateInput['source']; note: string },
  context: LedgerContext,
): LedgerResult<{ id: number; version: number; code: string }> {
  if (!db.inTransaction) throw new Error('createTrackedItem must run inside the caller’s transaction');
  const state = newItemState({ ...input, source: options.source, isPublished: false }, bureauDate(context.now));
  const problem = checkNewItem(db, state);
  if (problem) return invalid(problem);
  const saved = saveNewItem(db, state, { actor, action: 'create', at: context.now.toISOString(), note: options.note });
  audit(db, actor, context, saved.id, 'ledger.item.create', { code: state.code, title: state.title, isPublished: false, source: options.source });
  return { ok: true, value: { ...saved, code: state.code } };
}

/**
 * The item an adopted suggestion or nomination is tracked to: an existing one named by its code,
 * a new one made by createTrackedItem, or none (the decision links nothing). A field error on the
 * new item names it under `newItem.`.
 */
export function linkTrackedItem(
  db: Db,
  actor: StaffUser,
  link: { itemCode?: string | undefined; newItem?: (Omit<ItemCreateInput, 'source' | 'isPublished'> & { source?: unknown }) | undefined },
  options: { source: ItemCreateInput['source']; note: string },
  context: LedgerContext,
): LedgerResult<{ id: number; code: string } | null> {
  if (link.itemCode !== undefined) {
    const found = getItemRecordByCode(db, link.itemCode);
    if (!found) return { ok: false, error: 'invalid', field: 'itemCode', message: `没有编号为 ${link.itemCode} 的整改事项` };
    return { ok: true, value: { id: found.id, code: found.code } };
  }
  if (link.newItem === undefined) return { ok: true, value: null };
  const { source: _source, ...fields } = link.newItem;
  const created = createTrackedItem(db, actor, fields, options, context);
  if (!created.ok) return created.error === 'invalid' ? { ...created, field: `newItem.${created.field}` } : created;
  return { ok: true, value: { id: created.value.id, code: created.value.code } };
}

// ---------------------------------------------------------------------------------------------
// Categories

function auditCategory(db: Db, actor: StaffUser, context: LedgerContext, action: string, details: Record<string, unknown>): void {
  recordAudit(db, {
    actorKind: 'user',
    actorUserId: actor.id,
    objectType: 'item_category',
    objectId: null,
    action,
    details,
    ipHash: context.ipHash ?? null,
    at: context.now.toISOString(),
  });
}

export function createItemCategory(db: Db, actor: StaffUser, input: { code: string; label: string }, context: LedgerContext): LedgerResult {
  if (!hasRole(actor, ...ITEM_CATEGORY_EDITOR_ROLES)) return { ok: false, error: 'forbidden', message: '只有系统管理员或台账管理员可以修改问题类别' };
  return db.transaction((): LedgerResult => {
    const categories = listItemCategories(db);
    if (categories.some((category) => category.code === input.code)) return invalid({ field: 'code', message: '类别代码已被使用' });
    if (categories.some((category) => category.label === input.label)) return invalid({ field: 'label', message: '已有同名类别' });
    insertItemCategory(db, input);
    auditCategory(db, actor, context, 'item_category.create', input);
    return { ok: true, value: undefined };
  }).immediate();
}

export function changeItemCategory(
  db: Db,
  actor: StaffUser,
  code: string,
  input: { label?: string | undefined; isActive?: boolean | undefined },
  context: LedgerContext,
): LedgerResult {
  if (!hasRole(actor, ...ITEM_CATEGORY_EDITOR_ROLES)) return { ok: false, error: 'forbidden', message: '只有系统管理员或台账管理员可以修改问题类别' };
  return db.transaction((): LedgerResult => {
    const categories = listItemCategories(db);
    const category = categories.find((candidate) => candidate.code === code);
    if (!category) return { ok: false, error: 'not_found', message: '问题类别不存在' };
    if (input.label !== undefined && categories.some((candidate) => candidate.label === input.label && candidate.code !== code)) {
      return invalid({ field: 'label', message: '已有同名类别' });
    }
    if (input.isActive === false && !categories.some((candidate) => candidate.isActive && candidate.code !== code)) {
      return { ok: false, error: 'conflict', message: '至少要保留一个启用的问题类别' };
    }
    updateItemCategory(db, code, input);
    auditCategory(db, actor, context, 'item_category.update', { code, before: { label: category.label, isActive: category.isActive }, after: input });
    return { ok: true, value: undefined };
  }).immediate();
}

// ---------------------------------------------------------------------------------------------
// Import

/** One row of an import, checked and resolved: a new item, or the whole new state of an old one. */
export interface PlannedImportRow {
  row: number;
  code: string;
  state: ItemState;
  /** The existing item and the version the plan saw; null for a new item. */
  existing: { id: number; version: number } | null;
  outcomes: { title: string; kind: OutcomeInput['kind']; issuedOn: string; url: string | null }[];
  /** What identifies the item in this sheet (序号, problem fingerprint), kept for the next one. */
  sheetKey: { seq: string | null; problemKey: string };
  /** The progress text changed: a dated progress update with it. */
  progressNote: { date: string; content: string } | null;
}

export interface ImportApplied {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/**
 * Writes planned rows: creates or updates each item (version 'import'), adds or updates the
 * outcomes its row names (none is ever deleted). Runs inside the caller's transaction, which also
 * made the plan, so nothing can change in between; a version that moved anyway aborts the whole.
 */
export function applyImportedItems(db: Db, actor: LedgerActor, rows: readonly PlannedImportRow[], context: LedgerContext & { fileName: string }): ImportApplied {
  if (isStaff(actor) && !hasRole(actor, ...LEDGER_EDITOR_ROLES)) throw new Error('applyImportedItems: the actor is not a 台账管理员');
  if (!db.inTransaction) throw new Error('applyImportedItems must run inside the transaction that planned the rows');
  const at = context.now.toISOString();
  const applied: ImportApplied = { created: [], updated: [], unchanged: [] };
  const note = `导入 ${context.fileName}`;
  for (const planned of rows) {
    let itemId: number;
    const outcomeChanges: ItemChange[] = [];
    if (planned.existing === null) {
      itemId = saveNewItem(db, planned.state, { actor, action: 'import', at, note }).id;
    } else {
      itemId = planned.existing.id;
    }
    saveItemSheetKey(db, { itemId, seq: planned.sheetKey.seq, problemKey: planned.sheetKey.problemKey, fileName: context.fileName, at });
    if (planned.progressNote) {
      insertItemUpdate(db, { itemId, date: planned.progressNote.date, content: planned.progressNote.content, progress: planned.state.progress, status: planned.state.status, createdBy: actorUserId(actor), at });
      if (planned.existing !== null) outcomeChanges.push({ field: 'update', from: null, to: planned.progressNote.date });
    }
    for (const outcome of planned.outcomes) {
      const found = findItemOutcome(db, itemId, outcome.title);
      if (!found) {
        insertItemOutcome(db, { itemId, ...outcome, createdBy: actorUserId(actor), at });
        outcomeChanges.push({ field: 'outcome', from: null, to: outcome.title });
      } else if (found.kind !== outcome.kind || found.issuedOn !== outcome.issuedOn || found.url !== outcome.url) {
        updateItemOutcome(db, found.id, outcome);
        outcomeChanges.push({ field: 'outcome', from: found.title, to: outcome.title });
      }
    }
    if (planned.existing === null) {
      applied.created.push(planned.code);
      audit(db, actor, context, itemId, 'ledger.item.import_create', { code: planned.code, file: context.fileName, row: planned.row });
      continue;
    }
    const record = getItemRecord(db, itemId);
    if (!record || record.version !== planned.existing.version) throw new Error(`item ${planned.code} changed while it was being imported`);
    const saved = saveItemChange(db, record, planned.state, { actor, action: 'import', at, note, extraChanges: outcomeChanges });
    if (saved.changes.length === 0) {
      applied.unchanged.push(planned.code);
    } else {
      applied.updated.push(planned.code);
      audit(db, actor, context, itemId, 'ledger.item.import_update', { code: planned.code, file: context.fileName, row: planned.row, fields: saved.changes.map((change) => change.field) });
    }
  }
  audit(db, actor, context, null, 'ledger.import', { file: context.fileName, created: applied.created.length, updated: applied.updated.length, unchanged: applied.unchanged.length });
  return applied;
}
