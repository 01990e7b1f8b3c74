// What the submitter sees on the tracking page (查询办理进度): the state, the public steps with
// their dates (受理, 转办 to which unit, 答复 …), the due date, the reply, the reason when 不予受理,
// the rating, and what they may still do. Never internal notes (text-visibility.ts decides which
// are), never who in the bureau did what.
import type { FeedbackRecord } from '../../db/queries/feedback-records.ts';
import type { PublicEventRow, TrackingNames } from '../../db/queries/tracking.ts';
import { bureauDate } from '../domain/bureau-time.ts';
import { hasContact } from './contact-details.ts';
import { dueAfter, RATING_WINDOW_WORKING_DAYS } from '../domain/deadlines.ts';
import {
  FEEDBACK_STATE_GROUPS,
  FEEDBACK_STATE_LABELS,
  type FeedbackState,
  RATING_LABELS,
  type Rating,
  REJECT_REASON_LABELS,
  type RejectReason,
} from '../domain/vocabulary.ts';
import type { WorkCalendar } from '../domain/working-days.ts';

/** Step names as the submitter reads them. */
export const PUBLIC_STEP_LABELS: Record<string, string> = {
  submit: '提交意见',
  accept: '受理',
  reject: '不予受理',
  assign: '转办',
  reassign: '改派',
  extend: '延期答复',
  approve_reply: '答复',
  follow_up_explained: '回访：解释说明',
  follow_up_reopened: '回访：重新办理',
  rate: '评价',
  withdraw: '撤回',
};

export interface TrackingStep {
  action: string;
  label: string;
  at: string;
  unitName: string | null;
  note: string | null;
}

export interface TrackingView {
  trackingCode: string;
  state: FeedbackState;
  stateLabel: string;
  title: string | null;
  content: string;
  categoryLabel: string | null;
  unitName: string | null;
  submittedAt: string;
  /** The next deadline the bureau works to: 受理 while pending, 答复 while being handled. */
  due: { kind: 'accept' | 'reply'; label: string; date: string; provisional: boolean } | null;
  steps: TrackingStep[];
  rejection: { reasonLabel: string; note: string | null } | null;
  reply: { text: string; unitName: string | null; repliedAt: string } | null;
  rating: { rating: Rating; label: string; comment: string | null; ratedAt: string } | null;
  canRate: boolean;
  /** Last day a rating is accepted, while one may be given. */
  rateBy: string | null;
  canWithdraw: boolean;
  /** The contact details are gone (withdrawn, or purged after the retention period). */
  contactDeleted: boolean;
  hasContact: boolean;
}

export function ratingDeadline(calendar: WorkCalendar, repliedAt: string): string {
  return dueAfter(calendar, new Date(repliedAt), RATING_WINDOW_WORKING_DAYS).date;
}

function isOpen(state: FeedbackState): boolean {
  return (FEEDBACK_STATE_GROUPS.open as readonly string[]).includes(state);
}

export function trackingView(record: FeedbackRecord, names: TrackingNames, events: PublicEventRow[], calendar: WorkCalendar, now: Date): TrackingView {
  const state = record.status;
  const rateBy = state === 'replied' && record.replied_at !== null && record.rating === null ? ratingDeadline(calendar, record.replied_at) : null;
  const canRate = rateBy !== null && bureauDate(now) <= rateBy;
  let due: TrackingView['due'] = null;
  if (state === 'pending' && record.accept_due_on) due = { kind: 'accept', label: '受理期限', date: record.accept_due_on, provisional: record.due_provisional === 1 };
  else if ((state === 'accepted' || state === 'assigned' || state === 'in_review') && record.reply_due_on) {
    due = { kind: 'reply', label: '答复期限', date: record.reply_due_on, provisional: record.due_provisional === 1 };
  }
  return {
    trackingCode: record.tracking_code,
    state,
    // A draft waiting for the 办公室's approval is, to the submitter, still being handled.
    stateLabel: state === 'in_review' ? FEEDBACK_STATE_LABELS.assigned : FEEDBACK_STATE_LABELS[state],
    title: record.title,
    content: record.content,
    categoryLabel: names.categoryLabel,
    unitName: names.unitName,
    submittedAt: record.submitted_at,
    due,
    steps: events
      .filter((event) => PUBLIC_STEP_LABELS[event.action] !== undefined)
      .map((event) => ({
        action: event.action,
        label: PUBLIC_STEP_LABELS[event.action]!,
        at: event.at,
        unitName: event.action === 'assign' || event.action === 'reassign' || event.action === 'approve_reply' ? event.unitName : null,
        // Only notes written for the submitter arrive here (db/queries/tracking.ts selects them by
        // note_public). The reply is shown in full below; a rating is shown by its label.
        note:
          event.action === 'approve_reply'
            ? null
            : event.action === 'rate' && event.note
              ? (RATING_LABELS[event.note as Rating] ?? null)
              : event.note,
      })),
    rejection:
      state === 'rejected' && record.reject_reason
        ? { reasonLabel: REJECT_REASON_LABELS[record.reject_reason as RejectReason] ?? '其他', note: record.reject_note }
        : null,
    reply: record.reply_text !== null && record.replied_at !== null && state === 'replied' ? { text: record.reply_text, unitName: names.replyUnitName, repliedAt: record.replied_at } : null,
    rating:
      record.rating !== null && record.rated_at !== null
        ? { rating: record.rating, label: RATING_LABELS[record.rating], comment: record.rating_comment, ratedAt: record.rated_at }
        : null,
    canRate,
    rateBy: canRate ? rateBy : null,
    canWithdraw: isOpen(state),
    contactDeleted: record.contact_purged_at !== null,
    hasContact: hasContact(record),
  };
}
