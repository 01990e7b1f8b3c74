// Account management by the 系统管理员, the forced password change after a reset, the staff guard,
// and bad input on every admin body.
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { insertUnit } from '../fixtures/factories.ts';
import { type AdminClient, createStaff, DEFAULT_STAFF_PASSWORD, sessionCookieOf, signIn, signInPasswordOnly, TEST_ORIGIN } from '../helpers/admin.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

const T0 = new Date('2026-11-20T02:00:10.000Z');
const HAN = /[\u4e00-\u9fff]/;
const TEMPORARY = 'temporary-harbor-kite-3';

async function setup() {
  const clock = { now: T0 };
  const t = await buildTestApp({ now: () => clock.now });
  const admin = await createStaff(t.db, { roles: ['sysadmin'], username: 'sysadmin1' });
  const client = await signIn(t, admin, { now: () => clock.now });
  return { ...t, clock, admin, client };
}

function newUserBody(overrides: Record<string, unknown> = {}) {
  return { username: 'lisi', displayName: '李四', email: 'lisi@example.edu.cn', roles: ['office'], temporaryPassword: TEMPORARY, ...overrides };
}

function auditRows(t: TestApp, action: string) {
  return t.db.prepare('SELECT actor_user_id, object_type, object_id, details FROM audit_log WHERE action = ?').all(action) as {
    actor_user_id: number | null;
    object_type: string;
    object_id: number | null;
    details: string | null;
  }[];
}

/** Signs in through the routes as a person whose password must change; returns the session id. */
async function loginExpectingStage(t: TestApp, username: string, password: string, stage: string): Promise<string> {
  const response = await t.inject({ method: 'POST', url: '/api/admin/login', headers: { origin: TEST_ORIGIN }, payload: { username, password } });
  expect(response.json()).toEqual({ stage });
  return sessionCookieOf(response)!;
}

/** A client for a half-finished sign-in (same conveniences as signIn's). */
async function partialClient(t: TestApp, sessionId: string): Promise<Pick<AdminClient, 'inject'>> {
  let id = sessionId;
  const token = async () =>
    (await t.inject({ method: 'GET', url: '/api/admin/session', headers: { cookie: `${SESSION_COOKIE}=${id}` } })).json().csrfToken as string;
  return {
    async inject(options) {
      const response = await t.inject({ ...options, headers: { cookie: `${SESSION_COOKIE}=${id}`, origin: TEST_ORIGIN, 'x-csrf-token': await token(), ...(options.headers as object) } });
      id = sessionCookieOf(response) || id;
      return response;
    },
  };
}

