// The mail plugin inside the real app: the worker starts when the app is ready, a mail queued by
// a hook goes out without waiting for the next poll, and closing the app stops it
// before the database closes.
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { DEFAULT_POLL_INTERVAL_MS } from '../../server/mail/worker.ts';
import { testConfig } from '../helpers/app.ts';
import { startSmtpServer } from '../helpers/smtp-server.ts';
import { insertStaff, outboxRows, submitFeedbackFor } from '../fixtures/mail-factories.ts';

describe('the mail plugin', () => {
  it('sends what the hooks queue as soon as the transaction commits', { timeout: DEFAULT_POLL_INTERVAL_MS + 20_000 }, async () => {
    const smtp = await startSmtpServer();
    const config = testConfig({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: '"示例县教育局" <zfzg@example.edu.cn>', PUBLIC_BASE_URL: 'https://zfzg.example.edu.cn/' });
    const app = await buildApp(config, { serveSite: false, logger: false, mail: { scheduler: false } });
    insertStaff(app.db, { roles: ['office'], email: 'office@bureau.example.cn' });
    await app.ready();
    // The worker ran once at start and would look again only at the next poll: a mail that
    // arrives before then was sent because the hook woke it (no machine is that slow).
    const pollTimer = new AbortController();
    const poll = delay(DEFAULT_POLL_INTERVAL_MS - 1000, 'the next poll', { signal: pollTimer.signal }).catch(() => 'cancelled');
    const opinion = submitFeedbackFor(app.db, app.mailHooks, new Date());
    expect(await Promise.race([smtp.waitFor(1).then(() => 'woken'), poll])).toBe('woken');
    pollTimer.abort();
    expect(smtp.received[0]).toMatchObject({ rcptTo: ['office@bureau.example.cn'], subject: `【新意见】${opinion.trackingCode} 待受理` });
    expect(smtp.received[0]!.messageId).toMatch(/@example\.edu\.cn>$/);
    expect(smtp.received[0]!.text).toContain('https://zfzg.example.edu.cn/admin/');
    await expect.poll(() => outboxRows(app.db)[0]?.status).toBe('sent');
    // The workflow's admin routes find the step hook under this name.
    expect((app as unknown as { feedbackStepHook: unknown }).feedbackStepHook).toBe(app.mailHooks.onStep);
    await app.close();
  });
});
