import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { RequestValidationError } from '../zod-provider.ts';

/** The body of every 4xx/5xx answer (server/plugins/errors.ts makes them). */
export const errorResponse = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

/** What a named action answers: its value, or why not. */
export type ActionResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: 'forbidden' | 'not_found' | 'conflict'; message: string }
  | { ok: false; error: 'invalid'; field: string; message: string };

/** An action's result as the HTTP answer: the value, 400 naming the field, 403, 404 or 409. */
export function sendResult<T>(reply: FastifyReply, result: ActionResult<T>, success: (value: T) => unknown, status = 200) {
  if (result.ok) return reply.code(status).send(success(result.value));
  if (result.error === 'invalid') throw new RequestValidationError([{ field: result.field, message: result.message }]);
  const code = result.error === 'not_found' ? 404 : result.error === 'forbidden' ? 403 : 409;
  return reply.code(code).send({ statusCode: code, error: code === 404 ? 'Not Found' : code === 403 ? 'Forbidden' : 'Conflict', message: result.message });
}
