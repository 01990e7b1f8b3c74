// Named staff actions on an opinion: acceptFeedback, rejectFeedback, assignFeedback, … Each takes
// the acting user and validated input, checks permission first, then the state, then that nobody
// changed the opinion meanwhile, and writes the row, its event and the audit entry in one
// transaction. No HTTP here: the result says what happened and the route maps it to a status.
import type { Db } from '../../db/open.ts';
import { type ActionFailure, type ActionResult, invalid, refused, succeeded } from '../domain/action-result.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import {
  type FeedbackChanges,
  type FeedbackRecord,
  getCategory,
  getFeedbackRecord,
  insertFeedbackEvent,
  unitExists,
  updateFeedbackRecord,
  wasEverAssignedTo,
} from '../../db/queries/feedback-records.ts';
import { bureauDate } from '../domain/bureau-time.ts';
import { dueAfter, isDueSoon, isOverdue, MAX_EXTENSION_WORKING_DAYS } from '../domain/deadlines.ts';
import { checkStep, type FeedbackAction, type FeedbackFacts, maySee } from '../domain/feedback-workflow.ts';
import type { StaffUser } from '../domain/staff.ts';
import { isNotePublic } from '../domain/text-visibility.ts';
import type { RejectReason } from '../domain/vocabulary.ts';
import type { WorkCalendar } from '../domain/working-days.ts';

export interface StepContext {
  now: Date;
  calendar: WorkCalendar;
  ipHash?: string | null;
  /** Called inside the transaction after each step (the mail outbox hooks in here). */
  onStep?: (db: Db, step: CompletedStep) => void;
}

export interface CompletedStep {
  action: FeedbackAction;
  actor: StaffUser;
  before: FeedbackRecord;
  after: FeedbackRecord;
}

/** A step's result: the opinion as it is after the step. */
type StepResult = ActionResult<FeedbackRecord>;
type StepFailure = ActionFailure;

/** Every step names the opinion and the version the user saw. */
export interface StepTarget {
  feedbackId: number;
  version: number;
}

export const NOT_FOUND_MESSAGE = '意见不存在或您无权查看';
export const STALE_MESSAGE = '该意见刚刚已被他人办理，请刷新后查看最新状态';

interface StepOutcome {
  changes: FeedbackChanges;
  /** The event in the opinion's timeline. */
  note?: string | null;
  /** The step is shown to the submitter on the tracking page. */
  isPublic?: boolean;
  /** The writer ticked 反映人可见 (steps whose text is a choice; text-visibility.ts). */
  markedPublic?: boolean | undefined;
  unitId?: number | null;
  /** Reason and facts for the audit log. */
  reason?: string | null;
  details?: Record<string, unknown>;
}

export function feedbackFacts(record: FeedbackRecord, calendar: WorkCalendar, today: string): FeedbackFacts {
  const open = record.status === 'assigned' || record.status === 'in_review';
  return {
    status: record.status,
    assignedUnitId: record.assigned_unit_id,
    consentToPublish: record.consent_to_publish === 1,
    publication: record.publication,
    extensionDays: record.extension_days,
    followUpStatus: record.followup_status,
    replyDueSoonOrOverdue: open && (isOverdue(record.reply_due_on, today) || isDueSoon(calendar, record.reply_due_on, today)),
  };
}

/** Reads an opinion for a staff member: undefined when it does not exist or is not theirs to see. */
export function findVisibleFeedback(db: Db, actor: StaffUser, feedbackId: number): FeedbackRecord | undefined {
  const record = getFeedbackRecord(db, feedbackId);
  if (!record) return undefined;
  const everAssigned = actor.unitId !== null && wasEverAssignedTo(db, record.id, actor.unitId);
  return maySee(actor, record.assigned_unit_id, everAssigned) ? record : undefined;
}

function takeStep(
  db: Db,
  actor: StaffUser,
  action: FeedbackAction,
  target: StepTarget,
  context: StepContext,
  apply: (record: FeedbackRecord, today: string) => StepOutcome | StepFailure,
): StepResult {
  const run = db.transaction((): StepResult => {
    const before = findVisibleFeedback(db, actor, target.feedbackId);
    if (!before) return refused('not_found', NOT_FOUND_MESSAGE);
    const today = bureauDate(context.now);
    const check = checkStep(actor, action, feedbackFacts(before, context.calendar, today));
    if (!check.ok) return refused(check.reason, check.message);
    if (before.version !== target.version) return refused('conflict', STALE_MESSAGE);
    const outcome = apply(before, today);
    if ('ok' in outcome) return outcome;
    const at = context.now.toISOString();
    const changes: FeedbackChanges = { ...outcome.changes };
    if (check.to !== before.status) changes.status = check.to;
    if (!updateFeedbackRecord(db, before.id, before.version, changes, at)) {
      return refused('conflict', STALE_MESSAGE);
    }
    insertFeedbackEvent(db, {
      feedbackId: before.id,
      action,
      actorKind: 'user',
      actorUserId: actor.id,
      fromStatus: before.status,
      toStatus: check.to,
      unitId: outcome.unitId ?? null,
      note: outcome.note ?? null,
      isPublic: outcome.isPublic ?? false,
      notePublic: isNotePublic(action, outcome.markedPublic),
      at,
    });
    recordAudit(db, {
      actorKind: 'user',
      actorUserId: actor.id,
      objectType: 'feedback',
      objectId: before.id,
      action: `feedback.${action}`,
      reason: outcome.reason ?? null,
      details: { from: before.status, to: check.to, ...outcome.details },
      ipHash: context.ipHash ?? null,
      at,
    });
    const after = getFeedbackRecord(db, before.id)!;
    context.onStep?.(db, { action, actor, before, after });
    return succeeded(after);
  });
  // IMMEDIATE: the write lock is taken before the row is read, so two people acting at once
  // are serialised and the second sees the first one's version.
  return run.immediate();
}

