// How staff see an opinion: the record with Chinese labels, its deadlines judged on the bureau's
// calendar, the steps this person may take now, and its timeline. Contact details are not here:
// they are shown only on request, and each view is audited.
import type { FeedbackNames, InboxRow, ReaderScope, TimelineEvent } from '../../db/queries/feedback-admin.ts';
import type { FeedbackRecord } from '../../db/queries/feedback-records.ts';
import { hasContact } from './contact-details.ts';
import { isDueSoon, isOverdue } from '../domain/deadlines.ts';
import { feedbackFacts } from './feedback-steps.ts';
import { availableActions, FEEDBACK_EVENT_LABELS, type FeedbackEventAction } from '../domain/feedback-workflow.ts';
import { canSeeAllFeedback, type StaffUser } from '../domain/staff.ts';
import {
  FEEDBACK_STATE_LABELS,
  FOLLOW_UP_LABELS,
  PUBLICATION_LABELS,
  RATING_LABELS,
  REJECT_REASON_LABELS,
  type RejectReason,
  SUBMITTER_ROLE_LABELS,
  type SubmitterRole,
} from '../domain/vocabulary.ts';
import type { WorkCalendar } from '../domain/working-days.ts';

/** The URL name of an action (`draft-reply`). */
export function actionSlug(action: string): string {
  return action === 'follow_up_reopened' ? 'follow-up-reopen' : action.replaceAll('_', '-');
}

export function dueOf(record: FeedbackRecord): { dueOn: string | null; dueKind: 'accept' | 'reply' | 'follow_up' | null } {
  if (record.status === 'pending') return { dueOn: record.accept_due_on, dueKind: 'accept' };
  if (record.status === 'accepted' || record.status === 'assigned' || record.status === 'in_review') return { dueOn: record.reply_due_on, dueKind: 'reply' };
  if (record.status === 'replied' && record.followup_status === 'open') return { dueOn: record.followup_due_on, dueKind: 'follow_up' };
  return { dueOn: null, dueKind: null };
}

export function feedbackDetailView(
  record: FeedbackRecord,
  names: FeedbackNames,
  events: TimelineEvent[],
  viewer: StaffUser,
  calendar: WorkCalendar,
  today: string,
) {
  const { dueOn } = dueOf(record);
  const actions = availableActions(viewer, feedbackFacts(record, calendar, today));
  return {
    feedback: {
      id: record.id,
      version: record.version,
      trackingCode: record.tracking_code,
      title: record.title,
      content: record.content,
      state: record.status,
      stateLabel: FEEDBACK_STATE_LABELS[record.status],
      category: record.category,
      categoryLabel: names.categoryLabel,
      role: record.role,
      roleLabel: SUBMITTER_ROLE_LABELS[record.role as SubmitterRole] ?? record.role,
      unitId: record.unit_id,
      acceptedAt: record.accepted_at,
      unitName: names.unitName,
      itemId: record.item_id,
      itemCode: names.itemCode,
      itemTitle: names.itemTitle,
      assignedUnitId: record.assigned_unit_id,
      assignedUnitName: names.assignedUnitName,
      isAnonymous: record.is_anonymous === 1,
      hasContact: hasContact(record),
      isUnder14: record.is_under_14 === 1,
      contactPurgedAt: record.contact_purged_at,
      consentToPublish: record.consent_to_publish === 1,
      needsScreening: record.needs_screening === 1,
      submittedAt: record.submitted_at,
      acceptDueOn: record.accept_due_on,
      replyDueOn: record.reply_due_on,
      provisional: record.due_provisional === 1,
      overdue: isOverdue(dueOn, today),
      dueSoon: isDueSoon(calendar, dueOn, today),
      extension: record.extension_days === null ? null : { days: record.extension_days, reason: record.extension_reason ?? '' },
      urgeCount: record.urge_count,
      rejectReason: record.reject_reason,
      rejectReasonLabel: record.reject_reason ? REJECT_REASON_LABELS[record.reject_reason as RejectReason] : null,
      rejectNote: record.reject_note,
      replyDraft: record.reply_draft,
      reviewComment: record.review_comment,
      replyText: record.reply_text,
      repliedAt: record.replied_at,
      publication: record.publication,
      publicationLabel: PUBLICATION_LABELS[record.publication],
      publicTitle: record.public_title,
      publicContent: record.public_content,
      publicReply: record.public_reply,
      rating: record.rating,
      ratingLabel: record.rating ? RATING_LABELS[record.rating] : null,
      ratingComment: record.rating_comment,
      followUp:
        record.followup_status === null
          ? null
          : {
              status: record.followup_status,
              label: FOLLOW_UP_LABELS[record.followup_status],
              dueOn: record.followup_due_on,
              outcome: record.followup_outcome,
            },
      actions: actions.map((action) => ({ action: actionSlug(action), label: FEEDBACK_EVENT_LABELS[action] })),
    },
    events: events.map((event) => ({
      id: event.id,
      action: event.action,
      actionLabel: FEEDBACK_EVENT_LABELS[event.action as FeedbackEventAction] ?? event.action,
      actorName: event.actorKind === 'public' ? '反映人' : (event.actorName ?? '系统'),
      fromState: event.fromState,
      toState: event.toState,
      unitName: event.unitName,
      note: event.action === 'rate' && event.note ? (RATING_LABELS[event.note as keyof typeof RATING_LABELS] ?? event.note) : event.note,
      isPublic: event.isPublic === 1,
      notePublic: event.notePublic === 1,
      at: event.at,
    })),
  };
}

export function inboxItemView(row: InboxRow, calendar: WorkCalendar, today: string) {
  return {
    id: row.id,
    trackingCode: row.trackingCode,
    title: row.title,
    excerpt: row.content.length > 80 ? `${row.content.slice(0, 80)}…` : row.content,
    state: row.state,
    stateLabel: FEEDBACK_STATE_LABELS[row.state],
    category: row.category,
    categoryLabel: row.categoryLabel,
    role: row.role,
    roleLabel: SUBMITTER_ROLE_LABELS[row.role as SubmitterRole] ?? row.role,
    unitName: row.unitName,
    assignedUnitName: row.assignedUnitName,
    submittedAt: row.submittedAt,
    dueOn: row.dueOn,
    dueKind: row.dueKind,
    overdue: isOverdue(row.dueOn, today),
    dueSoon: isDueSoon(calendar, row.dueOn, today),
    provisional: row.provisional === 1,
    publication: row.publication,
    rating: row.rating,
    followUp: row.followUp,
    needsScreening: row.needsScreening === 1,
    urgeCount: row.urgeCount,
  };
}

/** Which opinions a person reads: all of them (办公室), or those that are or were with their unit (经办人). */
export function readerScopeOf(user: StaffUser): ReaderScope {
  return { allUnits: canSeeAllFeedback(user), unitId: user.unitId };
}
