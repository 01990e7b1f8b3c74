// Named actions on feedback. Each takes validated input, runs in one transaction (row + event +
// audit together) and returns a result the route maps to HTTP. No HTTP here.
import { clearFeedbackMails } from '../../db/queries/mail.ts';
import { clearFeedbackSms } from '../../db/queries/sms.ts';
import type { Db } from '../../db/open.ts';
import { type ActionResult, invalid, refused, succeeded } from '../domain/action-result.ts';
import { bureauDate } from '../domain/bureau-time.ts';
import { insertFeedback, trackingCodeExists } from '../../db/queries/feedback.ts';
import { getCategory, getFeedbackRecord, getFeedbackRecordByCode, insertFeedbackEvent, updateFeedbackRecord, type FeedbackRecord } from '../../db/queries/feedback-records.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import { dueAfter, FOLLOW_UP_WORKING_DAYS, RATING_WINDOW_WORKING_DAYS } from '../domain/deadlines.ts';
import type { WorkCalendar } from '../domain/working-days.ts';
import { findPublishedItemIdByCode, findUnitIdByCode } from '../../db/queries/reference.ts';
import { getCampaign, insertNomination } from '../../db/queries/topics.ts';
import { isCampaignOpen } from '../domain/topic-rules.ts';
import type { FeedbackSubmission } from '../domain/feedback-input.ts';
import { hashSecret, newSecret, newTrackingCode } from '../domain/tracking-code.ts';
import { FEEDBACK_STATE_GROUPS, FEEDBACK_STATE_LABELS, type Rating } from '../domain/vocabulary.ts';
import { timingSafeEqual } from 'node:crypto';
import { type ContactVault, hasContact, NO_CONTACT } from './contact-details.ts';

export interface SubmissionContext {
  now: Date;
  calendar: WorkCalendar;
  /** Seals the contact details before they are written (contactVaultFor(config)). */
  contacts: ContactVault;
  /** Submissions that skipped the spam checks wait for a human look (see issue: no-JS form). */
  needsScreening?: boolean;
  /** Seeded randomness for the demo; crypto-random otherwise. */
  randomIndex?: (size: number) => number;
  /** Fixed secret for the demo; a fresh random one otherwise. */
  secret?: string;
  /** Salted hash of the client address, for abuse handling; never the address itself. */
  ipHash: string | null;
  /** Called inside the transaction with the new opinion (the mail outbox hooks in here). */
  onSubmitted?: (db: Db, feedback: FeedbackRecord) => void;
}

/** What the submitter is told on success (the receipt); a refusal is `invalid` on the field at fault. */
export interface SubmittedFeedback {
  trackingCode: string;
  secret: string;
  status: 'pending';
  statusLabel: string;
  submittedAt: string;
  /** The latest day the reply is due: accepted on the last day allowed, then the category's reply period. */
  replyDueBy: string;
}

export function submitFeedback(db: Db, input: FeedbackSubmission, context: SubmissionContext): ActionResult<SubmittedFeedback> {
  const submittedAt = context.now.toISOString();
  const secret = context.secret ?? newSecret();
  const run = db.transaction((): ActionResult<SubmittedFeedback> => {
    const itemId = input.itemCode === undefined ? null : findPublishedItemIdByCode(db, input.itemCode);
    if (itemId === undefined) return invalid('itemCode', '所选整改事项不存在，请重新选择');
    const unitId = input.unitCode === undefined ? null : findUnitIdByCode(db, input.unitCode);
    if (unitId === undefined) return invalid('unitCode', '所选学校或单位不存在，请重新选择');
    const campaign = input.campaign === undefined ? null : getCampaign(db, Number(input.campaign));
    if (campaign === undefined) return invalid('campaign', '该群众点题活动不存在');
    if (campaign !== null && !isCampaignOpen(campaign, bureauDate(context.now))) {
      return invalid('campaign', `群众点题“${campaign.theme}”的征集时间是 ${campaign.opensOn} 至 ${campaign.closesOn}，现在不在征集期内。您仍可不选点题活动直接留言。`);
    }
    const category = getCategory(db, input.category);
    if (!category || category.is_active !== 1) return invalid('category', '意见类别不在可选范围内');
    const acceptDue = dueAfter(context.calendar, context.now, category.accept_working_days);
    const code = () => (context.randomIndex ? newTrackingCode(context.now, context.randomIndex) : newTrackingCode(context.now));
    let trackingCode = code();
    while (trackingCodeExists(db, trackingCode)) trackingCode = code();
    const feedbackId = insertFeedback(db, {
      trackingCode,
      secretHash: hashSecret(secret),
      role: input.role,
      category: input.category,
      title: input.title || null,
      content: input.content,
      itemId,
      unitId,
      isAnonymous: input.anonymous,
      isUnder14: input.role === 'student' && input.isUnder14 === true,
      contact: context.contacts.seal(
        input.anonymous
          ? NO_CONTACT
          : { name: input.contactName ?? null, phone: input.contactPhone ?? null, email: input.contactEmail ?? null },
      ),
      consentToPublish: input.consentToPublish,
      ipHash: context.ipHash,
      submittedAt,
      acceptDueOn: acceptDue.date,
      dueProvisional: acceptDue.provisional,
      needsScreening: context.needsScreening ?? false,
    });
    if (campaign !== null) insertNomination(db, feedbackId, campaign.id);
    insertFeedbackEvent(db, {
      feedbackId,
      action: 'submit',
      actorKind: 'public',
      actorUserId: null,
      fromStatus: null,
      toStatus: 'pending',
      isPublic: true,
      at: submittedAt,
    });
    context.onSubmitted?.(db, getFeedbackRecord(db, feedbackId)!);
    const replyDueBy = dueAfter(context.calendar, acceptDue.date, category.reply_working_days).date;
    return succeeded({ trackingCode, secret, status: 'pending', statusLabel: FEEDBACK_STATE_LABELS.pending, submittedAt, replyDueBy });
  });
  // better-sqlite3 commits before returning: a successful result means the row is durable.
  return run.immediate();
}

