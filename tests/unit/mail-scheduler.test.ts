import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.ts';
import { openDatabase } from '../../db/open.ts';
import { workCalendar } from '../../db/queries/calendar.ts';
import { bureauClock } from '../../server/domain/bureau-time.ts';
import { enqueueScheduledMails } from '../../server/mail/scheduler.ts';
import { testConfig } from '../helpers/app.ts';
import { insertMailUnit, insertStaff, MAIL_SETTINGS, outboxRows } from '../fixtures/mail-factories.ts';

let sequence = 0;

interface FeedbackRowFacts {
  status: 'pending' | 'accepted' | 'assigned' | 'in_review' | 'replied';
  unitId?: number;
  acceptDueOn?: string;
  replyDueOn?: string;
  followUpDueOn?: string;
}

/** An opinion row in a state, with only the columns the scheduler reads (and the CHECKs need). */
function insertFeedbackFixture(db: Db, row: FeedbackRowFacts): string {
  sequence += 1;
  const code = `FK20261120-S${String(sequence).padStart(3, '0')}`;
  const replied = row.status === 'replied';
  db.prepare(
    `INSERT INTO feedback (tracking_code, secret_hash, role, category, content, is_anonymous, consent_to_publish, status,
       accept_due_on, reply_due_on, assigned_unit_id, reply_draft, reply_text, replied_at, rating, rated_at, followup_status,
       followup_due_on, submitted_at, updated_at)
     VALUES (@code, 'x', 'parent', 'teaching', '内容', 0, 1, @status, @acceptDueOn, @replyDueOn, @unitId, @draft, @reply, @repliedAt,
       @rating, @repliedAt, @followUp, @followUpDueOn, '2026-11-16T02:00:00.000Z', '2026-11-16T02:00:00.000Z')`,
  ).run({
    code,
    status: row.status,
    acceptDueOn: row.acceptDueOn ?? null,
    replyDueOn: row.replyDueOn ?? null,
    unitId: row.unitId ?? null,
    draft: row.status === 'in_review' ? '草稿' : null,
    reply: replied ? '答复' : null,
    repliedAt: replied ? '2026-11-18T02:00:00.000Z' : null,
    rating: row.followUpDueOn ? 'dissatisfied' : null,
    followUp: row.followUpDueOn ? 'open' : null,
    followUpDueOn: row.followUpDueOn ?? null,
  });
  return code;
}

/** 2026-11-23 is a Monday; Beijing is UTC+8. */
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

function setting() {
  const db = openDatabase(testConfig().databasePath);
  const schoolA = insertMailUnit(db, '示例县第一中学');
  const schoolB = insertMailUnit(db, '示例县第二小学');
  const office = insertStaff(db, { roles: ['office'], email: 'office@bureau.example.cn' });
  const handlerA = insertStaff(db, { roles: ['handler'], unitId: schoolA.id, email: 'zhang@school-a.example.cn' });
  const handlerB = insertStaff(db, { roles: ['handler'], unitId: schoolB.id, email: 'liu@school-b.example.cn' });
  insertStaff(db, { roles: ['handler'], unitId: schoolB.id, email: null });
  const codes = {
    eve: insertFeedbackFixture(db, { status: 'assigned', unitId: schoolA.id, replyDueOn: '2026-11-24' }),
    dueToday: insertFeedbackFixture(db, { status: 'assigned', unitId: schoolA.id, replyDueOn: '2026-11-23' }),
    acceptToday: insertFeedbackFixture(db, { status: 'pending', acceptDueOn: '2026-11-23' }),
    acceptedEve: insertFeedbackFixture(db, { status: 'accepted', replyDueOn: '2026-11-24' }),
    followUpEve: insertFeedbackFixture(db, { status: 'replied', followUpDueOn: '2026-11-24' }),
    overdueB: insertFeedbackFixture(db, { status: 'assigned', unitId: schoolB.id, replyDueOn: '2026-11-20' }),
    laterA: insertFeedbackFixture(db, { status: 'assigned', unitId: schoolA.id, replyDueOn: '2026-11-30' }),
    reviewA: insertFeedbackFixture(db, { status: 'in_review', unitId: schoolA.id, replyDueOn: '2026-11-25' }),
  };
  const run = (now: Date, digestTime: string | null = '08:30') => enqueueScheduledMails(db, MAIL_SETTINGS, { now, calendar: workCalendar(db), digestTime });
  return { db, office, handlerA, handlerB, codes, run };
}

