// The mails of an opinion's life, from the named actions through the outbox to a real SMTP server
// on loopback: who gets what, with which subject and body, and what never reaches whom.
import { TEST_CONTACTS } from '../helpers/contacts.ts';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.ts';
import { openDatabase } from '../../db/open.ts';
import { rateReply } from '../../server/actions/feedback-actions.ts';
import {
  acceptFeedback,
  approveReply,
  assignFeedback,
  draftReply,
  handBackFeedback,
  rejectFeedback,
  reopenAfterFollowUp,
  returnReply,
  type StepContext,
  urgeFeedback,
} from '../../server/actions/feedback-steps.ts';
import type { ActionResult } from '../../server/domain/action-result.ts';
import { workCalendar } from '../../db/queries/calendar.ts';
import { createMailHooks, enqueueRebuildFailedMail } from '../../server/mail/notifications.ts';
import { createMailWorker } from '../../server/mail/worker.ts';
import { testConfig } from '../helpers/app.ts';
import { type ReceivedMail, startSmtpServer } from '../helpers/smtp-server.ts';
import { feedbackVersion, insertMailUnit, insertStaff, MAIL_SETTINGS, MONDAY_10AM, outboxRows, submitFeedbackFor } from '../fixtures/mail-factories.ts';
import { loopbackTransport, TEST_FROM } from '../fixtures/mail-transport.ts';

function ok(result: ActionResult<unknown>): void {
  if (!result.ok) throw new Error(`step failed: ${result.message}`);
}

async function deliver(db: Db, port: number, now: Date): Promise<void> {
  const transport = loopbackTransport(port);
  const worker = createMailWorker({ db, transport, contacts: TEST_CONTACTS, from: TEST_FROM, maxAttempts: 3, now: () => now });
  const summary = await worker.runOnce();
  transport.close();
  expect(summary.retried + summary.failed).toBe(0);
}

function setting() {
  const db = openDatabase(testConfig().databasePath);
  const schoolA = insertMailUnit(db, '示例县第一中学');
  const schoolB = insertMailUnit(db, '示例县第二小学');
  const office = insertStaff(db, { roles: ['office'], displayName: '办公室李主任', email: 'office@bureau.example.cn' });
  const officeWithoutMail = insertStaff(db, { roles: ['office'], email: null });
  const handlerA = insertStaff(db, { roles: ['handler'], unitId: schoolA.id, displayName: '一中张老师', email: 'zhang@school-a.example.cn' });
  const handlerB = insertStaff(db, { roles: ['handler'], unitId: schoolB.id, email: 'liu@school-b.example.cn' });
  const sysadmin = insertStaff(db, { roles: ['sysadmin'], email: 'it@bureau.example.cn' });
  const hooks = createMailHooks(MAIL_SETTINGS);
  let now = MONDAY_10AM;
  const context = (): StepContext => ({ now, calendar: workCalendar(db), onStep: hooks.onStep });
  return {
    db,
    hooks,
    schoolA,
    schoolB,
    office,
    officeWithoutMail,
    handlerA,
    handlerB,
    sysadmin,
    context,
    advance(to: Date) {
      now = to;
    },
    now: () => now,
  };
}

const STUDENT = { phone: '13700137000', email: 'kid@example.com', name: '小明同学' };

function mailsTo(received: ReceivedMail[], address: string): ReceivedMail[] {
  return received.filter((mail) => mail.rcptTo.includes(address));
}

