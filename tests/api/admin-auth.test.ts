// Signing in: password, lockout, rate limit, the second factor, sessions and their expiry, CSRF,
// the audit trail. The app's clock is pinned and moved by the tests.
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/auth/accounts.ts';
import { LOGIN_FAILED_MESSAGE } from '../../server/auth/sign-in.ts';
import { hashPassword, PASSWORD_HASH_CHANNEL } from '../../server/auth/passwords.ts';
import { totpCode } from '../../server/auth/totp.ts';
import { decryptText } from '../../server/crypto.ts';
import { MESSAGES, SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { createStaff, DEFAULT_STAFF_PASSWORD, sessionCookieOf, signIn, TEST_ORIGIN, TEST_TOTP_KEY } from '../helpers/admin.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

const T0 = new Date('2026-11-20T02:00:10.000Z');
const MINUTE = 60_000;

interface Clocked extends TestApp {
  clock: { now: Date };
  advance(ms: number): void;
}

async function setup(env: Record<string, string> = {}): Promise<Clocked> {
  const clock = { now: T0 };
  const test = await buildTestApp({ now: () => clock.now, env });
  return { ...test, clock, advance: (ms) => (clock.now = new Date(clock.now.getTime() + ms)) };
}

function login(t: TestApp, username: string, password: string, headers: Record<string, string> = { origin: TEST_ORIGIN }, extra: object = {}) {
  return t.inject({ method: 'POST', url: '/api/admin/login', headers, payload: { username, password }, ...extra });
}

function withCookie(sessionId: string, headers: Record<string, string> = {}): Record<string, string> {
  return { cookie: `${SESSION_COOKIE}=${sessionId}`, ...headers };
}

async function csrfToken(t: TestApp, sessionId: string): Promise<string> {
  return (await t.inject({ method: 'GET', url: '/api/admin/session', headers: withCookie(sessionId) })).json().csrfToken;
}

/** POST with the session cookie, its CSRF token and our Origin. */
async function postInSession(t: TestApp, sessionId: string, url: string, payload: object): Promise<LightMyRequestResponse> {
  const token = await csrfToken(t, sessionId);
  return t.inject({ method: 'POST', url, headers: withCookie(sessionId, { origin: TEST_ORIGIN, 'x-csrf-token': token }), payload });
}

function auditActions(t: TestApp): { action: string; object_id: number | null; details: string | null }[] {
  return t.db.prepare('SELECT action, object_id, details FROM audit_log ORDER BY id').all() as { action: string; object_id: number | null; details: string | null }[];
}

describe('POST /api/admin/login', () => {
  it('signs in with the password, then the TOTP code, with a new session id at each step', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });

    const first = await login(t, alice.username, alice.password);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ stage: 'totp' });
    const passwordSession = sessionCookieOf(first)!;
    expect(passwordSession).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toContain(`${SESSION_COOKIE}=`);
    for (const attribute of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict']) expect(setCookie).toContain(attribute);
    expect(setCookie).not.toMatch(/Domain=/i);

    // Password alone is not signed in.
    const halfway = await t.inject({ method: 'GET', url: '/api/admin/session', headers: withCookie(passwordSession) });
    expect(halfway.json()).toMatchObject({ user: null, stage: 'totp', csrfToken: expect.any(String) });
    const guarded = await t.inject({ method: 'GET', url: '/api/admin/users', headers: withCookie(passwordSession) });
    expect(guarded.statusCode).toBe(401);

    const second = await postInSession(t, passwordSession, '/api/admin/login/totp', { code: alice.code(t.clock.now) });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ stage: 'signed_in', remainingRecoveryCodes: 10 });
    const signedIn = sessionCookieOf(second)!;
    expect(signedIn).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signedIn).not.toBe(passwordSession);

    const session = await t.inject({ method: 'GET', url: '/api/admin/session', headers: withCookie(signedIn) });
    expect(session.json()).toMatchObject({
      user: { id: alice.id, username: alice.username, displayName: alice.displayName, roles: ['office'], unitId: null, unitName: null },
      stage: 'signed_in',
    });
    expect(session.headers['cache-control']).toBe('no-store');
    // The id from before the second factor is gone.
    const old = await t.inject({ method: 'GET', url: '/api/admin/session', headers: withCookie(passwordSession) });
    expect(old.json()).toMatchObject({ user: null, stage: 'signed_out' });
  });

  it('keeps only the sha256 of session ids in the database', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    const client = await signIn(t, alice, { now: t.clock.now });
    const rows = t.db.prepare('SELECT id_hash, user_id, data FROM sessions').all() as { id_hash: string; user_id: number; data: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id_hash).toBe(createHash('sha256').update(client.sessionId).digest('hex'));
    expect(rows[0]!.user_id).toBe(alice.id);
    expect(rows[0]!.data).not.toContain(client.sessionId);
  });

  it('starts a new session when someone signs in on a browser that had one', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    const client = await signIn(t, alice, { now: t.clock.now });
    const again = await login(t, alice.username, alice.password, withCookie(client.sessionId, { origin: TEST_ORIGIN }));
    expect(again.statusCode).toBe(200);
    expect(sessionCookieOf(again)).not.toBe(client.sessionId);
    expect((await client.inject({ method: 'GET', url: '/api/admin/session' })).json().stage).toBe('signed_out');
  });

  it('answers an unknown user, a wrong password and a deactivated account alike, after the same work', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    const bob = await createStaff(t.db, { roles: ['office'] });
    t.db.prepare('UPDATE users SET is_active = 0 WHERE id = ?').run(bob.id);

    // Each answer is counted by the scrypt computations it cost (node:diagnostics_channel), not timed.
    const hashes: { N?: number | undefined }[] = [];
    const count = (message: unknown) => hashes.push(message as { N?: number });
    PASSWORD_HASH_CHANNEL.subscribe(count);
    const attempt = async (username: string, password: string) => {
      hashes.length = 0;
      const response = await login(t, username, password);
      return { response, hashes: hashes.map((hash) => hash.N) };
    };
    let unknown, wrong, inactive;
    try {
      unknown = await attempt('nobody-here', 'wrong-password-123');
      wrong = await attempt(alice.username, 'wrong-password-123');
      inactive = await attempt(bob.username, bob.password);
    } finally {
      PASSWORD_HASH_CHANNEL.unsubscribe(count);
    }
    for (const { response } of [unknown, wrong, inactive]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: LOGIN_FAILED_MESSAGE });
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    // An unknown name costs one password hash at the current parameters too, like the other two.
    expect(wrong.hashes).toHaveLength(1);
    expect(unknown.hashes).toEqual(wrong.hashes);
    expect(inactive.hashes).toEqual(wrong.hashes);
  });

  it('locks the account after five failures in a row for 15 minutes, with the same answer', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await login(t, alice.username, `wrong-password-${attempt}x`)).statusCode).toBe(401);
    }
    expect(auditActions(t).filter((row) => row.action === 'login.locked')).toHaveLength(1);
    const locked = await login(t, alice.username, alice.password);
    expect(locked.statusCode).toBe(401);
    expect(locked.json().message).toBe(LOGIN_FAILED_MESSAGE);

    t.advance(14 * MINUTE + 59_000);
    expect((await login(t, alice.username, alice.password)).statusCode).toBe(401);
    t.advance(1000);
    const unlocked = await login(t, alice.username, alice.password);
    expect(unlocked.statusCode).toBe(200);
    expect(t.db.prepare('SELECT failed_logins, locked_until FROM users WHERE id = ?').get(alice.id)).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('counts only consecutive failures: a success in between starts again', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    for (let attempt = 1; attempt <= 4; attempt++) await login(t, alice.username, 'wrong-password-xx');
    expect((await login(t, alice.username, alice.password)).statusCode).toBe(200);
    for (let attempt = 1; attempt <= 4; attempt++) await login(t, alice.username, 'wrong-password-xx');
    expect((await login(t, alice.username, alice.password)).statusCode).toBe(200);
  });

  it('limits sign-in attempts per client address (429 with a Chinese message)', async () => {
    const t = await setup({ LOGIN_RATE_LIMIT_PER_HOUR: '3' });
    for (let attempt = 1; attempt <= 3; attempt++) expect((await login(t, 'nobody', 'wrong-password-123')).statusCode).toBe(401);
    const limited = await login(t, 'nobody', 'wrong-password-123');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(/登录尝试过于频繁，请 \d+ 分钟后再试/);
    // Another address is not affected.
    const other = await login(t, 'nobody', 'wrong-password-123', { origin: TEST_ORIGIN }, { remoteAddress: '127.0.0.2' });
    expect(other.statusCode).toBe(401);
  });

  it('refuses to sign in over plain HTTP from another machine, telling the operator to use HTTPS', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    const response = await login(t, alice.username, alice.password, { origin: TEST_ORIGIN }, { remoteAddress: '192.0.2.10' });
    expect(response.statusCode).toBe(403);
    expect(response.json().message).toContain('HTTPS');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('behind a trusted proxy, accepts HTTPS as X-Forwarded-Proto tells it and refuses plain HTTP', async () => {
    const t = await setup({ TRUST_PROXY: '127.0.0.1' });
    const alice = await createStaff(t.db, { roles: ['office'] });
    const viaHttps = await login(t, alice.username, alice.password, {
      origin: 'https://zfzg.example.edu.cn',
      host: 'zfzg.example.edu.cn',
      'x-forwarded-for': '192.0.2.10',
      'x-forwarded-proto': 'https',
    });
    expect(viaHttps.statusCode).toBe(200);
    const viaHttp = await login(t, alice.username, alice.password, {
      origin: 'http://zfzg.example.edu.cn',
      host: 'zfzg.example.edu.cn',
      'x-forwarded-for': '192.0.2.10',
      'x-forwarded-proto': 'http',
    });
    expect(viaHttp.statusCode).toBe(403);
    expect(viaHttp.json().message).toContain('HTTPS');
  });

  it('upgrades a password hash made with weaker parameters at sign-in', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    t.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(await hashPassword(alice.password, { N: 1024, r: 8, p: 1 }), alice.id);
    expect((await login(t, alice.username, alice.password)).statusCode).toBe(200);
    const { password_hash } = t.db.prepare('SELECT password_hash FROM users WHERE id = ?').get(alice.id) as { password_hash: string };
    expect(password_hash.startsWith('scrypt$32768$8$3$')).toBe(true);
    expect((await login(t, alice.username, alice.password)).statusCode).toBe(200);
  });

  it('writes audit rows for failed and successful sign-ins, without passwords or codes', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    await login(t, 'nobody-here', 'wrong-password-123');
    await login(t, alice.username, 'wrong-password-123');
    const code = alice.code(t.clock.now);
    await signIn(t, alice, { now: t.clock.now });
    const rows = auditActions(t).filter((row) => row.action.startsWith('login.'));
    expect(rows.map((row) => [row.action, row.object_id])).toEqual([
      ['login.failed', null],
      ['login.failed', alice.id],
      ['login.password_accepted', alice.id],
      ['login.succeeded', alice.id],
    ]);
    expect(JSON.parse(rows[0]!.details!)).toEqual({ reason: 'unknown_user' });
    expect(JSON.parse(rows[1]!.details!)).toEqual({ reason: 'bad_password', consecutive: 1 });
    const everything = JSON.stringify(t.db.prepare('SELECT * FROM audit_log').all());
    for (const secret of ['wrong-password-123', DEFAULT_STAFF_PASSWORD, 'nobody-here', code]) expect(everything).not.toContain(secret);
    const withIp = t.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'login.%' AND ip_hash IS NOT NULL").get() as { n: number };
    expect(withIp.n).toBe(rows.length);
  });

  it('keeps the audit log append-only', async () => {
    const t = await setup();
    await login(t, 'nobody-here', 'wrong-password-123');
    expect(() => t.db.prepare("UPDATE audit_log SET action = 'tampered'").run()).toThrow(/append-only/);
    expect(() => t.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(auditActions(t).map((row) => row.action)).toEqual(['login.failed']);
  });
});

