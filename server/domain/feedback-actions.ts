// Named actions on feedback. Each takes validated input, runs in one transaction (row + event +
// audit together) and returns a result the route maps to HTTP. No HTTP here.
import type { Db } from '../../db/open.ts';
import { insertFeedback, insertFeedbackEvent, trackingCodeExists } from '../../db/queries/feedback.ts';
import { findPublishedItemIdByCode, findUnitIdByCode } from '../../db/queries/reference.ts';
import type { FeedbackSubmission } from './feedback-input.ts';
import { hashSecret, newSecret, newTrackingCode } from './tracking-code.ts';
import { FEEDBACK_STATE_LABELS } from './vocabulary.ts';

export interface SubmissionContext {
  now: Date;
  /** Salted hash of the client address, for abuse handling; never the address itself. */
  ipHash: string | null;
}

export type SubmitFeedbackResult =
  | { ok: true; trackingCode: string; secret: string; status: 'pending'; statusLabel: string; submittedAt: string }
  | { ok: false; field: 'itemCode' | 'unitCode'; message: string };

export function submitFeedback(db: Db, input: FeedbackSubmission, context: SubmissionContext): SubmitFeedbackResult {
  const submittedAt = context.now.toISOString();
  const secret = newSecret();
  const run = db.transaction((): SubmitFeedbackResult => {
    const itemId = input.itemCode === undefined ? null : findPublishedItemIdByCode(db, input.itemCode);
    if (itemId === undefined) return { ok: false, field: 'itemCode', message: '所选整改事项不存在，请重新选择' };
    const unitId = input.unitCode === undefined ? null : findUnitIdByCode(db, input.unitCode);
    if (unitId === undefined) return { ok: false, field: 'unitCode', message: '所选学校或单位不存在，请重新选择' };
    let trackingCode = newTrackingCode(context.now);
    while (trackingCodeExists(db, trackingCode)) trackingCode = newTrackingCode(context.now);
    const feedbackId = insertFeedback(db, {
      trackingCode,
      secretHash: hashSecret(secret),
      role: input.role,
      category: input.category,
      content: input.content,
      itemId,
      unitId,
      isAnonymous: input.anonymous,
      contactName: input.anonymous ? null : (input.contactName ?? null),
      contactPhone: input.anonymous ? null : (input.contactPhone ?? null),
      contactEmail: input.anonymous ? null : (input.contactEmail ?? null),
      consentToPublish: input.consentToPublish,
      ipHash: context.ipHash,
      submittedAt,
    });
    insertFeedbackEvent(db, {
      feedbackId,
      actorKind: 'public',
      actorUserId: null,
      fromStatus: null,
      toStatus: 'pending',
      note: null,
      at: submittedAt,
    });
    return { ok: true, trackingCode, secret, status: 'pending', statusLabel: FEEDBACK_STATE_LABELS.pending, submittedAt };
  });
  // better-sqlite3 commits before returning: a successful result means the row is durable.
  return run.immediate();
}
