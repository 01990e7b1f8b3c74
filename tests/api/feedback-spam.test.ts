// Spam defence without a third party (issue point 2): a proof of work checked once and kept until
// it expires, a honeypot answered with a decoy, a minimum time to fill, per-address limits; and
// the plain form post without JavaScript, under a stricter limit and marked for screening.
import { solveChallenge } from 'altcha-lib';
import { deriveKey as deriveShaKey } from 'altcha-lib/algorithms/sha';
import { describe, expect, it } from 'vitest';
import { countUsedChallenges } from '../../db/queries/proof-of-work.ts';
import { CHALLENGE_TTL_MS, MIN_FILL_MS, proofOfWorkSecrets, purgeUsedChallenges } from '../../server/spam/proof-of-work.ts';
import { TRACKING_CODE_PATTERN } from '../../server/domain/tracking-code.ts';
import { makeFeedbackSubmission } from '../fixtures/factories.ts';
import { createStaff, signIn } from '../helpers/admin.ts';
import { buildTestApp } from '../helpers/app.ts';
import { encodeSolution, solvedProofOfWork } from '../helpers/proof-of-work.ts';

const HAN = /[\u4e00-\u9fff]/;
const START = new Date('2026-11-23T02:00:00.000Z');

function counts(db: Awaited<ReturnType<typeof buildTestApp>>['db']) {
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    feedback: one('SELECT count(*) AS n FROM feedback'),
    events: one('SELECT count(*) AS n FROM feedback_events'),
    mails: one('SELECT count(*) AS n FROM mail_outbox'),
  };
}

/** An app with a clock the test moves, and challenges small enough to solve in a few ms. */
async function clockedApp(env: Record<string, string> = {}) {
  let now = START;
  const t = await buildTestApp({ env, now: () => now, build: { proofOfWorkMaxCounter: 50 } });
  return { ...t, advance: (ms: number) => (now = new Date(now.getTime() + ms)), now: () => now };
}

