// The ledger's named actions. Each one takes validated input and the acting staff member, checks
// the role first, and runs in one transaction that writes the item, a version row (the whole item
// after the change and what changed) and the audit entry together.
import type { Db } from '../../db/open.ts';
import { deleteItemOutcome, findItemOutcome, getItemOutcome, getItemRecord, getItemRecordByCode, getItemUpdate, insertItemOutcome, insertItemUpdate, itemStateOf, type VersionAction, withdrawItemUpdateRow } from '../../db/queries/ledger.ts';
import { getFeedbackForLink, linkFeedbackToItem } from '../../db/queries/ledger-references.ts';
import { bureauDate } from '../domain/bureau-time.ts';
import type { ItemCreateInput, ItemFromFeedbackInput, ItemUpdateInput, OutcomeInput, ProgressUpdateInput } from '../domain/ledger-input.ts';
import { FROM_FEEDBACK_ROLES, type ItemChange, itemCodeProblem, itemConsistencyProblem, type ItemState, LINKABLE_FEEDBACK_STATES } from '../domain/ledger-rules.ts';
import { hasRole, type StaffUser } from '../domain/staff.ts';
import { type LedgerResult, type LedgerContext, LEDGER_EDITOR_ROLES, FORBIDDEN, NOT_FOUND, STALE, audit, referenceProblem, settleItemState, invalid, saveNewItem, saveItemChange } from './ledger-writes.ts';

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