// ---------------------------------------------------------------------------------------------
// 受理 / 不予受理

export function acceptFeedback(db: Db, actor: StaffUser, input: StepTarget & { note?: string | undefined; notePublic?: boolean | undefined }, context: StepContext): StepResult {
  return takeStep(db, actor, 'accept', input, context, (record) => {
    const category = getCategory(db, record.category);
    const due = dueAfter(context.calendar, context.now, category?.reply_working_days ?? 5);
    return {
      changes: {
        accepted_at: context.now.toISOString(),
        reply_due_on: due.date,
        due_provisional: due.provisional || record.due_provisional === 1 ? 1 : 0,
        needs_screening: 0,
      },
      note: input.note ?? null,
      isPublic: true,
      markedPublic: input.notePublic,
      details: { replyDueOn: due.date, provisional: due.provisional },
    };
  });
}

export function rejectFeedback(
  db: Db,
  actor: StaffUser,
  input: StepTarget & { reason: RejectReason; note: string },
  context: StepContext,
): StepResult {
  return takeStep(db, actor, 'reject', input, context, () => ({
    changes: { reject_reason: input.reason, reject_note: input.note, closed_at: context.now.toISOString(), needs_screening: 0 },
    // The submitter sees the reason and the note.
    note: input.note,
    isPublic: true,
    reason: input.reason,
  }));
}

// ---------------------------------------------------------------------------------------------
// 转办 / 改派 / 退回办公室

export function assignFeedback(db: Db, actor: StaffUser, input: StepTarget & { unitId: number; note?: string | undefined; notePublic?: boolean | undefined }, context: StepContext): StepResult {
  return takeStep(db, actor, 'assign', input, context, (record) => {
    if (!unitExists(db, input.unitId)) return invalid('unitId', '所选单位不存在，请重新选择');
    return {
      changes: { assigned_unit_id: input.unitId, assigned_at: context.now.toISOString(), review_comment: null, reply_draft: record.reply_draft },
      unitId: input.unitId,
      note: input.note ?? null,
      isPublic: true,
      markedPublic: input.notePublic,
    };
  });
}

export function reassignFeedback(db: Db, actor: StaffUser, input: StepTarget & { unitId: number; reason: string }, context: StepContext): StepResult {
  return takeStep(db, actor, 'reassign', input, context, (record) => {
    if (!unitExists(db, input.unitId)) return invalid('unitId', '所选单位不存在，请重新选择');
    if (input.unitId === record.assigned_unit_id) return invalid('unitId', '改派的单位与当前承办单位相同，请选择其他单位');
    return {
      changes: { assigned_unit_id: input.unitId, assigned_at: context.now.toISOString(), reply_draft: null, review_comment: null },
      unitId: input.unitId,
      note: input.reason,
      isPublic: true,
      reason: input.reason,
      details: { fromUnitId: record.assigned_unit_id, toUnitId: input.unitId },
    };
  });
}

export function handBackFeedback(db: Db, actor: StaffUser, input: StepTarget & { reason: string }, context: StepContext): StepResult {
  return takeStep(db, actor, 'hand_back', input, context, (record) => ({
    changes: { assigned_unit_id: null, reply_draft: null, review_comment: null },
    unitId: record.assigned_unit_id,
    note: input.reason,
    reason: input.reason,
  }));
}

// ---------------------------------------------------------------------------------------------
// 答复: the unit drafts, the 办公室 approves or returns it

export function draftReply(db: Db, actor: StaffUser, input: StepTarget & { reply: string }, context: StepContext): StepResult {
  return takeStep(db, actor, 'draft_reply', input, context, (record) => ({
    changes: { reply_draft: input.reply, reply_drafted_by: actor.id, review_comment: null },
    unitId: record.assigned_unit_id,
  }));
}

export function returnReply(db: Db, actor: StaffUser, input: StepTarget & { comment: string }, context: StepContext): StepResult {
  return takeStep(db, actor, 'return_reply', input, context, (record) => ({
    changes: { review_comment: input.comment },
    unitId: record.assigned_unit_id,
    note: input.comment,
    reason: input.comment,
  }));
}