describe('POST /api/admin/login/totp', () => {
  async function afterPassword(t: Clocked, username: string, password: string): Promise<string> {
    const response = await login(t, username, password);
    expect(response.json()).toEqual({ stage: 'totp' });
    return sessionCookieOf(response)!;
  }

  it('refuses a wrong code with 401 and keeps the step', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    const session = await afterPassword(t, alice.username, alice.password);
    const wrong = String((Number(alice.code(t.clock.now)) + 1) % 1_000_000).padStart(6, '0');
    const response = await postInSession(t, session, '/api/admin/login/totp', { code: wrong });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toContain('验证码不正确');
    expect((await postInSession(t, session, '/api/admin/login/totp', { code: alice.code(t.clock.now) })).statusCode).toBe(200);
  });

  it.each([
    ['one step behind', -30_000, 200],
    ['one step ahead', 30_000, 200],
    ['two steps behind', -60_000, 401],
    ['two steps ahead', 60_000, 401],
  ])('a code from %s: %s', async (_name, offset, status) => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    const session = await afterPassword(t, alice.username, alice.password);
    const code = totpCode(alice.totpSecret, new Date(t.clock.now.getTime() + offset));
    expect((await postInSession(t, session, '/api/admin/login/totp', { code })).statusCode).toBe(status);
  });

  it('refuses a code whose time step was already used', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    const code = alice.code(t.clock.now);
    const first = await afterPassword(t, alice.username, alice.password);
    expect((await postInSession(t, first, '/api/admin/login/totp', { code })).statusCode).toBe(200);
    const second = await afterPassword(t, alice.username, alice.password);
    const reused = await postInSession(t, second, '/api/admin/login/totp', { code });
    expect(reused.statusCode).toBe(401);
    expect(auditActions(t).some((row) => row.action === 'login.failed' && row.details?.includes('totp_reused'))).toBe(true);
    t.advance(30_000);
    expect((await postInSession(t, second, '/api/admin/login/totp', { code: alice.code(t.clock.now) })).statusCode).toBe(200);
  });

  it('takes each recovery code once', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    const [code, other] = alice.recoveryCodes;
    const first = await afterPassword(t, alice.username, alice.password);
    const used = await postInSession(t, first, '/api/admin/login/totp', { recoveryCode: code!.toUpperCase() });
    expect(used.statusCode).toBe(200);
    expect(used.json()).toEqual({ stage: 'signed_in', remainingRecoveryCodes: 9 });
    expect(auditActions(t).find((row) => row.action === 'login.recovery_code_used')?.details).toBe('{"remaining":9}');

    const second = await afterPassword(t, alice.username, alice.password);
    const again = await postInSession(t, second, '/api/admin/login/totp', { recoveryCode: code });
    expect(again.statusCode).toBe(401);
    expect(again.json().message).toContain('恢复码不正确或已使用过');
    expect((await postInSession(t, second, '/api/admin/login/totp', { recoveryCode: other })).statusCode).toBe(200);
  });

  it('ends the attempt after five wrong codes (the account locks)', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    const session = await afterPassword(t, alice.username, alice.password);
    const token = await csrfToken(t, session);
    let last: LightMyRequestResponse | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      last = await t.inject({
        method: 'POST',
        url: '/api/admin/login/totp',
        headers: withCookie(session, { origin: TEST_ORIGIN, 'x-csrf-token': token }),
        payload: { code: '000000' },
      });
      expect(last.statusCode).toBe(401);
    }
    expect(sessionCookieOf(last!)).toBe('');
    expect(t.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    expect((await login(t, alice.username, alice.password)).statusCode).toBe(401);
  });

  it('is refused without a password step first', async () => {
    const t = await setup();
    const response = await t.inject({ method: 'POST', url: '/api/admin/login/totp', headers: { origin: TEST_ORIGIN }, payload: { code: '123456' } });
    expect(response.statusCode).toBe(401);
  });
});