describe('account management (系统管理员)', () => {
  it('creates an account with a temporary password, lists it, and audits it', async () => {
    const t = await setup();
    const unitId = insertUnit(t.db, { name: '城关中学' });
    const created = await t.client.inject({ method: 'POST', url: '/api/admin/users', payload: newUserBody({ roles: ['handler', 'ledger'], unitId }) });
    expect(created.statusCode).toBe(201);
    const { user } = created.json();
    expect(user).toMatchObject({
      username: 'lisi',
      displayName: '李四',
      email: 'lisi@example.edu.cn',
      unitId,
      unitName: '城关中学',
      roles: ['handler', 'ledger'],
      isActive: true,
      mustChangePassword: true,
      totpEnrolled: false,
      lockedUntil: null,
      sessionCount: 0,
      createdAt: T0.toISOString(),
    });
    const list = await t.client.inject({ method: 'GET', url: '/api/admin/users' });
    expect(list.json().users.map((u: { username: string }) => u.username)).toEqual(['lisi', 'sysadmin1']);
    const stored = t.db.prepare('SELECT password_hash FROM users WHERE username = ?').get('lisi') as { password_hash: string };
    expect(stored.password_hash).not.toContain(TEMPORARY);
    expect(auditRows(t, 'user.created').at(-1)).toEqual({
      actor_user_id: t.admin.id,
      object_type: 'user',
      object_id: user.id,
      details: JSON.stringify({ roles: ['handler', 'ledger'], unitId }),
    });
  });

  it('requires a unit for a 经办人', async () => {
    const t = await setup();
    const response = await t.client.inject({ method: 'POST', url: '/api/admin/users', payload: newUserBody({ roles: ['handler'] }) });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([{ field: 'unitId', message: '经办人必须属于一个单位，请选择所属单位' }]);
    const missingUnit = await t.client.inject({ method: 'POST', url: '/api/admin/users', payload: newUserBody({ roles: ['handler'], unitId: 9999 }) });
    expect(missingUnit.statusCode).toBe(400);
    expect(missingUnit.json().fields[0].message).toBe('所选单位不存在');
  });

  it('refuses a user name that is taken (in any case) and a weak temporary password', async () => {
    const t = await setup();
    expect((await t.client.inject({ method: 'POST', url: '/api/admin/users', payload: newUserBody() })).statusCode).toBe(201);
    const taken = await t.client.inject({ method: 'POST', url: '/api/admin/users', payload: newUserBody({ username: 'LiSi' }) });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().message).toContain('已被使用');
    const weak = await t.client.inject({ method: 'POST', url: '/api/admin/users', payload: newUserBody({ username: 'wangwu', temporaryPassword: 'qwertyuiop12' }) });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().fields).toEqual([{ field: 'temporaryPassword', message: expect.stringContaining('常见') }]);
  });

  it('updates name, e-mail, unit, roles and status', async () => {
    const t = await setup();
    const bob = await createStaff(t.db, { roles: ['office'] });
    const unitId = insertUnit(t.db);
    const response = await t.client.inject({
      method: 'PATCH',
      url: `/api/admin/users/${bob.id}`,
      payload: { displayName: '鲍勃·王', email: 'bob@example.edu.cn', unitId, roles: ['office', 'handler'] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ displayName: '鲍勃·王', email: 'bob@example.edu.cn', unitId, roles: ['handler', 'office'] });
    const cleared = await t.client.inject({ method: 'PATCH', url: `/api/admin/users/${bob.id}`, payload: { email: '' } });
    expect(cleared.json().user.email).toBeNull();
    // Taking the unit from a 经办人 is refused.
    const noUnit = await t.client.inject({ method: 'PATCH', url: `/api/admin/users/${bob.id}`, payload: { unitId: null } });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().fields[0].field).toBe('unitId');
    const details = JSON.parse(auditRows(t, 'user.updated')[0]!.details!);
    expect(details).toMatchObject({ changed: ['displayName', 'email', 'unitId', 'roles'], roles: { from: ['office'], to: ['handler', 'office'] } });
  });

  it('deactivating an account signs it out everywhere and stops its sign-in', async () => {
    const t = await setup();
    const bob = await createStaff(t.db, { roles: ['office'] });
    const bobClient = await signIn(t, bob, { now: t.clock.now });
    const response = await t.client.inject({ method: 'PATCH', url: `/api/admin/users/${bob.id}`, payload: { isActive: false } });
    expect(response.json().user).toMatchObject({ isActive: false, sessionCount: 0 });
    expect((await bobClient.inject({ method: 'GET', url: '/api/admin/session' })).json().stage).toBe('signed_out');
    const again = await t.inject({ method: 'POST', url: '/api/admin/login', headers: { origin: TEST_ORIGIN }, payload: { username: bob.username, password: bob.password } });
    expect(again.statusCode).toBe(401);
  });

  it('does not let a 系统管理员 remove their own role or deactivate themselves (409)', async () => {
    const t = await setup();
    const role = await t.client.inject({ method: 'PATCH', url: `/api/admin/users/${t.admin.id}`, payload: { roles: ['office'] } });
    expect(role.statusCode).toBe(409);
    expect(role.json().message).toContain('不能取消自己的系统管理员角色');
    const deactivate = await t.client.inject({ method: 'PATCH', url: `/api/admin/users/${t.admin.id}`, payload: { isActive: false } });
    expect(deactivate.statusCode).toBe(409);
    expect(deactivate.json().message).toContain('不能停用自己的账号');
    // Adding a role to oneself is fine.
    const add = await t.client.inject({ method: 'PATCH', url: `/api/admin/users/${t.admin.id}`, payload: { roles: ['sysadmin', 'office'] } });
    expect(add.statusCode).toBe(200);
  });

  it('ends all sessions of another person', async () => {
    const t = await setup();
    const bob = await createStaff(t.db, { roles: ['office'] });
    const laptop = await signIn(t, bob, { now: t.clock.now });
    const phone = await signIn(t, bob, { now: t.clock.now });
    expect((await t.client.inject({ method: 'GET', url: '/api/admin/users' })).json().users.find((u: { id: number }) => u.id === bob.id).sessionCount).toBe(2);
    const ended = await t.client.inject({ method: 'DELETE', url: `/api/admin/users/${bob.id}/sessions` });
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toEqual({ ended: 2 });
    for (const client of [laptop, phone]) {
      expect((await client.inject({ method: 'GET', url: '/api/admin/session' })).json().stage).toBe('signed_out');
    }
    expect(auditRows(t, 'session.terminated')).toEqual([{ actor_user_id: t.admin.id, object_type: 'session', object_id: bob.id, details: '{"ended":2}' }]);
    expect((await t.client.inject({ method: 'DELETE', url: '/api/admin/users/99999/sessions' })).statusCode).toBe(404);
  });

  it('resets the second factor: sessions end and the next sign-in enrols again', async () => {
    const t = await setup();
    const bob = await createStaff(t.db, { roles: ['office'] });
    const bobClient = await signIn(t, bob, { now: t.clock.now });
    const reset = await t.client.inject({ method: 'POST', url: `/api/admin/users/${bob.id}/totp-reset` });
    expect(reset.statusCode).toBe(204);
    expect((await bobClient.inject({ method: 'GET', url: '/api/admin/session' })).json().stage).toBe('signed_out');
    expect(t.db.prepare('SELECT count(*) AS n FROM recovery_codes WHERE user_id = ?').get(bob.id)).toEqual({ n: 0 });
    await loginExpectingStage(t, bob.username, bob.password, 'enroll');
    expect(auditRows(t, 'totp.reset')).toHaveLength(1);
  });

  it('is for the 系统管理员 only: 401 when signed out, 403 for other roles', async () => {
    const t = await setup();
    const office = await createStaff(t.db, { roles: ['office', 'handler', 'ledger'] });
    const client = await signIn(t, office, { now: t.clock.now });
    const forbidden: [string, string, object?][] = [
      ['GET', '/api/admin/users'],
      ['POST', '/api/admin/users', newUserBody()],
      ['PATCH', `/api/admin/users/${office.id}`, { roles: ['sysadmin'] }],
      ['POST', `/api/admin/users/${t.admin.id}/password-reset`, { temporaryPassword: TEMPORARY }],
      ['DELETE', `/api/admin/users/${t.admin.id}/sessions`],
      ['POST', `/api/admin/users/${t.admin.id}/totp-reset`],
    ];
    for (const [method, url, payload] of forbidden) {
      const response = await client.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().message).toBe('此操作需要系统管理员角色');
      const anonymous = await t.inject({ method: method as 'GET', url, headers: { origin: TEST_ORIGIN }, ...(payload ? { payload } : {}) });
      expect(anonymous.statusCode, `${method} ${url} signed out`).toBe(401);
      expect(anonymous.json().message).toBe('请先登录');
    }
    expect(t.db.prepare("SELECT role FROM user_roles WHERE user_id = ? AND role = 'sysadmin'").get(office.id)).toBeUndefined();
  });
});

