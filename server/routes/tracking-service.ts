// The submitter's tracking steps as the routes call them (JSON and plain HTML alike): look up,
// rate, withdraw, each answering with the public view of the opinion.
import type { FastifyInstance } from 'fastify';
import { publicEvents, trackingNames } from '../../db/queries/tracking.ts';
import { findBySubmitterSecret, rateReply, TRACKING_NOT_FOUND_MESSAGE, withdrawFeedback } from '../actions/feedback-actions.ts';
import type { TrackingCredentials, TrackingRating } from '../domain/tracking-input.ts';
import { type TrackingView, trackingView } from '../actions/tracking-view.ts';
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

export type TrackingPageView = TrackingView & { topic: TrackingTopic | null };

export type TrackingOutcome =
  | { ok: true; view: TrackingPageView }
  | { ok: false; error: 'not_found'; message: string }
  | { ok: false; error: 'conflict'; message: string; view?: TrackingPageView };

function topicOf(app: FastifyInstance, feedbackId: number): TrackingTopic | null {
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

export function viewOf(app: FastifyInstance, record: FeedbackRecord, now: Date): TrackingPageView {
  return { ...trackingView(record, trackingNames(app.db, record), publicEvents(app.db, record.id), app.workCalendar(), now), topic: topicOf(app, record.id) };
}

export function lookUp(app: FastifyInstance, input: TrackingCredentials, now: Date): TrackingOutcome {
  const record = findBySubmitterSecret(app.db, input.trackingCode, input.secret);
  if (!record) return { ok: false, error: 'not_found', message: TRACKING_NOT_FOUND_MESSAGE };
  return { ok: true, view: viewOf(app, record, now) };
}

function withView(app: FastifyInstance, input: TrackingCredentials, now: Date, result: ReturnType<typeof rateReply>): TrackingOutcome {
  if (result.ok) return { ok: true, view: viewOf(app, result.feedback, now) };
  if (result.error === 'not_found') return result;
  const record = findBySubmitterSecret(app.db, input.trackingCode, input.secret);
  return { ...result, ...(record ? { view: viewOf(app, record, now) } : {}) };
}

export function rate(app: FastifyInstance, input: TrackingRating, now: Date): TrackingOutcome {
  const result = rateReply(app.db, input, { now, calendar: app.workCalendar(), onRated: app.mailHooks.onRated });
  return withView(app, input, now, result);
}

export function withdraw(app: FastifyInstance, input: TrackingCredentials, now: Date): TrackingOutcome {
  const result = withdrawFeedback(app.db, input, { now });
  if (result.ok) app.finishErasure([result.feedback.id]);
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
