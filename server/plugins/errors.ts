import type { FastifyError } from 'fastify';
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import fp from 'fastify-plugin';
import { isStorageFull, STORAGE_FULL_MESSAGE, STORAGE_FULL_RETRY_AFTER_SECONDS } from '../storage.ts';
import { RequestValidationError } from '../zod-provider.ts';

// Framework messages are English; anything without Chinese in it gets a generic Chinese one.
const HAN = /[\u4e00-\u9fff]/;

/** Chinese messages for errors raised by Fastify itself before a route runs. */
const FRAMEWORK_ERRORS: Record<string, { status: number; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: '请求内容不是有效的 JSON，请检查后重新提交' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: '请求内容为空，请填写后重新提交' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: '提交的内容过大，请精简后重新提交' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: '不支持的内容类型，请以 JSON 格式提交' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: '请求长度与内容不符，请重新提交' },
  // @fastify/csrf-protection (server/plugins/auth.ts)
  FST_CSRF_MISSING_SECRET: { status: 403, message: '安全校验未通过（缺少 CSRF 令牌），请刷新页面后重试' },
  FST_CSRF_INVALID_TOKEN: { status: 403, message: '安全校验未通过（CSRF 令牌缺失或无效），请刷新页面后重试' },
};

/** Bodies up to this size are read and dropped before a 413 is sent (see drainThen). */
const DRAIN_MAX_BYTES = 1024 * 1024;
const DRAIN_WAIT_MS = 1000;

/**
 * Fastify refuses a body over the limit from its Content-Length without reading it, and Node then
 * closes the connection with the body unread: a proxy still writing it (nginx sends the whole body
 * it buffered) gets a broken pipe and answers 502 instead of our 413. A body of moderate size is
 * therefore read and dropped first, so the 413 reaches the client through a proxy too; a larger
 * one is refused at once, and so is one still unsent after a second.
 */
function drainThen(raw: IncomingMessage): Promise<void> {
  const declared = Number(raw.headers['content-length']);
  if (raw.complete || raw.destroyed || !(declared <= DRAIN_MAX_BYTES)) return Promise.resolve();
  return new Promise((resolve) => {
    // A client that declared more than it sends gets its answer after a second anyway.
    const timer = setTimeout(() => done(), DRAIN_WAIT_MS);
    const done = (): void => {
      clearTimeout(timer);
      raw.off('end', done).off('close', done).off('error', done);
      resolve();
    };
    raw.on('end', done).on('close', done).on('error', done);
    raw.resume();
  });
}

/**
 * One error handler for the whole API: validation errors become 400s that name each field in
 * Chinese; other client errors keep their status with a Chinese message; server errors are
 * logged with the request context and answered without internals; a write that failed for lack
 * of disk space is a 503 that says so.
 */
export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof RequestValidationError) {
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `提交的内容有误：${error.message}`,
          fields: error.fields,
        });
      }
      const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
      if (known) {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return drainThen(request.raw).then(() => reply.code(known.status).send({ statusCode: known.status, error: STATUS_CODES[known.status] ?? 'Bad Request', message: known.message }));
        return reply.code(known.status).send({ statusCode: known.status, error: STATUS_CODES[known.status] ?? 'Bad Request', message: known.message });
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return reply.code(status).send({ statusCode: status, error: STATUS_CODES[status] ?? 'Bad Request', message: HAN.test(error.message) ? error.message : '请求有误，请检查后重试' });
      }
      if (isStorageFull(error)) {
        // Nothing was stored (the transaction rolled back); the operator must free space.
        request.log.error({ err: error, method: request.method, url: request.routeOptions.url }, 'write failed: the disk is full; free space in the data folder');
        app.storage.recordFull();
        return reply.code(503).header('retry-after', String(STORAGE_FULL_RETRY_AFTER_SECONDS)).send({ statusCode: 503, error: 'Service Unavailable', message: STORAGE_FULL_MESSAGE });
      }
      request.log.error({ err: error, method: request.method, url: request.routeOptions.url }, 'request failed');
      return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: '服务器暂时出现问题，请稍后再试' });
    });
  },
  { name: 'errors', dependencies: ['storage'] },
);