export function approveReply(db: Db, actor: StaffUser, input: StepTarget & { reply?: string | undefined }, context: StepContext): StepResult {
  return takeStep(db, actor, 'approve_reply', input, context, (record) => {
    const reply = input.reply ?? record.reply_draft;
    if (!reply) return invalid('reply', '请填写答复内容');
    const at = context.now.toISOString();
    return {
      changes: {
        reply_text: reply,
        reply_unit_id: record.assigned_unit_id,
        replied_at: at,
        closed_at: at,
        reply_draft: null,
        review_comment: null,
        // A new reply after a follow-up is rated afresh.
        rating: null,
        rating_comment: null,
        rated_at: null,
      },
      unitId: record.assigned_unit_id,
      note: reply,
      isPublic: true,
      details: { edited: input.reply !== undefined && input.reply !== record.reply_draft },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// 督办 / 延期

export function urgeFeedback(db: Db, actor: StaffUser, input: StepTarget & { note?: string | undefined }, context: StepContext): StepResult {
  return takeStep(db, actor, 'urge', input, context, (record, today) => ({
    changes: { urge_count: record.urge_count + 1 },
    unitId: record.assigned_unit_id,
    note: input.note ?? null,
    details: { replyDueOn: record.reply_due_on, overdue: isOverdue(record.reply_due_on, today) },
  }));
}

export function extendFeedback(db: Db, actor: StaffUser, input: StepTarget & { days: number; reason: string; notePublic?: boolean | undefined }, context: StepContext): StepResult {
  return takeStep(db, actor, 'extend', input, context, (record, today) => {
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_EXTENSION_WORKING_DAYS) {
      return invalid('days', `延期天数应为 1 至 ${MAX_EXTENSION_WORKING_DAYS} 个工作日`);
    }
    if (record.reply_due_on === null) return invalid('days', '该意见还没有答复期限，无需延期');
    const due = dueAfter(context.calendar, record.reply_due_on, input.days);
    return {
      changes: {
        extension_days: input.days,
        extension_reason: input.reason,
        // Late before the extension: the statistics keep it late (never on time).
        extended_when_overdue: isOverdue(record.reply_due_on, today) ? 1 : 0,
        reply_due_on: due.date,
        due_provisional: due.provisional || record.due_provisional === 1 ? 1 : 0,
      },
      note: input.reason,
      isPublic: true,
      markedPublic: input.notePublic,
      reason: input.reason,
      details: { days: input.days, from: record.reply_due_on, to: due.date, overdue: isOverdue(record.reply_due_on, today) },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// 公开 / 不公开: beside the state

export function publishFeedback(
  db: Db,
  actor: StaffUser,
  input: StepTarget & { publicTitle: string; publicContent: string; publicReply: string },
  context: StepContext,
): StepResult {
  return takeStep(db, actor, 'publish', input, context, () => ({
    changes: { publication: 'published', public_title: input.publicTitle, public_content: input.publicContent, public_reply: input.publicReply, published_at: context.now.toISOString() },
  }));
}

export function withholdFeedback(db: Db, actor: StaffUser, input: StepTarget & { reason?: string | undefined }, context: StepContext): StepResult {
  return takeStep(db, actor, 'withhold', input, context, () => ({
    changes: { publication: 'withheld', public_title: null, public_content: null, public_reply: null, published_at: null },
    note: input.reason ?? null,
    reason: input.reason ?? null,
  }));
}

// ---------------------------------------------------------------------------------------------
// 回访 after a 不满意 rating: explained, or reopened to the unit for a new reply

export function explainFollowUp(db: Db, actor: StaffUser, input: StepTarget & { outcome: string; notePublic?: boolean | undefined }, context: StepContext): StepResult {
  return takeStep(db, actor, 'follow_up_explained', input, context, () => ({
    changes: { followup_status: 'explained', followup_outcome: input.outcome },
    note: input.outcome,
    isPublic: true,
    markedPublic: input.notePublic,
    reason: input.outcome,
  }));
}

export function reopenAfterFollowUp(db: Db, actor: StaffUser, input: StepTarget & { outcome: string; notePublic?: boolean | undefined }, context: StepContext): StepResult {
  return takeStep(db, actor, 'follow_up_reopened', input, context, (record) => {
    const unitId = record.reply_unit_id ?? record.assigned_unit_id;
    if (unitId === null) return invalid('outcome', '找不到原承办单位，无法重新办理');
    const category = getCategory(db, record.category);
    const due = dueAfter(context.calendar, context.now, category?.reply_working_days ?? 5);
    return {
      changes: {
        followup_status: 'reopened',
        followup_outcome: input.outcome,
        assigned_unit_id: unitId,
        assigned_at: context.now.toISOString(),
        reply_due_on: due.date,
        due_provisional: due.provisional ? 1 : 0,
        extension_days: null,
        extension_reason: null,
        extended_when_overdue: 0,
        closed_at: null,
      },
      unitId,
      note: input.outcome,
      isPublic: true,
      markedPublic: input.notePublic,
      reason: input.outcome,
    };
  });
}
