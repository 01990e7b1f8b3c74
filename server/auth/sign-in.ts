// Signing in: the password, the second factor (TOTP or a recovery code), enrolling it, changing
// one's own password, signing out. Each writes its audit entries and returns an ActionResult the
// route answers with. No HTTP here.
import type { Db } from '../../db/open.ts';
import { deleteSessionsOfUser } from '../../db/queries/sessions.ts';
import * as users from '../../db/queries/users.ts';
import { decryptText, encryptText } from '../crypto.ts';
import { type ActionResult, invalid, refused, succeeded } from '../domain/action-result.ts';
import { type ActionContext, audit } from './account-audit.ts';
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

function isoPlusMinutes(at: Date, minutes: number): string {
  return new Date(at.getTime() + minutes * 60_000).toISOString();
}

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
