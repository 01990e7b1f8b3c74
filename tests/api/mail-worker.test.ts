// The outbox worker against a real SMTP server on loopback, with an injected clock: an outage is
// retried with backoff and nothing is lost or sent twice; the last attempt marks the mail failed;
// a claim left by a dead worker is taken back; the embedded .eml transport writes real messages.
import { TEST_CONTACTS } from '../helpers/contacts.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.ts';
import { openDatabase } from '../../db/open.ts';
import { enqueueMail } from '../../server/mail/outbox.ts';
import { rebuildFailedMail } from '../../server/mail/templates.ts';
import { createFileTransport, emlFileName } from '../../server/mail/transport.ts';
import { createMailWorker, exponentialBackoffMs, type WorkerLog } from '../../server/mail/worker.ts';
import { testConfig } from '../helpers/app.ts';
import { startSmtpServer } from '../helpers/smtp-server.ts';
import { tempDirForTest } from '../helpers/temp.ts';
import { MAIL_SETTINGS, MONDAY_10AM, outboxRows } from '../fixtures/mail-factories.ts';
import { loopbackTransport, TEST_FROM } from '../fixtures/mail-transport.ts';

const MINUTE = 60_000;

function queue(db: Db, count: number, at = MONDAY_10AM): string[] {
  return Array.from({ length: count }, (_, index) => {
    const content = rebuildFailedMail(MAIL_SETTINGS, { at: at.toISOString(), error: `第 ${index + 1} 次` });
    return enqueueMail(db, MAIL_SETTINGS, { kind: 'rebuild_failed', audience: 'sysadmin', to: { address: `admin${index}@bureau.example.cn` }, content, at: at.toISOString() })!.messageId;
  });
}

/** A clock the test moves by hand. */
function clock(start: Date) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

function recordingLog(): WorkerLog & { lines: string[] } {
  const lines: string[] = [];
  const record = (details: object, message: string) => lines.push(`${message} ${JSON.stringify(details)}`);
  return { lines, info: record, warn: record, error: record };
}

