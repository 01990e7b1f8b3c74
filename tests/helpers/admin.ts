// Staff accounts and signed-in clients for API tests.
//
//   const alice = await createStaff(db, { roles: ['office'] });
//   const client = await signIn(app, alice, { now: clock });
//   await client.inject({ method: 'POST', url: '/api/admin/…', payload: {…} });  // cookie, CSRF token, Origin added
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Db } from '../../db/open.ts';
import { createStaffAccount } from '../../server/auth/accounts.ts';
import { provisionTotp } from '../../server/auth/sign-in.ts';
import { totpCode } from '../../server/auth/totp.ts';
import { deriveKey } from '../../server/crypto.ts';
import type { StaffRole, StaffUser } from '../../server/domain/staff.ts';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { insertUnit } from '../fixtures/factories.ts';
import { TEST_SECRET_KEY } from './secret-key.ts';

/** The origin of app.inject requests (light-my-request's default Host is localhost:80). */
export const TEST_ORIGIN = 'http://localhost';
/** Passes the password policy; used when a test does not choose one. */
export const DEFAULT_STAFF_PASSWORD = 'lantern-orchard-river-7';

/** The 'totp' subkey of the test apps (tests/helpers/app.ts configures TEST_SECRET_KEY). */
export const TEST_TOTP_KEY = deriveKey({ secretKey: Buffer.from(TEST_SECRET_KEY, 'hex') }, 'totp');

export interface TestStaff extends StaffUser {
  roles: StaffRole[];
  /** Plain text, for signing in. */
  password: string;
  /** The TOTP secret in base32, as an authenticator app would hold it. */
  totpSecret: string;
  /** Ten unused recovery codes. */
  recoveryCodes: string[];
  /** The code an authenticator shows at `at`. */
  code(at: Date): string;
}

export interface CreateStaffOptions {
  username?: string;
  displayName?: string;
  roles: StaffRole[];
  /** A 经办人 without one gets a new unit. */
  unitId?: number | null;
  password?: string;
  /** Default: the time of the call. */
  now?: Date;
}

let sequence = 0;

/** An active account with a known password and an enrolled second factor. */
export async function createStaff(db: Db, options: CreateStaffOptions): Promise<TestStaff> {
  sequence += 1;
  const now = options.now ?? new Date();
  const username = options.username ?? `staff${sequence}`;
  const password = options.password ?? DEFAULT_STAFF_PASSWORD;
  const unitId = options.unitId ?? (options.roles.includes('handler') ? insertUnit(db) : null);
  const result = await createStaffAccount(
    db,
    { username, displayName: options.displayName ?? `测试人员${sequence}`, unitId, roles: options.roles, password, mustChangePassword: false },
    null,
    now,
  );
  if (!result.ok) throw new Error(`createStaff: ${result.message}`);
  const { secret, recoveryCodes } = provisionTotp(db, TEST_TOTP_KEY, result.value.id, now);
  return {
    id: result.value.id,
    username: result.value.username,
    displayName: result.value.displayName,
    roles: result.value.roles,
    unitId: result.value.unitId,
    password,
    totpSecret: secret,
    recoveryCodes,
    code: (at) => totpCode(secret, at),
  };
}

type Injector = Pick<FastifyInstance, 'db'> & { inject(options: InjectOptions): Promise<LightMyRequestResponse> };

/** The session cookie a response sets: the new id, '' when it clears it, undefined when it leaves it. */
export function sessionCookieOf(response: LightMyRequestResponse): string | undefined {
  const cookie = response.cookies.find((candidate) => candidate.name === SESSION_COOKIE);
  if (!cookie) return undefined;
  return cookie.value === '' || (cookie.expires instanceof Date && cookie.expires.getTime() < Date.now()) ? '' : cookie.value;
}

export interface AdminClient {
  staff: TestStaff;
  /** The current session cookie value ('' once signed out). */
  readonly sessionId: string;
  readonly csrfToken: string;
  /**
   * app.inject with the session cookie, the CSRF token and a same-origin Origin header; headers
   * given in `options` win. Like a browser, it keeps a session cookie the answer sets and then
   * fetches the new session's CSRF token.
   */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

function withSession(options: InjectOptions, sessionId: string, csrfToken: string): InjectOptions {
  const headers: Record<string, string> = { origin: TEST_ORIGIN, 'x-csrf-token': csrfToken };
  if (sessionId) headers.cookie = `${SESSION_COOKIE}=${sessionId}`;
  return { ...options, headers: { ...headers, ...(options.headers as Record<string, string> | undefined) } };
}

async function csrfTokenFor(app: Injector, sessionId: string): Promise<string> {
  const response = await app.inject({ method: 'GET', url: '/api/admin/session', headers: { cookie: `${SESSION_COOKIE}=${sessionId}` } });
  return (response.json() as { csrfToken: string | null }).csrfToken ?? '';
}

function expectStatus(response: LightMyRequestResponse, status: number, step: string): void {
  if (response.statusCode !== status) throw new Error(`signIn: ${step} answered ${response.statusCode}: ${response.body}`);
}

/**
 * Signs a staff member in through the real routes: password, then the TOTP code for the app's
 * clock (`now`, the same clock given to buildTestApp), and returns a client for that session.
 */
export async function signIn(app: Injector, staff: TestStaff, options: { now?: Date | (() => Date) } = {}): Promise<AdminClient> {
  return signInSteps(app, staff, options, true);
}

/** Password only: a session still waiting for the second factor (stage 'totp'). */
export async function signInPasswordOnly(app: Injector, staff: TestStaff): Promise<AdminClient> {
  return signInSteps(app, staff, {}, false);
}

async function signInSteps(app: Injector, staff: TestStaff, options: { now?: Date | (() => Date) }, secondFactor: boolean): Promise<AdminClient> {
  const at = typeof options.now === 'function' ? options.now() : (options.now ?? new Date());
  // A code's time step is accepted once; a test may sign the same person in several times under a
  // pinned clock, so the last accepted step is forgotten first (test-only).
  app.db.prepare('UPDATE users SET totp_last_step = NULL WHERE id = ?').run(staff.id);
  const login = await app.inject({
    method: 'POST',
    url: '/api/admin/login',
    headers: { origin: TEST_ORIGIN },
    payload: { username: staff.username, password: staff.password },
  });
  expectStatus(login, 200, 'POST /api/admin/login');
  let sessionId = sessionCookieOf(login) ?? '';
  let csrfToken = await csrfTokenFor(app, sessionId);
  if (secondFactor) {
    const totp = await app.inject(withSession({ method: 'POST', url: '/api/admin/login/totp', payload: { code: staff.code(at) } }, sessionId, csrfToken));
    expectStatus(totp, 200, 'POST /api/admin/login/totp');
    sessionId = sessionCookieOf(totp) ?? sessionId;
    csrfToken = await csrfTokenFor(app, sessionId);
  }
  return {
    staff,
    get sessionId() {
      return sessionId;
    },
    get csrfToken() {
      return csrfToken;
    },
    async inject(injectOptions) {
      const response = await app.inject(withSession(injectOptions, sessionId, csrfToken));
      const next = sessionCookieOf(response);
      if (next !== undefined && next !== sessionId) {
        sessionId = next;
        csrfToken = next ? await csrfTokenFor(app, next) : '';
      }
      return response;
    },
  };
}