async function fetchAndSolve(inject: Awaited<ReturnType<typeof buildTestApp>>['inject']) {
  const response = await inject({ method: 'GET', url: '/api/feedback/challenge' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['cache-control']).toBe('no-store');
  const challenge = response.json();
  const solution = await solveChallenge({ challenge, deriveKey: deriveShaKey });
  return encodeSolution(challenge, solution);
}

const post = (t: { inject: Awaited<ReturnType<typeof buildTestApp>>['inject'] }, body: object) => t.inject({ method: 'POST', url: '/api/feedback', payload: body });

describe('the proof of work', () => {
  it('takes a challenge from the API, solved as the browser solves it, after the minimum time to fill', async () => {
    const t = await clockedApp();
    const altcha = await fetchAndSolve(t.inject);
    t.advance(MIN_FILL_MS);
    const response = await post(t, { ...makeFeedbackSubmission(), altcha });
    expect(response.statusCode).toBe(201);
    expect(response.json().trackingCode).toMatch(TRACKING_CODE_PATTERN);
    expect(counts(t.db)).toMatchObject({ feedback: 1, events: 1 });
    expect(countUsedChallenges(t.db)).toBe(1);
    // Sent without JavaScript it would be screened; with the proof of work it is not.
    expect(t.db.prepare('SELECT needs_screening FROM feedback').get()).toEqual({ needs_screening: 0 });
  });

  it('signs the challenge, carries when it was issued and expires, and shows only half of the key', async () => {
    const t = await clockedApp();
    const challenge = (await t.inject({ method: 'GET', url: '/api/feedback/challenge' })).json();
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.parameters).toMatchObject({ algorithm: 'SHA-256', cost: 1, keyLength: 32, data: { issued: START.getTime(), expires: START.getTime() + CHALLENGE_TTL_MS } });
    expect(challenge.parameters.keyPrefix).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each<[string, (t: Awaited<ReturnType<typeof clockedApp>>) => Promise<unknown>, RegExp]>([
    ['missing', async () => undefined, /还没有完成/],
    ['empty', async () => '', /还没有完成/],
    ['not base64 JSON', async () => '%%%not-a-payload%%%', /未通过/],
    ['JSON of the wrong shape', async () => Buffer.from('{"challenge":1}').toString('base64'), /未通过/],
    ['a number', async () => 42, /格式不正确/],
    ['an object', async () => ({ challenge: {}, solution: {} }), /格式不正确/],
    ['over-long', async () => 'A'.repeat(5000), /格式不正确/],
    [
      'solved with a wrong counter',
      async (t) => {
        const challenge = (await t.inject({ method: 'GET', url: '/api/feedback/challenge' })).json();
        t.advance(MIN_FILL_MS);
        return encodeSolution(challenge, { counter: 999_999, derivedKey: 'ab'.repeat(32) });
      },
      /未通过/,
    ],
    [
      'signed with another key',
      async () => solvedProofOfWork({ secrets: proofOfWorkSecrets(Buffer.alloc(32, 7)) }),
      /未通过/,
    ],
    ['sent too fast', async (t) => fetchAndSolve(t.inject), /太快/],
    [
      'expired',
      async (t) => {
        const altcha = await fetchAndSolve(t.inject);
        t.advance(CHALLENGE_TTL_MS + 1000);
        return altcha;
      },
      /已过期/,
    ],
    [
      'with tampered dates',
      async (t) => {
        const challenge = (await t.inject({ method: 'GET', url: '/api/feedback/challenge' })).json();
        const solution = await solveChallenge({ challenge, deriveKey: deriveShaKey });
        challenge.parameters.data.issued -= 3_600_000;
        return encodeSolution(challenge, solution);
      },
      /未通过/,
    ],
  ])('refuses a proof of work that is %s with a Chinese 400 on "altcha", and stores nothing', async (_name, make, message) => {
    const t = await clockedApp();
    const altcha = await make(t);
    const response = await post(t, { ...makeFeedbackSubmission(), ...(altcha === undefined ? {} : { altcha }) });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.message).toMatch(HAN);
    expect(body.fields).toEqual([{ field: 'altcha', message: expect.stringMatching(message) }]);
    expect(counts(t.db)).toEqual({ feedback: 0, events: 0, mails: 0 });
    expect(countUsedChallenges(t.db)).toBe(0);
  });

  it('accepts a solved challenge once: a replay is refused and changes nothing', async () => {
    const t = await clockedApp();
    const altcha = await fetchAndSolve(t.inject);
    t.advance(MIN_FILL_MS);
    expect((await post(t, { ...makeFeedbackSubmission(), altcha })).statusCode).toBe(201);
    const replay = await post(t, { ...makeFeedbackSubmission({ content: '同一个安全校验再提交一次，应当被拒绝。' }), altcha });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().fields).toEqual([{ field: 'altcha', message: expect.stringMatching(/已经用过/) }]);
    expect(counts(t.db)).toMatchObject({ feedback: 1, events: 1 });
  });

  it('lets only one of two simultaneous submissions with the same challenge through', async () => {
    const t = await clockedApp();
    const altcha = await fetchAndSolve(t.inject);
    t.advance(MIN_FILL_MS);
    const answers = await Promise.all([post(t, { ...makeFeedbackSubmission(), altcha }), post(t, { ...makeFeedbackSubmission(), altcha })]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 400]);
    expect(counts(t.db)).toMatchObject({ feedback: 1, events: 1 });
  });

  it('keeps spent challenges until they expire, then purges them', async () => {
    const t = await clockedApp();
    const altcha = await fetchAndSolve(t.inject);
    t.advance(MIN_FILL_MS);
    expect((await post(t, { ...makeFeedbackSubmission(), altcha })).statusCode).toBe(201);
    expect(purgeUsedChallenges(t.db, t.now())).toBe(0);
    expect(countUsedChallenges(t.db)).toBe(1);
    t.advance(CHALLENGE_TTL_MS);
    expect(purgeUsedChallenges(t.db, t.now())).toBe(1);
    expect(countUsedChallenges(t.db)).toBe(0);
  });
});

describe('the honeypot', () => {
  it.each([
    ['a filled field', 'http://spam.example'],
    ['a number', 12345],
    ['a list', ['x']],
  ])('answers %s with a normal-looking 201 and stores nothing', async (_name, value) => {
    const t = await clockedApp();
    // Bots that fill the honeypot rarely solve the proof of work: the decoy does not need it.
    const response = await post(t, { ...makeFeedbackSubmission(), website: value });
    expect(response.statusCode).toBe(201);
    const receipt = response.json();
    expect(receipt).toMatchObject({ status: 'pending', statusLabel: '待受理', submittedAt: START.toISOString() });
    expect(receipt.trackingCode).toMatch(TRACKING_CODE_PATTERN);
    expect(receipt.secret).toMatch(/^[a-z2-9]{10}$/);
    expect(counts(t.db)).toEqual({ feedback: 0, events: 0, mails: 0 });
    // The decoy code leads nowhere, and says so as any wrong code does.
    const track = await t.inject({ method: 'POST', url: '/api/track', payload: { trackingCode: receipt.trackingCode, secret: receipt.secret } });
    expect(track.statusCode).toBe(404);
  });

  it('accepts an empty honeypot as people leave it', async () => {
    const t = await clockedApp();
    const response = await post(t, { ...makeFeedbackSubmission(), website: '', altcha: await solvedProofOfWork() });
    expect(response.statusCode).toBe(201);
    expect(counts(t.db).feedback).toBe(1);
  });
});