describe('the mails of an opinion', () => {
  it('tell each party what they need, with the contact details of a minor only to the assigned unit', async () => {
    const smtp = await startSmtpServer();
    const s = setting();
    const { db } = s;

    // A student names school A and writes their phone number into the text as well.
    const opinion = submitFeedbackFor(db, s.hooks, MONDAY_10AM, {
      role: 'student',
      unitCode: s.schoolA.code,
      content: `学校周六组织集体补课，每人收费三百元。我的电话是${STUDENT.phone}，邮箱${STUDENT.email}，请为我保密。`,
      contactName: STUDENT.name,
      contactPhone: STUDENT.phone,
      contactEmail: STUDENT.email,
    });
    const id = opinion.id;
    const step = () => ({ feedbackId: id, version: feedbackVersion(db, id) });

    ok(acceptFeedback(db, s.office, { ...step() }, s.context()));
    ok(assignFeedback(db, s.office, { ...step(), unitId: s.schoolA.id, note: '请核实是否存在违规补课收费。' }, s.context()));
    // 督办 is for an opinion due soon: move the clock to its reply deadline.
    const due = db.prepare('SELECT reply_due_on FROM feedback WHERE id = ?').pluck().get(id) as string;
    s.advance(new Date(`${due}T01:00:00.000Z`));
    ok(urgeFeedback(db, s.office, { ...step(), note: '今日到期，请抓紧答复。' }, s.context()));
    ok(draftReply(db, s.handlerA, { ...step(), reply: '经核实，该校已停止周六补课并退还费用。联系电话 0571-88880000。' }, s.context()));
    ok(returnReply(db, s.office, { ...step(), comment: '请补充退费的时间和方式。' }, s.context()));
    ok(draftReply(db, s.handlerA, { ...step(), reply: '经核实，该校已于11月20日停止周六补课，并于11月24日前按原渠道全额退费。' }, s.context()));
    ok(approveReply(db, s.office, { ...step() }, s.context()));
    const rated = rateReply(db, { trackingCode: opinion.trackingCode, secret: opinion.secret, rating: 'dissatisfied', comment: `退费还没到账，请联系我${STUDENT.phone}` }, { now: s.now(), calendar: workCalendar(db), onRated: s.hooks.onRated });
    expect(rated.ok).toBe(true);
    ok(reopenAfterFollowUp(db, s.office, { ...step(), outcome: '经回访，退费尚未到账，交学校重新办理。' }, s.context()));

    const rows = outboxRows(db);
    expect(rows.map((row) => `${row.kind} → ${row.to_address}`)).toEqual([
      // The receipt goes to the address given with the opinion: the code, never the secret.
      // A submitter's address is stored masked; the address itself is sealed with the mail.
      'feedback_receipt → k***@example.com',
      'feedback_submitted → office@bureau.example.cn',
      'feedback_for_unit → zhang@school-a.example.cn',
      'feedback_assigned → zhang@school-a.example.cn',
      'feedback_urged → zhang@school-a.example.cn',
      'reply_in_review → office@bureau.example.cn',
      'reply_returned → zhang@school-a.example.cn',
      'reply_in_review → office@bureau.example.cn',
      'reply_released → k***@example.com',
      'rating_dissatisfied → office@bureau.example.cn',
      'feedback_assigned → zhang@school-a.example.cn',
    ]);

    await deliver(db, smtp.port, s.now());
    expect(smtp.received).toHaveLength(rows.length);
    // Every mail arrived once, under the Message-ID its row was given, to its one recipient.
    expect(smtp.received.map((mail) => mail.messageId).sort()).toEqual(rows.map((row) => row.message_id).sort());
    for (const mail of smtp.received) {
      expect(mail.rcptTo).toHaveLength(1);
      expect(mail.headerRecipients).toEqual(mail.rcptTo);
      expect(mail.mailFrom).toBe('noreply@example.edu.cn');
      expect(mail.parsed.from?.text).toBe('"示例县教育局" <noreply@example.edu.cn>');
      expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
      expect(mail.html).toContain('<html lang="zh-CN">');
    }
    expect(mailsTo(smtp.received, 'other@bureau.example.cn')).toEqual([]);
    expect(smtp.received.filter((mail) => mail.rcptTo.includes(s.sysadmin.email!) || mail.rcptTo.includes(s.handlerB.email!))).toEqual([]);

    // The 办公室: a new opinion with a masked excerpt and no contact details.
    const [submitted, review1, review2, dissatisfied] = mailsTo(smtp.received, 'office@bureau.example.cn');
    expect(submitted!.subject).toBe(`【新意见】${opinion.trackingCode} 待受理`);
    expect(submitted!.text).toContain('办公室：\n收到一条新的群众意见');
    expect(submitted!.text).toContain('反映人身份：学生');
    expect(submitted!.text).toContain('涉及单位：示例县第一中学');
    expect(submitted!.text).toContain('我的电话是137****7000，邮箱***@***');
    expect(submitted!.text).toContain('https://zfzg.example.edu.cn/admin/');
    expect(review1!.subject).toBe(`【待审核】${opinion.trackingCode} 答复待审核`);
    expect(review1!.text).toContain('联系电话 0571-****');
    expect(review2!.text).toContain('11月24日前按原渠道全额退费');
    expect(dissatisfied!.subject).toBe(`【不满意】${opinion.trackingCode} 待回访`);
    expect(dissatisfied!.text).toContain('退费还没到账，请联系我137****7000');

    // The named school's 经办人: first only that an opinion exists, then the assignment, which says where the contact is.
    const [forUnit, assigned, urged, returned, reopened] = mailsTo(smtp.received, 'zhang@school-a.example.cn');
    expect(forUnit!.subject).toBe(`【意见涉及本单位】${opinion.trackingCode}`);
    expect(forUnit!.text).not.toContain('补课');
    expect(forUnit!.parsed.headers.get('to')).toMatchObject({ text: '"一中张老师" <zhang@school-a.example.cn>' });
    expect(assigned!.subject).toBe(`【转办】${opinion.trackingCode} 请于 ${due} 前答复`);
    expect(assigned!.text).toContain('反映人留有联系方式。为保护个人信息，邮件中不附联系方式');
    expect(assigned!.text).toContain('【办公室说明】\n请核实是否存在违规补课收费。');
    expect(urged!.subject).toBe(`【督办】${opinion.trackingCode} 即将到期，请抓紧答复`);
    expect(urged!.text).toContain('今日到期，请抓紧答复。');
    expect(returned!.text).toContain('【审核意见】\n请补充退费的时间和方式。');
    expect(reopened!.subject).toMatch(new RegExp(`^【重新办理】${opinion.trackingCode} 请于 \\d{4}-\\d{2}-\\d{2} 前答复$`));
    expect(reopened!.text).toContain('请登录管理后台在该意见页面查看');

    // The student: the reply, the tracking page and the code, never the secret.
    const [receipt, released] = mailsTo(smtp.received, STUDENT.email);
    expect(receipt!.subject).toBe(`已收到您的意见（查询码 ${opinion.trackingCode}）`);
    expect(receipt!.text).toContain('查询办理进度：https://zfzg.example.edu.cn/track/');
    expect(receipt!.text).not.toContain(opinion.secret);
    expect(released!.subject).toBe(`示例县教育局已答复您的意见（查询码 ${opinion.trackingCode}）`);
    expect(released!.text).toContain('【答复内容】\n经核实，该校已于11月20日停止周六补课');
    expect(released!.text).toContain('查询进度与评价：https://zfzg.example.edu.cn/track/');
    expect(released!.text).toContain(`查询码：${opinion.trackingCode}`);
    for (const mail of smtp.received) {
      expect(mail.text).not.toContain(opinion.secret);
      expect(mail.html).not.toContain(opinion.secret);
    }

    // Contact details travel in no mail to staff; the assignment mails say where to look. Only the
    // submitter's own mails go to their address.
    const carrying = smtp.received.filter((mail) => `${mail.subject}${mail.text}${mail.html}`.includes(STUDENT.phone) || `${mail.subject}${mail.text}${mail.html}`.includes(STUDENT.name));
    expect(carrying).toEqual([]);
    const assignmentMails = smtp.received.filter((mail) => mail.subject.startsWith('【转办】') || mail.subject.startsWith('【重新办理】'));
    expect(assignmentMails.length).toBe(2);
    expect(assignmentMails.every((mail) => mail.text.includes('请登录管理后台在该意见页面查看'))).toBe(true);
    expect(smtp.received.filter((mail) => `${mail.text}${mail.html}`.includes(STUDENT.email)).every((mail) => mail.rcptTo[0] === STUDENT.email)).toBe(true);
  });

  it('tell a submitter about a decision not to accept, and the 办公室 about a hand-back', async () => {
    const smtp = await startSmtpServer();
    const s = setting();
    const { db } = s;
    const rejected = submitFeedbackFor(db, s.hooks, MONDAY_10AM, { contactEmail: 'parent@example.com' });
    const handedBack = submitFeedbackFor(db, s.hooks, MONDAY_10AM, { contactEmail: 'neighbour@example.com' });
    const anonymous = submitFeedbackFor(db, s.hooks, MONDAY_10AM, { anonymous: true, contactName: undefined, contactPhone: undefined });
    const step = (id: number) => ({ feedbackId: id, version: feedbackVersion(db, id) });
    ok(rejectFeedback(db, s.office, { ...step(rejected.id), reason: 'out_of_scope', note: '该事项属于市场监管部门职责，请向12315反映。' }, s.context()));
    ok(acceptFeedback(db, s.office, step(handedBack.id), s.context()));
    ok(assignFeedback(db, s.office, { ...step(handedBack.id), unitId: s.schoolB.id }, s.context()));
    ok(handBackFeedback(db, s.handlerB, { ...step(handedBack.id), reason: '不属于本校，反映人留的电话13912345678也打不通。' }, s.context()));
    ok(acceptFeedback(db, s.office, step(anonymous.id), s.context()));
    ok(rejectFeedback(db, s.office, { ...step(anonymous.id), reason: 'unclear', note: '内容不明确。' }, s.context()));

    await deliver(db, smtp.port, s.now());
    const receiptSubject = (code: string) => `已收到您的意见（查询码 ${code}）`;
    const receipts = mailsTo(smtp.received, 'parent@example.com').filter((mail) => mail.subject === receiptSubject(rejected.trackingCode));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.text).toContain('https://zfzg.example.edu.cn/track/');
    expect(receipts[0]!.text).not.toContain(rejected.secret);
    const toParent = mailsTo(smtp.received, 'parent@example.com').filter((mail) => mail !== receipts[0]);
    expect(toParent).toHaveLength(1);
    expect(toParent[0]!.subject).toBe(`您的意见未予受理（查询码 ${rejected.trackingCode}）`);
    expect(toParent[0]!.text).toContain('不予受理理由：不属于本局职责');
    expect(toParent[0]!.text).toContain('该事项属于市场监管部门职责，请向12315反映。');
    expect(toParent[0]!.text).toContain('https://zfzg.example.edu.cn/track/');
    // The neighbour was not rejected and gets nothing but the receipt. Their address reaches the
    // 经办人 of the unit the opinion was assigned to, and nobody else; the parent's reaches nobody but the parent.
    expect(mailsTo(smtp.received, 'neighbour@example.com').map((mail) => mail.subject)).toEqual([receiptSubject(handedBack.trackingCode)]);
    for (const mail of smtp.received) {
      const body = `${mail.text}${mail.html}`;
      if (!mail.subject.startsWith('【转办】')) expect(body).not.toContain('neighbour@example.com');
      else expect(mail.rcptTo).toEqual(['liu@school-b.example.cn']);
      expect(body).not.toContain('parent@example.com');
    }
    const handBack = smtp.received.find((mail) => mail.subject.startsWith('【退回办公室】'));
    expect(handBack?.rcptTo).toEqual(['office@bureau.example.cn']);
    expect(handBack?.text).toContain('示例县第二小学将一条意见退回办公室');
    expect(handBack?.text).toContain('139****5678');
    // The 经办人 who handed it back is not told of their own step.
    expect(mailsTo(smtp.received, 'liu@school-b.example.cn').map((mail) => mail.subject)).toEqual([`【转办】${handedBack.trackingCode} 请于 ${db.prepare('SELECT reply_due_on FROM feedback WHERE id = ?').pluck().get(handedBack.id)} 前答复`]);
  });

  it('tell every 系统管理员 of a failed rebuild', async () => {
    const smtp = await startSmtpServer();
    const s = setting();
    insertStaff(s.db, { roles: ['sysadmin', 'office'], email: 'deputy@bureau.example.cn' });
    expect(enqueueRebuildFailedMail(s.db, new Error('astro build failed: page /ledger/ZG-01/ threw'), MONDAY_10AM, MAIL_SETTINGS)).toBe(2);
    await deliver(s.db, smtp.port, MONDAY_10AM);
    expect(smtp.received.map((mail) => mail.rcptTo[0]).sort()).toEqual(['deputy@bureau.example.cn', 'it@bureau.example.cn']);
    expect(smtp.received[0]!.subject).toBe('【系统】网站重建失败');
    expect(smtp.received[0]!.text).toContain('时间：2026-11-23 10:00');
    expect(smtp.received[0]!.text).toContain('astro build failed: page /ledger/ZG-01/ threw');
  });
});