describe('scheduled mails', () => {
  it('reads the bureau clock in Beijing time', () => {
    expect(bureauClock(new Date('2026-11-23T16:30:00.000Z'))).toEqual({ date: '2026-11-24', time: '00:30' });
  });

  it('wait for the digest time on a working day', () => {
    const { db, run } = setting();
    expect(run(at('2026-11-23', '08:29'))).toEqual({ reminders: 0, digests: 0, skipped: 'too_early' });
    expect(outboxRows(db)).toEqual([]);
  });

  it('remind one working day before a deadline and on it, the unit and the 办公室, once', () => {
    const { db, codes, run } = setting();
    expect(run(at('2026-11-23', '08:30'))).toEqual({ reminders: 7, digests: 2, skipped: null });
    const reminders = outboxRows(db).filter((row) => row.kind === 'deadline_reminder');
    expect(reminders.map((row) => `${row.subject} → ${row.to_address}`)).toEqual([
      `【即将到期】${codes.eve} 答复期限 2026-11-24 → zhang@school-a.example.cn`,
      `【即将到期】${codes.eve} 答复期限 2026-11-24 → office@bureau.example.cn`,
      `【今日到期】${codes.dueToday} 答复期限 2026-11-23 → zhang@school-a.example.cn`,
      `【今日到期】${codes.dueToday} 答复期限 2026-11-23 → office@bureau.example.cn`,
      `【今日到期】${codes.acceptToday} 受理期限 2026-11-23 → office@bureau.example.cn`,
      `【即将到期】${codes.acceptedEve} 答复期限 2026-11-24 → office@bureau.example.cn`,
      `【即将到期】${codes.followUpEve} 回访期限 2026-11-24 → office@bureau.example.cn`,
    ]);
    expect(reminders[0]!.body_text).toContain('以下意见的答复期限是下一个工作日（2026-11-24）');
    expect(reminders[0]!.body_text).toContain('承办单位：示例县第一中学');
    expect(reminders[2]!.body_text).toContain('以下意见的答复期限是今天');

    // Every 15 minutes and after a restart: nothing new the same day.
    expect(run(at('2026-11-23', '08:45'))).toEqual({ reminders: 0, digests: 0, skipped: null });
    expect(run(at('2026-11-23', '17:00'))).toEqual({ reminders: 0, digests: 0, skipped: null });
    // The next day, the deadlines that were a day away are today (2 + 1 + 1), and the reply in
    // review due on Wednesday is a day away (2).
    const tuesday = run(at('2026-11-24', '09:00'));
    expect(tuesday).toMatchObject({ reminders: 6, digests: 2 });
    expect(outboxRows(db).filter((row) => row.subject.startsWith(`【今日到期】${codes.eve}`))).toHaveLength(2);
  });

  it('send each unit with open opinions a digest of them, overdue first', () => {
    const { db, codes, run } = setting();
    run(at('2026-11-23', '08:30'));
    const digests = outboxRows(db).filter((row) => row.kind === 'unit_digest');
    expect(digests.map((row) => [row.to_address, row.subject])).toEqual([
      ['zhang@school-a.example.cn', '【每日提醒】示例县第一中学：在办 4 条，即将到期 2 条，已逾期 0 条'],
      ['liu@school-b.example.cn', '【每日提醒】示例县第二小学：在办 1 条，即将到期 0 条，已逾期 1 条'],
    ]);
    const lines = digests[0]!.body_text.split('\n').filter((line) => line.startsWith('· '));
    expect(lines).toEqual([
      `· 【即将到期】${codes.dueToday}  已转办  答复期限 2026-11-23`,
      `· 【即将到期】${codes.eve}  已转办  答复期限 2026-11-24`,
      `· ${codes.reviewA}  待审核  答复期限 2026-11-25`,
      `· ${codes.laterA}  已转办  答复期限 2026-11-30`,
    ]);
    expect(digests[1]!.body_text).toContain(`· 【已逾期】${codes.overdueB}  已转办  答复期限 2026-11-20`);
    expect(digests.every((row) => row.dedupe_key?.startsWith('digest:2026-11-23:'))).toBe(true);
  });

  it('send nothing on a day off', () => {
    const { db, run } = setting();
    expect(run(at('2026-11-28', '09:00'))).toEqual({ reminders: 0, digests: 0, skipped: 'day_off' });
    // 2026-10-01 is 国庆节, a Thursday.
    expect(run(at('2026-10-01', '09:00'))).toMatchObject({ skipped: 'day_off' });
    expect(outboxRows(db)).toEqual([]);
  });

  it('send reminders without digests when the digest is off', () => {
    const { db, run } = setting();
    expect(run(at('2026-11-23', '08:30'), null)).toEqual({ reminders: 7, digests: 0, skipped: null });
    expect(outboxRows(db).some((row) => row.kind === 'unit_digest')).toBe(false);
  });
});