describe('limits per client address', () => {
  it('answers the challenge route with a Chinese 429 when a client asks for too many', async () => {
    const t = await clockedApp({ FEEDBACK_RATE_LIMIT_PER_HOUR: '1' });
    for (let i = 0; i < 10; i++) expect((await t.inject({ method: 'GET', url: '/api/feedback/challenge' })).statusCode).toBe(200);
    const limited = await t.inject({ method: 'GET', url: '/api/feedback/challenge' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(HAN);
  });
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const plainFeedback = {
  role: 'parent',
  category: 'burden',
  content: '周末学校组织“自愿”补课，每次收费两百元，希望教育局核实。',
  contactName: '李先生',
  contactPhone: '13700001111',
  consentToPublish: 'on',
};

describe('the form without JavaScript', () => {
  const submit = (t: { inject: Awaited<ReturnType<typeof buildTestApp>>['inject'] }, fields: Record<string, string>, remoteAddress?: string) =>
    t.inject({
      method: 'POST',
      url: '/feedback/submit',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(fields),
      ...(remoteAddress ? { remoteAddress } : {}),
    });

  it('answers with an HTML receipt showing the code and the secret, and marks the opinion for screening', async () => {
    const t = await clockedApp();
    const response = await submit(t, plainFeedback);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    const code = /data-testid="tracking-code">([^<]+)</.exec(response.body)?.[1];
    const secret = /data-testid="tracking-secret">([^<]+)</.exec(response.body)?.[1];
    expect(code).toMatch(TRACKING_CODE_PATTERN);
    expect(secret).toMatch(/^[a-z2-9]{10}$/);
    expect(response.body).toContain('请抄写或截图保存查询码和查询密码');
    const row = t.db.prepare('SELECT needs_screening, consent_to_publish, is_anonymous, contact_sealed FROM feedback WHERE tracking_code = ?').get(code);
    expect(row).toEqual({ needs_screening: 1, consent_to_publish: 1, is_anonymous: 0, contact_sealed: 1 });

    // It waits in the admin inbox's screening list.
    const office = await createStaff(t.db, { roles: ['office'], now: t.now() });
    const client = await signIn(t.app, office, { now: t.now });
    const inbox = await client.inject({ method: 'GET', url: '/api/admin/feedback?screening=true' });
    expect(inbox.json().items.map((item: { trackingCode: string; needsScreening: boolean }) => [item.trackingCode, item.needsScreening])).toEqual([[code, true]]);
  });

  it('drops contact details typed before ticking "anonymous", and counts "under 14" only for a student', async () => {
    const t = await clockedApp();
    expect((await submit(t, { ...plainFeedback, anonymous: 'on', isUnder14: 'on' })).statusCode).toBe(200);
    expect(t.db.prepare('SELECT is_anonymous, is_under_14, contact_name, contact_phone FROM feedback').get()).toEqual({
      is_anonymous: 1,
      is_under_14: 0,
      contact_name: null,
      contact_phone: null,
    });
  });

  it('lists the errors in Chinese, escapes what was typed, and stores nothing', async () => {
    const t = await clockedApp();
    const response = await submit(t, { ...plainFeedback, role: '<script>alert(1)</script>', content: '短', contactPhone: '12345' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('身份只能是家长、学生、教师或其他');
    expect(response.body).toContain('意见内容至少需要');
    expect(response.body).toContain('手机号码格式不正确');
    expect(response.body).not.toContain('<script>alert(1)</script>');
    expect(counts(t.db)).toEqual({ feedback: 0, events: 0, mails: 0 });
  });

  it('drops a filled honeypot with a receipt that looks like any other', async () => {
    const t = await clockedApp();
    const response = await submit(t, { ...plainFeedback, website: 'http://spam.example' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/data-testid="tracking-code">FK\d{8}-/);
    expect(counts(t.db)).toEqual({ feedback: 0, events: 0, mails: 0 });
  });

  it('is limited more strictly per address than the form with JavaScript, with a Chinese 429 page', async () => {
    const t = await clockedApp({ FEEDBACK_PLAIN_FORM_RATE_LIMIT_PER_HOUR: '2' });
    expect((await submit(t, plainFeedback)).statusCode).toBe(200);
    expect((await submit(t, plainFeedback)).statusCode).toBe(200);
    const limited = await submit(t, plainFeedback);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(limited.body).toContain('分钟后再试');
    expect(counts(t.db).feedback).toBe(2);
    // Another address is counted apart.
    expect((await submit(t, plainFeedback, '198.51.100.9')).statusCode).toBe(200);
  });

  it('answers a body it does not read with a Chinese page, not a 500', async () => {
    const t = await clockedApp();
    for (const [type, payload] of [
      ['multipart/form-data; boundary=x', '--x\r\n'],
      ['text/plain', 'role=parent'],
      ['application/json', '{"role":'],
      ['application/json', '[1,2]'],
    ] as const) {
      const response = await t.inject({ method: 'POST', url: '/feedback/submit', headers: { 'content-type': type }, payload });
      expect(response.statusCode, type).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, type).toBeLessThan(500);
      expect(response.body).toMatch(HAN);
    }
    expect(counts(t.db).feedback).toBe(0);
  });
});
