// The SMS outbox against a fake provider on loopback (a real HTTP server, port 0): the request it
// gets (fields, template, a signature it can check), and what the worker does with a success, a
// provider's refusal for good, a provider's "later", a gateway that does not answer in time, and
// one that is down and comes back on the same port.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { getFeedbackRecord } from '../../db/queries/feedback-records.ts';
import { createHttpSmsTransport, smsSignature } from '../../server/sms/gateway.ts';
import { enqueueReplyReadySms, mobileNumber } from '../../server/sms/outbox.ts';
import { insertFeedbackRow } from '../fixtures/factories.ts';
import { buildTestApp, testConfig } from '../helpers/app.ts';

const SECRET = 'fake-provider-secret';
const PHONE = '13987654321';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

type Answer = { status: number; json: unknown } | 'hold';

/** The fake provider: answers each request with the next planned answer ('hold': never answers). */
function fakeProvider() {
  const received: Received[] = [];
  const answers: Answer[] = [];
  const held: ServerResponse[] = [];
  let server: Server | null = null;
  let port = 0;
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      const answer = answers.shift() ?? { status: 200, json: { Code: 'OK', Message: 'OK', BizId: `biz-${received.length}` } };
      if (answer === 'hold') held.push(response);
      else response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
    });
  };
  const up = () =>
    new Promise<void>((resolve) => {
      server = createServer(onRequest);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const response of held.splice(0)) response.destroy();
      server!.closeAllConnections();
      server!.close(() => resolve());
      server = null;
    });
  return { received, answers, up, down, url: () => `http://127.0.0.1:${port}/sms/send`, running: () => server !== null };
}

let provider: ReturnType<typeof fakeProvider> | null = null;
afterEach(async () => {
  if (provider?.running()) await provider.down();
  provider = null;
});

async function setting(options: { timeoutMs?: number } = {}) {
  provider = fakeProvider();
  await provider.up();
  const config = testConfig({
    SMS_API_URL: provider.url(),
    SMS_ACCESS_KEY_ID: 'key-id-1',
    SMS_ACCESS_KEY_SECRET: SECRET,
    SMS_TEMPLATE_ID: 'SMS_000001',
    SMS_SIGN_NAME: '示例县教育局',
    SMS_MAX_ATTEMPTS: '3',
  });
  let now = new Date('2026-11-23T02:00:00.000Z');
  const transport = createHttpSmsTransport(config.sms.gateway!, options.timeoutMs ? { timeoutMs: options.timeoutMs } : {});
  const t = await buildTestApp({ config, now: () => now, build: { mail: { worker: false, scheduler: false }, sms: { worker: false, transport } } });
  const feedbackId = insertFeedbackRow(t.db, { status: 'replied', contactPhone: PHONE, contactName: '张女士' });
  const queued = t.db.transaction(() =>
    enqueueReplyReadySms(t.db, { publicBaseUrl: config.publicBaseUrl, contacts: t.app.contactVault }, getFeedbackRecord(t.db, feedbackId)!, now.toISOString()),
  )();
  expect(queued).toBe(true);
  const row = () =>
    t.db.prepare('SELECT status, attempts, sealed_phone, last_error, provider_reference, next_attempt_at FROM sms_outbox WHERE feedback_id = ?').get(feedbackId) as {
      status: string;
      attempts: number;
      sealed_phone: string | null;
      last_error: string | null;
      provider_reference: string | null;
      next_attempt_at: string;
    };
  return { t, config, feedbackId, row, provider, advanceTo: (iso: string) => (now = new Date(iso)), now: () => now };
}

