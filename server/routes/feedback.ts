import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { clientAddressHasher } from '../client-address.ts';
import { submitFeedback } from '../domain/feedback-actions.ts';
import { feedbackSubmissionSchema } from '../domain/feedback-input.ts';
import { RequestValidationError, type ZodTypeProvider } from '../zod-provider.ts';
import { errorResponse } from './error-response.ts';

const submittedResponse = z.object({
  trackingCode: z.string(),
  secret: z.string(),
  status: z.literal('pending'),
  statusLabel: z.string(),
  submittedAt: z.string(),
});

export interface FeedbackRoutesOptions {
  rateLimitPerHour: number;
  now?: () => Date;
}

export const feedbackRoutes: FastifyPluginAsync<FeedbackRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const hashIp = clientAddressHasher(app.db);

  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/feedback',
    {
      schema: { body: feedbackSubmissionSchema, response: { 201: submittedResponse, 400: errorResponse } },
      config: { rateLimit: { max: options.rateLimitPerHour, timeWindow: '1 hour' } },
    },
    async (request, reply) => {
      const result = submitFeedback(app.db, request.body, { now: now(), calendar: app.workCalendar(), onSubmitted: app.mailHooks.onSubmitted, ipHash: hashIp(request.ip) });
      if (!result.ok) throw new RequestValidationError([{ field: result.field, message: result.message }]);
      const { ok: _ok, ...created } = result;
      return reply.code(201).send(created);
    },
  );
};
