// 批量办理: the 办公室 accepts, assigns or urges several opinions at once. Each opinion goes through
// its own named step (own transaction, own event, own audit entry, own mail) exactly as if it had
// been done on its own, and is refused on its own when its state does not allow the step; the
// answer lists every opinion's outcome. No HTTP here.
import type { Db } from '../../db/open.ts';
import { getFeedbackRecord } from '../../db/queries/feedback-records.ts';
import * as steps from './feedback-steps.ts';
import type { StaffUser } from '../domain/staff.ts';
import { FEEDBACK_STATE_LABELS, type FeedbackState } from '../domain/vocabulary.ts';

export const BULK_ACTIONS = ['accept', 'assign', 'urge'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const BULK_MAX = 100;

export interface BulkInput {
  ids: number[];
  /** 转办: the unit every opinion goes to. */
  unitId?: number | undefined;
  note?: string | undefined;
}

export interface BulkOutcome {
  id: number;
  trackingCode: string | null;
  ok: boolean;
  state: FeedbackState | null;
  stateLabel: string | null;
  /** Why it was refused, in words for the clerk. */
  message: string | null;
}

export function takeBulkStep(db: Db, actor: StaffUser, action: BulkAction, input: BulkInput, context: steps.StepContext): BulkOutcome[] {
  return input.ids.map((id): BulkOutcome => {
    // The version the step expects is the one read now: a bulk step acts on each opinion as it is,
    // and the step itself refuses an opinion whose state no longer allows it.
    const current = getFeedbackRecord(db, id);
    const target = { feedbackId: id, version: current?.version ?? 0 };
    const note = input.note ? { note: input.note } : {};
    const result =
      action === 'accept'
        ? steps.acceptFeedback(db, actor, { ...target, ...note }, context)
        : action === 'assign'
          ? steps.assignFeedback(db, actor, { ...target, unitId: input.unitId!, ...note }, context)
          : steps.urgeFeedback(db, actor, { ...target, ...note }, context);
    if (result.ok) {
      const after = result.value;
      return { id, trackingCode: after.tracking_code, ok: true, state: after.status, stateLabel: FEEDBACK_STATE_LABELS[after.status], message: null };
    }
    const visible = result.error !== 'not_found' && current ? current : null;
    return {
      id,
      trackingCode: visible?.tracking_code ?? null,
      ok: false,
      state: visible?.status ?? null,
      stateLabel: visible ? FEEDBACK_STATE_LABELS[visible.status] : null,
      message: result.message,
    };
  });
}
