// Signing in and out: password, second factor (TOTP or a recovery code), enrolment of the second
// factor, the forced password change, and the session the admin app asks about.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findUserById, unitName } from '../../db/queries/users.ts';
import {
  enrollmentConfirmationSchema,
  loginSchema,
  passwordChangeSchema,
  secondFactorSchema,
} from '../auth/account-input.ts';
import {
  changeOwnPassword,
  confirmTotpEnrollment,
  offerTotpSecret,
  recordLogout,
  signInWithPassword,
  verifySecondFactor,
} from '../auth/sign-in.ts';
import type { SessionStage } from '../auth/sessions.ts';
import { totpEnrollmentOffer } from '../auth/totp.ts';
import { decryptText } from '../crypto.ts';
import { STAFF_ROLES } from '../domain/staff.ts';
import { connectionIsSecureEnough, httpError, MESSAGES } from '../plugins/auth.ts';
import type { ZodTypeProvider } from '../zod-provider.ts';
import { answerAction } from '../plugins/action-answer.ts';
import { errorResponse } from '../plugins/error-response.ts';

const signInStage = z.enum(['change_password', 'enroll', 'totp']);
const sessionStage = z.enum(['signed_out', 'change_password', 'enroll', 'totp', 'signed_in']);

export const sessionUserResponse = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(STAFF_ROLES)),
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
});

const sessionResponse = z.object({ user: sessionUserResponse.nullable(), stage: sessionStage, csrfToken: z.string().nullable() });
const totpEnrollmentResponse = z.object({ qrSvg: z.string(), secret: z.string(), otpauthUrl: z.string() });

// The answers' types, for the admin app (site/src/islands/admin/types.ts imports them as types).
export type SessionView = z.infer<typeof sessionResponse>;
export type TotpEnrollmentView = z.infer<typeof totpEnrollmentResponse>;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 409: errorResponse, 429: errorResponse };

export interface AdminAuthRoutesOptions {
  now?: () => Date;
  /** The 'totp' subkey (server/crypto.ts deriveKey). */
  totpKey: Buffer;
  /** Shown in the authenticator app beside the account name. */
  issuer: string;
  loginRateLimitPerHour: number;
}

