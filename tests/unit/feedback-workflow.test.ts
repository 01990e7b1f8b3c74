// The opinion workflow through its named actions, on a real SQLite database: every legal step,
// every illegal one, permissions before state, stale versions, deadlines and the follow-up loop.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.ts';
import { openDatabase } from '../../db/open.ts';
import { getFeedbackRecord } from '../../db/queries/feedback-records.ts';
import { workCalendar } from '../../db/queries/calendar.ts';
import { rateReply, submitFeedback, withdrawFeedback } from '../../server/actions/feedback-actions.ts';
import {
  acceptFeedback,
  approveReply,
  assignFeedback,
  draftReply,
  explainFollowUp,
  extendFeedback,
  handBackFeedback,
  publishFeedback,
  reassignFeedback,
  rejectFeedback,
  reopenAfterFollowUp,
  returnReply,
  type StepContext,
  urgeFeedback,
  withholdFeedback,
} from '../../server/actions/feedback-steps.ts';
import type { ActionResult } from '../../server/domain/action-result.ts';
import { ACTION_RULES, FEEDBACK_ACTIONS, type FeedbackAction } from '../../server/domain/feedback-workflow.ts';
import type { StaffUser } from '../../server/domain/staff.ts';
import { FEEDBACK_STATES, type FeedbackState } from '../../server/domain/vocabulary.ts';
import { insertStaffRow, insertUnit, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { TEST_CONTACTS } from '../helpers/contacts.ts';

interface World {
  db: Db;
  office: StaffUser;
  handlerA: StaffUser;
  handlerB: StaffUser;
  ledger: StaffUser;
  schoolA: number;
  schoolB: number;
  at: (iso: string) => StepContext;
}

function world(): World {
  const db = openDatabase(':memory:');
  const schoolA = insertUnit(db, { name: '示例县第一中学' });
  const schoolB = insertUnit(db, { name: '示例县实验小学' });
  const officeUnit = insertUnit(db, { name: '办公室', kind: 'department' });
  const office = insertStaffRow(db, { roles: ['office'], unitId: officeUnit });
  const handlerA = insertStaffRow(db, { roles: ['handler'], unitId: schoolA });
  const handlerB = insertStaffRow(db, { roles: ['handler'], unitId: schoolB });
  const ledger = insertStaffRow(db, { roles: ['ledger'] });
  const calendar = workCalendar(db);
  return { db, office, handlerA, handlerB, ledger, schoolA, schoolB, at: (iso) => ({ now: new Date(iso), calendar }) };
}

// Monday 2026-11-23, 10:00 in Shanghai; the week has no holiday.
const MONDAY = '2026-11-23T02:00:00.000Z';

function submit(w: World, overrides: Record<string, unknown> = {}): { id: number; code: string; secret: string } {
  const result = submitFeedback(w.db, makeFeedbackSubmission(overrides) as never, { ...w.at(MONDAY), ipHash: null, contacts: TEST_CONTACTS });
  if (!result.ok) throw new Error(result.message);
  const id = w.db.prepare<[string], { id: number }>('SELECT id FROM feedback WHERE tracking_code = ?').get(result.value.trackingCode)!.id;
  return { id, code: result.value.trackingCode, secret: result.value.secret };
}

function ok(result: ActionResult<unknown>): void {
  if (!result.ok) throw new Error(`${result.error}: ${result.message}`);
}

const version = (w: World, id: number) => getFeedbackRecord(w.db, id)!.version;

/** Brings a fresh opinion to the given state through the actions themselves. */
function feedbackIn(w: World, state: FeedbackState): number {
  const { id, code, secret } = submit(w);
  const c = w.at(MONDAY);
  const step = (fn: () => ActionResult<unknown>) => ok(fn());
  if (state === 'pending') return id;
  if (state === 'withdrawn') {
    withdrawFeedback(w.db, { trackingCode: code, secret }, c);
    return id;
  }
  if (state === 'rejected') {
    step(() => rejectFeedback(w.db, w.office, { feedbackId: id, version: version(w, id), reason: 'unclear', note: '内容不明确' }, c));
    return id;
  }
  step(() => acceptFeedback(w.db, w.office, { feedbackId: id, version: version(w, id) }, c));
  if (state === 'accepted') return id;
  step(() => assignFeedback(w.db, w.office, { feedbackId: id, version: version(w, id), unitId: w.schoolA }, c));
  if (state === 'assigned') return id;
  step(() => draftReply(w.db, w.handlerA, { feedbackId: id, version: version(w, id), reply: '经核实，已按课表恢复体育课。' }, c));
  if (state === 'in_review') return id;
  step(() => approveReply(w.db, w.office, { feedbackId: id, version: version(w, id) }, c));
  return id;
}

/** Runs one action with plausible input, as the 办公室 (or the unit's 经办人 for unit steps). */
function attempt(w: World, action: FeedbackAction, id: number, now = MONDAY): ActionResult<unknown> {
  const target = { feedbackId: id, version: version(w, id) };
  const c = w.at(now);
  const actor = ACTION_RULES[action].actor === 'unit' ? w.handlerA : w.office;
  switch (action) {
    case 'accept':
      return acceptFeedback(w.db, actor, target, c);
    case 'reject':
      return rejectFeedback(w.db, actor, { ...target, reason: 'duplicate', note: '与此前反映重复' }, c);
    case 'assign':
      return assignFeedback(w.db, actor, { ...target, unitId: w.schoolA }, c);
    case 'reassign':
      return reassignFeedback(w.db, actor, { ...target, unitId: w.schoolB, reason: '属乙校职责' }, c);
    case 'hand_back':
      return handBackFeedback(w.db, actor, { ...target, reason: '不属本校' }, c);
    case 'draft_reply':
      return draftReply(w.db, actor, { ...target, reply: '答复内容' }, c);
    case 'return_reply':
      return returnReply(w.db, actor, { ...target, comment: '请补充整改时间' }, c);
    case 'approve_reply':
      return approveReply(w.db, actor, target, c);
    case 'urge':
      return urgeFeedback(w.db, actor, target, c);
    case 'extend':
      return extendFeedback(w.db, actor, { ...target, days: 3, reason: '需现场核查' }, c);
    case 'publish':
      return publishFeedback(w.db, actor, { ...target, publicTitle: '公开的标题', publicContent: '公开的意见', publicReply: '公开的答复' }, c);
    case 'withhold':
      return withholdFeedback(w.db, actor, target, c);
    case 'follow_up_explained':
      return explainFollowUp(w.db, actor, { ...target, outcome: '已电话解释' }, c);
    case 'follow_up_reopened':
      return reopenAfterFollowUp(w.db, actor, { ...target, outcome: '重新办理' }, c);
  }
}

describe('the state machine, step by step', () => {
  const cases = FEEDBACK_STATES.flatMap((state) => FEEDBACK_ACTIONS.map((action) => [state, action] as const));

  it.each(cases)('from %s, %s is refused unless the rules allow it', (state, action) => {
    const w = world();
    const id = feedbackIn(w, state);
    // A week later everything open is overdue, so 督办 is possible where the state allows it.
    const result = attempt(w, action, id, '2026-12-07T02:00:00.000Z');
    const rule = ACTION_RULES[action];
    const sideConditionBlocks = ['follow_up_explained', 'follow_up_reopened'].includes(action);
    if (rule.from.includes(state) && !sideConditionBlocks) {
      ok(result);
      const after = getFeedbackRecord(w.db, id)!;
      expect(after.status).toBe(rule.to ?? state);
      const event = w.db.prepare<[number], { action: string; from_status: string; to_status: string }>(
        'SELECT action, from_status, to_status FROM feedback_events WHERE feedback_id = ? ORDER BY id DESC LIMIT 1',
      ).get(id)!;
      expect(event).toEqual({ action, from_status: state, to_status: rule.to ?? state });
      expect(w.db.prepare('SELECT count(*) AS n FROM audit_log WHERE object_id = ? AND action = ?').get(id, `feedback.${action}`)).toEqual({ n: 1 });
    } else {
      // A 经办人 cannot even see an opinion that never reached their unit.
      const neverWithUnit = rule.actor === 'unit' && !['assigned', 'in_review', 'replied'].includes(state);
      expect(result).toMatchObject({ ok: false, error: neverWithUnit ? 'not_found' : 'conflict' });
      expect(getFeedbackRecord(w.db, id)!.status).toBe(state);
    }
  });

  it('says in Chinese what the current state allows', () => {
    const w = world();
    const id = feedbackIn(w, 'assigned');
    const result = attempt(w, 'accept', id);
    expect(result).toMatchObject({ ok: false, error: 'conflict' });
    expect(!result.ok && result.message).toBe('该意见当前为“已转办”，不能受理；当前可以：改派、退回办公室、提交答复、督办、延期');
  });
});

describe('permissions come before the state', () => {
  it('hides another unit’s opinion from a 经办人 as if it did not exist', () => {
    const w = world();
    const id = feedbackIn(w, 'assigned');
    const result = draftReply(w.db, w.handlerB, { feedbackId: id, version: version(w, id), reply: '答复' }, w.at(MONDAY));
    expect(result).toEqual({ ok: false, error: 'not_found', message: '意见不存在或您无权查看' });
    const unknown = draftReply(w.db, w.handlerB, { feedbackId: 99999, version: 1, reply: '答复' }, w.at(MONDAY));
    expect(unknown).toEqual(result);
  });

  it('refuses office steps to a 经办人 on their own unit’s opinion', () => {
    const w = world();
    const id = feedbackIn(w, 'in_review');
    expect(approveReply(w.db, w.handlerA, { feedbackId: id, version: version(w, id) }, w.at(MONDAY))).toMatchObject({ ok: false, error: 'forbidden' });
  });

  it('refuses a 台账管理员 any step, and lets the 经办人 keep seeing an opinion reassigned away', () => {
    const w = world();
    const id = feedbackIn(w, 'accepted');
    expect(assignFeedback(w.db, w.ledger, { feedbackId: id, version: version(w, id), unitId: w.schoolA }, w.at(MONDAY))).toMatchObject({
      ok: false,
      error: 'not_found',
    });
    ok(assignFeedback(w.db, w.office, { feedbackId: id, version: version(w, id), unitId: w.schoolA }, w.at(MONDAY)));
    ok(reassignFeedback(w.db, w.office, { feedbackId: id, version: version(w, id), unitId: w.schoolB, reason: '属乙校' }, w.at(MONDAY)));
    // Seen, but no longer theirs to act on.
    expect(handBackFeedback(w.db, w.handlerA, { feedbackId: id, version: version(w, id), reason: 'x' }, w.at(MONDAY))).toMatchObject({
      ok: false,
      error: 'forbidden',
    });
  });
});

describe('two people acting at once', () => {
  it('gives the second one a conflict and keeps the first one’s step', () => {
    const w = world();
    const id = feedbackIn(w, 'pending');
    const seen = version(w, id);
    ok(acceptFeedback(w.db, w.office, { feedbackId: id, version: seen, note: '甲受理' }, w.at(MONDAY)));
    const second = rejectFeedback(w.db, w.office, { feedbackId: id, version: seen, reason: 'duplicate', note: '乙' }, w.at(MONDAY));
    expect(second).toMatchObject({ ok: false, error: 'conflict' });
    // Same state allowed for both (two urges): the stale version alone is refused.
    const assigned = feedbackIn(w, 'assigned');
    const v = version(w, assigned);
    const later = w.at('2026-12-07T02:00:00.000Z');
    ok(urgeFeedback(w.db, w.office, { feedbackId: assigned, version: v }, later));
    expect(urgeFeedback(w.db, w.office, { feedbackId: assigned, version: v }, later)).toEqual({
      ok: false,
      error: 'conflict',
      message: '该意见刚刚已被他人办理，请刷新后查看最新状态',
    });
    expect(getFeedbackRecord(w.db, assigned)!.urge_count).toBe(1);
  });
});

describe('deadlines in working days', () => {
  it('gives one working day to accept and five to reply, skipping the weekend', () => {
    const w = world();
    // Friday 2026-11-27 in Shanghai.
    const result = submitFeedback(w.db, makeFeedbackSubmission() as never, { ...w.at('2026-11-27T03:00:00.000Z'), ipHash: null, contacts: TEST_CONTACTS });
    if (!result.ok) throw new Error(result.message);
    const record = w.db.prepare<[string], { id: number; accept_due_on: string }>('SELECT id, accept_due_on FROM feedback WHERE tracking_code = ?').get(result.value.trackingCode)!;
    expect(record.accept_due_on).toBe('2026-11-30');
    ok(acceptFeedback(w.db, w.office, { feedbackId: record.id, version: 1 }, w.at('2026-11-27T05:00:00.000Z')));
    expect(getFeedbackRecord(w.db, record.id)!.reply_due_on).toBe('2026-12-04');
  });

  it('marks a deadline in a year without a holiday calendar as provisional', () => {
    const w = world();
    const id = submit(w).id;
    ok(acceptFeedback(w.db, w.office, { feedbackId: id, version: version(w, id) }, w.at('2026-12-29T02:00:00.000Z')));
    const record = getFeedbackRecord(w.db, id)!;
    expect(record.reply_due_on! > '2026-12-31').toBe(true);
    expect(record.due_provisional).toBe(1);
  });

  it('allows one extension of at most ten working days, and 督办 only when due soon or overdue', () => {
    const w = world();
    const id = feedbackIn(w, 'assigned');
    expect(urgeFeedback(w.db, w.office, { feedbackId: id, version: version(w, id) }, w.at(MONDAY))).toMatchObject({
      ok: false,
      message: '督办只用于即将到期或已逾期的意见',
    });
    expect(extendFeedback(w.db, w.office, { feedbackId: id, version: version(w, id), days: 11, reason: '太久' }, w.at(MONDAY))).toMatchObject({
      ok: false,
      error: 'invalid',
      field: 'days',
    });
    const before = getFeedbackRecord(w.db, id)!.reply_due_on;
    expect(before).toBe('2026-11-30');
    ok(extendFeedback(w.db, w.office, { feedbackId: id, version: version(w, id), days: 3, reason: '需现场核查' }, w.at(MONDAY)));
    expect(getFeedbackRecord(w.db, id)).toMatchObject({ reply_due_on: '2026-12-03', extension_days: 3, extension_reason: '需现场核查' });
    expect(extendFeedback(w.db, w.office, { feedbackId: id, version: version(w, id), days: 1, reason: '再延' }, w.at(MONDAY))).toMatchObject({
      ok: false,
      message: '每条意见只能延期一次',
    });
    // Due 2026-12-03: on 12-02 it is due within one working day.
    ok(urgeFeedback(w.db, w.office, { feedbackId: id, version: version(w, id), note: '请抓紧办理' }, w.at('2026-12-02T02:00:00.000Z')));
  });
});

describe('publication, rating and follow-up sit beside the state', () => {
  it('publishes only with consent, keeping the state 已答复', () => {
    const w = world();
    const { id } = submit(w, { consentToPublish: false });
    const c = w.at(MONDAY);
    ok(acceptFeedback(w.db, w.office, { feedbackId: id, version: version(w, id) }, c));
    ok(assignFeedback(w.db, w.office, { feedbackId: id, version: version(w, id), unitId: w.schoolA }, c));
    ok(draftReply(w.db, w.handlerA, { feedbackId: id, version: version(w, id), reply: '答复' }, c));
    ok(approveReply(w.db, w.office, { feedbackId: id, version: version(w, id) }, c));
    expect(attempt(w, 'publish', id)).toMatchObject({ ok: false, message: '反映人未同意公开，不能公开' });
    ok(attempt(w, 'withhold', id));
    expect(getFeedbackRecord(w.db, id)).toMatchObject({ status: 'replied', publication: 'withheld' });
  });

  it('opens a follow-up on 不满意, which ends explained or reopened to the unit for a new reply', () => {
    const w = world();
    const { id, code, secret } = submit(w);
    const c = w.at(MONDAY);
    ok(acceptFeedback(w.db, w.office, { feedbackId: id, version: version(w, id) }, c));
    ok(assignFeedback(w.db, w.office, { feedbackId: id, version: version(w, id), unitId: w.schoolA }, c));
    ok(draftReply(w.db, w.handlerA, { feedbackId: id, version: version(w, id), reply: '第一次答复' }, c));
    ok(returnReply(w.db, w.office, { feedbackId: id, version: version(w, id), comment: '请写明时间' }, c));
    expect(getFeedbackRecord(w.db, id)).toMatchObject({ status: 'assigned', review_comment: '请写明时间', reply_draft: '第一次答复' });
    ok(draftReply(w.db, w.handlerA, { feedbackId: id, version: version(w, id), reply: '第二稿：下周一起恢复。' }, c));
    ok(approveReply(w.db, w.office, { feedbackId: id, version: version(w, id), reply: '第二稿：下周一起恢复体育课。' }, c));
    expect(getFeedbackRecord(w.db, id)).toMatchObject({ status: 'replied', reply_text: '第二稿：下周一起恢复体育课。' });

    expect(rateReply(w.db, { trackingCode: code, secret: 'wrong-secret', rating: 'satisfied' }, c)).toMatchObject({ ok: false, error: 'not_found' });
    const rated = rateReply(w.db, { trackingCode: code, secret, rating: 'dissatisfied', comment: '没有落实' }, w.at('2026-11-24T02:00:00.000Z'));
    expect(rated).toMatchObject({ ok: true, value: { followup_status: 'open', followup_due_on: '2026-12-01' } });
    expect(rateReply(w.db, { trackingCode: code, secret, rating: 'satisfied' }, c)).toMatchObject({ ok: false, error: 'conflict' });

    ok(attempt(w, 'follow_up_reopened', id));
    expect(getFeedbackRecord(w.db, id)).toMatchObject({ status: 'assigned', assigned_unit_id: w.schoolA, followup_status: 'reopened' });
    ok(draftReply(w.db, w.handlerA, { feedbackId: id, version: version(w, id), reply: '已恢复，附课表。' }, c));
    ok(approveReply(w.db, w.office, { feedbackId: id, version: version(w, id) }, c));
    // The new reply is rated afresh.
    expect(getFeedbackRecord(w.db, id)).toMatchObject({ status: 'replied', rating: null });
    expect(rateReply(w.db, { trackingCode: code, secret, rating: 'satisfied' }, c)).toMatchObject({ ok: true });
  });

  it('closes the rating window twenty working days after the reply', () => {
    const w = world();
    const { id, code, secret } = submit(w);
    const c = w.at(MONDAY);
    ok(acceptFeedback(w.db, w.office, { feedbackId: id, version: version(w, id) }, c));
    ok(assignFeedback(w.db, w.office, { feedbackId: id, version: version(w, id), unitId: w.schoolA }, c));
    ok(draftReply(w.db, w.handlerA, { feedbackId: id, version: version(w, id), reply: '答复' }, c));
    ok(approveReply(w.db, w.office, { feedbackId: id, version: version(w, id) }, c));
    // Replied Monday 2026-11-23: the 20th working day after is Monday 2026-12-21.
    expect(rateReply(w.db, { trackingCode: code, secret, rating: 'satisfied' }, w.at('2026-12-22T02:00:00.000Z'))).toMatchObject({
      ok: false,
      error: 'conflict',
      message: '评价期限已过（答复后 20 个工作日内可评价）',
    });
    expect(rateReply(w.db, { trackingCode: code, secret, rating: 'satisfied' }, w.at('2026-12-21T09:00:00.000Z'))).toMatchObject({ ok: true });
  });
});

describe('the submitter withdraws', () => {
  it('deletes the contact details at once and closes the opinion', () => {
    const w = world();
    const { id, code, secret } = submit(w, { contactPhone: '13800138000', contactName: '王女士' });
    expect(withdrawFeedback(w.db, { trackingCode: code, secret }, w.at(MONDAY))).toMatchObject({ ok: true });
    expect(getFeedbackRecord(w.db, id)).toMatchObject({ status: 'withdrawn', contact_phone: null, contact_name: null, contact_email: null });
    expect(withdrawFeedback(w.db, { trackingCode: code, secret }, w.at(MONDAY))).toMatchObject({ ok: false, error: 'conflict' });
  });
});
