// The opinion statistics against a fixture worked out by hand. Every opinion is brought to its
// state through the product's own actions at fixed times, so the figures come from the recorded
// events and timestamps exactly as in production. The week of 2026-11-23 (Monday) to 2026-12-08
// has no public holiday: working days are Monday to Friday.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.ts';
import { openDatabase } from '../../db/open.ts';
import { getFeedbackRecord } from '../../db/queries/feedback-records.ts';
import { feedbackStatistics, feedbackStats, ledgerStatistics } from '../../db/queries/statistics.ts';
import { workCalendar } from '../../db/queries/calendar.ts';
import { rateReply, submitFeedback, withdrawFeedback } from '../../server/actions/feedback-actions.ts';
import { dayFigures, replyTimeliness, workingDayCounter } from '../../server/domain/feedback-figures.ts';
import {
  acceptFeedback,
  approveReply,
  assignFeedback,
  draftReply,
  explainFollowUp,
  extendFeedback,
  publishFeedback,
  rejectFeedback,
  reopenAfterFollowUp,
  urgeFeedback,
} from '../../server/actions/feedback-steps.ts';
import type { ActionResult } from '../../server/domain/action-result.ts';
import type { StaffUser } from '../../server/domain/staff.ts';
import type { Rating } from '../../server/domain/vocabulary.ts';
import { insertItem, insertStaffRow, insertUnit, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { TEST_CONTACTS } from '../helpers/contacts.ts';

const TODAY = '2026-12-08';
/** 10:00 in Shanghai on the given bureau date. */
const on = (date: string, hour = 10) => `${date}T${String(hour - 8).padStart(2, '0')}:00:00.000Z`;

interface Opinion {
  id: number;
  code: string;
  secret: string;
}

function bureau() {
  const db = openDatabase(':memory:');
  const schoolA = insertUnit(db, { code: 'SA', name: '示例县第一中学' });
  const schoolB = insertUnit(db, { code: 'SB', name: '示例县实验小学' });
  const office = insertStaffRow(db, { roles: ['office'], unitId: insertUnit(db, { code: 'BGS', name: '办公室', kind: 'department' }) });
  const handlerA = insertStaffRow(db, { roles: ['handler'], unitId: schoolA });
  const handlerB = insertStaffRow(db, { roles: ['handler'], unitId: schoolB });
  const calendar = workCalendar(db);
  const context = (iso: string) => ({ now: new Date(iso), calendar });
  const ok = (result: ActionResult<unknown>) => {
    if (!result.ok) throw new Error(JSON.stringify(result));
  };
  const target = (opinion: Opinion) => ({ feedbackId: opinion.id, version: getFeedbackRecord(db, opinion.id)!.version });
  const handlerOf = (unitId: number): StaffUser => (unitId === schoolA ? handlerA : handlerB);
  const steps = {
    submit(iso: string, overrides: Record<string, unknown> = {}): Opinion {
      const result = submitFeedback(db, makeFeedbackSubmission(overrides) as never, { ...context(iso), ipHash: null, contacts: TEST_CONTACTS });
      if (!result.ok) throw new Error(result.message);
      const id = db.prepare<[string], { id: number }>('SELECT id FROM feedback WHERE tracking_code = ?').get(result.value.trackingCode)!.id;
      return { id, code: result.value.trackingCode, secret: result.value.secret };
    },
    accept: (o: Opinion, iso: string) => ok(acceptFeedback(db, office, target(o), context(iso))),
    reject: (o: Opinion, iso: string) => ok(rejectFeedback(db, office, { ...target(o), reason: 'out_of_scope', note: '不属教育局职责' }, context(iso))),
    assign: (o: Opinion, unitId: number, iso: string) => ok(assignFeedback(db, office, { ...target(o), unitId }, context(iso))),
    reply(o: Opinion, unitId: number, iso: string) {
      ok(draftReply(db, handlerOf(unitId), { ...target(o), reply: '经核实，已整改。' }, context(iso)));
      ok(approveReply(db, office, target(o), context(iso)));
    },
    rate: (o: Opinion, rating: Rating, iso: string) => ok(rateReply(db, { trackingCode: o.code, secret: o.secret, rating }, context(iso))),
    extend: (o: Opinion, days: number, iso: string) => ok(extendFeedback(db, office, { ...target(o), days, reason: '需现场核查' }, context(iso))),
    urge: (o: Opinion, iso: string) => ok(urgeFeedback(db, office, target(o), context(iso))),
    explain: (o: Opinion, iso: string) => ok(explainFollowUp(db, office, { ...target(o), outcome: '已电话解释说明' }, context(iso))),
    reopen: (o: Opinion, iso: string) => ok(reopenAfterFollowUp(db, office, { ...target(o), outcome: '重新办理' }, context(iso))),
    publish: (o: Opinion, iso: string) => ok(publishFeedback(db, office, { ...target(o), publicTitle: '公开的标题', publicContent: '公开的意见', publicReply: '公开的答复' }, context(iso))),
    withdraw: (o: Opinion, iso: string) => ok(withdrawFeedback(db, { trackingCode: o.code, secret: o.secret }, context(iso))),
  };
  return { db, schoolA, schoolB, calendar, steps };
}

/**
 * Nine opinions (acceptance due 1 working day after submission, reply due 5 after acceptance):
 *  1 on time, 满意, published   2 accepted and answered late, 基本满意   3 extended in time, 不满意 then 回访
 *  4 督办, then extended when already overdue (stays late)   5 answered, 不满意, 回访 reopened it (not answered)
 *  6 withdrawn   7 declined (不予受理)   8 and 9 pending, either side of midnight 2026-11-30/12-01 in Shanghai
 */
function handWorkedBureau(): { db: Db; calendar: ReturnType<typeof workCalendar> } {
  const { db, schoolA, schoolB, calendar, steps: s } = bureau();
  const o1 = s.submit(on('2026-11-23'));
  s.accept(o1, on('2026-11-24')); // due 12-01
  s.assign(o1, schoolA, on('2026-11-24', 11));
  s.reply(o1, schoolA, on('2026-11-26'));
  s.rate(o1, 'satisfied', on('2026-11-27'));
  s.publish(o1, on('2026-11-27', 11));

  const o2 = s.submit(on('2026-11-23'), { category: 'fees' });
  s.accept(o2, on('2026-11-25')); // acceptance was due 11-24; reply due 12-02
  s.assign(o2, schoolA, on('2026-11-26'));
  s.reply(o2, schoolA, on('2026-12-03'));
  s.rate(o2, 'basically_satisfied', on('2026-12-04'));

  const o3 = s.submit(on('2026-11-23'), { role: 'teacher' });
  s.accept(o3, on('2026-11-23', 11)); // due 11-30
  s.assign(o3, schoolA, on('2026-11-23', 12));
  s.extend(o3, 3, on('2026-11-27')); // not yet overdue: due 12-03
  s.reply(o3, schoolA, on('2026-12-02'));
  s.rate(o3, 'dissatisfied', on('2026-12-02', 15));
  s.explain(o3, on('2026-12-04'));

  const o4 = s.submit(on('2026-11-23'), { role: 'student' });
  s.accept(o4, on('2026-11-23', 11)); // due 11-30
  s.assign(o4, schoolA, on('2026-11-23', 12));
  s.urge(o4, on('2026-12-01'));
  s.extend(o4, 5, on('2026-12-02')); // already overdue: due 12-07, but late it stays
  s.reply(o4, schoolA, on('2026-12-04'));

  const o5 = s.submit(on('2026-11-23'));
  s.accept(o5, on('2026-11-23', 11));
  s.assign(o5, schoolB, on('2026-11-23', 12));
  s.reply(o5, schoolB, on('2026-11-24'));
  s.rate(o5, 'dissatisfied', on('2026-11-25'));
  s.reopen(o5, on('2026-11-26'));

  s.withdraw(s.submit(on('2026-11-24'), { role: 'other', category: 'service' }), on('2026-11-24', 11));
  s.reject(s.submit(on('2026-11-24'), { category: 'other' }), on('2026-11-24', 11));
  s.submit('2026-11-30T16:30:00.000Z'); // 2026-12-01 00:30 in Shanghai
  s.submit('2026-11-30T15:30:00.000Z'); // 2026-11-30 23:30 in Shanghai
  return { db, calendar };
}

describe('opinion statistics on the hand-worked bureau', () => {
  const { db, calendar } = handWorkedBureau();
  const stats = feedbackStatistics(db, calendar, TODAY);

  it('counts received, accepted, declined, withdrawn, pending, in hand and answered', () => {
    expect(stats.feedback).toMatchObject({
      received: 9,
      accepted: 5,
      notAccepted: 1,
      withdrawn: 1,
      pending: 2,
      // The reopened opinion is in hand again, not answered.
      inHand: 1,
      replied: 4,
      replyRate: 4 / 5,
    });
  });

  it('times acceptance and reply; an extension never counts as on time, and one granted when overdue stays late', () => {
    expect(stats.feedback).toMatchObject({
      acceptDecided: 6,
      acceptOnTime: 5,
      acceptOnTimeRate: 5 / 6,
      replyOnTime: 1,
      replyLate: 2,
      replyExtended: 2,
      replyOnTimeRate: 1 / 4,
    });
  });

  it('finds where the time goes, in working days', () => {
    expect(stats.feedback.daysToAccept).toEqual({ count: 5, median: 0, mean: 3 / 5 });
    expect(stats.feedback.daysToAssign).toEqual({ count: 5, median: 0, mean: 1 / 5 });
    // 转办 to answer: 2, 5, 7, 9.
    expect(stats.feedback.daysToReply).toEqual({ count: 4, median: 6, mean: 23 / 4 });
    // Submission to answer: 3, 8, 7, 9.
    expect(stats.feedback.daysTotal).toEqual({ count: 4, median: 7.5, mean: 27 / 4 });
    expect(stats.replyDays).toEqual([
      { label: '0–1', count: 0 },
      { label: '2–3', count: 1 },
      { label: '4–5', count: 0 },
      { label: '6–10', count: 3 },
      { label: '11–20', count: 0 },
      { label: '20以上', count: 0 },
    ]);
  });

  it('rates satisfaction over rated answers with the unrated share beside it, and follows up every 不满意', () => {
    expect(stats.feedback).toMatchObject({
      rated: 3,
      satisfied: 1,
      basicallySatisfied: 1,
      dissatisfied: 1,
      satisfactionRate: 2 / 3,
      unratedShare: 1 / 4,
      dissatisfiedRatings: 2,
      followUps: 2,
      followUpRate: 1,
      urges: 1,
      published: 1,
    });
    // 12-02 → 12-04 and 11-25 → 11-26.
    expect(stats.feedback.daysToFollowUp).toEqual({ count: 2, median: 1.5, mean: 1.5 });
  });

  it('names the oldest opinion still unanswered and its age', () => {
    expect(stats.feedback).toMatchObject({ oldestUnansweredOn: '2026-11-23', oldestUnansweredDays: 15 });
  });

  it('breaks the figures down by month in UTC+8, category, role and unit', () => {
    expect(stats.byMonth.map((row) => [row.key, row.label, row.figures.received, row.figures.pending])).toEqual([
      ['2026-11', '2026年11月', 8, 1],
      ['2026-12', '2026年12月', 1, 1],
    ]);
    expect(Object.fromEntries(stats.byCategory.map((row) => [row.key, row.figures.received]))).toEqual({ teaching: 6, fees: 1, service: 1, other: 1 });
    expect(stats.byRole.map((row) => [row.label, row.figures.received])).toEqual([
      ['家长', 6],
      ['学生', 1],
      ['教师', 1],
      ['其他', 1],
    ]);
    const byUnit = Object.fromEntries(stats.byUnit.map((row) => [row.key, row.figures]));
    expect(byUnit['SA']).toMatchObject({ received: 4, replied: 4, replyOnTime: 1, rated: 3, satisfactionRate: 2 / 3, urges: 1 });
    expect(byUnit['SB']).toMatchObject({ received: 1, replied: 0, inHand: 1, dissatisfiedRatings: 1, followUps: 1 });
    expect(byUnit['']).toMatchObject({ received: 4, withdrawn: 1, notAccepted: 1, pending: 2 });
    // A unit with no opinion still has its row (its scorecard says so).
    expect(byUnit['BGS']).toMatchObject({ received: 0, satisfactionRate: null });
  });

  it('gives the home page the same answers: the reopened opinion is not 已答复', () => {
    expect(feedbackStats(db)).toEqual({ received: 9, accepted: 5, replied: 4, replyRate: 4 / 5, onTimeRate: 1 / 4, extended: 2 });
  });

  it('records that the late extension was granted when already overdue', () => {
    const rows = db.prepare('SELECT extended_when_overdue AS late FROM feedback WHERE extension_days IS NOT NULL ORDER BY id').all();
    expect(rows).toEqual([{ late: 0 }, { late: 1 }]);
  });
});

describe('the rules beneath', () => {
  it.each([
    ['on the due date', { repliedOn: '2026-11-30', replyDueOn: '2026-11-30', extended: 0, extendedWhenOverdue: 0 }, { onTime: true, late: false, extended: false }],
    ['a day after', { repliedOn: '2026-12-01', replyDueOn: '2026-11-30', extended: 0, extendedWhenOverdue: 0 }, { onTime: false, late: true, extended: false }],
    ['extended, in time', { repliedOn: '2026-12-01', replyDueOn: '2026-12-03', extended: 1, extendedWhenOverdue: 0 }, { onTime: false, late: false, extended: true }],
    ['extended when overdue', { repliedOn: '2026-12-01', replyDueOn: '2026-12-03', extended: 1, extendedWhenOverdue: 1 }, { onTime: false, late: true, extended: true }],
    ['not answered', { repliedOn: null, replyDueOn: '2026-12-03', extended: 0, extendedWhenOverdue: 0 }, { onTime: false, late: false, extended: false }],
  ] as const)('reply timeliness: %s', (_name, facts, expected) => {
    expect(replyTimeliness(facts)).toEqual(expected);
  });

  it.each([
    [[], { count: 0, median: null, mean: null }],
    [[4], { count: 1, median: 4, mean: 4 }],
    [[5, 1, 3], { count: 3, median: 3, mean: 3 }],
    [[1, 2, 4, 10], { count: 4, median: 3, mean: 17 / 4 }],
  ])('median and mean of %j', (values, expected) => {
    expect(dayFigures(values)).toEqual(expected);
  });

  it('counts working days across a weekend and the 2026 National Day holiday, as the calendar does', () => {
    const calendar = workCalendar(openDatabase(':memory:'));
    const days = workingDayCounter(calendar, ['2026-09-25', '2026-10-12']);
    // Friday to Monday: one working day; backwards: none.
    expect(days('2026-09-25', '2026-09-28')).toBe(1);
    expect(days('2026-09-28', '2026-09-25')).toBe(0);
    // 10-01 to 10-07 are off, with a 调休 Saturday worked: whatever the package says, the sweep agrees.
    expect(days('2026-09-25', '2026-10-12')).toBe(calendar.workingDaysBetween('2026-09-25', '2026-10-12').days);
    expect(days('2026-09-25', '2026-10-12')).toBeLessThan(11);
    // Outside the swept range it falls back to the calendar instead of inventing a figure.
    expect(days('2026-11-27', '2026-11-30')).toBe(1);
  });
});

describe('ledger statistics', () => {
  it('counts published items by category and unit, and the outcomes they issued', () => {
    const db = openDatabase(':memory:');
    const unit = insertUnit(db, { code: 'JYK', name: '基础教育科', kind: 'department' });
    const done = insertItem(db, { category: 'fees', status: 'completed', responsibleUnitId: unit });
    insertItem(db, { category: 'fees', status: 'in_progress', deadline: '2026-11-01', responsibleUnitId: unit });
    insertItem(db, { category: 'teaching', status: 'ongoing', deadline: null });
    insertItem(db, { category: 'teaching', status: 'completed', isPublished: false });
    db.prepare("INSERT INTO item_outcomes (item_id, title, kind, issued_on, created_at) VALUES (?, '收费管理办法', 'rule', '2026-10-01', '2026-10-01T00:00:00.000Z')").run(done);
    const ledger = ledgerStatistics(db, '2026-11-26');
    expect(ledger.byCategory.map((row) => [row.key, row.total, row.completed, row.overdue, row.completionRate])).toEqual([
      ['fees', 2, 1, 1, 1 / 2],
      ['teaching', 1, 0, 0, 1],
    ]);
    expect(ledger.byUnit.map((row) => [row.label, row.total])).toEqual([
      ['未明确责任单位', 1],
      ['基础教育科', 2],
    ]);
    expect(ledger.outcomesIssued).toBe(1);
  });
});
