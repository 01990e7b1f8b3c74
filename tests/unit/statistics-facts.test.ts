// The facts the statistics read are kept in feedback_facts by triggers (migration 015), and the
// rollup of them (counts and working-day histograms per group) by triggers on that table (migration
// 017). After every step of the workflow, taken through the product's own actions, the maintained
// table must hold exactly what a from-scratch computation over `feedback` and all of
// `feedback_events` gives, the rollup exactly what adding up the facts afresh gives, and the figures
// from the rollup must equal the figures from scratch. A change of the work calendar changes the
// working days counted, never the stored facts (dates only); the rollup's stored working days follow it.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../db/migrate.ts';
import type { Db } from '../../db/open.ts';
import { openDatabase } from '../../db/open.ts';
import { getFeedbackRecord } from '../../db/queries/feedback-records.ts';
import { feedbackStatistics, feedbackStats, factsOfFeedback, feedbackFactsFromScratch } from '../../db/queries/statistics.ts';
import { workCalendar } from '../../db/queries/calendar.ts';
import { emptyRollupRowsHoldZeros, rebuildFeedbackRollup, refreshWorkDayOrdinals, rollupFollows, rollupFromFacts, storedRollup } from '../../db/queries/statistics-rollup.ts';
import { saveCalendarYear } from '../../server/actions/admin-settings.ts';
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
  urgeFeedback,
  withholdFeedback,
} from '../../server/actions/feedback-steps.ts';
import type { Rating } from '../../server/domain/vocabulary.ts';
import { createWorkCalendar } from '../../server/domain/working-days.ts';
import { seedFeedback, seedStaff, seedUnits } from '../bench/scale-fixture.ts';
import { insertStaffRow, insertUnit, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { TEST_CONTACTS } from '../helpers/contacts.ts';
import { tempDirForTest } from '../helpers/temp.ts';

const TODAY = '2026-12-08';
/** 10:00 in Shanghai on the given bureau date. */
const on = (date: string, hour = 10) => `${date}T${String(hour - 8).padStart(2, '0')}:00:00.000Z`;

interface Opinion {
  id: number;
  code: string;
  secret: string;
}

/** The maintained facts equal the from-scratch ones, row for row, and so do the figures. */
function expectFactsTrue(db: Db): void {
  const byId = (rows: { feedbackId: number }[]) => [...rows].sort((a, b) => a.feedbackId - b.feedbackId);
  expect(byId(factsOfFeedback(db))).toEqual(feedbackFactsFromScratch(db));
  const calendar = workCalendar(db);
  // The rollup kept step by step equals the rollup added up afresh, and it stands for this calendar,
  // so the figures below are read from it.
  expect(storedRollup(db)).toEqual(rollupFromFacts(db));
  expect(emptyRollupRowsHoldZeros(db)).toBe(true);
  expect(rollupFollows(db, calendar)).toBe(true);
  const fromScratch = feedbackStatistics(db, calendar, TODAY, undefined, 'from-scratch');
  expect(feedbackStatistics(db, calendar, TODAY)).toEqual(fromScratch);
  // The home page's headline reads the same table: it agrees with the figures from scratch.
  const { received, accepted, replied, replyRate, replyOnTimeRate } = fromScratch.feedback;
  expect(feedbackStats(db)).toMatchObject({ received, accepted, replied, replyRate, onTimeRate: replyOnTimeRate });
  const period = { from: '2026-11-24', to: '2026-11-30' };
  expect(feedbackStatistics(db, calendar, TODAY, period)).toEqual(feedbackStatistics(db, calendar, TODAY, period, 'from-scratch'));
}

function bureau() {
  const db = openDatabase(':memory:');
  // The ordinals' range as of the test's TODAY, not the machine's clock (opening used the clock).
  refreshWorkDayOrdinals(db, workCalendar(db), TODAY);
  const schoolA = insertUnit(db, { code: 'SA', name: '示例县第一中学' });
  const schoolB = insertUnit(db, { code: 'SB', name: '示例县实验小学' });
  const office = insertStaffRow(db, { roles: ['office'], unitId: insertUnit(db, { code: 'BGS', name: '办公室', kind: 'department' }) });
  const handlers = new Map([schoolA, schoolB].map((unitId) => [unitId, insertStaffRow(db, { roles: ['handler'], unitId })]));
  const context = (iso: string) => ({ now: new Date(iso), calendar: workCalendar(db) });
  // Every step is checked: the facts must be right after each one, not only at the end.
  const ok = (result: { ok: boolean; message?: string }) => {
    if (!result.ok) throw new Error(JSON.stringify(result));
    expectFactsTrue(db);
  };
  const target = (opinion: Opinion) => ({ feedbackId: opinion.id, version: getFeedbackRecord(db, opinion.id)!.version });
  const steps = {
    submit(iso: string, overrides: Record<string, unknown> = {}): Opinion {
      const result = submitFeedback(db, makeFeedbackSubmission(overrides) as never, { ...context(iso), ipHash: null, contacts: TEST_CONTACTS });
      if (!result.ok) throw new Error(result.message);
      expectFactsTrue(db);
      const id = db.prepare<[string], { id: number }>('SELECT id FROM feedback WHERE tracking_code = ?').get(result.value.trackingCode)!.id;
      return { id, code: result.value.trackingCode, secret: result.value.secret };
    },
    accept: (o: Opinion, iso: string) => ok(acceptFeedback(db, office, target(o), context(iso))),
    reject: (o: Opinion, iso: string) => ok(rejectFeedback(db, office, { ...target(o), reason: 'out_of_scope', note: '不属教育局职责' }, context(iso))),
    assign: (o: Opinion, unitId: number, iso: string) => ok(assignFeedback(db, office, { ...target(o), unitId }, context(iso))),
    reassign: (o: Opinion, unitId: number, iso: string) => ok(reassignFeedback(db, office, { ...target(o), unitId, reason: '职责调整' }, context(iso))),
    handBack: (o: Opinion, unitId: number, iso: string) => ok(handBackFeedback(db, handlers.get(unitId)!, { ...target(o), reason: '不属本单位' }, context(iso))),
    draft: (o: Opinion, unitId: number, iso: string) => ok(draftReply(db, handlers.get(unitId)!, { ...target(o), reply: '经核实，已整改。' }, context(iso))),
    returnDraft: (o: Opinion, iso: string) => ok(returnReply(db, office, { ...target(o), comment: '请补充整改措施' }, context(iso))),
    approve: (o: Opinion, iso: string) => ok(approveReply(db, office, target(o), context(iso))),
    rate: (o: Opinion, rating: Rating, iso: string) => ok(rateReply(db, { trackingCode: o.code, secret: o.secret, rating }, context(iso))),
    extend: (o: Opinion, days: number, iso: string) => ok(extendFeedback(db, office, { ...target(o), days, reason: '需现场核查' }, context(iso))),
    urge: (o: Opinion, iso: string) => ok(urgeFeedback(db, office, target(o), context(iso))),
    explain: (o: Opinion, iso: string) => ok(explainFollowUp(db, office, { ...target(o), outcome: '已电话解释说明' }, context(iso))),
    reopen: (o: Opinion, iso: string) => ok(reopenAfterFollowUp(db, office, { ...target(o), outcome: '重新办理' }, context(iso))),
    publish: (o: Opinion, iso: string) => ok(publishFeedback(db, office, { ...target(o), publicTitle: '公开的标题', publicContent: '公开的意见', publicReply: '公开的答复' }, context(iso))),
    withhold: (o: Opinion, iso: string) => ok(withholdFeedback(db, office, { ...target(o), reason: '暂不公开' }, context(iso))),
    withdraw: (o: Opinion, iso: string) => ok(withdrawFeedback(db, { trackingCode: o.code, secret: o.secret }, context(iso))),
  };
  return { db, schoolA, schoolB, office, steps };
}

describe('feedback_facts kept by triggers', () => {
  it('stays equal to the from-scratch facts and figures after every step of the workflow', () => {
    const { db, schoolA, schoolB, steps: s } = bureau();
    // 不满意 → 回访 重新办理 → answered again, rated again, 回访 explained.
    const reopened = s.submit(on('2026-11-23'));
    s.accept(reopened, on('2026-11-23', 11));
    s.assign(reopened, schoolA, on('2026-11-23', 12));
    s.draft(reopened, schoolA, on('2026-11-24'));
    s.returnDraft(reopened, on('2026-11-24', 11));
    s.draft(reopened, schoolA, on('2026-11-24', 12));
    s.approve(reopened, on('2026-11-24', 13));
    s.publish(reopened, on('2026-11-24', 14));
    s.rate(reopened, 'dissatisfied', on('2026-11-25'));
    s.reopen(reopened, on('2026-11-26'));
    s.draft(reopened, schoolA, on('2026-11-27'));
    s.approve(reopened, on('2026-11-27', 11));
    s.rate(reopened, 'dissatisfied', on('2026-11-30'));
    s.explain(reopened, on('2026-12-01'));

    // Extended in time, then 督办, then answered; extended when already overdue.
    const extended = s.submit(on('2026-11-23'), { role: 'teacher', category: 'fees' });
    s.accept(extended, on('2026-11-23', 11));
    s.assign(extended, schoolB, on('2026-11-23', 12));
    s.extend(extended, 3, on('2026-11-27'));
    s.urge(extended, on('2026-12-02'));
    s.draft(extended, schoolB, on('2026-12-02', 12));
    s.approve(extended, on('2026-12-02', 13));
    s.publish(extended, on('2026-12-02', 14));
    s.withhold(extended, on('2026-12-03'));
    const late = s.submit(on('2026-11-23'), { role: 'student' });
    s.accept(late, on('2026-11-24'));
    s.assign(late, schoolA, on('2026-11-24', 11));
    s.extend(late, 5, on('2026-12-03'));

    // 转办 to another unit (reassign) and handed back then assigned again: the unit moves.
    const moved = s.submit(on('2026-11-24'), { category: 'service' });
    s.accept(moved, on('2026-11-24', 11));
    s.assign(moved, schoolA, on('2026-11-25'));
    s.reassign(moved, schoolB, on('2026-11-26'));
    s.handBack(moved, schoolB, on('2026-11-26', 11));
    s.assign(moved, schoolA, on('2026-11-27'));
    s.draft(moved, schoolA, on('2026-11-30'));
    s.approve(moved, on('2026-11-30', 11));
    s.rate(moved, 'satisfied', on('2026-12-01'));

    // Withdrawn, declined, and pending either side of midnight in Shanghai.
    s.withdraw(s.submit(on('2026-11-24'), { role: 'other' }), on('2026-11-24', 11));
    s.reject(s.submit(on('2026-11-25')), on('2026-11-25', 11));
    s.submit('2026-11-30T16:30:00.000Z');
    s.submit('2026-11-30T15:30:00.000Z');

    // The facts hold what the steps did (not an empty table equal to an empty one).
    const facts = new Map(factsOfFeedback(db).map((row) => [row.feedbackId, row]));
    expect(facts.size).toBe(8);
    expect(facts.get(reopened.id)).toMatchObject({ status: 'replied', dissatisfiedRatings: 2, followUps: 2, repliedOn: '2026-11-27', rating: 'dissatisfied' });
    expect(facts.get(extended.id)).toMatchObject({ extended: 1, extendedWhenOverdue: 0, urges: 1, published: 0, unitId: schoolB });
    expect(facts.get(late.id)).toMatchObject({ status: 'assigned', extended: 1, extendedWhenOverdue: 1 });
    expect(facts.get(moved.id)).toMatchObject({ unitId: schoolA, assignedOn: '2026-11-25', repliedOn: '2026-11-30' });
  });

  it('counts working days with the calendar of the moment: a holiday entered later changes the figures, from the same facts', () => {
    const { db, schoolA, office, steps: s } = bureau();
    const opinion = s.submit(on('2026-11-23'));
    s.accept(opinion, on('2026-11-23', 11));
    s.assign(opinion, schoolA, on('2026-11-23', 12));
    s.draft(opinion, schoolA, on('2026-11-27'));
    s.approve(opinion, on('2026-11-27', 11));
    const factsBefore = factsOfFeedback(db);
    const before = feedbackStatistics(db, workCalendar(db), TODAY).feedback.daysToReply;
    expect(before).toEqual({ count: 1, median: 4, mean: 4 });

    // Staff enter 2026's holidays by hand, with a (made-up) day off on Wednesday 2026-11-25.
    const result = saveCalendarYear(db, { year: 2026, notice: '测试', days: [
      { date: '2026-01-01', isWorkingDay: false, name: '元旦' },
      { date: '2026-11-25', isWorkingDay: false, name: '测试假日' },
    ] }, { actor: office, at: on('2026-12-01') });
    expect(result.ok).toBe(true);
    expect(factsOfFeedback(db)).toEqual(factsBefore);
    expect(feedbackStatistics(db, workCalendar(db), TODAY).feedback.daysToReply).toEqual({ count: 1, median: 3, mean: 3 });
    expectFactsTrue(db);
    // The rollup's stored working days moved with the calendar, in the action's transaction.
    expect(db.prepare("SELECT days FROM feedback_rollup_days WHERE dimension = 'all' AND measure = 'reply' AND n > 0").pluck().all()).toEqual([3]);
    // Against another calendar than the stored one the rollup does not stand: the figures are folded from the facts.
    expect(rollupFollows(db, createWorkCalendar(new Map()))).toBe(false);
    expect(feedbackStatistics(db, createWorkCalendar(new Map()), TODAY).feedback.daysToReply).toEqual({ count: 1, median: 4, mean: 4 });
  });

  it('falls back to folding the facts when the working-day ordinals do not cover an opinion', () => {
    const { db, schoolA, steps: s } = bureau();
    const opinion = s.submit(on('2026-11-23'));
    s.accept(opinion, on('2026-11-23', 11));
    s.assign(opinion, schoolA, on('2026-11-24'));
    const calendar = workCalendar(db);
    const expected = feedbackStatistics(db, calendar, TODAY, undefined, 'from-scratch');
    // A range that stops before the acceptance: that measure cannot be stored, and is counted as unmeasured.
    db.transaction(() => {
      db.prepare("DELETE FROM work_day_ordinals WHERE date >= '2026-11-23'").run();
      rebuildFeedbackRollup(db);
    })();
    expect(db.prepare("SELECT unmeasured FROM feedback_rollup WHERE dimension = 'all'").pluck().get()).toBe(2);
    expect(rollupFollows(db, calendar)).toBe(false);
    expect(feedbackStatistics(db, calendar, TODAY)).toEqual(expected);
    // The next refresh (as on opening) covers the range again and the rollup stands.
    refreshWorkDayOrdinals(db, calendar, TODAY);
    expect(rollupFollows(db, calendar)).toBe(true);
    expectFactsTrue(db);
  });

  it('is backfilled by migration 015 for the opinions already there', () => {
    const path = join(tempDirForTest('portal-upgrade-015-'), 'portal.db');
    const old = new Database(path);
    for (const migration of loadMigrations().filter((candidate) => candidate.version < 15)) {
      old.exec(migration.sql);
      old.pragma(`user_version = ${migration.version}`);
    }
    seedFeedback(old, seedUnits(old), seedStaff(old), 800);
    old.close();
    const db = openDatabase(path);
    try {
      expect(db.prepare('SELECT count(*) FROM feedback_facts').pluck().get()).toBe(800);
      expectFactsTrue(db);
    } finally {
      db.close();
    }
  });
});
