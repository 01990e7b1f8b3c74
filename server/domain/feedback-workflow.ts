// The opinion workflow in one place: which step may be taken from which state, by whom, and
// where it leads. The states are mirrored by a CHECK constraint on feedback.status; a test keeps
// the two in step. Publication, rating and follow-up sit beside the state: their steps keep it.
import type { StaffUser } from './staff.ts';
import { hasRole } from './staff.ts';
import { FEEDBACK_STATE_LABELS, type FeedbackState } from './vocabulary.ts';

export const FEEDBACK_ACTIONS = [
  'accept',
  'reject',
  'assign',
  'reassign',
  'hand_back',
  'draft_reply',
  'return_reply',
  'approve_reply',
  'urge',
  'extend',
  'publish',
  'withhold',
  'follow_up_explained',
  'follow_up_reopened',
] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

/** Every kind of event in an opinion's timeline: staff actions plus the submitter's own steps. */
export const FEEDBACK_EVENT_ACTIONS = ['submit', ...FEEDBACK_ACTIONS, 'rate', 'withdraw', 'note'] as const;
export type FeedbackEventAction = (typeof FEEDBACK_EVENT_ACTIONS)[number];

export const FEEDBACK_EVENT_LABELS: Record<FeedbackEventAction, string> = {
  submit: '提交意见',
  accept: '受理',
  reject: '不予受理',
  assign: '转办',
  reassign: '改派',
  hand_back: '退回办公室',
  draft_reply: '提交答复',
  return_reply: '退回修改',
  approve_reply: '审核通过并答复',
  urge: '督办',
  extend: '延期',
  publish: '公开',
  withhold: '不公开',
  follow_up_explained: '回访：已解释说明',
  follow_up_reopened: '回访：重新办理',
  rate: '评价',
  withdraw: '撤回',
  note: '备注',
};

/** Who may take a step: the 办公室, or the 经办人 of the unit the opinion is with (the 办公室 may too). */
type Actor = 'office' | 'unit';

interface ActionRule {
  from: readonly FeedbackState[];
  /** The state after the step; undefined keeps the state. */
  to?: FeedbackState;
  actor: Actor;
}

export const ACTION_RULES: Record<FeedbackAction, ActionRule> = {
  accept: { from: ['pending'], to: 'accepted', actor: 'office' },
  reject: { from: ['pending', 'accepted'], to: 'rejected', actor: 'office' },
  assign: { from: ['accepted'], to: 'assigned', actor: 'office' },
  reassign: { from: ['assigned'], to: 'assigned', actor: 'office' },
  hand_back: { from: ['assigned'], to: 'accepted', actor: 'unit' },
  draft_reply: { from: ['assigned'], to: 'in_review', actor: 'unit' },
  return_reply: { from: ['in_review'], to: 'assigned', actor: 'office' },
  approve_reply: { from: ['in_review'], to: 'replied', actor: 'office' },
  urge: { from: ['assigned'], actor: 'office' },
  extend: { from: ['assigned', 'in_review'], actor: 'office' },
  publish: { from: ['replied'], actor: 'office' },
  withhold: { from: ['replied'], actor: 'office' },
  follow_up_explained: { from: ['replied'], actor: 'office' },
  follow_up_reopened: { from: ['replied'], to: 'assigned', actor: 'office' },
};

/** The facts beside the state that some steps depend on. */
export interface FeedbackFacts {
  status: FeedbackState;
  assignedUnitId: number | null;
  consentToPublish: boolean;
  publication: 'undecided' | 'published' | 'withheld';
  extensionDays: number | null;
  followUpStatus: 'open' | 'explained' | 'reopened' | null;
  /** The reply deadline is today or within one working day, or has passed. */
  replyDueSoonOrOverdue: boolean;
}

