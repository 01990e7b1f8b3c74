// How the Node HTTP server under Fastify behaves towards clients: timeouts, whom to believe about
// the client's address, and the answers to requests that never reach a route (a malformed URL,
// bad chunking, an unknown method, a stalled body). Those answers carry the same security headers
// and a Chinese message like every other answer.
import type { FastifyError, FastifyHttpOptions, FastifyReply, FastifyRequest } from 'fastify';
import { type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { AppConfig } from './config.ts';
import type { TrustProxy } from './config-values.ts';
import { API_CACHE_CONTROL, SECURITY_HEADERS } from './security-headers.ts';

export interface HttpTimeouts {
  /** From the first byte of a request to the end of its headers. */
  headersMs: number;
  /** From the first byte of a request to the end of its body; a stalled upload gets a 408. */
  requestMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveMs: number;
  /** How often Node looks for requests past their time (the timeouts above are this precise). */
  checkIntervalMs: number;
}

/**
 * Suited to a parent on a weak mobile connection: the largest body the API takes (64 KB) arrives
 * within the request timeout at about 9 kbit/s, a typical opinion (under 10 KB) at 2G speeds; a
 * client that stops sending is answered 408 and let go instead of holding a connection forever.
 */
export const HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 30_000,
  requestMs: 60_000,
  keepAliveMs: 10_000,
  checkIntervalMs: 5_000,
};

/** Fastify's trustProxy from ours: a hop count becomes a function (see server/decisions/005-trust-proxy-true-is-refused.md). */
export function trustProxyOption(trustProxy: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy === 'number') {
    const hops = trustProxy;
    return hops === 0 ? false : (_address: string, hop: number) => hop < hops;
  }
  return trustProxy;
}

const RAW_ERRORS: Record<string, { status: number; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, message: '请求超时，请检查网络后重新提交' },
  HPE_HEADER_OVERFLOW: { status: 431, message: '请求头过大，请清除本网站的 Cookie 后重试' },
};
const UNKNOWN_METHOD = { status: 501, message: '不支持该请求方式' };
const MALFORMED_REQUEST = { status: 400, message: '请求格式有误，请刷新页面后重试' };

function errorBody(status: number, message: string): string {
  return JSON.stringify({ statusCode: status, error: STATUS_CODES[status] ?? 'Bad Request', message });
}

/** A complete HTTP/1.1 answer with our headers, for a socket that has no response object. */
export function rawErrorResponse(status: number, message: string): string {
  const body = errorBody(status, message);
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'cache-control': API_CACHE_CONTROL,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    date: new Date().toUTCString(),
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** A well-formed request line with a method Node does not know (not, say, TLS bytes on the HTTP port). */
function isUnknownMethod(error: NodeJS.ErrnoException & { rawPacket?: Buffer }): boolean {
  return error.code === 'HPE_INVALID_METHOD' && /^[A-Z][A-Z-]* \S+ HTTP\/1\.[01]\r?\n/.test(error.rawPacket?.subarray(0, 512).toString('latin1') ?? '');
}

/**
 * Node's 'clientError': the parser refused the bytes, or the request ran out of time. There is no
 * request or response object; like Node's own handler, answer only when nothing of a response has
 * been written on this connection yet, then close it.
 */
export function answerClientError(this: { log: { debug: (object: object, message: string) => void } }, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, message } = (error.code && RAW_ERRORS[error.code]) || (isUnknownMethod(error) ? UNKNOWN_METHOD : MALFORMED_REQUEST);
  this.log.debug({ code: error.code, status }, 'client error below the application');
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(rawErrorResponse(status, message), () => socket.destroy());
  // A peer that never reads must not keep the socket: give the answer a moment, then drop it.
  setTimeout(() => socket.destroy(), 5_000).unref();
}

/**
 * Errors Fastify's router raises before any hook runs (a URL that does not decode, such as
 * /%ff): answered here with our headers and without echoing the URL.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : error.code === 'FST_ERR_BAD_URL' ? 400 : 500;
  const message = status === 414 ? '网址过长，请检查后重试' : status === 400 ? '网址格式有误，请检查后重试' : '服务器暂时出现问题，请稍后再试';
  void reply
    .code(status)
    .headers({ ...SECURITY_HEADERS, 'cache-control': API_CACHE_CONTROL })
    .type('application/json; charset=utf-8')
    .send(errorBody(status, message));
}

/** The Fastify options that shape the HTTP server; buildApp spreads them into Fastify(). */
export function httpServerOptions(config: AppConfig, timeouts: HttpTimeouts = HTTP_TIMEOUTS): FastifyHttpOptions<Server> {
  return {
    trustProxy: trustProxyOption(config.trustProxy),
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // A socket with no traffic either way (a client that stopped reading a page) is dropped; longer
    // than the request timeout so that a stalled upload gets its 408 first.
    connectionTimeout: 2 * timeouts.requestMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    // While stopping, requests on open connections are still served (with Connection: close)
    // rather than refused with Fastify's English 503; new connections are refused by the OS.
    return503OnClosing: false,
  };
}
