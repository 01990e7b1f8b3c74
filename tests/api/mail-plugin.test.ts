// The mail plugin inside the real app: the worker starts when the app is ready, a mail queued by
// a hook goes out without waiting for the next poll, and closing the app stops it
// before the database closes.
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { testConfig } from '../helpers/app.ts';
import { startSmtpServer } from '../helpers/smtp-server.ts';
import { insertStaff, outboxRows, submitFeedbackFor } from '../fixtures/mail-factories.ts';

describe('the mail plugin', () => {
  it('sends what the hooks queue as soon as the transaction commits', { timeout: 30_000 }, async () => {
    const smtp = await startSmtpServer();
    const config = testConfig({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: '"示例县教育局" <zfzg@example.edu.cn>', PUBLIC_BASE_URL: 'https://zfzg.example.edu.cn/' });
    // The worker looks at the outbox at start and then not for a day: once the first mail is sent
    // and the worker is idle, a second mail can only go out because the hook woke the worker.
    const app = await buildApp(config, { serveSite: false, logger: false, mail: { scheduler: false, pollIntervalMs: 24 * 60 * 60_000 } });
    insertStaff(app.db, { roles: ['office'], email: 'office@bureau.example.cn' });
    await app.ready();
    submitFeedbackFor(app.db, app.mailHooks, new Date());
    await smtp.waitFor(1);
    await expect.poll(() => outboxRows(app.db)[0]?.status).toBe('sent');
    const opinion = submitFeedbackFor(app.db, app.mailHooks, new Date());
    await smtp.waitFor(2);
    expect(smtp.received[1]).toMatchObject({ rcptTo: ['office@bureau.example.cn'], subject: `【新意见】${opinion.trackingCode} 待受理` });
    expect(smtp.received[1]!.messageId).toMatch(/@example\.edu\.cn>$/);
    expect(smtp.received[1]!.text).toContain('https://zfzg.example.edu.cn/admin/');
    await expect.poll(() => outboxRows(app.db).map((row) => row.status)).toEqual(['sent', 'sent']);
    // The workflow's admin routes find the step hook under this name.
    expect((app as unknown as { feedbackStepHook: unknown }).feedbackStepHook).toBe(app.mailHooks.onStep);
    await app.close();
  });
});
