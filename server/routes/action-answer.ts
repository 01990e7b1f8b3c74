// An action's result as an HTTP answer: 2xx with `success`, 400 naming the field, 403, 404, 409.
import type { FastifyReply } from 'fastify';
import { RequestValidationError } from '../zod-provider.ts';

export type ActionResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: 'forbidden' | 'not_found' | 'conflict'; message: string }
  | { ok: false; error: 'invalid'; field: string; message: string };

export function answerAction<T>(reply: FastifyReply, result: ActionResult<T>, success: (value: T) => unknown, status = 200) {
  if (result.ok) return reply.code(status).send(success(result.value));
  if (result.error === 'invalid') throw new RequestValidationError([{ field: result.field, message: result.message }]);
  const code = result.error === 'not_found' ? 404 : result.error === 'forbidden' ? 403 : 409;
  return reply.code(code).send({ statusCode: code, error: code === 404 ? 'Not Found' : code === 403 ? 'Forbidden' : 'Conflict', message: result.message });
}