/** Conditions beyond the state; each returns the reason the step is not possible now, or null. */
function sideCondition(action: FeedbackAction, facts: FeedbackFacts): string | null {
  switch (action) {
    case 'urge':
      return facts.replyDueSoonOrOverdue ? null : '督办只用于即将到期或已逾期的意见';
    case 'extend':
      return facts.extensionDays === null ? null : '每条意见只能延期一次';
    case 'publish':
      if (!facts.consentToPublish) return '反映人未同意公开，不能公开';
      return facts.publication === 'published' ? '该意见已公开' : null;
    case 'withhold':
      return facts.publication === 'withheld' ? '该意见已决定不公开' : null;
    case 'follow_up_explained':
    case 'follow_up_reopened':
      return facts.followUpStatus === 'open' ? null : '只有评价为“不满意”且尚未回访的意见需要回访';
    default:
      return null;
  }
}

/** May this person take steps of this kind on this opinion at all (ignoring its state)? */
export function mayAct(user: StaffUser, actor: Actor, assignedUnitId: number | null): boolean {
  if (hasRole(user, 'office')) return true;
  return actor === 'unit' && hasRole(user, 'handler') && user.unitId !== null && user.unitId === assignedUnitId;
}

/**
 * May this person take steps of this kind on any opinion? Checked before a step's body is read, so
 * someone who may never take it learns nothing of what it expects.
 */
export function mayEverTake(user: StaffUser, action: FeedbackAction): boolean {
  if (hasRole(user, 'office')) return true;
  return ACTION_RULES[action].actor === 'unit' && hasRole(user, 'handler') && user.unitId !== null;
}

export function forbiddenStepMessage(action: FeedbackAction): string {
  return `您没有权限执行“${FEEDBACK_EVENT_LABELS[action]}”`;
}

/** May this person see this opinion? A 经办人 sees only what is, or was, with their unit. */
export function maySee(user: StaffUser, assignedUnitId: number | null, everAssignedToUnit: boolean): boolean {
  if (hasRole(user, 'office')) return true;
  return hasRole(user, 'handler') && user.unitId !== null && (user.unitId === assignedUnitId || everAssignedToUnit);
}

/** The steps this person may take now, in the order the app shows them. */
export function availableActions(user: StaffUser, facts: FeedbackFacts): FeedbackAction[] {
  return FEEDBACK_ACTIONS.filter((action) => {
    const rule = ACTION_RULES[action];
    return rule.from.includes(facts.status) && mayAct(user, rule.actor, facts.assignedUnitId) && sideCondition(action, facts) === null;
  });
}

export type StepCheck =
  | { ok: true; to: FeedbackState }
  | { ok: false; reason: 'forbidden'; message: string }
  | { ok: false; reason: 'conflict'; message: string };

/** Checks permission first, then the state and the conditions beside it. */
export function checkStep(user: StaffUser, action: FeedbackAction, facts: FeedbackFacts): StepCheck {
  const rule = ACTION_RULES[action];
  if (!mayAct(user, rule.actor, facts.assignedUnitId)) {
    return { ok: false, reason: 'forbidden', message: forbiddenStepMessage(action) };
  }
  if (!rule.from.includes(facts.status)) {
    return { ok: false, reason: 'conflict', message: conflictMessage(action, facts.status) };
  }
  const blocked = sideCondition(action, facts);
  if (blocked) return { ok: false, reason: 'conflict', message: blocked };
  return { ok: true, to: rule.to ?? facts.status };
}

/** "该意见当前为「已转办」，不能受理；当前可以：改派、退回办公室、提交答复……" */
export function conflictMessage(action: FeedbackAction, status: FeedbackState): string {
  const possible = FEEDBACK_ACTIONS.filter((candidate) => ACTION_RULES[candidate].from.includes(status)).map(
    (candidate) => FEEDBACK_EVENT_LABELS[candidate],
  );
  const allowed = possible.length > 0 ? `当前可以：${possible.join('、')}` : '当前不能再办理';
  return `该意见当前为“${FEEDBACK_STATE_LABELS[status]}”，不能${FEEDBACK_EVENT_LABELS[action]}；${allowed}`;
}

/** URL form of an action name (`draft-reply`) and back. */
export function actionFromSlug(slug: string): FeedbackAction | undefined {
  const action = slug.replaceAll('-', '_');
  if (action === 'follow_up_reopen') return 'follow_up_reopened';
  return (FEEDBACK_ACTIONS as readonly string[]).includes(action) ? (action as FeedbackAction) : undefined;
}
