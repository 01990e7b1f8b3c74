// Taking an opinion in, shared by the JSON API (the form with JavaScript) and the plain form post
// (without): the honeypot's decoy answer, and the one transaction that stores the opinion, marks
// its proof of work spent and queues its mails.
import type { Db } from '../../db/open.ts';
import type { GroupCommit } from '../../db/group-commit.ts';
import type { FeedbackRecord } from '../../db/queries/feedback-records.ts';
import type { ContactVault } from './contact-details.ts';
import { submitFeedback, type SubmittedFeedback } from './feedback-actions.ts';
import type { WorkCalendar } from '../domain/working-days.ts';
import { type ActionResult, invalid, succeeded } from '../domain/action-result.ts';
import type { FeedbackSubmission } from '../domain/feedback-input.ts';
import { newSecret, newTrackingCode } from '../domain/tracking-code.ts';
import { FEEDBACK_STATE_LABELS } from '../domain/vocabulary.ts';
import { ChallengeReplayedError, markChallengeUsed, PROOF_OF_WORK_MESSAGES } from '../spam/proof-of-work.ts';
import { dueAfter } from '../domain/deadlines.ts';
import { trackingLink, trackingQrSvg } from '../tracking-link.ts';

/** What taking an opinion in needs of the running server (the Fastify instance has all of it). */
export interface IntakeServices {
  db: Db;
  workCalendar: () => WorkCalendar;
  contactVault: ContactVault;
  /** Submissions arriving together share one commit (db/group-commit.ts). */
  feedbackCommits: GroupCommit;
  /** PUBLIC_BASE_URL, for the tracking link on receipts. */
  publicBaseUrl: string;
  /** Queues the receipt mail inside the transaction (server/mail/notifications.ts). */
  mailHooks: { onSubmitted: (db: Db, feedback: FeedbackRecord) => void };
}

/** The receipt: what submitFeedback tells the submitter, with the way back to it. */
export interface Receipt extends SubmittedFeedback {
  /** The tracking page with code and secret in the fragment (server/tracking-link.ts). */
  trackingUrl: string;
  /** That link as a QR code (SVG). */
  trackingQrSvg: string;
}

async function receiptFor(result: Omit<Receipt, 'trackingUrl' | 'trackingQrSvg'>, publicBaseUrl: string): Promise<Receipt> {
  const trackingUrl = trackingLink(publicBaseUrl, result.trackingCode, result.secret);
  return { ...result, trackingUrl, trackingQrSvg: await trackingQrSvg(trackingUrl) };
}

/** The usual periods (受理 one working day, 答复 five) for the decoy's due date. */
const DECOY_ACCEPT_DAYS = 1;
const DECOY_REPLY_DAYS = 5;

/**
 * What a bot that filled the honeypot gets: an answer like any other, for an opinion that was
 * never stored, so it learns nothing about what gave it away.
 */
export function decoyReceipt(app: Pick<IntakeServices, 'workCalendar' | 'publicBaseUrl'>, now: Date): Promise<Receipt> {
  const calendar = app.workCalendar();
  const replyDueBy = dueAfter(calendar, dueAfter(calendar, now, DECOY_ACCEPT_DAYS).date, DECOY_REPLY_DAYS).date;
  return receiptFor(
    { trackingCode: newTrackingCode(now), secret: newSecret(), status: 'pending', statusLabel: FEEDBACK_STATE_LABELS.pending, submittedAt: now.toISOString(), replyDueBy },
    app.publicBaseUrl,
  );
}

/** The honeypot field: hidden from people (and screen readers), filled in by form-filling bots. */
export const HONEYPOT_FIELD = 'website';

export function honeypotFilled(value: unknown): boolean {
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}

/**
 * Stores the opinion in the group commit shared with other submissions of the same moment
 * (db/group-commit.ts): the promise resolves once the row is on disk.
 */
export async function storeFeedback(
  app: IntakeServices,
  input: FeedbackSubmission,
  context: { now: Date; ipHash: string; needsScreening: boolean; proofOfWork: { challengeId: string; expiresAt: string } | null },
): Promise<ActionResult<Receipt>> {
  try {
    const result = await app.feedbackCommits.run(() => submitFeedback(app.db, input, {
      now: context.now,
      calendar: app.workCalendar(),
      contacts: app.contactVault,
      ipHash: context.ipHash,
      needsScreening: context.needsScreening,
      onSubmitted: (db, record) => {
        // Inside the transaction: a challenge spent by a request that raced this one rolls it back.
        if (context.proofOfWork && !markChallengeUsed(db, context.proofOfWork, context.now)) throw new ChallengeReplayedError();
        app.mailHooks.onSubmitted(db, record);
      },
    }));
    if (!result.ok) return result;
    return succeeded(await receiptFor(result.value, app.publicBaseUrl));
  } catch (error) {
    if (error instanceof ChallengeReplayedError) return invalid('altcha', PROOF_OF_WORK_MESSAGES.replayed);
    throw error;
  }
}