describe('enrolling the second factor at the first sign-in', () => {
  it('shows a QR code and the secret, confirms with a code, gives ten recovery codes once', async () => {
    const t = await setup();
    const created = await createStaffAccount(
      t.db,
      { username: 'newcomer', displayName: '新同事', roles: ['ledger'], password: DEFAULT_STAFF_PASSWORD, mustChangePassword: false },
      null,
      t.clock.now,
    );
    expect(created.ok).toBe(true);
    const first = await login(t, 'newcomer', DEFAULT_STAFF_PASSWORD);
    expect(first.json()).toEqual({ stage: 'enroll' });
    const session = sessionCookieOf(first)!;

    const offer = await t.inject({ method: 'GET', url: '/api/admin/totp/enrollment', headers: withCookie(session) });
    expect(offer.statusCode).toBe(200);
    const { qrSvg, secret, otpauthUrl } = offer.json();
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toContain(`secret=${secret}`);
    expect(decodeURIComponent(otpauthUrl)).toContain('示例县教育局');
    // Reloading the page shows the same secret.
    expect((await t.inject({ method: 'GET', url: '/api/admin/totp/enrollment', headers: withCookie(session) })).json().secret).toBe(secret);
    // The pending secret is sealed in the session row.
    const sessionData = (t.db.prepare('SELECT data FROM sessions').get() as { data: string }).data;
    expect(sessionData).not.toContain(secret);

    const wrong = await postInSession(t, session, '/api/admin/totp/enrollment', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().fields).toEqual([{ field: 'code', message: expect.stringContaining('验证码不正确') }]);

    const confirmed = await postInSession(t, session, '/api/admin/totp/enrollment', { code: totpCode(secret, t.clock.now) });
    expect(confirmed.statusCode).toBe(200);
    const { recoveryCodes } = confirmed.json() as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    const signedIn = sessionCookieOf(confirmed)!;
    expect(signedIn).not.toBe(session);
    expect((await t.inject({ method: 'GET', url: '/api/admin/session', headers: withCookie(signedIn) })).json()).toMatchObject({
      stage: 'signed_in',
      user: { username: 'newcomer', roles: ['ledger'] },
    });

    // At rest: the secret sealed with AES-256-GCM, recovery codes hashed.
    const row = t.db.prepare('SELECT totp_secret_enc, totp_enrolled_at, totp_last_step FROM users WHERE username = ?').get('newcomer') as {
      totp_secret_enc: string;
      totp_enrolled_at: string;
      totp_last_step: number;
    };
    expect(row.totp_secret_enc).not.toContain(secret);
    expect(decryptText(TEST_TOTP_KEY, row.totp_secret_enc)).toBe(secret);
    expect(row.totp_enrolled_at).toBe(t.clock.now.toISOString());
    const hashes = (t.db.prepare('SELECT code_hash FROM recovery_codes').all() as { code_hash: string }[]).map((r) => r.code_hash);
    expect(hashes).toHaveLength(10);
    for (const code of recoveryCodes) expect(hashes.join()).not.toContain(code.replace(/-/g, ''));
    expect(auditActions(t).map((r) => r.action)).toContain('totp.enrolled');

    // The confirming code's step cannot be used again; the next sign-in asks for a code.
    const again = await login(t, 'newcomer', DEFAULT_STAFF_PASSWORD);
    expect(again.json()).toEqual({ stage: 'totp' });
    expect((await postInSession(t, sessionCookieOf(again)!, '/api/admin/login/totp', { code: totpCode(secret, t.clock.now) })).statusCode).toBe(401);
  });

  it('is only offered to accounts without a second factor', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    const session = sessionCookieOf(await login(t, alice.username, alice.password))!;
    expect((await t.inject({ method: 'GET', url: '/api/admin/totp/enrollment', headers: withCookie(session) })).statusCode).toBe(409);
    expect((await t.inject({ method: 'GET', url: '/api/admin/totp/enrollment' })).statusCode).toBe(401);
  });
});

