// Sign-in sessions, CSRF defence and the staff guard for every route of the app.
//
// Sessions are our own small piece rather than @fastify/session's. With `cookie.secure: true`
// @fastify/session neither saves a session nor sends its cookie when request.protocol is http, so
// the `__Host-` cookie (which must be Secure) could not work on http://localhost, where the
// portal runs in development, in the demo and in tests; browsers accept Secure cookies there. Its
// expiry also reads Date.now(), not the app's injectable clock, and it would load a session for
// every static file. What is left is short: a 256-bit id in the cookie, its sha256 as the key of
// a row in `sessions`, idle and absolute expiry checked here with the app's clock.
//
// @fastify/cookie parses and writes the cookie; @fastify/csrf-protection makes and checks the
// tokens (sessionPlugin '@fastify/session' only means "keep the secret in request.session", which
// is what this plugin provides).
import fastifyCookie from '@fastify/cookie';
import fastifyCsrfProtection from '@fastify/csrf-protection';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { findActiveStaffUser } from '../../db/queries/users.ts';
import {
  createSession,
  destroySession,
  type LoadedSession,
  loadSession,
  purgeExpiredSessions,
  type SessionData,
  type SessionStage,
  saveSessionData,
  touchSession,
} from '../auth/sessions.ts';
import { clientAddressHasher } from '../client-address.ts';
import { hasRole, STAFF_ROLE_LABELS, type StaffRole, type StaffUser } from '../domain/staff.ts';

export const SESSION_COOKIE = '__Host-zfzg_session';
export const CSRF_HEADER = 'x-csrf-token';
const PURGE_INTERVAL_MS = 10 * 60_000;
const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The one state-changing admin route that runs before there is a session (it checks Origin only). */
const LOGIN_PATH = '/api/admin/login';

export const MESSAGES = {
  notSignedIn: '请先登录',
  sessionExpired: '登录已过期或已退出，请重新登录',
  signInIncomplete: '请先完成登录（输入验证码、设置身份验证器或修改密码）',
  foreignOrigin: '请求来源与本站不一致，已拒绝。请在本站的管理页面中操作',
  insecureConnection: '为保护账号安全，管理后台只能通过 HTTPS 访问（本机调试可用 http://localhost）。请使用 https:// 开头的地址；如在 nginx 之后运行，请设置 TRUST_PROXY=true 并转发 X-Forwarded-Proto',
} as const;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member: password and second factor done, no password change pending. */
    staff: StaffUser | null;
    /** The sign-in session's data, at any stage; null without one. */
    session: SessionData | null;
    /** Internal: the loaded session row, and whether a cookie named a session that is gone. */
    sessionRecord: LoadedSession | null;
    sessionCookieStale: boolean;
  }
  interface FastifyInstance {
    /**
     * A route's `onRequest` guard: 401 unless signed in, 403 unless holding one of `roles` (any role
     * when none given). It runs before the body is parsed and validated, so a request that may not
     * use the route learns nothing about what the route expects.
     */
    requireStaff(...roles: StaffRole[]): onRequestAsyncHookHandler;
    adminSessions: AdminSessions;
  }
}

/** An error the errors plugin answers with its status and (Chinese) message. */
export function httpError(statusCode: number, message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode });
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

/** HTTPS (as seen through a trusted proxy), or plain HTTP from this machine only. */
export function connectionIsSecureEnough(request: FastifyRequest): boolean {
  return request.protocol === 'https' || isLoopback(request.ip);
}

/**
 * The route's own pattern ('/api/admin/users/:id'), not the raw URL: the router decodes the path,
 * so '/%61pi/admin/login' reaches the same route as '/api/admin/login' and must be checked alike.
 */
function routePath(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url.split('?', 1)[0]!;
}

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  try {
    // Through URL both sides lose a default port (:80, :443) and get a lower-case host.
    return new URL(origin).origin === new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return false;
  }
}

export interface AdminSessions {
  /** A new session (new id) after the password; any session the request had is ended. */
  start(request: FastifyRequest, reply: FastifyReply, userId: number, stage: SessionStage): void;
  /** Moves the session to its next stage under a new id (and a new CSRF secret). */
  advance(request: FastifyRequest, reply: FastifyReply, stage: SessionStage): void;
  /** Writes changed session data (for example the secret offered at enrolment). */
  save(request: FastifyRequest): void;
  /** Ends the request's session on the server and clears the cookie. */
  end(request: FastifyRequest, reply: FastifyReply): void;
  /** Salted hash of the client address, for audit entries. */
  ipHash(request: FastifyRequest): string;
}

export interface AuthPluginOptions {
  now?: () => Date;
}

