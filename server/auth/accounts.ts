// Named actions on staff accounts, for the 系统管理员 (signing in is sign-in.ts). Each takes
// validated input and the acting person, checks permission, writes the change and its audit entry
// in one transaction, and returns an ActionResult the route (or script) answers with. No HTTP here.
import type { Db } from '../../db/open.ts';
import { deleteSessionsOfUser } from '../../db/queries/sessions.ts';
import * as users from '../../db/queries/users.ts';
import { type ActionFailure, type ActionResult, invalid, refused, succeeded } from '../domain/action-result.ts';
import { hasRole, STAFF_ROLES, type StaffRole, type StaffUser } from '../domain/staff.ts';
import { type ActionContext, audit } from './account-audit.ts';
import { hashPassword, passwordProblem } from './passwords.ts';


/** An account as the 系统管理员 sees it. */
export interface StaffAccount {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  unitId: number | null;
  unitName: string | null;
  roles: StaffRole[];
  isActive: boolean;
  mustChangePassword: boolean;
  totpEnrolled: boolean;
  /** Set while the account is locked after failed sign-ins. */
  lockedUntil: string | null;
  /** Sessions that have not expired. */
  sessionCount: number;
  createdAt: string;
  updatedAt: string;
}

/** Who acts: a signed-in person, or null for the system itself (scripts/create-admin.ts, the demo seeder). */
export type Actor = StaffUser | null;

const FORBIDDEN = refused('forbidden', '只有系统管理员可以管理账号');
const NOT_FOUND = refused('not_found', '该账号不存在');

function actorOf(actor: Actor): { kind: 'user'; id: number } | 'system' {
  return actor ? { kind: 'user', id: actor.id } : 'system';
}

export function findStaffAccount(db: Db, id: number, now: Date): StaffAccount | undefined {
  const row = users.findStaffAccount(db, id, now.toISOString());
  return row ? toStaffAccount(row, now) : undefined;
}

export function listStaffAccounts(db: Db, now: Date): StaffAccount[] {
  return users.listStaffAccounts(db, now.toISOString()).map((row) => toStaffAccount(row, now));
}

