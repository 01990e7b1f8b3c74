// The server as a client on a network meets it: requests Node's HTTP parser refuses before any
// route runs, stalled bodies and idle connections. A real listening server on 127.0.0.1, raw sockets.
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import type { FastifyInstance } from 'fastify';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { HttpTimeouts } from '../../server/http-server.ts';
import { SECURITY_HEADERS } from '../../server/security-headers.ts';
import { makeFeedbackSubmission } from '../fixtures/factories.ts';
import { openConnection, parseRawResponse, type RawResponse, rawRequest } from '../helpers/raw-http.ts';
import { FIXTURE_404_PAGE, writeSiteBuild } from '../helpers/site.ts';
import { tempDir } from '../helpers/temp.ts';

const HAN = /[\u4e00-\u9fff]/;
const TIMEOUTS: HttpTimeouts = { headersMs: 1_000, requestMs: 1_500, keepAliveMs: 1_000, checkIntervalMs: 100 };

function expectOurHeaders(response: RawResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers[name], name).toBe(value);
}

function expectChineseJson(response: RawResponse, status: number): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['cache-control']).toBe('no-store');
  const body = JSON.parse(response.body) as { statusCode: number; message: string };
  expect(body.statusCode).toBe(status);
  expect(body.message).toMatch(HAN);
  expect(response.body).not.toMatch(/at \w+ \(|node:|Error:/);
}

describe('answers below the application', { timeout: 30_000 }, () => {
  let app: FastifyInstance;
  let port: number;
  let site: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    site = tempDir('portal-raw-');
    const config = loadConfig({ SECRET_KEY: TEST_SECRET_KEY, DATA_DIR: site.path, LOG_LEVEL: 'silent', NIGHTLY_REBUILD_TIME: 'off' });
    writeSiteBuild(config.siteDir, { 'index.html': '<!doctype html><title>首页</title>' });
    app = await buildApp(config, { logger: false, timeouts: TIMEOUTS });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await app?.close();
    site?.remove();
  });

  const post = (headers: string, body: string) => `POST /api/feedback HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${headers}\r\n${body}`;
  const largeChunk = 'a'.repeat(40 * 1024);

  it.each<[string, number, string]>([
    ['a URL that does not decode', 400, 'GET /%ff HTTP/1.1\r\nHost: localhost\r\n\r\n'],
    ['an API URL that does not decode', 400, 'GET /api/%ff%fe HTTP/1.1\r\nHost: localhost\r\n\r\n'],
    ['bad chunking', 400, post('Transfer-Encoding: chunked\r\n', 'zz\r\n{}\r\n0\r\n\r\n')],
    ['two Content-Length headers', 400, post('Content-Length: 2\r\nContent-Length: 3\r\n', '{}')],
    ['Content-Length and chunking together', 400, post('Content-Length: 2\r\nTransfer-Encoding: chunked\r\n', '2\r\n{}\r\n0\r\n\r\n')],
    ['an unknown method', 501, 'BREW /api/feedback HTTP/1.1\r\nHost: localhost\r\n\r\n'],
    ['headers over 16 KB', 431, `GET / HTTP/1.1\r\nHost: localhost\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`],
    ['a declared body over the limit', 413, post('Content-Length: 100000\r\n', '{')],
    ['a chunked body over the limit', 413, post('Transfer-Encoding: chunked\r\n', `${(40 * 1024).toString(16)}\r\n${largeChunk}\r\n${(40 * 1024).toString(16)}\r\n${largeChunk}\r\n0\r\n\r\n`)],
    ['garbage instead of a request line', 400, '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\r\n\r\n'],
  ])('answers %s with our headers and a Chinese JSON %i', async (_name, status, request) => {
    const response = await rawRequest(port, request);
    expectChineseJson(response, status);
    expectOurHeaders(response);
    expect(response.body).not.toContain('%ff');
  });

  it('answers an unknown page with the site 404 page and our headers', async () => {
    const response = await rawRequest(port, 'GET /no/such/page HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toBe(FIXTURE_404_PAGE);
    expectOurHeaders(response);
  });

  it('answers a stalled body with 408 and closes it, while serving other clients', async () => {
    const body = JSON.stringify(makeFeedbackSubmission());
    const stalled = openConnection(port, post(`Content-Length: ${Buffer.byteLength(body)}\r\n`, body.slice(0, 20)), { waitMs: 10_000 });
    // Meanwhile other clients are served as usual.
    for (let i = 0; i < 3; i++) {
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBe(200);
    }
    const response = await stalled.response;
    expectChineseJson(response, 408);
    expectOurHeaders(response);
    // Closed by the server's request timeout, long before the client's own 10 s wait.
    expect(response.closed).toBe(true);
  });

  it('answers headers that never end with 408 and closes the connection', async () => {
    const response = await openConnection(port, 'GET / HTTP/1.1\r\nHost: localhost\r\n', { waitMs: 10_000 }).response;
    expectChineseJson(response, 408);
    expect(response.closed).toBe(true);
  });

  it('closes a connection that never sends a byte', async () => {
    const response = await openConnection(port, '', { waitMs: 10_000 }).response;
    expect(response.closed).toBe(true);
  });

  it('closes an idle keep-alive connection after its answer', async () => {
    // The server ends the idle connection itself ('end' comes only from the other side); the test
    // waits for that event, with no bound of its own.
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk));
    socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await new Promise<void>((resolve, reject) => {
      socket.on('end', resolve);
      socket.on('error', reject);
    });
    socket.destroy();
    expect(parseRawResponse(received).status).toBe(200);
  });
});
