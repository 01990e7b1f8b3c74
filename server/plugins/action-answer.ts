// The one way an action's result becomes an HTTP answer: 2xx with `success`, a 400 naming the
// field (through the error handler, like any invalid body), 401, 403, 404 or 409 with the
// action's message. The plain-HTML channel (channel-plain.ts) answers with pages but takes its
// status codes from refusalStatus.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { RequestValidationError } from '../zod-provider.ts';

import type { ActionFailure, ActionResult, Refusal } from '../domain/action-result.ts';

export type { ActionResult };

const REFUSAL_STATUS: Record<Refusal | 'invalid', 400 | 401 | 403 | 404 | 409> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
};

export function refusalStatus(failure: ActionFailure<unknown>): 400 | 401 | 403 | 404 | 409 {
  return REFUSAL_STATUS[failure.error];
}

export interface AnswerOptions {
  /** The success status (200 unless given). */
  status?: number;
  /** The action's field names as the request calls them, where they differ. */
  fieldNames?: Record<string, string>;
}

export function answerAction<T>(reply: FastifyReply, result: ActionResult<T, unknown>, success: (value: T) => unknown, options: AnswerOptions | number = {}) {
  const { status = 200, fieldNames = {} } = typeof options === 'number' ? { status: options } : options;
  if (result.ok) return reply.code(status).send(success(result.value));
  if (result.error === 'invalid') {
    const fields = result.fields ?? [{ field: result.field, message: result.message }];
    throw new RequestValidationError(fields.map(({ field, message }) => ({ field: fieldNames[field] ?? field, message })));
  }
  const code = refusalStatus(result);
  return reply.code(code).send({ statusCode: code, error: STATUS_CODES[code], message: result.message });
}

/**
 * answerAction for a change the public may see (a published item, post, round or campaign): a
 * success also schedules a rebuild after the quiet period (server/plugins/site-rebuilds.ts), so
 * the site shows it the same hour; a change to something unpublished costs one rebuild.
 */
export function answerPublicAction<T>(app: FastifyInstance, reply: FastifyReply, result: ActionResult<T, unknown>, success: (value: T) => unknown, options: AnswerOptions | number = {}) {
  if (result.ok) app.siteRebuilds.afterPublication();
  return answerAction(reply, result, success, options);
}