function toStaffAccount(row: users.StaffAccountRow, now: Date): StaffAccount {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    unitId: row.unit_id,
    unitName: row.unit_name,
    roles: row.roles.split(',').filter((role): role is StaffRole => (STAFF_ROLES as readonly string[]).includes(role)),
    isActive: row.is_active === 1,
    mustChangePassword: row.must_change_password === 1,
    totpEnrolled: row.totp_enrolled_at !== null,
    lockedUntil: row.locked_until !== null && row.locked_until > now.toISOString() ? row.locked_until : null,
    sessionCount: row.session_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A 经办人 works for a unit; any unit named must exist. */
function unitProblem(db: Db, roles: readonly StaffRole[], unitId: number | null): ActionFailure | null {
  if (roles.includes('handler') && unitId === null) {
    return invalid('unitId', '经办人必须属于一个单位，请选择所属单位');
  }
  if (unitId !== null && !users.unitExists(db, unitId)) return invalid('unitId', '所选单位不存在');
  return null;
}

// ---------------------------------------------------------------------------------------------
// Account management (系统管理员)

export interface StaffAccountInput {
  username: string;
  displayName: string;
  email?: string | null;
  unitId?: number | null;
  roles: readonly StaffRole[];
  password: string;
  /** True when someone else chose the password (a temporary one): it must be changed at first sign-in. */
  mustChangePassword: boolean;
}

/** Creates an account; used by POST /api/admin/users, scripts/create-admin.ts and the demo seeder. */
export async function createStaffAccount(
  db: Db,
  input: StaffAccountInput,
  actor: Actor,
  now: Date,
  ipHash: string | null = null,
): Promise<ActionResult<StaffAccount>> {
  if (actor && !hasRole(actor, 'sysadmin')) return FORBIDDEN;
  if (input.roles.length === 0) return invalid('roles', '请至少选择一个角色');
  const unitId = input.unitId ?? null;
  const invalidUnit = unitProblem(db, input.roles, unitId);
  if (invalidUnit) return invalidUnit;
  const taken = refused('conflict', `用户名“${input.username}”已被使用，请换一个`, { field: 'username' });
  if (users.findUserByUsername(db, input.username)) return taken;
  const weak = passwordProblem(input.password, { username: input.username });
  if (weak) return invalid('password', weak);
  const passwordHash = await hashPassword(input.password);
  const context = { now, ipHash };
  const create = db.transaction((): ActionResult<StaffAccount> => {
    // Checked again: another request may have taken the name while the password was hashed.
    if (users.findUserByUsername(db, input.username)) return taken;
    const id = users.insertUser(db, {
      username: input.username,
      displayName: input.displayName,
      email: input.email ?? null,
      unitId,
      passwordHash,
      mustChangePassword: input.mustChangePassword,
      at: now.toISOString(),
    });
    users.setUserRoles(db, id, input.roles);
    audit(db, actorOf(actor), 'user', id, 'user.created', context, { roles: [...input.roles], unitId });
    return succeeded(findStaffAccount(db, id, now)!);
  });
  return create.immediate();
}

export interface StaffAccountChanges {
  displayName?: string;
  email?: string | null;
  unitId?: number | null;
  roles?: readonly StaffRole[];
  isActive?: boolean;
}

export function updateStaffAccount(
  db: Db,
  userId: number,
  changes: StaffAccountChanges,
  actor: StaffUser,
  context: ActionContext,
): ActionResult<StaffAccount> {
  if (!hasRole(actor, 'sysadmin')) return FORBIDDEN;
  const update = db.transaction((): ActionResult<StaffAccount> => {
    const user = users.findUserById(db, userId);
    if (!user) return NOT_FOUND;
    const currentRoles = users.rolesOf(db, userId);
    const roles = changes.roles ?? currentRoles;
    const isActive = changes.isActive ?? user.is_active === 1;
    if (actor.id === userId && !roles.includes('sysadmin')) {
      return refused('conflict', '不能取消自己的系统管理员角色；如确需调整，请由另一位系统管理员操作', { field: 'roles' });
    }
    if (actor.id === userId && !isActive) {
      return refused('conflict', '不能停用自己的账号；如确需停用，请由另一位系统管理员操作', { field: 'isActive' });
    }
    const unitId = changes.unitId === undefined ? user.unit_id : changes.unitId;
    const invalidUnit = unitProblem(db, roles, unitId);
    if (invalidUnit) return invalidUnit;
    users.updateUserProfile(db, userId, {
      displayName: changes.displayName ?? user.display_name,
      email: changes.email === undefined ? user.email : changes.email,
      unitId,
      isActive,
      at: context.now.toISOString(),
    });
    if (changes.roles) users.setUserRoles(db, userId, roles);
    // A deactivated account is signed out everywhere at once.
    const sessionsEnded = isActive ? 0 : deleteSessionsOfUser(db, userId, context.now.toISOString());
    const details: Record<string, unknown> = { changed: Object.keys(changes).filter((key) => changes[key as keyof StaffAccountChanges] !== undefined) };
    if (changes.roles) details.roles = { from: currentRoles, to: [...new Set(roles)].sort() };
    if (changes.unitId !== undefined) details.unitId = { from: user.unit_id, to: unitId };
    if (changes.isActive !== undefined) details.isActive = { from: user.is_active === 1, to: isActive };
    if (sessionsEnded > 0) details.sessionsEnded = sessionsEnded;
    audit(db, actorOf(actor), 'user', userId, 'user.updated', context, details);
    return succeeded(findStaffAccount(db, userId, context.now)!);
  });
  return update.immediate();
}

/** Sets a temporary password that must be changed at the next sign-in; ends the user's sessions and any lockout. */
export async function resetStaffPassword(
  db: Db,
  userId: number,
  temporaryPassword: string,
  actor: StaffUser,
  context: ActionContext,
): Promise<ActionResult> {
  if (!hasRole(actor, 'sysadmin')) return FORBIDDEN;
  const user = users.findUserById(db, userId);
  if (!user) return NOT_FOUND;
  if (actor.id === userId) return refused('conflict', '不能为自己重置密码，请使用“修改密码”');
  const weak = passwordProblem(temporaryPassword, { username: user.username });
  if (weak) return invalid('temporaryPassword', weak);
  const passwordHash = await hashPassword(temporaryPassword);
  db.transaction(() => {
    users.setPassword(db, userId, passwordHash, true, context.now.toISOString());
    const sessionsEnded = deleteSessionsOfUser(db, userId, context.now.toISOString());
    audit(db, actorOf(actor), 'user', userId, 'password.reset', context, { sessionsEnded });
  }).immediate();
  return succeeded(undefined);
}

/** Signs a person out everywhere. */
export function endStaffSessions(db: Db, userId: number, actor: StaffUser, context: ActionContext): ActionResult<number> {
  if (!hasRole(actor, 'sysadmin')) return FORBIDDEN;
  return db
    .transaction((): ActionResult<number> => {
      if (!users.findUserById(db, userId)) return NOT_FOUND;
      const ended = deleteSessionsOfUser(db, userId, context.now.toISOString());
      audit(db, actorOf(actor), 'session', userId, 'session.terminated', context, { ended });
      return succeeded(ended);
    })
    .immediate();
}

/** Removes the second factor (lost phone): the person enrols again at the next sign-in. */
export function resetStaffTotp(db: Db, userId: number, actor: StaffUser, context: ActionContext): ActionResult {
  if (!hasRole(actor, 'sysadmin')) return FORBIDDEN;
  return db
    .transaction((): ActionResult => {
      if (!users.findUserById(db, userId)) return NOT_FOUND;
      users.clearTotp(db, userId, context.now.toISOString());
      const sessionsEnded = deleteSessionsOfUser(db, userId, context.now.toISOString());
      audit(db, actorOf(actor), 'user', userId, 'totp.reset', context, { sessionsEnded });
      return succeeded(undefined);
    })
    .immediate();
}