describe('session expiry and sign-out', () => {
  it('ends a session after 30 minutes without a request', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    const client = await signIn(t, alice, { now: t.clock.now });
    t.advance(29 * MINUTE);
    expect((await client.inject({ method: 'GET', url: '/api/admin/session' })).json().stage).toBe('signed_in');
    t.advance(29 * MINUTE);
    expect((await client.inject({ method: 'GET', url: '/api/admin/session' })).json().stage).toBe('signed_in');
    t.advance(30 * MINUTE);
    const expired = await t.inject({ method: 'DELETE', url: `/api/admin/users/${alice.id}/sessions`, headers: withCookie(client.sessionId, { origin: TEST_ORIGIN }) });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().message).toBe(MESSAGES.sessionExpired);
    expect(t.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
  });

  it('ends a session 12 hours after sign-in however busy it is', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    const client = await signIn(t, alice, { now: t.clock.now });
    for (let elapsed = 20; elapsed < 12 * 60; elapsed += 20) {
      t.advance(20 * MINUTE);
      expect((await client.inject({ method: 'GET', url: '/api/admin/session' })).json().stage, `${elapsed} min`).toBe('signed_in');
    }
    t.advance(20 * MINUTE);
    expect((await client.inject({ method: 'GET', url: '/api/admin/session' })).json().stage).toBe('signed_out');
  });

  it('logs out on the server: the old cookie no longer works', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['sysadmin'] });
    const client = await signIn(t, alice, { now: t.clock.now });
    const sessionId = client.sessionId;
    const token = client.csrfToken;
    const out = await client.inject({ method: 'POST', url: '/api/admin/logout' });
    expect(out.statusCode).toBe(204);
    expect(sessionCookieOf(out)).toBe('');
    expect(t.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    expect(auditActions(t).at(-1)).toMatchObject({ action: 'session.logout', object_id: alice.id });
    // A copy of the old cookie (and token) is worthless.
    const replay = await t.inject({ method: 'GET', url: '/api/admin/users', headers: withCookie(sessionId) });
    expect(replay.statusCode).toBe(401);
    const replayPost = await t.inject({
      method: 'DELETE',
      url: `/api/admin/users/${alice.id}/sessions`,
      headers: withCookie(sessionId, { origin: TEST_ORIGIN, 'x-csrf-token': token }),
    });
    expect(replayPost.statusCode).toBe(401);
  });

  it('purges expired sessions', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    await signIn(t, alice, { now: t.clock.now });
    t.advance(31 * MINUTE);
    // Building another app on the same database purges at start.
    const { purgeExpiredSessions } = await import('../../server/auth/sessions.ts');
    expect(purgeExpiredSessions(t.db, t.clock.now)).toBe(1);
    expect(t.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
  });
});

