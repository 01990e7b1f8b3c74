// The SMS worker, in the server process: claim the message due first → send it → mark it sent (the
// phone number is cleared), or queue it again with exponential backoff, or mark it failed after the
// last attempt or a refusal for good. A claim left by a worker that died is taken back after the
// lease (well above the request timeout). The logs get row ids, attempts and masked errors only.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../db/open.ts';
import { claimNextDueSms, markSmsFailed, markSmsRetry, markSmsSent, nextSmsDueAt, releaseStaleSmsClaims, type SmsRow } from '../../db/queries/sms.ts';
import type { ContactVault } from '../actions/contact-details.ts';
import { exponentialBackoffMs, type WorkerLog } from '../mail/worker.ts';
import { maskDigits, SmsSendError, type SmsTransport } from './gateway.ts';

export interface SmsWorkerOptions {
  db: Db;
  transport: SmsTransport;
  contacts: ContactVault;
  maxAttempts: number;
  now?: () => Date;
  log?: WorkerLog;
  pollIntervalMs?: number;
  claimLeaseMs?: number;
  backoffMs?: (attempt: number) => number;
}

export interface SmsRunSummary {
  sent: number;
  retried: number;
  failed: number;
  recovered: number;
}

export interface SmsWorker {
  start(): void;
  stop(): Promise<void>;
  /** Something was queued: send it now rather than at the next poll. */
  wake(): void;
  runOnce(): Promise<SmsRunSummary>;
}

const SILENT: WorkerLog = { info() {}, warn() {}, error() {} };
export const SMS_CLAIM_LEASE_MS = 5 * 60_000;

export function createSmsWorker(options: SmsWorkerOptions): SmsWorker {
  const { db, transport, contacts, maxAttempts } = options;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? SILENT;
  const pollIntervalMs = options.pollIntervalMs ?? 30_000;
  const leaseMs = options.claimLeaseMs ?? SMS_CLAIM_LEASE_MS;
  const backoffMs = options.backoffMs ?? exponentialBackoffMs;
  const id = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  let stopped = true;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let runAgain = false;

  async function sendOne(row: SmsRow, summary: SmsRunSummary): Promise<void> {
    try {
      if (row.sealed_phone === null) throw new SmsSendError('no phone number (cleared)', true);
      const result = await transport.send({
        id: row.id,
        phone: contacts.openText(row.sealed_phone),
        templateParams: JSON.parse(row.template_params) as Record<string, string>,
        text: row.body_text,
      });
      if (markSmsSent(db, row.id, id, result.reference, now().toISOString())) {
        summary.sent += 1;
        log.info({ smsId: row.id, attempt: row.attempts }, 'sms sent');
      }
    } catch (error) {
      const permanent = error instanceof SmsSendError && error.permanent;
      const reason = maskDigits(error instanceof Error ? error.message : String(error)).slice(0, 500);
      const at = now();
      if (permanent || row.attempts >= maxAttempts) {
        markSmsFailed(db, row.id, id, reason, at.toISOString());
        summary.failed += 1;
        log.warn({ smsId: row.id, attempt: row.attempts, error: reason }, 'sms failed; the submitter can still look on the tracking page');
      } else {
        const next = new Date(at.getTime() + backoffMs(row.attempts));
        markSmsRetry(db, row.id, id, next.toISOString(), reason, at.toISOString());
        summary.retried += 1;
        log.warn({ smsId: row.id, attempt: row.attempts, nextAttemptAt: next.toISOString(), error: reason }, 'sms not sent; will retry');
      }
    }
  }

  async function runOnce(): Promise<SmsRunSummary> {
    const at = now();
    const summary: SmsRunSummary = { sent: 0, retried: 0, failed: 0, recovered: releaseStaleSmsClaims(db, new Date(at.getTime() - leaseMs).toISOString(), at.toISOString()) };
    for (let count = 0; count < 100 && !(stopped && running); count += 1) {
      const row = claimNextDueSms(db, id, now().toISOString());
      if (!row) break;
      await sendOne(row, summary);
    }
    return summary;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, Math.max(0, delayMs));
    timer.unref();
  }

  function tick(): void {
    timer = null;
    if (stopped) return;
    if (running) {
      runAgain = true;
      return;
    }
    running = runOnce()
      .catch((error: unknown) => log.error({ err: error }, 'sms worker run failed; retrying at the next poll'))
      .finally(() => {
        running = null;
        if (stopped) return;
        let delay = pollIntervalMs;
        try {
          const next = nextSmsDueAt(db);
          if (runAgain) delay = 0;
          else if (next !== null) delay = Math.min(pollIntervalMs, Math.max(0, Date.parse(next) - now().getTime()));
        } catch (error) {
          log.error({ err: error }, 'sms worker could not read the queue');
        }
        runAgain = false;
        schedule(delay);
      });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    wake() {
      if (stopped) return;
      if (running) runAgain = true;
      else schedule(0);
    },
    runOnce,
  };
}