describe('password reset and the forced change', () => {
  it('a new account must change its temporary password, then enrol, before anything else', async () => {
    const t = await setup();
    const created = await t.client.inject({ method: 'POST', url: '/api/admin/users', payload: newUserBody() });
    const userId = created.json().user.id;
    const session = await loginExpectingStage(t, 'lisi', TEMPORARY, 'change_password');
    const lisi = await partialClient(t, session);

    // Nothing else is open at this stage.
    const session1 = await lisi.inject({ method: 'GET', url: '/api/admin/session' });
    expect(session1.json()).toMatchObject({ stage: 'change_password', user: null });
    expect((await lisi.inject({ method: 'GET', url: '/api/admin/totp/enrollment' })).statusCode).toBe(409);
    const otherRoute = await lisi.inject({ method: 'GET', url: '/api/admin/users' });
    expect(otherRoute.statusCode).toBe(401);
    expect(otherRoute.json().message).toContain('请先完成登录');

    const wrongCurrent = await lisi.inject({ method: 'POST', url: '/api/admin/password', payload: { currentPassword: 'not-the-password', newPassword: 'violet-meadow-ferry-42' } });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().fields).toEqual([{ field: 'currentPassword', message: '当前密码不正确' }]);
    const same = await lisi.inject({ method: 'POST', url: '/api/admin/password', payload: { currentPassword: TEMPORARY, newPassword: TEMPORARY } });
    expect(same.json().fields[0]).toEqual({ field: 'newPassword', message: '新密码不能与当前密码相同' });
    const weak = await lisi.inject({ method: 'POST', url: '/api/admin/password', payload: { currentPassword: TEMPORARY, newPassword: 'lisi12345678' } });
    expect(weak.json().fields[0]).toEqual({ field: 'newPassword', message: '密码不能包含用户名' });

    const changed = await lisi.inject({ method: 'POST', url: '/api/admin/password', payload: { currentPassword: TEMPORARY, newPassword: 'violet-meadow-ferry-42' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ stage: 'enroll' });
    expect(sessionCookieOf(changed)).not.toBe(session);
    expect(t.db.prepare('SELECT must_change_password FROM users WHERE id = ?').get(userId)).toEqual({ must_change_password: 0 });
    expect((await lisi.inject({ method: 'GET', url: '/api/admin/totp/enrollment' })).statusCode).toBe(200);
    expect(auditRows(t, 'password.changed')[0]).toMatchObject({ actor_user_id: userId, object_id: userId });
  });

  it('a reset ends the person\'s sessions, lifts a lockout, and forces a change at the next sign-in', async () => {
    const t = await setup();
    const bob = await createStaff(t.db, { roles: ['office'] });
    const bobClient = await signIn(t, bob, { now: t.clock.now });
    t.db.prepare('UPDATE users SET locked_until = ? WHERE id = ?').run('2099-01-01T00:00:00.000Z', bob.id);

    const weak = await t.client.inject({ method: 'POST', url: `/api/admin/users/${bob.id}/password-reset`, payload: { temporaryPassword: '123456789012' } });
    expect(weak.statusCode).toBe(400);
    const reset = await t.client.inject({ method: 'POST', url: `/api/admin/users/${bob.id}/password-reset`, payload: { temporaryPassword: TEMPORARY } });
    expect(reset.statusCode).toBe(204);
    expect((await bobClient.inject({ method: 'GET', url: '/api/admin/session' })).json().stage).toBe('signed_out');
    expect(auditRows(t, 'password.reset')).toEqual([{ actor_user_id: t.admin.id, object_type: 'user', object_id: bob.id, details: '{"sessionsEnded":1}' }]);

    // The old password is gone; the temporary one leads to the change, then to the second factor.
    const old = await t.inject({ method: 'POST', url: '/api/admin/login', headers: { origin: TEST_ORIGIN }, payload: { username: bob.username, password: bob.password } });
    expect(old.statusCode).toBe(401);
    const session = await loginExpectingStage(t, bob.username, TEMPORARY, 'change_password');
    const client = await partialClient(t, session);
    const changed = await client.inject({ method: 'POST', url: '/api/admin/password', payload: { currentPassword: TEMPORARY, newPassword: 'violet-meadow-ferry-42' } });
    expect(changed.json()).toEqual({ stage: 'totp' });
    // Bob's earlier sign-in used this time step's code; the next step's code works.
    t.clock.now = new Date(T0.getTime() + 30_000);
    const totp = await client.inject({ method: 'POST', url: '/api/admin/login/totp', payload: { code: bob.code(t.clock.now) } });
    expect(totp.statusCode).toBe(200);
  });

  it('a 系统管理员 changes their own password with POST /api/admin/password, not a reset', async () => {
    const t = await setup();
    const self = await t.client.inject({ method: 'POST', url: `/api/admin/users/${t.admin.id}/password-reset`, payload: { temporaryPassword: TEMPORARY } });
    expect(self.statusCode).toBe(409);
    const other = await signIn(t, t.admin, { now: t.clock.now });
    const changed = await t.client.inject({ method: 'POST', url: '/api/admin/password', payload: { currentPassword: DEFAULT_STAFF_PASSWORD, newPassword: 'violet-meadow-ferry-42' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ stage: 'signed_in' });
    // Still signed in here (under a new id); the other session has ended.
    expect((await t.client.inject({ method: 'GET', url: '/api/admin/session' })).json().stage).toBe('signed_in');
    expect((await other.inject({ method: 'GET', url: '/api/admin/session' })).json().stage).toBe('signed_out');
  });
});

describe('bad input on admin bodies', () => {
  type Case = [name: string, method: string, url: (ids: { admin: number }) => string, payload: unknown, field: string];
  const cases: Case[] = [
    ['login: numbers for text', 'POST', () => '/api/admin/login', { username: 1, password: true }, 'username'],
    ['login: a huge user name', 'POST', () => '/api/admin/login', { username: 'x'.repeat(20_000), password: 'anything-long' }, 'username'],
    ['login: a huge password', 'POST', () => '/api/admin/login', { username: 'someone', password: 'p'.repeat(20_000) }, 'password'],
    ['login: missing password', 'POST', () => '/api/admin/login', { username: 'someone' }, 'password'],
    ['login: an array', 'POST', () => '/api/admin/login', [], ''],
    ['login: extra fields', 'POST', () => '/api/admin/login', { username: 'a', password: 'b', admin: true }, ''],
    ['new user: script in the name', 'POST', () => '/api/admin/users', newUserBody({ displayName: '<script>alert(1)</script>' }), 'displayName'],
    ['new user: emoji in the name', 'POST', () => '/api/admin/users', newUserBody({ displayName: '李四😀' }), 'displayName'],
    ['new user: emoji user name', 'POST', () => '/api/admin/users', newUserBody({ username: 'li😀si' }), 'username'],
    ['new user: HTML user name', 'POST', () => '/api/admin/users', newUserBody({ username: '<b>lisi</b>' }), 'username'],
    ['new user: Chinese user name', 'POST', () => '/api/admin/users', newUserBody({ username: '李四' }), 'username'],
    ['new user: a too long name', 'POST', () => '/api/admin/users', newUserBody({ displayName: '李'.repeat(51) }), 'displayName'],
    ['new user: unknown role', 'POST', () => '/api/admin/users', newUserBody({ roles: ['root'] }), 'roles.0'],
    ['new user: no role', 'POST', () => '/api/admin/users', newUserBody({ roles: [] }), 'roles'],
    ['new user: roles twice', 'POST', () => '/api/admin/users', newUserBody({ roles: ['office', 'office'] }), 'roles'],
    ['new user: unit as text', 'POST', () => '/api/admin/users', newUserBody({ unitId: 'abc' }), 'unitId'],
    ['new user: a huge unit number', 'POST', () => '/api/admin/users', newUserBody({ unitId: 1e20 }), 'unitId'],
    ['new user: a bad e-mail', 'POST', () => '/api/admin/users', newUserBody({ email: 'not-an-email' }), 'email'],
    ['new user: password with a newline', 'POST', () => '/api/admin/users', newUserBody({ temporaryPassword: 'harbor\nkite-lantern-3' }), 'temporaryPassword'],
    ['update: nothing to change', 'PATCH', ({ admin }) => `/api/admin/users/${admin}`, {}, ''],
    ['update: active as text', 'PATCH', ({ admin }) => `/api/admin/users/${admin}`, { isActive: 'yes' }, 'isActive'],
    ['update: id that is not a number', 'PATCH', () => '/api/admin/users/abc', { displayName: '李四' }, 'id'],
    ['update: a huge id', 'PATCH', () => '/api/admin/users/99999999999999999999', { displayName: '李四' }, 'id'],
    ['reset: no password', 'POST', ({ admin }) => `/api/admin/users/${admin}/password-reset`, {}, 'temporaryPassword'],
    ['password: numbers', 'POST', () => '/api/admin/password', { currentPassword: 1, newPassword: 2 }, 'currentPassword'],
  ];

  it.each(cases)('%s → 400 with a Chinese message for the field', async (_name, method, url, payload, field) => {
    const t = await setup();
    const response: LightMyRequestResponse = await t.client.inject({ method: method as 'POST', url: url({ admin: t.admin.id }), payload: payload as object });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.message).toMatch(HAN);
    expect(body.fields.map((f: { field: string }) => f.field)).toContain(field);
    for (const item of body.fields) expect(item.message).toMatch(HAN);
  });

  // The stage is checked first: only a session waiting for the second factor learns what the step expects.
  it.each([
    ['letters for a code', { code: 'abcdef' }, 'code'],
    ['both at once', { code: '123456', recoveryCode: 'abcd-efgh' }, ''],
  ])('second factor: %s → 400 with a Chinese message for the field, 409 once signed in', async (_name, payload, field) => {
    const t = await setup();
    const pending = await signInPasswordOnly(t, t.admin);
    const response = await pending.inject({ method: 'POST', url: '/api/admin/login/totp', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(HAN);
    expect(response.json().fields.map((f: { field: string }) => f.field)).toContain(field);
    const signedIn = await t.client.inject({ method: 'POST', url: '/api/admin/login/totp', payload });
    expect(signedIn.statusCode).toBe(409);
    expect(signedIn.body).not.toContain('"fields"');
  });

  it('answers a body beyond the size limit with 413, and broken JSON with 400, in Chinese', async () => {
    const t = await setup();
    const huge = await t.client.inject({ method: 'POST', url: '/api/admin/users', payload: newUserBody({ displayName: '李'.repeat(70_000) }) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().message).toMatch(HAN);
    const broken = await t.client.inject({ method: 'POST', url: '/api/admin/users', payload: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().message).toMatch(HAN);
  });
});
