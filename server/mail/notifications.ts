// The mails the workflow causes. createMailHooks() returns the functions the named actions call
// inside their transactions (StepContext.onStep, SubmissionContext.onSubmitted, rateReply's
// onRated): each looks at what just happened, picks the recipients and queues one mail per
// recipient in the same transaction. Which recipient may see what is decided here:
//   - contact details in no mail to staff: the assignment mail says they are in the admin app;
//   - mails to the submitter only to the opinion's own address, with the tracking page, never the secret;
//   - free text in mails to the 办公室 is an excerpt with phone numbers and addresses masked.
import type { Db } from '../../db/open.ts';
import { loadConfig } from '../config.ts';
import type { FeedbackRecord } from '../../db/queries/feedback-records.ts';
import { getCategory } from '../../db/queries/feedback-records.ts';
import { latestEventNote, unitName } from '../../db/queries/mail.ts';
import { bureauDate } from '../domain/bureau-time.ts';
import { hasContact } from '../actions/contact-details.ts';
import { isOverdue, RATING_WINDOW_WORKING_DAYS } from '../domain/deadlines.ts';
import type { CompletedStep } from '../actions/feedback-steps.ts';
import { REJECT_REASON_LABELS, type RejectReason, SUBMITTER_ROLE_LABELS, type SubmitterRole } from '../domain/vocabulary.ts';
import type { MailKind } from '../domain/mail-vocabulary.ts';
import type { MailSettings } from './kinds.ts';
import { enqueueMail, MailRefusedError, type MailToQueue } from './outbox.ts';
import { distinctRecipients, officeRecipients, type Recipient, sysadminRecipients, unitHandlerRecipients } from './recipients.ts';
import { mailSettings } from './settings.ts';
import { enqueueReplyReadySms } from '../sms/outbox.ts';
import {
  excerpt,
  feedbackAssignedMail,
  feedbackForUnitMail,
  feedbackHandedBackMail,
  feedbackReceiptMail,
  feedbackRejectedMail,
  feedbackSubmittedMail,
  feedbackUrgedMail,
  type FeedbackFactsRow,
  ratingDissatisfiedMail,
  rebuildFailedMail,
  type RenderedMail,
  replyInReviewMail,
  replyReleasedMail,
  replyReturnedMail,
} from './templates.ts';

export interface MailHooks {
  /** For StepContext.onStep: the staff actions of feedback-steps.ts. */
  onStep: (db: Db, step: CompletedStep) => void;
  /** For SubmissionContext.onSubmitted: a new opinion. */
  onSubmitted: (db: Db, feedback: FeedbackRecord) => void;
  /** For rateReply's onRated: a rating (only 不满意 causes a mail). */
  onRated: (db: Db, feedback: FeedbackRecord) => void;
}

export interface MailHooksOptions {
  /** Called when mails were queued (inside the transaction): wake the worker once it commits. */
  onQueued?: () => void;
  /** Called when a text message was queued (inside the transaction): wake the SMS worker once it commits. */
  onSmsQueued?: () => void;
  /** A mail the safety rules refused; it is skipped and the action goes on. Never gets an address. */
  onRefused?: (kind: MailKind, reason: string) => void;
}

function factsOfFeedback(db: Db, record: FeedbackRecord): FeedbackFactsRow {
  return {
    trackingCode: record.tracking_code,
    categoryLabel: getCategory(db, record.category)?.label ?? record.category,
    roleLabel: SUBMITTER_ROLE_LABELS[record.role as SubmitterRole] ?? record.role,
    submittedAt: record.submitted_at,
    excerpt: excerpt(record.content),
  };
}

