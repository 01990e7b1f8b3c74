// Staff accounts, managed by the 系统管理员.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { newStaffAccountSchema, passwordResetSchema, staffAccountPatchSchema, userIdParamsSchema } from '../auth/account-input.ts';
import {
  createStaffAccount,
  endStaffSessions,
  listStaffAccounts,
  resetStaffPassword,
  resetStaffTotp,
  updateStaffAccount,
} from '../auth/accounts.ts';
import { STAFF_ROLES } from '../domain/staff.ts';
import type { ZodTypeProvider } from '../zod-provider.ts';
import { answerAction } from '../plugins/action-answer.ts';
import { errorResponse } from '../plugins/error-response.ts';

export const staffAccountResponse = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  roles: z.array(z.enum(STAFF_ROLES)),
  isActive: z.boolean(),
  mustChangePassword: z.boolean(),
  totpEnrolled: z.boolean(),
  lockedUntil: z.string().nullable(),
  sessionCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** An account as the admin app reads it (site/src/islands/admin/types.ts imports it as a type). */
export type StaffAccountView = z.infer<typeof staffAccountResponse>;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export interface AdminUsersRoutesOptions {
  now?: () => Date;
}

export const adminUsersRoutes: FastifyPluginAsync<AdminUsersRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const db = app.db;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest) => ({ now: now(), ipHash: app.adminSessions.ipHash(request) });
  const sysadminOnly = app.requireStaff('sysadmin');

  routes.get(
    '/api/admin/users',
    { onRequest: sysadminOnly, schema: { response: { 200: z.object({ users: z.array(staffAccountResponse) }), ...errors } } },
    async () => ({ users: listStaffAccounts(db, now()) }),
  );

  routes.post(
    '/api/admin/users',
    { onRequest: sysadminOnly, schema: { body: newStaffAccountSchema, response: { 201: z.object({ user: staffAccountResponse }), ...errors } } },
    async (request, reply) => {
      const { temporaryPassword, ...account } = request.body;
      const result = await createStaffAccount(
        db,
        { ...account, password: temporaryPassword, mustChangePassword: true },
        request.staff!,
        now(),
        app.adminSessions.ipHash(request),
      );
      return answerAction(reply, result, (user) => ({ user }), { status: 201, fieldNames: { password: 'temporaryPassword' } });
    },
  );

  routes.patch(
    '/api/admin/users/:id',
    { onRequest: sysadminOnly, schema: { params: userIdParamsSchema, body: staffAccountPatchSchema, response: { 200: z.object({ user: staffAccountResponse }), ...errors } } },
    async (request, reply) => {
      const result = updateStaffAccount(db, request.params.id, request.body, request.staff!, context(request));
      return answerAction(reply, result, (user) => ({ user }));
    },
  );

  routes.post(
    '/api/admin/users/:id/password-reset',
    { onRequest: sysadminOnly, schema: { params: userIdParamsSchema, body: passwordResetSchema, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const result = await resetStaffPassword(db, request.params.id, request.body.temporaryPassword, request.staff!, context(request));
      return answerAction(reply, result, () => null, 204);
    },
  );

  routes.delete(
    '/api/admin/users/:id/sessions',
    { onRequest: sysadminOnly, schema: { params: userIdParamsSchema, response: { 200: z.object({ ended: z.number().int() }), ...errors } } },
    async (request, reply) => {
      const result = endStaffSessions(db, request.params.id, request.staff!, context(request));
      return answerAction(reply, result, (ended) => ({ ended }));
    },
  );

  routes.post(
    '/api/admin/users/:id/totp-reset',
    { onRequest: sysadminOnly, schema: { params: userIdParamsSchema, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const result = resetStaffTotp(db, request.params.id, request.staff!, context(request));
      return answerAction(reply, result, () => null, 204);
    },
  );
};
