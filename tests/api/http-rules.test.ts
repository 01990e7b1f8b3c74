// HTTP manners of the API as a client meets them: the same headers on every answer, no caching of
// API answers, 405 with Allow for a wrong method, 415 for what the API does not read.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../server/security-headers.ts';
import { makeFeedbackSubmission } from '../fixtures/factories.ts';
import { buildTestApp } from '../helpers/app.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';

const HAN = /[\u4e00-\u9fff]/;

function feedbackCount(db: Awaited<ReturnType<typeof buildTestApp>>['db']): number {
  return (db.prepare('SELECT count(*) AS n FROM feedback').get() as { n: number }).n;
}

describe('every API answer', () => {
  it.each<[string, { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: object }, number]>([
    ['the 201 that carries the secret', { method: 'POST', url: '/api/feedback', payload: makeFeedbackSubmission() }, 201],
    ['a field error', { method: 'POST', url: '/api/feedback', payload: makeFeedbackSubmission({ role: 'x' }) }, 400],
    ['the health check', { method: 'GET', url: '/api/health' }, 200],
    ['an unknown API address', { method: 'GET', url: '/api/nothing' }, 404],
    ['a wrong method', { method: 'PUT', url: '/api/feedback' }, 405],
  ])('carries the security headers and Cache-Control: no-store: %s', async (_name, request, status) => {
    const { inject } = await buildTestApp();
    const response = await inject({ ...request, payload: await withProofOfWork(request.payload) });
    expect(response.statusCode).toBe(status);
    expect(response.headers['cache-control']).toBe('no-store');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers[name], name).toBe(value);
    expect(response.headers['permissions-policy']).toContain('camera=()');
  });

  it('keeps no-store on the 429 of the rate limit', async () => {
    const { inject } = await buildTestApp({ env: { FEEDBACK_RATE_LIMIT_PER_HOUR: '1' } });
    await inject({ method: 'POST', url: '/api/feedback', payload: makeFeedbackSubmission() });
    const limited = await inject({ method: 'POST', url: '/api/feedback', payload: makeFeedbackSubmission() });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['cache-control']).toBe('no-store');
    expect(limited.headers['content-security-policy']).toBe(SECURITY_HEADERS['content-security-policy']);
  });
});

describe('a wrong method on an API route', () => {
  it.each([
    ['GET', '/api/feedback', 'POST'],
    ['DELETE', '/api/feedback', 'POST'],
    ['OPTIONS', '/api/feedback', 'POST'],
    ['POST', '/api/health', 'GET, HEAD'],
    ['PATCH', '/api/health', 'GET, HEAD'],
  ] as const)('%s %s answers 405 with Allow: %s and a Chinese message', async (method, url, allow) => {
    const { inject } = await buildTestApp();
    const response = await inject({ method, url });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(response.json()).toMatchObject({ statusCode: 405, message: expect.stringMatching(HAN) });
  });

  it('still answers 404 for an API address that does not exist with any method', async () => {
    const { inject } = await buildTestApp();
    const response = await inject({ method: 'POST', url: '/api/feedbacks' });
    expect(response.statusCode).toBe(404);
    expect(response.headers.allow).toBeUndefined();
  });
});

describe('bodies the API does not read', () => {
  it.each(['gzip', 'br', 'deflate', 'GZIP'])('refuses a %s-encoded body with 415, says so in Chinese and stores nothing', async (encoding) => {
    const { inject, db } = await buildTestApp();
    const response = await inject({
      method: 'POST',
      url: '/api/feedback',
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      payload: gzipSync(JSON.stringify(makeFeedbackSubmission())),
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers['accept-encoding']).toBe('identity');
    expect(response.json().message).toMatch(HAN);
    expect(response.json().message).not.toContain('JSON 格式不正确');
    expect(feedbackCount(db)).toBe(0);
  });

  it('takes a body marked identity as it is', async () => {
    const { inject } = await buildTestApp();
    const response = await inject({
      method: 'POST',
      url: '/api/feedback',
      headers: { 'content-type': 'application/json', 'content-encoding': 'identity' },
      payload: JSON.stringify(await withProofOfWork(makeFeedbackSubmission())),
    });
    expect(response.statusCode).toBe(201);
  });

  it.each(['text/plain', 'multipart/form-data; boundary=x', 'application/xml'])('refuses %s with a Chinese 415', async (type) => {
    const { inject, db } = await buildTestApp();
    const response = await inject({ method: 'POST', url: '/api/feedback', headers: { 'content-type': type }, payload: 'role=parent' });
    expect(response.statusCode).toBe(415);
    expect(response.json().message).toMatch(HAN);
    expect(feedbackCount(db)).toBe(0);
  });
});