export const adminAuthRoutes: FastifyPluginAsync<AdminAuthRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const db = app.db;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest) => ({ now: now(), ipHash: app.adminSessions.ipHash(request) });
  // Per client address, on top of the per-account lockout: slows down guessing across many accounts.
  const rateLimit = {
    max: options.loginRateLimitPerHour,
    timeWindow: '1 hour',
    errorResponseBuilder: (_request: FastifyRequest, limit: { statusCode: number; ttl: number }) => ({
      statusCode: limit.statusCode,
      error: 'Too Many Requests',
      message: `登录尝试过于频繁，请 ${Math.max(1, Math.ceil(limit.ttl / 60000))} 分钟后再试`,
    }),
  };

  /** The request's session at one of `stages`, or the matching error. */
  function requireStage(request: FastifyRequest, ...stages: SessionStage[]) {
    const record = request.sessionRecord;
    if (!record) throw httpError(401, request.sessionCookieStale ? MESSAGES.sessionExpired : MESSAGES.notSignedIn);
    if (!stages.includes(record.data.stage)) throw httpError(409, '当前登录步骤不需要这项操作，请刷新页面后按提示继续');
    return record;
  }
  /** The same check as a route's onRequest guard: before the body is parsed or validated. */
  const atStage =
    (...stages: SessionStage[]) =>
    async (request: FastifyRequest): Promise<void> => {
      requireStage(request, ...stages);
    };

  routes.post(
    '/api/admin/login',
    { schema: { body: loginSchema, response: { 200: z.object({ stage: signInStage }), ...errors } }, config: { rateLimit } },
    async (request, reply) => {
      if (!connectionIsSecureEnough(request)) throw httpError(403, MESSAGES.insecureConnection);
      const result = await signInWithPassword(db, request.body, context(request));
      return answerAction(reply, result, ({ userId, stage }) => {
        app.adminSessions.start(request, reply, userId, stage);
        return { stage };
      });
    },
  );

  routes.post(
    '/api/admin/login/totp',
    {
      onRequest: atStage('totp'),
      schema: { body: secondFactorSchema, response: { 200: z.object({ stage: z.literal('signed_in'), remainingRecoveryCodes: z.number().int() }), ...errors } },
      config: { rateLimit },
    },
    async (request, reply) => {
      const record = requireStage(request, 'totp');
      const result = verifySecondFactor(db, options.totpKey, record.data.userId, request.body, context(request));
      if (!result.ok && result.endSession) app.adminSessions.end(request, reply);
      return answerAction(reply, result, ({ remainingRecoveryCodes }) => {
        app.adminSessions.advance(request, reply, 'signed_in');
        return { stage: 'signed_in' as const, remainingRecoveryCodes };
      });
    },
  );

  routes.get(
    '/api/admin/totp/enrollment',
    { schema: { response: { 200: totpEnrollmentResponse, ...errors } } },
    async (request) => {
      const record = requireStage(request, 'enroll');
      // The same secret until it is confirmed: reloading the page must not void a code already scanned.
      let secret: string;
      if (record.data.pendingTotpSecret) {
        secret = decryptText(options.totpKey, record.data.pendingTotpSecret);
      } else {
        const offer = offerTotpSecret(options.totpKey);
        secret = offer.secret;
        record.data.pendingTotpSecret = offer.sealed;
        app.adminSessions.save(request);
      }
      const user = findUserById(db, record.data.userId);
      if (!user) throw httpError(401, MESSAGES.sessionExpired);
      return totpEnrollmentOffer(secret, user.username, options.issuer);
    },
  );

  routes.post(
    '/api/admin/totp/enrollment',
    {
      onRequest: atStage('enroll'),
      schema: { body: enrollmentConfirmationSchema, response: { 200: z.object({ recoveryCodes: z.array(z.string()).length(10) }), ...errors } },
      config: { rateLimit },
    },
    async (request, reply) => {
      const record = requireStage(request, 'enroll');
      if (!record.data.pendingTotpSecret) throw httpError(409, '请先打开设置页面获取二维码，再输入验证码');
      const result = confirmTotpEnrollment(db, options.totpKey, record.data.userId, record.data.pendingTotpSecret, request.body.code, context(request));
      return answerAction(reply, result, (recoveryCodes) => {
        app.adminSessions.advance(request, reply, 'signed_in');
        return { recoveryCodes };
      });
    },
  );

  routes.post(
    '/api/admin/password',
    { onRequest: atStage('change_password', 'signed_in'), schema: { body: passwordChangeSchema, response: { 200: z.object({ stage: z.enum(['enroll', 'totp', 'signed_in']) }), ...errors } } },
    async (request, reply) => {
      const record = requireStage(request, 'change_password', 'signed_in');
      const result = await changeOwnPassword(db, record.data.userId, request.body, record.idHash, context(request));
      if (!result.ok && result.endSession) app.adminSessions.end(request, reply);
      return answerAction(reply, result, ({ totpEnrolled }) => {
        // After a forced change the second factor still has to be passed (or set up).
        const next: 'signed_in' | 'totp' | 'enroll' = record.data.stage === 'signed_in' ? 'signed_in' : totpEnrolled ? 'totp' : 'enroll';
        app.adminSessions.advance(request, reply, next);
        return { stage: next };
      });
    },
  );

  routes.post('/api/admin/logout', { schema: { response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    const record = requireStage(request, 'change_password', 'enroll', 'totp', 'signed_in');
    recordLogout(db, record.data.userId, context(request));
    app.adminSessions.end(request, reply);
    return reply.code(204).send(null);
  });

  routes.get(
    '/api/admin/session',
    { schema: { response: { 200: sessionResponse, ...errors } } },
    async (request, reply) => {
      const record = request.sessionRecord;
      if (!record) return { user: null, stage: 'signed_out' as const, csrfToken: null };
      const staff = request.staff;
      return {
        user: staff ? { ...staff, roles: [...staff.roles], unitName: staff.unitId === null ? null : (unitName(db, staff.unitId) ?? null) } : null,
        stage: record.data.stage,
        csrfToken: reply.generateCsrf(),
      };
    },
  );
};