export function createMailHooks(settings: MailSettings, options: MailHooksOptions = {}): MailHooks {
  function queue(db: Db, recipients: readonly Recipient[], base: Omit<MailToQueue, 'to' | 'audience' | 'content' | 'recipientUnitId'>, render: (recipient: Recipient) => RenderedMail): number {
    let queued = 0;
    for (const recipient of recipients) {
      try {
        const result = enqueueMail(db, settings, {
          ...base,
          audience: recipient.audience,
          to: recipient.mailbox,
          recipientUnitId: recipient.unitId,
          content: render(recipient),
        });
        if (result) queued += 1;
      } catch (error) {
        if (!(error instanceof MailRefusedError)) throw error;
        options.onRefused?.(base.kind, error.message);
      }
    }
    if (queued > 0) options.onQueued?.();
    return queued;
  }

  function toSubmitter(record: FeedbackRecord): Recipient[] {
    if (!record.contact_email) return [];
    const address = settings.contacts.open(record).email;
    if (!address) return [];
    return [{ audience: 'submitter', mailbox: { address, name: null }, userId: null, unitId: null }];
  }

  function onSubmitted(db: Db, record: FeedbackRecord): void {
    const at = record.submitted_at;
    const facts = factsOfFeedback(db, record);
    const presetUnit = unitName(db, record.unit_id);
    // A receipt to the address the submitter gave: the code and the tracking page, never the secret.
    queue(db, toSubmitter(record), { kind: 'feedback_receipt', feedbackId: record.id, at }, () =>
      feedbackReceiptMail(settings, { trackingCode: record.tracking_code, submittedAt: record.submitted_at, categoryLabel: facts.categoryLabel, acceptDueOn: record.accept_due_on }),
    );
    const office = distinctRecipients([officeRecipients(db)]);
    queue(db, office, { kind: 'feedback_submitted', feedbackId: record.id, at }, () =>
      feedbackSubmittedMail(settings, { ...facts, acceptDueOn: record.accept_due_on, unitName: presetUnit }),
    );
    if (record.unit_id !== null && presetUnit !== null) {
      // Someone who is in the 办公室 as well has the fuller mail already.
      const officeAddresses = new Set(office.map((recipient) => recipient.mailbox.address.toLowerCase()));
      const handlers = distinctRecipients([unitHandlerRecipients(db, record.unit_id)]).filter(
        (recipient) => !officeAddresses.has(recipient.mailbox.address.toLowerCase()),
      );
      queue(db, handlers, { kind: 'feedback_for_unit', feedbackId: record.id, at }, () =>
        feedbackForUnitMail(settings, { trackingCode: record.tracking_code, categoryLabel: facts.categoryLabel, submittedAt: record.submitted_at, unitName: presetUnit }),
      );
    }
  }

  function onStep(db: Db, { action, actor, before, after }: CompletedStep): void {
    const at = after.updated_at;
    const base = { feedbackId: after.id, at };
    switch (action) {
      case 'assign':
      case 'reassign':
      case 'follow_up_reopened': {
        const unit = unitName(db, after.assigned_unit_id) ?? '承办单位';
        const facts = factsOfFeedback(db, after);
        const how = action === 'assign' ? 'assign' : action === 'reassign' ? 'reassign' : 'reopen';
        const hasContactDetails = after.is_anonymous !== 1 && hasContact(after);
        const note = latestEventNote(db, after.id);
        const handlers = distinctRecipients([unitHandlerRecipients(db, after.assigned_unit_id)], actor.id);
        queue(db, handlers, { ...base, kind: 'feedback_assigned' }, (recipient) =>
          feedbackAssignedMail(settings, {
            ...facts,
            unitName: unit,
            replyDueOn: after.reply_due_on,
            provisional: after.due_provisional === 1,
            how,
            note,
            hasContact: hasContactDetails,
          }),
        );
        return;
      }
      case 'urge': {
        const handlers = distinctRecipients([unitHandlerRecipients(db, after.assigned_unit_id)], actor.id);
        queue(db, handlers, { ...base, kind: 'feedback_urged' }, () =>
          feedbackUrgedMail(settings, {
            trackingCode: after.tracking_code,
            unitName: unitName(db, after.assigned_unit_id) ?? '承办单位',
            replyDueOn: after.reply_due_on,
            overdue: isOverdue(after.reply_due_on, bureauDate(new Date(at))),
            urgeCount: after.urge_count,
            note: latestEventNote(db, after.id),
          }),
        );
        return;
      }
      case 'hand_back': {
        const office = distinctRecipients([officeRecipients(db)], actor.id);
        queue(db, office, { ...base, kind: 'feedback_handed_back' }, () =>
          feedbackHandedBackMail(settings, {
            trackingCode: after.tracking_code,
            unitName: unitName(db, before.assigned_unit_id) ?? '承办单位',
            reason: excerpt(latestEventNote(db, after.id) ?? '（未填写）', 500),
          }),
        );
        return;
      }
      case 'draft_reply': {
        const office = distinctRecipients([officeRecipients(db)], actor.id);
        queue(db, office, { ...base, kind: 'reply_in_review' }, () =>
          replyInReviewMail(settings, {
            trackingCode: after.tracking_code,
            unitName: unitName(db, after.assigned_unit_id) ?? '承办单位',
            replyDueOn: after.reply_due_on,
            draft: after.reply_draft ?? '',
          }),
        );
        return;
      }
      case 'return_reply': {
        const handlers = distinctRecipients([unitHandlerRecipients(db, after.assigned_unit_id)], actor.id);
        queue(db, handlers, { ...base, kind: 'reply_returned' }, () =>
          replyReturnedMail(settings, {
            trackingCode: after.tracking_code,
            unitName: unitName(db, after.assigned_unit_id) ?? '承办单位',
            replyDueOn: after.reply_due_on,
            comment: after.review_comment ?? '',
          }),
        );
        return;
      }
      case 'approve_reply':
        // A submitter with a mobile number and no address learns by SMS that the answer is waiting
        // on the tracking page (nothing personal in the message).
        if (enqueueReplyReadySms(db, settings, after, at)) options.onSmsQueued?.();
        queue(db, toSubmitter(after), { ...base, kind: 'reply_released' }, () =>
          replyReleasedMail(settings, {
            trackingCode: after.tracking_code,
            reply: after.reply_text ?? '',
            unitName: unitName(db, after.reply_unit_id),
            rateWithinDays: RATING_WINDOW_WORKING_DAYS,
          }),
        );
        return;
      case 'reject':
        queue(db, toSubmitter(after), { ...base, kind: 'feedback_rejected' }, () =>
          feedbackRejectedMail(settings, {
            trackingCode: after.tracking_code,
            reasonLabel: REJECT_REASON_LABELS[after.reject_reason as RejectReason] ?? '其他',
            note: after.reject_note ?? '',
          }),
        );
        return;
      default:
        // accept, extend, publish, withhold, follow_up_explained: nobody needs a mail.
        return;
    }
  }

  function onRated(db: Db, record: FeedbackRecord): void {
    if (record.rating !== 'dissatisfied') return;
    const office = distinctRecipients([officeRecipients(db)]);
    queue(db, office, { kind: 'rating_dissatisfied', feedbackId: record.id, at: record.rated_at ?? record.updated_at }, () =>
      ratingDissatisfiedMail(settings, {
        trackingCode: record.tracking_code,
        unitName: unitName(db, record.reply_unit_id),
        comment: record.rating_comment,
        followUpDueOn: record.followup_due_on,
      }),
    );
  }

  return { onStep, onSubmitted, onRated };
}

const MAX_ERROR_LENGTH = 2000;

/**
 * A failed site rebuild → every 系统管理员 with an address. Returns how many mails were queued.
 * `settings` defaults to the configuration's.
 */
export function enqueueRebuildFailedMail(db: Db, error: unknown, at: Date | string, settings: MailSettings = mailSettings(loadConfig())): number {
  const when = typeof at === 'string' ? at : at.toISOString();
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw.length > MAX_ERROR_LENGTH ? `${raw.slice(0, MAX_ERROR_LENGTH)}……` : raw;
  let queued = 0;
  db.transaction(() => {
    for (const recipient of distinctRecipients([sysadminRecipients(db)])) {
      const result = enqueueMail(db, settings, {
        kind: 'rebuild_failed',
        audience: recipient.audience,
        to: recipient.mailbox,
        content: rebuildFailedMail(settings, { at: when, error: message }),
        at: when,
      });
      if (result) queued += 1;
    }
  })();
  return queued;
}
