// The SMS worker, in the server process (the outbox loop of ../outbox-loop.ts with the SMS gateway as
// its transport): claim the message due first → send it → mark it sent (the
// phone number is cleared), or queue it again with exponential backoff, or mark it failed after the
// last attempt or a refusal for good. A claim left by a worker that died is taken back after the
// lease (well above the request timeout). The logs get row ids, attempts and masked errors only.
import { claimNextDue, markRetry, nextDueAt } from '../../db/queries/outbox.ts';
import { markSmsFailed, markSmsSent, releaseStaleSmsClaims, type SmsRow } from '../../db/queries/sms.ts';
import { createOutboxLoop, type OutboxWorkerOptions, outboxWorkerSettings, type RunSummary } from '../outbox-loop.ts';
import { maskDigits, SmsSendError, type SmsTransport } from './gateway.ts';

export type SmsWorkerOptions = OutboxWorkerOptions<SmsTransport>;

export type SmsRunSummary = RunSummary;

export interface SmsWorker {
  start(): void;
  stop(): Promise<void>;
  /** Something was queued: send it now rather than at the next poll. */
  wake(): void;
  runOnce(): Promise<SmsRunSummary>;
}

export const SMS_CLAIM_LEASE_MS = 5 * 60_000;

export function createSmsWorker(options: SmsWorkerOptions): SmsWorker {
  const { db, transport, contacts, maxAttempts, now, log, claimLeaseMs: leaseMs, backoffMs, id } = outboxWorkerSettings(options, SMS_CLAIM_LEASE_MS);

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
        markRetry(db, 'sms_outbox', row.id, id, next.toISOString(), reason, at.toISOString());
        summary.retried += 1;
        log.warn({ smsId: row.id, attempt: row.attempts, nextAttemptAt: next.toISOString(), error: reason }, 'sms not sent; will retry');
      }
    }
  }

  const loop = createOutboxLoop<SmsRow>({
    name: 'sms',
    id,
    recover: () => {
      const at = now();
      return releaseStaleSmsClaims(db, new Date(at.getTime() - leaseMs).toISOString(), at.toISOString());
    },
    claimNext: (workerId, at) => claimNextDue<SmsRow>(db, 'sms_outbox', workerId, at),
    send: sendOne,
    nextDueAt: () => nextDueAt(db, 'sms_outbox'),
    now,
    log,
    pollIntervalMs: options.pollIntervalMs ?? 30_000,
    batchSize: 100,
  });

  return {
    start: () => loop.start(),
    async stop() {
      await loop.stop();
    },
    wake: () => loop.wake(),
    runOnce: () => loop.runOnce(),
  };
}