describe('the SMS gateway adapter', { timeout: 30_000 }, () => {
  it('sends the template with the number, signed, and clears the number once the provider says OK', async () => {
    const s = await setting();
    expect(await s.t.app.smsWorker.runOnce()).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    expect(s.provider.received).toHaveLength(1);
    const [request] = s.provider.received;
    const body = JSON.parse(request!.body) as Record<string, string>;
    expect(body).toMatchObject({ PhoneNumbers: PHONE, SignName: '示例县教育局', TemplateCode: 'SMS_000001' });
    expect(JSON.parse(body.TemplateParam!)).toEqual({ url: `${s.config.publicBaseUrl}/track/` });
    // Nothing personal but the number it goes to: no name, no opinion text.
    expect(request!.body).not.toContain('张女士');
    expect(request!.headers['x-sms-access-key-id']).toBe('key-id-1');
    const { 'x-sms-timestamp': timestamp, 'x-sms-nonce': nonce, 'x-sms-signature': signature } = request!.headers as Record<string, string>;
    expect(signature).toBe(smsSignature(SECRET, timestamp!, nonce!, request!.body));
    expect(s.row()).toMatchObject({ status: 'sent', attempts: 1, sealed_phone: null, provider_reference: 'biz-1' });
  });

  it('marks a number the provider refuses for good as failed, once, without the number in the error', async () => {
    const s = await setting();
    s.provider.answers.push({ status: 200, json: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: `非法手机号 ${PHONE}` } });
    expect(await s.t.app.smsWorker.runOnce()).toMatchObject({ sent: 0, retried: 0, failed: 1 });
    const row = s.row();
    expect(row).toMatchObject({ status: 'failed', attempts: 1, sealed_phone: null });
    expect(row.last_error).toContain('isv.MOBILE_NUMBER_ILLEGAL');
    expect(row.last_error).not.toContain(PHONE);
  });

  it('tries again later after a provider error, and sends when it falls due', async () => {
    const s = await setting();
    s.provider.answers.push({ status: 200, json: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发流控' } }, { status: 503, json: { Message: 'busy' } });
    expect(await s.t.app.smsWorker.runOnce()).toMatchObject({ sent: 0, retried: 1 });
    const first = s.row();
    expect(first).toMatchObject({ status: 'queued', attempts: 1, last_error: 'HTTP 200 isv.BUSINESS_LIMIT_CONTROL 触发流控' });
    expect(first.sealed_phone).toMatch(/^v1\./);
    // Not due yet: nothing is sent.
    expect(await s.t.app.smsWorker.runOnce()).toMatchObject({ sent: 0, retried: 0 });
    expect(s.provider.received).toHaveLength(1);
    s.advanceTo(first.next_attempt_at);
    expect(await s.t.app.smsWorker.runOnce()).toMatchObject({ retried: 1 });
    expect(s.row().last_error).toBe('HTTP 503 busy');
    s.advanceTo(s.row().next_attempt_at);
    expect(await s.t.app.smsWorker.runOnce()).toMatchObject({ sent: 1 });
    expect(s.row()).toMatchObject({ status: 'sent', attempts: 3, sealed_phone: null });
  });

  it('tries again when the gateway does not answer in time, and when it is down until it is back', async () => {
    const s = await setting({ timeoutMs: 500 });
    s.provider.answers.push('hold');
    expect(await s.t.app.smsWorker.runOnce()).toMatchObject({ retried: 1 });
    expect(s.row().last_error).toBe('gateway unreachable: no answer within 0.5 s');

    await s.provider.down();
    s.advanceTo(s.row().next_attempt_at);
    expect(await s.t.app.smsWorker.runOnce()).toMatchObject({ retried: 1 });
    expect(s.row()).toMatchObject({ status: 'queued', attempts: 2, last_error: 'gateway unreachable: ECONNREFUSED' });

    await s.provider.up();
    s.advanceTo(s.row().next_attempt_at);
    expect(await s.t.app.smsWorker.runOnce()).toMatchObject({ sent: 1 });
    expect(s.row()).toMatchObject({ status: 'sent', attempts: 3, sealed_phone: null });
  });

  it('gives up after SMS_MAX_ATTEMPTS, clearing the number', async () => {
    const s = await setting();
    for (let attempt = 0; attempt < 3; attempt += 1) s.provider.answers.push({ status: 500, json: {} });
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await s.t.app.smsWorker.runOnce();
      if (attempt < 3) s.advanceTo(s.row().next_attempt_at);
    }
    expect(s.row()).toMatchObject({ status: 'failed', attempts: 3, sealed_phone: null });
  });
});

describe('who gets an SMS', () => {
  it.each([
    ['13912345678', '13912345678'],
    ['139 1234 5678', '13912345678'],
    ['+86 139-1234-5678', '13912345678'],
    ['0755-12345678', null],
    ['12345', null],
  ])('%s → %s', (typed, mobile) => {
    expect(mobileNumber(typed)).toBe(mobile);
  });

  it.each([
    ['an e-mail address (the reply goes by mail)', { contactPhone: PHONE, contactEmail: 'parent@example.com' }],
    ['a landline', { contactPhone: '0755-12345678' }],
    ['no contact', {}],
  ])('nobody with %s', async (_what, contact) => {
    const t = await buildTestApp({ build: { mail: { worker: false, scheduler: false } } });
    const id = insertFeedbackRow(t.db, { status: 'replied', ...contact });
    expect(enqueueReplyReadySms(t.db, { publicBaseUrl: t.config.publicBaseUrl, contacts: t.app.contactVault }, getFeedbackRecord(t.db, id)!, new Date().toISOString())).toBe(false);
    expect(t.db.prepare('SELECT count(*) AS n FROM sms_outbox').get()).toEqual({ n: 0 });
  });

  it('refuses an SMS_API_URL without the key, secret, template and signature, naming each', () => {
    expect(() => testConfig({ SMS_API_URL: 'https://sms.example.com/send' })).toThrow(/SMS_ACCESS_KEY_ID[\s\S]*SMS_ACCESS_KEY_SECRET[\s\S]*SMS_TEMPLATE_ID[\s\S]*SMS_SIGN_NAME/);
  });
});
