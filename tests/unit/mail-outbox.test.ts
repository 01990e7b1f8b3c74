import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.ts';
import { openDatabase } from '../../db/open.ts';
import { getFeedbackRecord } from '../../db/queries/feedback-records.ts';
import { createMailHooks } from '../../server/mail/notifications.ts';
import { enqueueMail, MailRefusedError, type MailToQueue, openMessage } from '../../server/mail/outbox.ts';
import { isValidAddress, maskAddress, maskAddressesIn, parseMailbox, safeDisplayName } from '../../server/mail/address.ts';
import { testMail } from '../../server/mail/templates.ts';
import { testConfig } from '../helpers/app.ts';
import { insertMailUnit, insertStaff, MAIL_SETTINGS, MONDAY_10AM, outboxRows, submitFeedbackFor } from '../fixtures/mail-factories.ts';
import { TEST_CONTACTS } from '../helpers/contacts.ts';

function freshDb(): Db {
  const db = openDatabase(testConfig().databasePath);
  return db;
}

const AT = MONDAY_10AM.toISOString();
const content = testMail(MAIL_SETTINGS, { at: AT, transport: 'test' });

function mail(overrides: Partial<MailToQueue> = {}): MailToQueue {
  return { kind: 'rebuild_failed', audience: 'sysadmin', to: { address: 'admin@bureau.example.cn', name: '管理员' }, content, at: AT, ...overrides };
}

describe('addresses and header values', () => {
  it.each([
    ['someone@example.edu.cn', true],
    ['first.last+tag@mail.example.com', true],
    ['noreply@localhost', true],
    ['no-at-sign.example.com', false],
    ['two@@example.com', false],
    ['a@b@example.com', false],
    ['"quoted"@example.com', false],
    ['name <a@example.com>', false],
    ['a@example.com, b@example.com', false],
    ['a@example.com\r\nBcc: x@evil.example', false],
    ['a@-bad-.example', false],
    ['a@nodot', false],
    [`${'x'.repeat(65)}@example.com`, false],
  ])('isValidAddress(%j) is %s', (address, valid) => {
    expect(isValidAddress(address)).toBe(valid);
  });

  it.each([
    ['"示例县教育局" <noreply@example.edu.cn>', { name: '示例县教育局', address: 'noreply@example.edu.cn' }],
    ['示例县教育局 <noreply@example.edu.cn>', { name: '示例县教育局', address: 'noreply@example.edu.cn' }],
    ['noreply@example.edu.cn', { name: null, address: 'noreply@example.edu.cn' }],
    ['示例县教育局 <noreply@example.edu.cn>\r\nBcc: x@example.com', null],
    ['<not an address>', null],
    ['a@example.com, b@example.com', null],
  ])('parseMailbox(%j)', (value, expected) => {
    expect(parseMailbox(value)).toEqual(expected);
  });

  it('drops display names with line breaks instead of repairing them', () => {
    expect(safeDisplayName('王老师')).toBe('王老师');
    expect(safeDisplayName('王老师\r\nBcc: x@example.com')).toBeNull();
    expect(safeDisplayName('  ')).toBeNull();
  });

  it('masks addresses for lists and stored errors', () => {
    expect(maskAddress('wang@example.com')).toBe('w***@example.com');
    expect(maskAddressesIn('550 5.1.1 <wang@example.com>: Recipient address rejected')).toBe('550 5.1.1 <w***@example.com>: Recipient address rejected');
  });
});

