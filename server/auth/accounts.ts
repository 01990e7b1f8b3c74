// Named actions on staff accounts and on signing in. Each takes validated input and the acting
// person, checks permission, writes the change and its audit entry in one transaction, and returns
// a result the route (or script) maps to its own answer. No HTTP here.
import type { Db } from '../../db/open.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import { deleteSessionsOfUser } from '../../db/queries/sessions.ts';
import * as users from '../../db/queries/users.ts';
import { decryptText, encryptText } from '../crypto.ts';
import { type ActionFailure, type ActionResult, invalid, refused, succeeded } from '../domain/action-result.ts';
import { hasRole, STAFF_ROLES, type StaffRole, type StaffUser } from '../domain/staff.ts';
import { burnPasswordCheck, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { hashRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret } from './totp.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** One answer for every failed sign-in, so it never tells whether the user name exists or is locked. */
export const LOGIN_FAILED_MESSAGE = `用户名或密码不正确。连续输错 ${MAX_FAILED_LOGINS} 次，账号将锁定 ${LOCKOUT_MINUTES} 分钟`;
/** Every failed first step alike: the answer never tells which check failed. */
const LOGIN_FAILED = refused('unauthorized', LOGIN_FAILED_MESSAGE);

/** Where a session stands after the password: what the person must do next. */
export type SignInStage = 'change_password' | 'enroll' | 'totp';

export interface ActionContext {
  now: Date;
  /** Salted hash of the client address, for the audit log; never the address itself. */
  ipHash?: string | null;
}

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

function isoPlusMinutes(at: Date, minutes: number): string {
  return new Date(at.getTime() + minutes * 60_000).toISOString();
}

function audit(
  db: Db,
  actor: { kind: 'user'; id: number } | 'system' | 'public',
  objectType: 'user' | 'session',
  objectId: number | null,
  action: string,
  context: ActionContext,
  details?: Record<string, unknown>,
): void {
  recordAudit(db, {
    actorKind: typeof actor === 'string' ? actor : 'user',
    actorUserId: typeof actor === 'string' ? null : actor.id,
    objectType,
    objectId,
    action,
    details: details ?? null,
    ipHash: context.ipHash ?? null,
    at: context.now.toISOString(),
  });
}

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

// ---------------------------------------------------------------------------------------------
// Signing in

function stageAfterPassword(user: users.UserRow): SignInStage {
  if (user.must_change_password === 1) return 'change_password';
  return user.totp_secret_enc === null ? 'enroll' : 'totp';
}

/** Counts a failed attempt and locks the account at the limit; true when it is now locked. */
function recordFailure(db: Db, userId: number, reason: string, context: ActionContext): boolean {
  const consecutive = users.countFailedLogin(db, userId);
  audit(db, 'public', 'user', userId, 'login.failed', context, { reason, consecutive });
  if (consecutive < MAX_FAILED_LOGINS) return false;
  const until = isoPlusMinutes(context.now, LOCKOUT_MINUTES);
  users.lockUser(db, userId, until);
  audit(db, 'system', 'user', userId, 'login.locked', context, { until, failures: consecutive });
  return true;
}

function isLocked(user: users.UserRow, now: Date): boolean {
  return user.locked_until !== null && user.locked_until > now.toISOString();
}


/**
 * The first step of signing in. Unknown names, wrong passwords, locked and deactivated accounts
 * all fail alike, each after one scrypt computation, so neither the answer nor its timing tells
 * them apart.
 */
export async function signInWithPassword(db: Db, credentials: { username: string; password: string }, context: ActionContext): Promise<ActionResult<{ userId: number; stage: SignInStage }>> {
  const user = users.findUserByUsername(db, credentials.username);
  if (!user) {
    await burnPasswordCheck(credentials.password);
    // The attempted name is not recorded: people type their password into the wrong field.
    audit(db, 'public', 'user', null, 'login.failed', context, { reason: 'unknown_user' });
    return LOGIN_FAILED;
  }
  const check = await verifyPassword(credentials.password, user.password_hash);
  const result = db
    .transaction((): ActionResult<{ userId: number; stage: SignInStage }> => {
      // Read again: other attempts may have run while the password was being checked.
      const current = users.findUserById(db, user.id);
      if (!current) return LOGIN_FAILED;
      if (isLocked(current, context.now)) {
        audit(db, 'public', 'user', user.id, 'login.failed', context, { reason: 'locked' });
        return LOGIN_FAILED;
      }
      if (current.is_active !== 1) {
        audit(db, 'public', 'user', user.id, 'login.failed', context, { reason: 'inactive' });
        return LOGIN_FAILED;
      }
      if (!check.ok) {
        recordFailure(db, user.id, 'bad_password', context);
        return LOGIN_FAILED;
      }
      users.clearFailedLogins(db, user.id);
      const stage = stageAfterPassword(current);
      audit(db, { kind: 'user', id: user.id }, 'user', user.id, 'login.password_accepted', context, { next: stage });
      return succeeded({ userId: user.id, stage });
    })
    .immediate();
  if (result.ok && check.needsRehash) {
    users.upgradePasswordHash(db, user.id, user.password_hash, await hashPassword(credentials.password));
  }
  return result;
}

/** A second step passed: how, and how many recovery codes are left. */
export interface SecondFactorPassed {
  method: 'totp' | 'recovery_code';
  remainingRecoveryCodes: number;
}

/** The second step: a TOTP code not used before, or an unused recovery code. */
export function verifySecondFactor(
  db: Db,
  totpKey: Buffer,
  userId: number,
  input: { code?: string | undefined; recoveryCode?: string | undefined },
  context: ActionContext,
): ActionResult<SecondFactorPassed> {
  // `endSession` on a refusal: the attempt cannot go on (locked, deactivated, second factor removed).
  const secondFactorFailed = input.code !== undefined ? '验证码不正确或已使用过，请输入身份验证器上当前显示的 6 位数字' : '恢复码不正确或已使用过';
  return db
    .transaction((): ActionResult<SecondFactorPassed> => {
      const user = users.findUserById(db, userId);
      if (!user || user.is_active !== 1 || user.totp_secret_enc === null || isLocked(user, context.now)) {
        audit(db, 'public', 'user', userId, 'login.failed', context, { reason: 'second_factor_unavailable' });
        return refused('unauthorized', secondFactorFailed, { endSession: true });
      }
      const nowIso = context.now.toISOString();
      let method: 'totp' | 'recovery_code';
      let failure: string | null = null;
      if (input.code !== undefined) {
        method = 'totp';
        const step = matchTotp(decryptText(totpKey, user.totp_secret_enc), input.code, context.now, null);
        if (step === null) failure = 'bad_totp';
        else if (!users.claimTotpStep(db, userId, step)) failure = 'totp_reused';
      } else {
        method = 'recovery_code';
        if (!users.useRecoveryCode(db, userId, hashRecoveryCode(input.recoveryCode ?? ''), nowIso)) failure = 'bad_recovery_code';
      }
      if (failure) return refused('unauthorized', secondFactorFailed, { endSession: recordFailure(db, userId, failure, context) });
      users.clearFailedLogins(db, userId);
      const remainingRecoveryCodes = users.countUnusedRecoveryCodes(db, userId);
      if (method === 'recovery_code') audit(db, { kind: 'user', id: userId }, 'user', userId, 'login.recovery_code_used', context, { remaining: remainingRecoveryCodes });
      audit(db, { kind: 'user', id: userId }, 'user', userId, 'login.succeeded', context, { method });
      return succeeded({ method, remainingRecoveryCodes });
    })
    .immediate();
}

/** A fresh secret offered at enrolment, sealed for keeping in the session until it is confirmed. */
export function offerTotpSecret(totpKey: Buffer): { secret: string; sealed: string } {
  const secret = newTotpSecret();
  return { secret, sealed: encryptText(totpKey, secret) };
}

/** Confirms enrolment with a code from the app: stores the secret and issues ten recovery codes. */
export function confirmTotpEnrollment(db: Db, totpKey: Buffer, userId: number, sealedSecret: string, code: string, context: ActionContext): ActionResult<string[]> {
  const step = matchTotp(decryptText(totpKey, sealedSecret), code, context.now, null);
  if (step === null) {
    return invalid('code', '验证码不正确：请确认已添加到身份验证器，且手机时间准确，再输入当前显示的 6 位数字');
  }
  return db
    .transaction((): ActionResult<string[]> => {
      const user = users.findUserById(db, userId);
      if (!user || user.is_active !== 1) return refused('conflict', '账号不可用，请重新登录');
      if (user.totp_secret_enc !== null) return refused('conflict', '已经设置过身份验证器，请直接登录');
      users.setTotp(db, userId, sealedSecret, step, context.now.toISOString());
      const recoveryCodes = newRecoveryCodes();
      users.replaceRecoveryCodes(db, userId, recoveryCodes.map(hashRecoveryCode));
      audit(db, { kind: 'user', id: userId }, 'user', userId, 'totp.enrolled', context);
      audit(db, { kind: 'user', id: userId }, 'user', userId, 'login.succeeded', context, { method: 'totp_enrollment' });
      return succeeded(recoveryCodes);
    })
    .immediate();
}

/**
 * Enrols a second factor without a confirming code, for accounts made by the system: test
 * fixtures and the demo bureau (whose codes scripts/demo-code.ts prints). Never reachable over HTTP.
 */
export function provisionTotp(db: Db, totpKey: Buffer, userId: number, now: Date): { secret: string; recoveryCodes: string[] } {
  const secret = newTotpSecret();
  const recoveryCodes = newRecoveryCodes();
  db.transaction(() => {
    users.setTotp(db, userId, encryptText(totpKey, secret), 0, now.toISOString());
    users.replaceRecoveryCodes(db, userId, recoveryCodes.map(hashRecoveryCode));
    audit(db, 'system', 'user', userId, 'totp.enrolled', { now }, { provisioned: true });
  }).immediate();
  return { secret, recoveryCodes };
}

/**
 * A person changes their own password (also the forced change after a reset). Their other
 * sessions end; `keepSessionIdHash` is the one they are using.
 */
export async function changeOwnPassword(
  db: Db,
  userId: number,
  passwords: { currentPassword: string; newPassword: string },
  keepSessionIdHash: string,
  context: ActionContext,
): Promise<ActionResult<{ totpEnrolled: boolean; otherSessionsEnded: number }>> {
  const user = users.findUserById(db, userId);
  if (!user || user.is_active !== 1) return refused('conflict', '账号不可用，请重新登录', { endSession: true });
  const check = await verifyPassword(passwords.currentPassword, user.password_hash);
  if (!check.ok) {
    const locked = db.transaction(() => recordFailure(db, userId, 'bad_current_password', context)).immediate();
    return invalid('currentPassword', '当前密码不正确', { endSession: locked });
  }
  if (passwords.newPassword === passwords.currentPassword) {
    return invalid('newPassword', '新密码不能与当前密码相同');
  }
  const weak = passwordProblem(passwords.newPassword, { username: user.username });
  if (weak) return invalid('newPassword', weak);
  const passwordHash = await hashPassword(passwords.newPassword);
  return db
    .transaction((): ActionResult<{ totpEnrolled: boolean; otherSessionsEnded: number }> => {
      users.setPassword(db, userId, passwordHash, false, context.now.toISOString());
      const otherSessionsEnded = deleteSessionsOfUser(db, userId, context.now.toISOString(), keepSessionIdHash);
      audit(db, { kind: 'user', id: userId }, 'user', userId, 'password.changed', context, { wasTemporary: user.must_change_password === 1, otherSessionsEnded });
      return succeeded({ totpEnrolled: user.totp_secret_enc !== null, otherSessionsEnded });
    })
    .immediate();
}

export function recordLogout(db: Db, userId: number, context: ActionContext): void {
  audit(db, { kind: 'user', id: userId }, 'session', userId, 'session.logout', context);
}