export const authPlugin = fp<AuthPluginOptions>(
  async (app, options) => {
    const now = options.now ?? (() => new Date());
    const db = app.db;
    const hashIp = clientAddressHasher(db);

    await app.register(fastifyCookie);
    await app.register(fastifyCsrfProtection, { sessionPlugin: '@fastify/session', sessionKey: 'csrfSecret', getToken: (request) => request.headers[CSRF_HEADER] as string | undefined });

    app.decorateRequest('staff', null);
    app.decorateRequest('session', null);
    app.decorateRequest('sessionRecord', null);
    app.decorateRequest('sessionCookieStale', false);

    const cookieOptions = { path: '/', httpOnly: true, secure: true, sameSite: 'strict' } as const;

    function issue(request: FastifyRequest, reply: FastifyReply, data: SessionData, createdAt?: Date): void {
      const at = now();
      // The CSRF secret is made before the row is written, so the session never exists without one.
      request.session = data;
      reply.generateCsrf();
      const { id, session } = createSession(db, data, at, createdAt);
      request.sessionRecord = session;
      reply.setCookie(SESSION_COOKIE, id, cookieOptions);
    }

    const sessions: AdminSessions = {
      start(request, reply, userId, stage) {
        if (!connectionIsSecureEnough(request)) throw httpError(403, MESSAGES.insecureConnection);
        if (request.sessionRecord) destroySession(db, request.sessionRecord.idHash);
        request.staff = null;
        issue(request, reply, { userId, stage });
      },
      advance(request, reply, stage) {
        const current = request.sessionRecord;
        if (!current) throw httpError(401, MESSAGES.notSignedIn);
        destroySession(db, current.idHash);
        issue(request, reply, { userId: current.data.userId, stage }, current.createdAt);
        request.staff = stage === 'signed_in' ? (findActiveStaffUser(db, current.data.userId) ?? null) : null;
      },
      save(request) {
        if (request.sessionRecord) saveSessionData(db, request.sessionRecord);
      },
      end(request, reply) {
        if (request.sessionRecord) destroySession(db, request.sessionRecord.idHash);
        request.sessionRecord = null;
        request.session = null;
        request.staff = null;
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
      },
      ipHash: (request) => hashIp(request.ip),
    };
    app.decorate('adminSessions', sessions);

    // Sessions are looked up for API requests only: the cookie (Path=/, as __Host- requires) also
    // comes with every page and asset of the public site, which needs no database read.
    app.addHook('onRequest', async (request, reply) => {
      if (!routePath(request).startsWith('/api/')) return;
      const id = request.cookies[SESSION_COOKIE];
      if (!id) return;
      const at = now();
      const loaded = loadSession(db, id, at);
      if (!loaded) {
        request.sessionCookieStale = true;
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return;
      }
      if (loaded.data.stage === 'signed_in') {
        const staff = findActiveStaffUser(db, loaded.data.userId);
        if (!staff) {
          destroySession(db, loaded.idHash);
          request.sessionCookieStale = true;
          reply.clearCookie(SESSION_COOKIE, cookieOptions);
          return;
        }
        request.staff = staff;
      }
      request.session = loaded.data;
      request.sessionRecord = loaded;
      touchSession(db, loaded, at);
    });

    // CSRF: a state-changing admin request needs a same-origin Origin header and (once there is a
    // session) a valid token. SameSite=Strict alone would leave out browsers that ignore it and
    // requests from sibling subdomains.
    app.addHook('onRequest', (request, reply, done) => {
      const path = routePath(request);
      if (!STATE_CHANGING_METHODS.has(request.method) || !path.startsWith('/api/admin/')) return done();
      if (!sameOrigin(request)) return done(httpError(403, MESSAGES.foreignOrigin));
      if (path === LOGIN_PATH) return done();
      if (!request.session) return done(httpError(401, request.sessionCookieStale ? MESSAGES.sessionExpired : MESSAGES.notSignedIn));
      app.csrfProtection(request, reply, done);
    });

    // Admin answers carry personal data and one-time secrets: never cached.
    app.addHook('onSend', async (request, reply) => {
      if (routePath(request).startsWith('/api/admin/')) reply.header('cache-control', 'no-store');
    });

    // Staff guards belong in a route's onRequest: as a preHandler they would run after the body
    // was validated, and a 400 would list a route's fields to someone who may not use it.
    const staffGuards = new WeakSet<object>();
    app.addHook('onRoute', (route) => {
      const preHandlers = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
      if (preHandlers.some((hook) => staffGuards.has(hook))) {
        throw new Error(`${route.method} ${route.url}: pass app.requireStaff(…) as the route's onRequest, not its preHandler`);
      }
    });

    app.decorate('requireStaff', (...roles: StaffRole[]): onRequestAsyncHookHandler => {
      const guard: onRequestAsyncHookHandler = async (request) => {
        if (!request.staff) {
          if (request.session) throw httpError(401, MESSAGES.signInIncomplete);
          throw httpError(401, request.sessionCookieStale ? MESSAGES.sessionExpired : MESSAGES.notSignedIn);
        }
        if (roles.length > 0 && !hasRole(request.staff, ...roles)) {
          throw httpError(403, `此操作需要${roles.map((role) => STAFF_ROLE_LABELS[role]).join('或')}角色`);
        }
      };
      staffGuards.add(guard);
      return guard;
    });

    // Expired sessions are deleted at start and every ten minutes (and on sight, when a cookie names one).
    purgeExpiredSessions(db, now());
    const timer = setInterval(() => {
      try {
        purgeExpiredSessions(db, now());
      } catch (error) {
        app.log.error({ err: error }, 'purging expired sessions failed');
      }
    }, PURGE_INTERVAL_MS);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'auth', dependencies: ['database'] },
);
