// The outbox worker, in the server process: claim the mail due first → send it → mark it sent, or
// queue it again with exponential backoff, or mark it failed after the last attempt (an operator
// resends it from the admin app). One row at a time, each claimed by a single UPDATE, so two
// workers never send the same row.
//
// Delivered once: the Message-ID and Date are fixed when the row is written, so a mail sent again
// after a crash is the same message, and the claim says who is sending it. A row left 'sending' by
// a worker that is gone (its process died, or its claim is older than the lease) is put back in
// the queue at start-up and on every run. The one window left is a crash after the server said
// 250 and before the row was marked sent: then the same message (same Message-ID) goes out again,
// which receivers treat as a duplicate of the first. The .eml transport overwrites its file.
import { hostname } from 'node:os';
import { listClaims, markMailFailed, markMailSent, type OutboxRow, releaseClaim } from '../../db/queries/mail.ts';
import { claimNextDue, markRetry, nextDueAt } from '../../db/queries/outbox.ts';
import { type Mailbox, maskAddressesIn } from './address.ts';
import { openMessage } from './outbox.ts';
import type { MailTransport } from './transport.ts';
import { processAlive } from '../pid-file.ts';
import { createOutboxLoop, type OutboxWorkerOptions, outboxWorkerSettings, type RunSummary } from '../outbox-loop.ts';

export { exponentialBackoffMs, type RunSummary, type WorkerLog } from '../outbox-loop.ts';

export interface MailWorkerOptions extends OutboxWorkerOptions<MailTransport> {
  from: Mailbox;
  /** Most mails sent in one run before the worker lets other work in. */
  batchSize?: number;
}

export interface MailWorker {
  /** `host:pid:random`, written into the rows it claims. */
  readonly id: string;
  /** Recovers abandoned claims and starts sending; runs again when mails fall due. */
  start(): void;
  /** Stops after the mail being sent (waiting at most `waitMs`). */
  stop(waitMs?: number): Promise<void>;
  /** Something was queued: send it now rather than at the next poll. */
  wake(): void;
  /** One pass: recover abandoned claims, then send every due mail (up to the batch size). */
  runOnce(): Promise<RunSummary>;
}

export const DEFAULT_POLL_INTERVAL_MS = 30_000;
export const DEFAULT_CLAIM_LEASE_MS = 10 * 60_000;
/** Workers running in this process, so a claim with our pid but another id is known to be dead. */
const liveWorkerIds = new Set<string>();

/** True when the worker that claimed a row cannot be sending it any more. */
export function claimIsAbandoned(claimedBy: string, claimedAt: string, now: Date, leaseMs: number): boolean {
  if (now.getTime() - Date.parse(claimedAt) > leaseMs) return true;
  const [host, pidText] = claimedBy.split(':');
  if (host !== hostname()) return false; // another machine: only the lease can tell
  const pid = Number(pidText);
  if (pid === process.pid) return !liveWorkerIds.has(claimedBy);
  return !processAlive(pid);
}

const MAX_ERROR_LENGTH = 500;

interface SendFailure {
  /** The server refused this message or recipient for good (5xx on the envelope or the data). */
  permanent: boolean;
  /** For the row and the log: addresses masked. */
  summary: string;
}

export function describeSendError(error: unknown): SendFailure {
  const details = error as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = typeof details.code === 'string' ? details.code : null;
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : null;
  const message = typeof details.message === 'string' ? details.message : String(error);
  // Authentication and connection problems are the configuration's or the network's, not the
  // message's: they are retried, and fixing them lets the queue drain by itself.
  const permanent = responseCode !== null && responseCode >= 500 && responseCode < 600 && (code === 'EENVELOPE' || code === 'EMESSAGE');
  const summary = maskAddressesIn([code, responseCode, message].filter((part) => part !== null).join(' ')).replace(/\s+/g, ' ').trim();
  return { permanent, summary: summary.length > MAX_ERROR_LENGTH ? `${summary.slice(0, MAX_ERROR_LENGTH)}…` : summary };
}

export function createMailWorker(options: MailWorkerOptions): MailWorker {
  const { db, transport, from, maxAttempts, now, log, claimLeaseMs, backoffMs, id } = outboxWorkerSettings(options, DEFAULT_CLAIM_LEASE_MS);

  function recoverAbandonedClaims(): number {
    const at = now();
    let recovered = 0;
    for (const claim of listClaims(db)) {
      if (claim.claimed_by === id || !claimIsAbandoned(claim.claimed_by, claim.claimed_at, at, claimLeaseMs)) continue;
      if (releaseClaim(db, claim.id, claim.claimed_by, at.toISOString())) {
        recovered += 1;
        log.warn({ mailId: claim.id }, 'mail was being sent by a worker that is gone; queued again with the same Message-ID');
      }
    }
    return recovered;
  }

  async function sendOne(row: OutboxRow, summary: RunSummary): Promise<void> {
    try {
      const content = row.sealed_message ? openMessage(options.contacts, row.sealed_message) : { to: { address: row.to_address, name: row.to_name }, text: row.body_text, html: row.body_html };
      const result = await transport.send({
        from,
        to: content.to,
        subject: row.subject,
        text: content.text,
        html: content.html,
        messageId: row.message_id,
        date: new Date(row.created_at),
      });
      if (markMailSent(db, row.id, id, now().toISOString())) {
        summary.sent += 1;
        log.info({ mailId: row.id, kind: row.kind, attempt: row.attempts, response: maskAddressesIn(result.response).slice(0, 200) }, 'mail sent');
      } else {
        log.warn({ mailId: row.id }, 'mail sent, but its claim was taken over meanwhile');
      }
    } catch (error) {
      const failure = describeSendError(error);
      const at = now();
      if (failure.permanent || row.attempts >= maxAttempts) {
        markMailFailed(db, row.id, id, failure.summary, at.toISOString());
        summary.failed += 1;
        log.warn(
          { mailId: row.id, kind: row.kind, attempt: row.attempts, error: failure.summary },
          'mail failed; fix the cause, then resend it from the admin app (邮件队列)',
        );
      } else {
        const next = new Date(at.getTime() + backoffMs(row.attempts));
        markRetry(db, 'mail_outbox', row.id, id, next.toISOString(), failure.summary, at.toISOString());
        summary.retried += 1;
        log.warn({ mailId: row.id, kind: row.kind, attempt: row.attempts, nextAttemptAt: next.toISOString(), error: failure.summary }, 'mail not sent; will retry');
      }
    }
  }

  const loop = createOutboxLoop<OutboxRow>({
    name: 'mail',
    id,
    recover: recoverAbandonedClaims,
    claimNext: (workerId, at) => claimNextDue<OutboxRow>(db, 'mail_outbox', workerId, at),
    send: sendOne,
    nextDueAt: () => nextDueAt(db, 'mail_outbox'),
    now,
    log,
    pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    batchSize: options.batchSize ?? 100,
  });

  return {
    id,
    start() {
      liveWorkerIds.add(id);
      loop.start();
    },
    async stop(waitMs = 15_000) {
      // Still sending after the wait: the claim stays ours until the lease runs out, so nobody sends it twice.
      if (await loop.stop(waitMs)) liveWorkerIds.delete(id);
    },
    wake: () => loop.wake(),
    runOnce() {
      liveWorkerIds.add(id);
      return loop.runOnce();
    },
  };
}
