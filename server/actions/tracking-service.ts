// The submitter's tracking steps as the routes call them (JSON and plain HTML alike): look up,
// rate, withdraw, each answering with the public view of the opinion.
import { type ActionResult, refused, succeeded } from '../domain/action-result.ts';
import { publicEvents, trackingNames } from '../../db/queries/tracking.ts';
import type { Db } from '../../db/open.ts';
import { findBySubmitterSecret, rateReply, type RatingContext, TRACKING_NOT_FOUND_MESSAGE, withdrawFeedback } from './feedback-actions.ts';
import type { WorkCalendar } from '../domain/working-days.ts';
import type { TrackingCredentials, TrackingRating } from '../domain/tracking-input.ts';
import { type TrackingView, trackingView } from './tracking-view.ts';
import type { FeedbackRecord } from '../../db/queries/feedback-records.ts';
import { createWindowLimiter } from '../spam/window-limiter.ts';
import { getCampaign, getNomination } from '../../db/queries/topics.ts';
import { NOMINATION_DECISION_LABELS } from '../domain/topic-rules.ts';

/**
 * 群众点题 on the tracking page: the campaign an opinion was sent for and the 办公室's decision,
 * with the public reason of a 未采纳 (a field of its own, never a staff note).
 */
export interface TrackingTopic {
  campaignId: number;
  theme: string;
  decision: 'pending' | 'adopted' | 'not_adopted';
  decisionLabel: string;
  publicReason: string | null;
  /** The ledger item it became or joined, when that item is public. */
  itemCode: string | null;
}

/** What the tracking steps need of the running server (the Fastify instance has all of it). */
export interface TrackingServices {
  db: Db;
  workCalendar: () => WorkCalendar;
  /** Queues the 不满意 mail inside the rating's transaction. */
  mailHooks: { onRated: NonNullable<RatingContext['onRated']> };
  /** After a withdrawal deleted contact details: removes the copies outside the tables. */
  finishErasure: (feedbackIds: readonly number[]) => void;
}

export type TrackingPageView = TrackingView & { topic: TrackingTopic | null };

/** A tracking step's result: the opinion's public view; a refused step carries it as `current` when the opinion was found. */
export type TrackingResult = ActionResult<TrackingPageView, TrackingPageView>;

function topicOf(app: TrackingServices, feedbackId: number): TrackingTopic | null {
  const nomination = getNomination(app.db, feedbackId);
  const campaign = nomination ? getCampaign(app.db, nomination.campaignId) : undefined;
  if (!nomination || !campaign) return null;
  return {
    campaignId: campaign.id,
    theme: campaign.theme,
    decision: nomination.decision,
    decisionLabel: NOMINATION_DECISION_LABELS[nomination.decision],
    publicReason: nomination.decision === 'not_adopted' ? nomination.publicReason : null,
    itemCode: nomination.itemIsPublished ? nomination.itemCode : null,
  };
}

export function viewOf(app: TrackingServices, record: FeedbackRecord, now: Date): TrackingPageView {
  return { ...trackingView(record, trackingNames(app.db, record), publicEvents(app.db, record.id), app.workCalendar(), now), topic: topicOf(app, record.id) };
}

export function lookUp(app: TrackingServices, input: TrackingCredentials, now: Date): TrackingResult {
  const record = findBySubmitterSecret(app.db, input.trackingCode, input.secret);
  if (!record) return refused('not_found', TRACKING_NOT_FOUND_MESSAGE);
  return succeeded(viewOf(app, record, now));
}

function withView(app: TrackingServices, input: TrackingCredentials, now: Date, result: ReturnType<typeof rateReply>): TrackingResult {
  if (result.ok) return succeeded(viewOf(app, result.value, now));
  if (result.error === 'not_found') return result;
  const record = findBySubmitterSecret(app.db, input.trackingCode, input.secret);
  return { ...result, ...(record ? { current: viewOf(app, record, now) } : {}) };
}

export function rate(app: TrackingServices, input: TrackingRating, now: Date): TrackingResult {
  const result = rateReply(app.db, input, { now, calendar: app.workCalendar(), onRated: app.mailHooks.onRated });
  return withView(app, input, now, result);
}

export function withdraw(app: TrackingServices, input: TrackingCredentials, now: Date): TrackingResult {
  const result = withdrawFeedback(app.db, input, { now });
  if (result.ok) app.finishErasure([result.value.id]);
  return withView(app, input, now, result);
}

const HOUR_MS = 60 * 60_000;

export interface TrackingLimits {
  perAddressPerHour: number;
  perCodePerHour: number;
}

/**
 * Counts tracking requests per client address and per tracking code (from any address), across
 * the JSON and plain-HTML routes. Every attempt counts, found or not, so the limit itself says
 * nothing about whether a code exists. Returns null, or the message and wait for a 429.
 */
export function createTrackingGuard(limits: TrackingLimits): (ip: string, trackingCode: string) => { message: string; retryAfterSeconds: number } | null {
  const byAddress = createWindowLimiter({ max: limits.perAddressPerHour, windowMs: HOUR_MS });
  const byCode = createWindowLimiter({ max: limits.perCodePerHour, windowMs: HOUR_MS });
  return (ip, trackingCode) => {
    const at = Date.now();
    const address = byAddress.hit(ip, at);
    const code = byCode.hit(trackingCode, at);
    const wait = Math.max(address.retryAfterSeconds, code.retryAfterSeconds);
    if (address.allowed && code.allowed) return null;
    return { message: `查询次数过多，请在 ${Math.max(1, Math.ceil(wait / 60))} 分钟后再试；如有急事请致电教育局`, retryAfterSeconds: wait };
  };
}