describe('the mail worker', () => {
  it('keeps mails through an SMTP outage, retries with backoff, and delivers each once when it is back', async () => {
    const smtp = await startSmtpServer();
    const port = smtp.port;
    await smtp.close(); // the server is down
    const db = openDatabase(testConfig().databasePath);
    const messageIds = queue(db, 3);
    const time = clock(MONDAY_10AM);
    const log = recordingLog();
    const transport = loopbackTransport(port);
    const worker = createMailWorker({ db, transport, contacts: TEST_CONTACTS, from: TEST_FROM, maxAttempts: 10, now: time.now, log });

    expect(await worker.runOnce()).toMatchObject({ sent: 0, retried: 3, failed: 0 });
    let rows = outboxRows(db);
    expect(rows.map((row) => [row.status, row.attempts, row.next_attempt_at])).toEqual(
      Array(3).fill(['queued', 1, new Date(MONDAY_10AM.getTime() + MINUTE).toISOString()]),
    );
    expect(rows[0]!.last_error).toMatch(/ECONNREFUSED/);

    // Not due yet: nothing is tried.
    time.advance(30_000);
    expect(await worker.runOnce()).toMatchObject({ sent: 0, retried: 0 });
    // Due: tried again and failed again; the wait doubles.
    time.advance(30_000);
    expect(await worker.runOnce()).toMatchObject({ retried: 3 });
    rows = outboxRows(db);
    expect(rows.every((row) => row.attempts === 2 && row.next_attempt_at === new Date(time.now().getTime() + 2 * MINUTE).toISOString())).toBe(true);

    await smtp.reopen(); // back, on the same port
    time.advance(2 * MINUTE);
    expect(await worker.runOnce()).toMatchObject({ sent: 3, retried: 0, failed: 0 });
    expect(await worker.runOnce()).toMatchObject({ sent: 0 });
    transport.close();

    // 0 lost, 0 duplicated, and the Message-IDs are the ones given when the mails were queued.
    expect(smtp.received.map((mail) => mail.messageId).sort()).toEqual([...messageIds].sort());
    expect(outboxRows(db).map((row) => [row.status, row.attempts, row.last_error])).toEqual(Array(3).fill(['sent', 3, null]));
    // The log names mails by id, never by address.
    expect(log.lines.join('\n')).not.toMatch(/admin\d@/);
  });

  it('backs off 1, 2, 4 … minutes up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => exponentialBackoffMs(attempt) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('marks a mail failed after the last attempt, for a manual resend', async () => {
    const smtp = await startSmtpServer();
    await smtp.close();
    const db = openDatabase(testConfig().databasePath);
    queue(db, 1);
    const time = clock(MONDAY_10AM);
    const worker = createMailWorker({ db, transport: loopbackTransport(smtp.port), contacts: TEST_CONTACTS, from: TEST_FROM, maxAttempts: 3, now: time.now });
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await worker.runOnce();
      time.advance(exponentialBackoffMs(attempt));
    }
    expect(outboxRows(db)[0]).toMatchObject({ status: 'failed', attempts: 3 });
    time.advance(24 * 60 * MINUTE);
    expect(await worker.runOnce()).toMatchObject({ sent: 0, retried: 0, failed: 0 });
  });

  it('marks a mail the server refuses for good failed at once, with the address masked in the error', async () => {
    const smtp = await startSmtpServer({ rejectWith: { responseCode: 550, message: '550 5.1.1 <admin0@bureau.example.cn>: mailbox unavailable' } });
    const db = openDatabase(testConfig().databasePath);
    queue(db, 1);
    const worker = createMailWorker({ db, transport: loopbackTransport(smtp.port), contacts: TEST_CONTACTS, from: TEST_FROM, maxAttempts: 10, now: () => MONDAY_10AM });
    expect(await worker.runOnce()).toMatchObject({ failed: 1 });
    const [row] = outboxRows(db);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.last_error).toContain('EMESSAGE 550');
    expect(row!.last_error).toContain('a***@bureau.example.cn');
    expect(row!.last_error).not.toContain('admin0@');
  });

  it('takes back a mail claimed by a worker that is gone, and sends it with the same Message-ID', async () => {
    const smtp = await startSmtpServer();
    const db = openDatabase(testConfig().databasePath);
    const [deadPid, livePid, otherHost, expired] = queue(db, 4);
    const claim = (messageId: string, claimedBy: string, claimedAt: Date) =>
      db
        .prepare("UPDATE mail_outbox SET status = 'sending', attempts = 1, claimed_by = ?, claimed_at = ? WHERE message_id = ?")
        .run(claimedBy, claimedAt.toISOString(), messageId);
    const host = hostname();
    claim(deadPid!, `${host}:999999999:a1`, MONDAY_10AM); // no such process
    claim(livePid!, `${host}:${process.ppid}:b2`, MONDAY_10AM); // alive: still sending
    claim(otherHost!, 'another-server:1234:c3', MONDAY_10AM); // cannot tell: wait for the lease
    claim(expired!, 'another-server:1234:d4', new Date(MONDAY_10AM.getTime() - 11 * MINUTE)); // lease over

    const worker = createMailWorker({ db, transport: loopbackTransport(smtp.port), contacts: TEST_CONTACTS, from: TEST_FROM, maxAttempts: 10, now: () => MONDAY_10AM });
    expect(await worker.runOnce()).toMatchObject({ recovered: 2, sent: 2 });
    expect(smtp.received.map((mail) => mail.messageId).sort()).toEqual([deadPid, expired].sort());
    const byId = Object.fromEntries(outboxRows(db).map((row) => [row.message_id, [row.status, row.attempts]]));
    expect(byId).toEqual({ [deadPid!]: ['sent', 2], [livePid!]: ['sending', 1], [otherHost!]: ['sending', 1], [expired!]: ['sent', 2] });
  });

  it('runs by itself once started: a wake-up sends what was just queued', async () => {
    const smtp = await startSmtpServer();
    const db = openDatabase(testConfig().databasePath);
    const worker = createMailWorker({ db, transport: loopbackTransport(smtp.port), contacts: TEST_CONTACTS, from: TEST_FROM, maxAttempts: 10, pollIntervalMs: 60_000 });
    worker.start();
    await smtp.waitFor(0);
    queue(db, 2, new Date());
    worker.wake();
    await smtp.waitFor(2);
    await worker.stop();
    expect(outboxRows(db).map((row) => row.status)).toEqual(['sent', 'sent']);
  });

  it('writes each mail as an .eml file named by its Message-ID, once, when no SMTP server is configured', async () => {
    const dir = join(tempDirForTest(), 'outbox');
    const db = openDatabase(testConfig().databasePath);
    const [messageId] = queue(db, 1);
    const transport = createFileTransport(dir);
    const worker = createMailWorker({ db, transport, contacts: TEST_CONTACTS, from: TEST_FROM, maxAttempts: 10, now: () => MONDAY_10AM });
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    // A repeat after a crash (the same row sent again) replaces the file instead of adding one.
    db.prepare("UPDATE mail_outbox SET status = 'queued', sent_at = NULL").run();
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    expect(readdirSync(dir)).toEqual([emlFileName(messageId!)]);
    const parsed = await simpleParser(readFileSync(join(dir, emlFileName(messageId!))));
    expect(parsed.messageId).toBe(messageId);
    expect(parsed.subject).toBe('【系统】网站重建失败');
    expect(parsed.text).toContain('公开网站的重建没有成功');
    expect(parsed.html).toContain('<html lang="zh-CN">');
    expect(parsed.from?.text).toBe('"示例县教育局" <noreply@example.edu.cn>');
    expect(parsed.date?.toISOString()).toBe(MONDAY_10AM.toISOString());
  });
});