// ---------------------------------------------------------------------------------------------
// The submitter's own steps, authorised by the tracking code and its secret.

/** The same answer for an unknown code and a wrong secret: it never reveals that a code exists. */
export const TRACKING_NOT_FOUND_MESSAGE = '查询码或查询密码不正确，请核对后重试';

function secretMatches(record: FeedbackRecord, secret: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(record.secret_hash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

// Compared against when the code does not exist, so both mistakes take the same work.
const NO_SUCH_SECRET = { secret_hash: '0'.repeat(64) } as FeedbackRecord;

/** The opinion behind a code and secret, or undefined (for either mistake alike). */
export function findBySubmitterSecret(db: Db, trackingCode: string, secret: string): FeedbackRecord | undefined {
  const record = getFeedbackRecordByCode(db, trackingCode.trim().toUpperCase());
  const matches = secretMatches(record ?? NO_SUCH_SECRET, secret);
  return record && matches ? record : undefined;
}

export interface RatingContext {
  now: Date;
  calendar: WorkCalendar;
  /** Called inside the transaction with the rated opinion (the mail outbox hooks in here). */
  onRated?: (db: Db, feedback: FeedbackRecord) => void;
}

export interface RateReplyInput {
  trackingCode: string;
  secret: string;
  rating: Rating;
  comment?: string | undefined;
}

/**
 * 满意 / 基本满意 / 不满意, once per reply, within RATING_WINDOW_WORKING_DAYS of it. 不满意 opens a
 * follow-up (回访) for the 办公室, due in FOLLOW_UP_WORKING_DAYS.
 */
export function rateReply(db: Db, input: RateReplyInput, context: RatingContext): ActionResult<FeedbackRecord> {
  const run = db.transaction((): ActionResult<FeedbackRecord> => {
    const record = findBySubmitterSecret(db, input.trackingCode, input.secret);
    if (!record) return refused('not_found', TRACKING_NOT_FOUND_MESSAGE);
    if (record.status !== 'replied' || record.replied_at === null) return refused('conflict', '答复送达后才能评价');
    if (record.rating !== null) return refused('conflict', '您已评价过这次答复，感谢您的反馈');
    const window = dueAfter(context.calendar, new Date(record.replied_at), RATING_WINDOW_WORKING_DAYS);
    if (bureauDate(context.now) > window.date) {
      return refused('conflict', `评价期限已过（答复后 ${RATING_WINDOW_WORKING_DAYS} 个工作日内可评价）`);
    }
    const at = context.now.toISOString();
    const followUp = input.rating === 'dissatisfied' ? dueAfter(context.calendar, context.now, FOLLOW_UP_WORKING_DAYS) : null;
    updateFeedbackRecord(
      db,
      record.id,
      record.version,
      {
        rating: input.rating,
        rating_comment: input.comment ?? null,
        rated_at: at,
        ...(followUp ? { followup_status: 'open' as const, followup_due_on: followUp.date, followup_outcome: null } : {}),
      },
      at,
    );
    insertFeedbackEvent(db, {
      feedbackId: record.id,
      action: 'rate',
      actorKind: 'public',
      actorUserId: null,
      fromStatus: record.status,
      toStatus: record.status,
      note: input.rating,
      isPublic: true,
      // The submitter's own rating.
      notePublic: true,
      at,
    });
    const rated = getFeedbackRecordByCode(db, record.tracking_code)!;
    context.onRated?.(db, rated);
    return succeeded(rated);
  });
  return run.immediate();
}

/** The submitter withdraws an open opinion; the contact details are deleted at once. */
export function withdrawFeedback(db: Db, input: { trackingCode: string; secret: string }, context: { now: Date }): ActionResult<FeedbackRecord> {
  const run = db.transaction((): ActionResult<FeedbackRecord> => {
    const record = findBySubmitterSecret(db, input.trackingCode, input.secret);
    if (!record) return refused('not_found', TRACKING_NOT_FOUND_MESSAGE);
    if (!(FEEDBACK_STATE_GROUPS.open as readonly string[]).includes(record.status)) {
      return refused('conflict', `该意见当前为“${FEEDBACK_STATE_LABELS[record.status]}”，不能撤回`);
    }
    const at = context.now.toISOString();
    updateFeedbackRecord(
      db,
      record.id,
      record.version,
      {
        status: 'withdrawn',
        contact_name: null,
        contact_phone: null,
        contact_email: null,
        contact_email_lookup: null,
        ...(hasContact(record) ? { contact_purged_at: at } : {}),
        closed_at: at,
      },
      at,
    );
    insertFeedbackEvent(db, {
      feedbackId: record.id,
      action: 'withdraw',
      actorKind: 'public',
      actorUserId: null,
      fromStatus: record.status,
      toStatus: 'withdrawn',
      isPublic: true,
      at,
    });
    // Every copy of what the mails about it said goes with the contact details.
    clearFeedbackMails(db, [record.id], at);
    clearFeedbackSms(db, [record.id], at);
    recordAudit(db, { actorKind: 'public', actorUserId: null, objectType: 'feedback', objectId: record.id, action: 'feedback.withdraw', at });
    return succeeded(getFeedbackRecordByCode(db, record.tracking_code)!);
  });
  return run.immediate();
}
