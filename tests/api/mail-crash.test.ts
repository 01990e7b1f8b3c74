// kill -9 in the middle of sending, with a full queue, then start again: every mail arrives, and
// none twice. The server holds its answer to one message while the worker is killed, so the kill
// lands exactly where it matters: the message is on the wire, the row is claimed, no 250 yet.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import { enqueueMail } from '../../server/mail/outbox.ts';
import { rebuildFailedMail } from '../../server/mail/templates.ts';
import { testConfig } from '../helpers/app.ts';
import { startSmtpServer } from '../helpers/smtp-server.ts';
import { MAIL_SETTINGS, outboxRows } from '../fixtures/mail-factories.ts';

const MAILS = 20;

function startWorker(env: Record<string, string>): { child: ChildProcess; exited: Promise<void>; ready: Promise<void> } {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'tests', 'fixtures', 'mail-worker-process.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('ready')) resolve();
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', () => reject(new Error(`worker exited before it was ready: ${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, exited, ready };
}

describe('a worker killed mid-queue', { timeout: 60_000 }, () => {
  it('loses nothing and duplicates nothing across two kill -9 and restarts', async () => {
    const config = testConfig();
    const db = openDatabase(config.databasePath);
    const now = new Date().toISOString();
    const messageIds = Array.from({ length: MAILS }, (_, index) =>
      enqueueMail(db, MAIL_SETTINGS, {
        kind: 'rebuild_failed',
        audience: 'sysadmin',
        to: { address: `admin${index}@bureau.example.cn` },
        content: rebuildFailedMail(MAIL_SETTINGS, { at: now, error: `第 ${index + 1} 封` }),
        at: now,
      })!.messageId,
    );

    // The server holds its answer to the 6th and the 14th message it sees until the worker is dead.
    let current: ReturnType<typeof startWorker> | null = null;
    const killWhileSending = new Set([6, 14]);
    const smtp = await startSmtpServer({
      beforeAccept: async (seen, session) => {
        if (!killWhileSending.has(seen) || !current) return;
        current.child.kill('SIGKILL');
        await current.exited;
        // The server learns of the closed connection after the exit: wait for it to see it.
        await smtp.sessionClosed(session.id);
      },
    });
    const env = { MAIL_TEST_DB: config.databasePath, MAIL_TEST_SMTP_PORT: String(smtp.port) };

    const runs: Array<ReturnType<typeof startWorker>> = [];
    for (let run = 0; run < 3; run += 1) {
      current = startWorker(env);
      runs.push(current);
      await current.ready;
      if (run < 2) await current.exited; // killed by the server hook above
    }
    await smtp.waitFor(MAILS, 30_000);
    // Every row sent: the worker has nothing left to send, so no duplicate can still come.
    await expect.poll(() => outboxRows(db).every((row) => row.status === 'sent'), { timeout: 30_000 }).toBe(true);
    current!.child.kill('SIGKILL');
    await current!.exited;

    const received = smtp.received.map((mail) => mail.messageId);
    expect(received).toHaveLength(MAILS);
    expect(new Set(received).size).toBe(MAILS);
    expect([...received].sort()).toEqual([...messageIds].sort());
    const rows = outboxRows(db);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    // The two mails on the wire when their workers died were tried twice, under one Message-ID.
    expect(rows.filter((row) => row.attempts === 2)).toHaveLength(2);
    expect(rows.filter((row) => row.attempts === 1)).toHaveLength(MAILS - 2);
  });
});
