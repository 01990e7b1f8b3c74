// What the admin app shows of a ledger item: every field, its timeline, outcomes, versions and
// the opinions linked to it; and the draft of an item made from an opinion.
import type { Db } from '../../db/open.ts';
import { getFeedbackForLink, listFeedbackOfItem, listItemCategories, listUnitRefs } from '../../db/queries/ledger-references.ts';
import { getItemRecord, listItemOutcomes, listItemUpdates, listItemVersions } from '../../db/queries/ledger.ts';
import { FEEDBACK_STATE_LABELS, ITEM_SOURCE_LABELS, ITEM_STATUS_LABELS, OUTCOME_KIND_LABELS, type FeedbackState } from '../domain/vocabulary.ts';
import { displayFieldValue, ITEM_FIELD_LABELS, isItemOverdue, leaderLine } from '../domain/ledger-rules.ts';
import { suggestRedaction } from '../domain/redaction.ts';

const VERSION_ACTION_LABELS: Record<string, string> = {
  create: '新建',
  update: '修改',
  progress: '进展更新',
  outcome: '新增制度成果',
  publish: '公开',
  withdraw: '撤回公开',
  import: '导入',
  from_feedback: '由群众意见新建',
  migrate: '系统升级时迁入',
  outcome_removed: '撤下制度成果',
  update_withdrawn: '撤回进展',
};
const CHANGE_LABELS: Record<string, string> = { ...ITEM_FIELD_LABELS, outcome: '制度成果', update: '进展' };

export function ledgerItemView(db: Db, id: number, today: string) {
  const record = getItemRecord(db, id);
  if (!record) return null;
  const units = new Map(listUnitRefs(db).map((unit) => [unit.id, unit]));
  const categories = new Map(listItemCategories(db).map((category) => [category.code, category.label]));
  const categoryLabel = (code: string) => categories.get(code) ?? code;
  const unit = record.responsible_unit_id === null ? undefined : units.get(record.responsible_unit_id);
  const source = record.source_feedback_id === null ? undefined : getFeedbackForLink(db, record.source_feedback_id);
  return {
    item: {
      id: record.id,
      version: record.version,
      code: record.code,
      title: record.title,
      problem: record.problem,
      category: record.category,
      categoryLabel: categoryLabel(record.category),
      source: record.source,
      sourceLabel: ITEM_SOURCE_LABELS[record.source],
      unitId: record.responsible_unit_id,
      unitName: unit?.name ?? null,
      leaderName: record.leader_name,
      leaderPost: record.leader_post,
      leader: leaderLine(record.leader_post, record.leader_name),
      measures: record.measures,
      deadline: record.deadline,
      status: record.status,
      statusLabel: ITEM_STATUS_LABELS[record.status],
      progress: record.progress,
      completedOn: record.completed_on,
      progressSummary: record.progress_summary,
      isPublished: record.is_published === 1,
      isOverdue: isItemOverdue(record, today),
      sourceFeedback: source ? { id: source.id, trackingCode: source.tracking_code } : null,
      createdAt: record.created_at,
      updatedAt: record.updated_at,
    },
    updates: listItemUpdates(db, id).map((update) => ({ ...update, statusLabel: update.status ? ITEM_STATUS_LABELS[update.status] : null })),
    outcomes: listItemOutcomes(db, id).map((outcome) => ({ ...outcome, kindLabel: OUTCOME_KIND_LABELS[outcome.kind] })),
    versions: listItemVersions(db, id).map((version) => ({
      version: version.version,
      action: version.action,
      actionLabel: VERSION_ACTION_LABELS[version.action] ?? version.action,
      actorName: version.actorName ?? '系统',
      note: version.note,
      at: version.at,
      changes: version.changes.map((change) => ({
        field: change.field,
        label: CHANGE_LABELS[change.field] ?? change.field,
        from: displayFieldValue(change.field, change.from, categoryLabel),
        to: displayFieldValue(change.field, change.to, categoryLabel),
      })),
    })),
    feedback: listFeedbackOfItem(db, id).map((feedback) => ({
      ...feedback,
      statusLabel: FEEDBACK_STATE_LABELS[feedback.status as FeedbackState] ?? feedback.status,
    })),
  };
}

export type LedgerItemView = NonNullable<ReturnType<typeof ledgerItemView>>;

/**
 * The start of an item made from an opinion: its public text if the office published one, else a
 * suggested masking of the original (phone numbers, ID numbers, the submitter's name). The staff
 * member edits it before saving; nothing of the opinion is saved unasked.
 */
export function itemDraftFromFeedback(db: Db, feedbackId: number, keep: readonly string[]) {
  const feedback = getFeedbackForLink(db, feedbackId);
  if (!feedback) return null;
  const problem = feedback.public_content ?? suggestRedaction(feedback.content, { names: feedback.contact_name ? [feedback.contact_name] : [], keep: [...keep] }).text;
  return {
    feedback: {
      id: feedback.id,
      trackingCode: feedback.tracking_code,
      state: feedback.status,
      stateLabel: FEEDBACK_STATE_LABELS[feedback.status as FeedbackState] ?? feedback.status,
      linkedItemId: feedback.item_id,
    },
    draft: {
      problem,
      source: 'public_topic' as const,
      unitId: feedback.assigned_unit_id ?? feedback.unit_id,
    },
  };
}
