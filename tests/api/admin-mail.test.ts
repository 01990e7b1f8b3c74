// The mail queue for the admin app, through the real sign-in: the 系统管理员 and the 办公室 see it;
// others are refused.
import { readdirSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import type { StaffRole } from '../../server/domain/staff.ts';
import { enqueueMail } from '../../server/mail/outbox.ts';
import { rebuildFailedMail, replyReleasedMail } from '../../server/mail/templates.ts';
import { type AdminClient, createStaff, signIn } from '../helpers/admin.ts';
import { testConfig } from '../helpers/app.ts';
import { MAIL_SETTINGS, MONDAY_10AM, submitFeedbackFor } from '../fixtures/mail-factories.ts';

async function queueApp() {
  const config = testConfig();
  const app = await buildApp(config, { serveSite: false, logger: false, now: () => MONDAY_10AM, mail: { worker: false, scheduler: false, now: () => MONDAY_10AM } });
  const clients = new Map<string, AdminClient>();
  const staffByRole = new Map<string, Awaited<ReturnType<typeof createStaff>>>();
  for (const role of ['sysadmin', 'office', 'handler'] as StaffRole[]) {
    const staff = await createStaff(app.db, { roles: [role], now: MONDAY_10AM });
    staffByRole.set(role, staff);
    clients.set(role, await signIn(app, staff, { now: MONDAY_10AM }));
  }
  const as = (role: string, method: 'GET' | 'POST', url: string): Promise<LightMyRequestResponse> => {
    const client = clients.get(role);
    return client ? client.inject({ method, url }) : app.inject({ method, url, headers: { origin: 'http://localhost' } });
  };
  return { app, db: app.db, config, staffByRole, as, close: () => app.close() };
}

function queueStaffMail(db: Parameters<typeof enqueueMail>[0], index: number) {
  const at = new Date(MONDAY_10AM.getTime() + index * 1000).toISOString();
  return enqueueMail(db, MAIL_SETTINGS, {
    kind: 'rebuild_failed',
    audience: 'sysadmin',
    to: { address: `admin${index}@bureau.example.cn` },
    content: rebuildFailedMail(MAIL_SETTINGS, { at, error: 'x' }),
    at,
  })!;
}

describe('the mail queue (GET /api/admin/mail, POST /api/admin/mail/:id/resend)', () => {
  it('lists the outbox newest first, a page at a time, filtered by status', async () => {
    const { db, as, close } = await queueApp();
    for (let index = 0; index < 55; index += 1) queueStaffMail(db, index);
    db.prepare("UPDATE mail_outbox SET status = 'failed', attempts = 10, last_error = 'ECONNREFUSED' WHERE id IN (3, 4)").run();

    const first = await as('sysadmin', 'GET', '/api/admin/mail');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ total: 55, page: 1, pageSize: 50 });
    expect(first.json().mails).toHaveLength(50);
    expect(first.json().mails[0]).toEqual({
      id: 55,
      kind: 'rebuild_failed',
      kindLabel: '网站重建失败',
      to: 'admin54@bureau.example.cn',
      subject: '【系统】网站重建失败',
      status: 'queued',
      statusLabel: '待发送',
      attempts: 0,
      lastError: null,
      createdAt: '2026-11-23T02:00:54.000Z',
      sentAt: null,
      nextAttemptAt: '2026-11-23T02:00:54.000Z',
    });
    const second = await as('office', 'GET', '/api/admin/mail?page=2');
    expect(second.json().mails.map((mail: { id: number }) => mail.id)).toEqual([5, 4, 3, 2, 1]);
    const failed = await as('office', 'GET', '/api/admin/mail?status=failed');
    expect(failed.json()).toMatchObject({ total: 2, mails: [{ id: 4, status: 'failed', statusLabel: '发送失败', lastError: 'ECONNREFUSED', nextAttemptAt: null }, { id: 3 }] });
    expect((await as('office', 'GET', '/api/admin/mail?status=')).json().total).toBe(55);

    const bad = await as('office', 'GET', '/api/admin/mail?status=lost&page=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('状态只能是');
    expect(bad.json().message).toContain('页码从 1 开始');
    await close();
  });

  it("shows a submitter's address masked to everyone: the address is sealed until the mail is sent", async () => {
    const { db, as, close } = await queueApp();
    const opinion = submitFeedbackFor(db, null, MONDAY_10AM, { contactEmail: 'parent@example.com' });
    enqueueMail(db, MAIL_SETTINGS, {
      kind: 'reply_released',
      audience: 'submitter',
      to: { address: 'parent@example.com' },
      feedbackId: opinion.id,
      content: replyReleasedMail(MAIL_SETTINGS, { trackingCode: opinion.trackingCode, reply: '已答复。', unitName: null, rateWithinDays: 20 }),
      at: MONDAY_10AM.toISOString(),
    });
    queueStaffMail(db, 1);
    const addresses = async (role: string) => (await as(role, 'GET', '/api/admin/mail')).json().mails.map((mail: { to: string }) => mail.to);
    expect(await addresses('sysadmin')).toEqual(['admin1@bureau.example.cn', 'p***@example.com']);
    expect(await addresses('office')).toEqual(['admin1@bureau.example.cn', 'p***@example.com']);
    await close();
  });

  it('is for the 系统管理员 and the 办公室 only', async () => {
    const { as, close } = await queueApp();
    expect((await as('handler', 'GET', '/api/admin/mail')).statusCode).toBe(403);
    expect((await as('handler', 'POST', '/api/admin/mail/1/resend')).statusCode).toBe(403);
    expect((await as('nobody', 'GET', '/api/admin/mail')).statusCode).toBe(401);
    await close();
  });

  it('resends a failed mail: back in the queue with fresh attempts, audited, shown in /api/health, then sent', async () => {
    const { app, db, config, staffByRole, as, close } = await queueApp();
    const { id, messageId } = queueStaffMail(db, 1);
    queueStaffMail(db, 0);
    db.prepare("UPDATE mail_outbox SET status = 'failed', attempts = 10, last_error = 'ECONNREFUSED' WHERE id = ?").run(id);
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json().mail).toEqual({ queued: 1, failed: 1 });

    const resent = await as('office', 'POST', `/api/admin/mail/${id}/resend`);
    expect(resent.statusCode).toBe(200);
    expect(resent.json().mail).toMatchObject({ id, status: 'queued', attempts: 0, lastError: 'ECONNREFUSED', nextAttemptAt: MONDAY_10AM.toISOString() });
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json().mail).toEqual({ queued: 2, failed: 0 });
    const audit = db.prepare("SELECT actor_kind, actor_user_id, object_type, object_id, action, details FROM audit_log WHERE action = 'mail.resend'").all();
    expect(audit).toEqual([
      { actor_kind: 'user', actor_user_id: staffByRole.get('office')!.id, object_type: 'mail', object_id: id, action: 'mail.resend', details: JSON.stringify({ kind: 'rebuild_failed', previousAttempts: 10 }) },
    ]);

    // Only a failed mail can be resent.
    const again = await as('sysadmin', 'POST', `/api/admin/mail/${id}/resend`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('该邮件当前为“待发送”，只有发送失败的邮件可以重新发送');
    expect((await as('sysadmin', 'POST', '/api/admin/mail/999/resend')).statusCode).toBe(404);
    expect((await as('sysadmin', 'POST', '/api/admin/mail/abc/resend')).statusCode).toBe(400);

    // The app's own worker sends it (no SMTP configured: an .eml file under data/outbox/).
    expect(await app.mailWorker.runOnce()).toMatchObject({ sent: 2 });
    expect(readdirSync(config.mail.outboxDir)).toContain(`${messageId.slice(1, -1)}.eml`);
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json().mail).toEqual({ queued: 0, failed: 0 });
    await close();
  });
});
