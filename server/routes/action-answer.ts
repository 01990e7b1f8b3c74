// An action's result as an HTTP answer: 2xx with `success`, 400 naming the field, 403, 404, 409.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { RequestValidationError } from '../zod-provider.ts';

import type { ActionResult } from '../domain/action-result.ts';

export type { ActionResult };

export function answerAction<T>(reply: FastifyReply, result: ActionResult<T>, success: (value: T) => unknown, status = 200) {
  if (result.ok) return reply.code(status).send(success(result.value));
  if (result.error === 'invalid') throw new RequestValidationError([{ field: result.field, message: result.message }]);
  const code = result.error === 'not_found' ? 404 : result.error === 'forbidden' ? 403 : 409;
  return reply.code(code).send({ statusCode: code, error: code === 404 ? 'Not Found' : code === 403 ? 'Forbidden' : 'Conflict', message: result.message });
}

/**
 * answerAction for a change the public may see (a published item, post, round or campaign): a
 * success also schedules a rebuild after the quiet period (server/plugins/site-rebuilds.ts), so
 * the site shows it the same hour; a change to something unpublished costs one rebuild.
 */
export function answerPublicAction<T>(app: FastifyInstance, reply: FastifyReply, result: ActionResult<T>, success: (value: T) => unknown, status = 200) {
  if (result.ok) app.siteRebuilds.afterPublication();
  return answerAction(reply, result, success, status);
}
