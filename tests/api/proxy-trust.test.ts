// Behind a proxy the per-address limits must count the real client, and only the configured proxy
// may say who that is: a client's own X-Forwarded-For must not move it into a fresh bucket.
import { describe, expect, it } from 'vitest';
import { makeFeedbackSubmission } from '../fixtures/factories.ts';
import { buildTestApp } from '../helpers/app.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';

const LIMIT = 3;

async function postStatuses(trustProxy: string, requests: { from: string; forwardedFor?: string }[]): Promise<number[]> {
  const { inject } = await buildTestApp({ env: { TRUST_PROXY: trustProxy, FEEDBACK_RATE_LIMIT_PER_HOUR: String(LIMIT) } });
  const statuses: number[] = [];
  for (const { from, forwardedFor } of requests) {
    const response = await inject({
      method: 'POST',
      url: '/api/feedback',
      remoteAddress: from,
      headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
      payload: await withProofOfWork(makeFeedbackSubmission()),
    });
    statuses.push(response.statusCode);
  }
  return statuses;
}

const NGINX = '127.0.0.1';
/** What nginx's `$proxy_add_x_forwarded_for` sends for a client at 203.0.113.7 that wrote its own header. */
const spoofed = Array.from({ length: 8 }, (_, i) => ({ from: NGINX, forwardedFor: `10.0.0.${i}, 203.0.113.7` }));
const expectedAfterLimit = [201, 201, 201, 429, 429, 429, 429, 429];

describe('TRUST_PROXY and the per-address limit', () => {
  it.each(['1', '127.0.0.1', 'loopback', '127.0.0.1,::1', '127.0.0.0/8'])('TRUST_PROXY=%s: a client writing its own X-Forwarded-For stays in its bucket', async (setting) => {
    expect(await postStatuses(setting, spoofed)).toEqual(expectedAfterLimit);
  });

  it.each(['1', '127.0.0.1'])('TRUST_PROXY=%s: clients behind the proxy are counted apart', async (setting) => {
    const clients = Array.from({ length: 8 }, (_, i) => ({ from: NGINX, forwardedFor: `198.51.100.${i}` }));
    expect(await postStatuses(setting, clients)).toEqual(Array(8).fill(201));
  });

  it('TRUST_PROXY=127.0.0.1: a client reaching the server directly cannot claim another address', async () => {
    const direct = Array.from({ length: 8 }, (_, i) => ({ from: '192.0.2.50', forwardedFor: `198.51.100.${i}` }));
    expect(await postStatuses('127.0.0.1', direct)).toEqual(expectedAfterLimit);
  });

  it('TRUST_PROXY=2 trusts exactly two proxies (say a CDN, then nginx)', async () => {
    const viaTwo = Array.from({ length: 8 }, (_, i) => ({ from: NGINX, forwardedFor: `10.0.0.${i}, 203.0.113.7, 192.0.2.1` }));
    expect(await postStatuses('2', viaTwo)).toEqual(expectedAfterLimit);
  });

  it('TRUST_PROXY=false ignores the header: everyone behind the proxy shares its address', async () => {
    const clients = Array.from({ length: 8 }, (_, i) => ({ from: NGINX, forwardedFor: `198.51.100.${i}` }));
    expect(await postStatuses('false', clients)).toEqual(expectedAfterLimit);
  });
});
