// The tracking page's API (查询办理进度): look up an opinion by its code and secret, rate the reply,
// withdraw the opinion. An unknown code and a wrong secret get the same 404; requests are limited
// per client address and per code (createTrackingGuard).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { trackingLookupSchema, trackingRateSchema, trackingWithdrawSchema } from '../domain/tracking-input.ts';
import { httpError } from '../plugins/auth.ts';
import type { ZodTypeProvider } from '../zod-provider.ts';
import { errorResponse } from '../plugins/error-response.ts';
import { lookUp, rate, type TrackingResult, withdraw } from '../actions/tracking-service.ts';
import { answerAction } from '../plugins/action-answer.ts';

const nullableString = z.string().nullable();
export const trackingViewSchema = z.object({
  trackingCode: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  title: nullableString,
  content: z.string(),
  categoryLabel: nullableString,
  unitName: nullableString,
  submittedAt: z.string(),
  due: z.object({ kind: z.enum(['accept', 'reply']), label: z.string(), date: z.string(), provisional: z.boolean() }).nullable(),
  steps: z.array(z.object({ action: z.string(), label: z.string(), at: z.string(), unitName: nullableString, note: nullableString })),
  rejection: z.object({ reasonLabel: z.string(), note: nullableString }).nullable(),
  reply: z.object({ text: z.string(), unitName: nullableString, repliedAt: z.string() }).nullable(),
  rating: z.object({ rating: z.string(), label: z.string(), comment: nullableString, ratedAt: z.string() }).nullable(),
  canRate: z.boolean(),
  rateBy: nullableString,
  canWithdraw: z.boolean(),
  contactDeleted: z.boolean(),
  hasContact: z.boolean(),
  /** 群众点题: the campaign, the decision and a 未采纳's public reason. */
  topic: z
    .object({
      campaignId: z.number(),
      theme: z.string(),
      decision: z.enum(['pending', 'adopted', 'not_adopted']),
      decisionLabel: z.string(),
      publicReason: nullableString,
      itemCode: nullableString,
    })
    .nullable(),
});

const answers = { 200: z.object({ opinion: trackingViewSchema }), 400: errorResponse, 404: errorResponse, 409: errorResponse, 429: errorResponse };

export interface TrackingRoutesOptions {
  guard: (ip: string, trackingCode: string) => { message: string; retryAfterSeconds: number } | null;
  now?: () => Date;
}

export const trackingRoutes: FastifyPluginAsync<TrackingRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const routes = app.withTypeProvider<ZodTypeProvider>();

  const limit = (request: FastifyRequest, reply: FastifyReply, trackingCode: string) => {
    const limited = options.guard(request.ip, trackingCode);
    if (limited) {
      reply.header('retry-after', String(limited.retryAfterSeconds));
      throw httpError(429, limited.message);
    }
  };
  const answer = (reply: FastifyReply, result: TrackingResult) => answerAction(reply, result, (view) => ({ opinion: view }));

  routes.post('/api/track', { schema: { body: trackingLookupSchema, response: answers } }, async (request, reply) => {
    limit(request, reply, request.body.trackingCode);
    return answer(reply, lookUp(app, request.body, now()));
  });

  routes.post('/api/track/rate', { schema: { body: trackingRateSchema, response: answers } }, async (request, reply) => {
    limit(request, reply, request.body.trackingCode);
    return answer(reply, rate(app, request.body, now()));
  });

  routes.post('/api/track/withdraw', { schema: { body: trackingWithdrawSchema, response: answers } }, async (request, reply) => {
    limit(request, reply, request.body.trackingCode);
    return answer(reply, withdraw(app, request.body, now()));
  });
};