describe('enqueueMail', () => {
  it('queues one row per recipient with a fixed Message-ID on the sender domain', () => {
    const db = freshDb();
    const queued = enqueueMail(db, MAIL_SETTINGS, mail());
    expect(queued?.messageId).toMatch(/^<zfzg\.20261123T020000Z\.[0-9a-f]{18}@example\.edu\.cn>$/);
    const [row] = outboxRows(db);
    expect(row).toMatchObject({ kind: 'rebuild_failed', audience: 'sysadmin', to_address: 'admin@bureau.example.cn', status: 'queued', attempts: 0, next_attempt_at: AT });
    expect(row!.message_id).toBe(queued!.messageId);
    expect(row!.body_html).toContain('<!doctype html>');
  });

  it.each([
    ['a subject with CR/LF', { content: { ...content, subject: '测试\r\nBcc: x@evil.example' } }, /主题含有换行/],
    ['a subject with a bare LF', { content: { ...content, subject: '测试\n第二行' } }, /主题含有换行/],
    ['a display name with CR/LF', { to: { address: 'admin@bureau.example.cn', name: '管理员\r\nBcc: x@evil.example' } }, /姓名含有换行/],
    ['an invalid address', { to: { address: 'admin@bureau.example.cn>, x@evil.example' } }, /收件地址无效/],
    ['an empty body', { content: { ...content, text: '  ' } }, /正文为空/],
  ])('refuses %s and writes nothing', (_name, overrides, message) => {
    const db = freshDb();
    expect(() => enqueueMail(db, MAIL_SETTINGS, mail(overrides as Partial<MailToQueue>))).toThrow(message);
    expect(outboxRows(db)).toEqual([]);
  });

  it('also refuses CR/LF at the database: the CHECK constraints hold without the code', () => {
    const db = freshDb();
    const insert = (subject: string) =>
      db
        .prepare(
          `INSERT INTO mail_outbox (kind, audience, to_address, subject, body_text, message_id, next_attempt_at, created_at, updated_at)
           VALUES ('legacy', 'operator', 'a@example.com', ?, 'x', ?, ?, ?, ?)`,
        )
        .run(subject, `<${Math.random()}@x>`, AT, AT, AT);
    expect(() => insert('主题\r\nBcc: x@example.com')).toThrow(/CHECK/);
    expect(() => insert('正常主题')).not.toThrow();
  });

  it('sends a submitter mail only to the address given with that opinion', () => {
    const db = freshDb();
    const mine = submitFeedbackFor(db, null, MONDAY_10AM, { contactEmail: 'mine@example.com' });
    const other = submitFeedbackFor(db, null, MONDAY_10AM, { contactEmail: 'other@example.com' });
    const toSubmitter = (address: string, feedbackId: number, text = '您好') =>
      enqueueMail(db, MAIL_SETTINGS, mail({ kind: 'reply_released', audience: 'submitter', to: { address }, feedbackId, content: { ...content, text } }));
    expect(() => toSubmitter('other@example.com', mine.id)).toThrow(/只能发送到该意见留下的邮箱/);
    expect(() => toSubmitter('mine@example.com', mine.id, '抄送 other@example.com')).toThrow(/其他反映人的邮箱/);
    expect(toSubmitter('MINE@example.com', mine.id)).not.toBeNull();
    expect(toSubmitter('other@example.com', other.id)).not.toBeNull();
    // Stored masked; the address itself is sealed with the body until the mail is sent.
    expect(outboxRows(db).map((row) => row.to_address)).toEqual(['M***@example.com', 'o***@example.com']);
    expect(outboxRows(db).map((row) => openMessage(MAIL_SETTINGS.contacts, row.sealed_message!).to.address)).toEqual(['MINE@example.com', 'other@example.com']);
    expect(JSON.stringify(outboxRows(db))).not.toMatch(/mine@|other@/i);
  });

  it("refuses a minor's phone or address in a mail to anyone but the assigned unit's 经办人", () => {
    const db = freshDb();
    const unit = insertMailUnit(db);
    const student = submitFeedbackFor(db, null, MONDAY_10AM, { role: 'student', contactPhone: '13700137000', contactEmail: 'kid@example.com' });
    db.prepare("UPDATE feedback SET status = 'assigned', assigned_unit_id = ?, accepted_at = ?, assigned_at = ? WHERE id = ?").run(unit.id, AT, AT, student.id);
    const leaking = { ...content, text: '联系电话：13700137000' };
    expect(() => enqueueMail(db, MAIL_SETTINGS, mail({ audience: 'office', feedbackId: student.id, content: leaking }))).toThrow(/未成年人的联系方式/);
    expect(() =>
      enqueueMail(db, MAIL_SETTINGS, mail({ audience: 'unit_handler', recipientUnitId: unit.id + 1000, feedbackId: student.id, content: { ...content, html: 'KID@example.com' } })),
    ).toThrow(/未成年人的联系方式/);
    expect(enqueueMail(db, MAIL_SETTINGS, mail({ audience: 'unit_handler', recipientUnitId: unit.id, feedbackId: student.id, content: leaking }))).not.toBeNull();
  });

  it('ignores a second mail with the same dedupe key', () => {
    const db = freshDb();
    expect(enqueueMail(db, MAIL_SETTINGS, mail({ dedupeKey: 'digest:2026-11-23:unit1:u1' }))).not.toBeNull();
    expect(enqueueMail(db, MAIL_SETTINGS, mail({ dedupeKey: 'digest:2026-11-23:unit1:u1' }))).toBeNull();
    expect(outboxRows(db)).toHaveLength(1);
  });

  it('commits with the event or not at all', () => {
    const db = freshDb();
    insertStaff(db, { roles: ['office'] });
    const hooks = createMailHooks(MAIL_SETTINGS);
    // The hook queues the mail, then the transaction fails after it: neither the opinion nor the mail stays.
    const failing = {
      ...hooks,
      onSubmitted: (...args: Parameters<typeof hooks.onSubmitted>) => {
        hooks.onSubmitted(...args);
        throw new Error('disk full');
      },
    };
    expect(() => submitFeedbackFor(db, failing, MONDAY_10AM)).toThrow('disk full');
    expect(db.prepare('SELECT count(*) AS n FROM feedback').get()).toEqual({ n: 0 });
    expect(outboxRows(db)).toEqual([]);
    submitFeedbackFor(db, hooks, MONDAY_10AM);
    expect(outboxRows(db).map((row) => row.kind)).toEqual(['feedback_submitted']);
  });

  it('leaves out staff whose stored address is unusable', () => {
    const db = freshDb();
    insertStaff(db, { roles: ['office'], email: 'office@bureau.example.cn' });
    insertStaff(db, { roles: ['office'], email: 'broken@@example' });
    insertStaff(db, { roles: ['office'], email: null });
    insertStaff(db, { roles: ['office'], email: 'gone@bureau.example.cn', active: false });
    const hooks = createMailHooks(MAIL_SETTINGS);
    submitFeedbackFor(db, hooks, MONDAY_10AM);
    expect(outboxRows(db).map((row) => row.to_address)).toEqual(['office@bureau.example.cn']);
  });

  it('skips a refused mail, reports it without the address, and lets the action go on', () => {
    const db = freshDb();
    const refused: string[] = [];
    const hooks = createMailHooks(MAIL_SETTINGS, { onRefused: (kind, reason) => refused.push(`${kind}: ${reason}`) });
    const opinion = submitFeedbackFor(db, null, MONDAY_10AM, { contactEmail: 'ok@example.com' });
    // An address stored before today's rules (or edited by hand) that the outbox will not send to.
    db.prepare("UPDATE feedback SET contact_email = ?, status = 'rejected', reject_reason = 'unclear', reject_note = '内容不明确' WHERE id = ?").run(
      TEST_CONTACTS.seal({ name: null, phone: null, email: 'ok@example.com>, x@evil.example' }).contact_email,
      opinion.id,
    );
    const record = getFeedbackRecord(db, opinion.id)!;
    const actor = insertStaff(db, { roles: ['office'] });
    expect(() => hooks.onStep(db, { action: 'reject', actor, before: record, after: record })).not.toThrow();
    expect(outboxRows(db)).toEqual([]);
    expect(refused).toEqual(['feedback_rejected: 收件地址无效']);
  });
});