describe('CSRF defence on state-changing admin requests', () => {
  async function signedInAdmin() {
    const t = await setup();
    const admin = await createStaff(t.db, { roles: ['sysadmin'] });
    const other = await createStaff(t.db, { roles: ['office'] });
    const client = await signIn(t, admin, { now: t.clock.now });
    const url = `/api/admin/users/${other.id}/sessions`;
    return { t, client, url };
  }

  it('accepts a request with the token and our Origin', async () => {
    const { t, client, url } = await signedInAdmin();
    const response = await t.inject({ method: 'DELETE', url, headers: withCookie(client.sessionId, { origin: TEST_ORIGIN, 'x-csrf-token': client.csrfToken }) });
    expect(response.statusCode).toBe(200);
  });

  it.each([
    ['no token', { origin: TEST_ORIGIN }, 'CSRF'],
    ['a wrong token', { origin: TEST_ORIGIN, 'x-csrf-token': 'forged-token' }, 'CSRF'],
    ['a foreign Origin', { origin: 'https://evil.example.com', 'x-csrf-token': 'TOKEN' }, '请求来源'],
    ['a look-alike Origin', { origin: 'http://localhost.evil.example.com', 'x-csrf-token': 'TOKEN' }, '请求来源'],
    ['another port', { origin: 'http://localhost:8080', 'x-csrf-token': 'TOKEN' }, '请求来源'],
    ['Origin "null"', { origin: 'null', 'x-csrf-token': 'TOKEN' }, '请求来源'],
    ['no Origin', { 'x-csrf-token': 'TOKEN' }, '请求来源'],
  ])('refuses %s with 403 and a Chinese message', async (_name, headers, message) => {
    const { t, client, url } = await signedInAdmin();
    const withToken = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, value === 'TOKEN' ? client.csrfToken : value]));
    const response = await t.inject({ method: 'DELETE', url, headers: withCookie(client.sessionId, withToken) });
    expect(response.statusCode).toBe(403);
    expect(response.json().message).toContain(message);
    expect(auditActions(t).some((row) => row.action === 'session.terminated')).toBe(false);
  });

  it('checks the Origin of the sign-in itself, however its path is spelt', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['office'] });
    expect((await login(t, alice.username, alice.password, { origin: 'https://evil.example.com' })).statusCode).toBe(403);
    expect((await login(t, alice.username, alice.password, {})).statusCode).toBe(403);
    for (const url of ['/%61pi/admin/login', '/api/%61dmin/login', '/api/admin/%6cogin']) {
      const response = await t.inject({ method: 'POST', url, payload: { username: alice.username, password: alice.password } });
      expect(response.statusCode, url).toBe(403);
    }
    expect(auditActions(t).filter((row) => row.action.startsWith('login.'))).toEqual([]);
  });

  it('checks a percent-encoded path like the plain one', async () => {
    const { t, client, url } = await signedInAdmin();
    const encoded = url.replace('/api/', '/%61pi/');
    expect((await t.inject({ method: 'DELETE', url: encoded, headers: withCookie(client.sessionId, { origin: TEST_ORIGIN }) })).statusCode).toBe(403);
    const valid = await t.inject({ method: 'DELETE', url: encoded, headers: withCookie(client.sessionId, { origin: TEST_ORIGIN, 'x-csrf-token': client.csrfToken }) });
    expect(valid.statusCode).toBe(200);
  });

  it('gives a new token with a new session: the token from before the second factor is refused', async () => {
    const t = await setup();
    const alice = await createStaff(t.db, { roles: ['sysadmin'] });
    const first = await login(t, alice.username, alice.password);
    const early = await csrfToken(t, sessionCookieOf(first)!);
    const second = await postInSession(t, sessionCookieOf(first)!, '/api/admin/login/totp', { code: alice.code(t.clock.now) });
    const signedIn = sessionCookieOf(second)!;
    const response = await t.inject({
      method: 'DELETE',
      url: `/api/admin/users/${alice.id}/sessions`,
      headers: withCookie(signedIn, { origin: TEST_ORIGIN, 'x-csrf-token': early }),
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('GET /api/admin/session', () => {
  it('answers signed_out without a token when there is no session', async () => {
    const t = await setup();
    const response = await t.inject({ method: 'GET', url: '/api/admin/session' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ user: null, stage: 'signed_out', csrfToken: null });
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(t.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
  });

  it('names the unit of a 经办人', async () => {
    const t = await setup();
    const handler = await createStaff(t.db, { roles: ['handler'] });
    const client = await signIn(t, handler, { now: t.clock.now });
    const { user } = (await client.inject({ method: 'GET', url: '/api/admin/session' })).json();
    expect(user.unitId).toBe(handler.unitId);
    expect(user.unitName).toMatch(/^测试学校/);
  });
});
