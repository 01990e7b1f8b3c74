// Staff accounts, their roles and recovery codes.
import type { StaffRole, StaffUser } from '../../server/domain/staff.ts';
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  unit_id: number | null;
  password_hash: string;
  must_change_password: 0 | 1;
  failed_logins: number;
  locked_until: string | null;
  totp_secret_enc: string | null;
  totp_enrolled_at: string | null;
  totp_last_step: number | null;
  is_active: 0 | 1;
  created_at: string;
  updated_at: string;
}

export function findUserByUsername(db: Db, username: string): UserRow | undefined {
  // username is COLLATE NOCASE: "Admin" and "admin" are one account.
  return statement<[string], UserRow>(db, 'SELECT * FROM users WHERE username = ?').get(username);
}

export function findUserById(db: Db, id: number): UserRow | undefined {
  return statement<[number], UserRow>(db, 'SELECT * FROM users WHERE id = ?').get(id);
}

export function rolesOf(db: Db, userId: number): StaffRole[] {
  return statement<[number], { role: StaffRole }>(db, 'SELECT role FROM user_roles WHERE user_id = ? ORDER BY role')
    .all(userId)
    .map((row) => row.role);
}

/** The signed-in person as the rest of the app sees them, or undefined for a missing or inactive account. */
export function findActiveStaffUser(db: Db, id: number): StaffUser | undefined {
  const row = statement<[number], { id: number; username: string; display_name: string; unit_id: number | null }>(
    db,
    'SELECT id, username, display_name, unit_id FROM users WHERE id = ? AND is_active = 1',
  ).get(id);
  if (!row) return undefined;
  return { id: row.id, username: row.username, displayName: row.display_name, roles: rolesOf(db, row.id), unitId: row.unit_id };
}

export interface StaffAccountRow {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  unit_id: number | null;
  unit_name: string | null;
  /** Comma-separated, sorted. */
  roles: string;
  is_active: 0 | 1;
  must_change_password: 0 | 1;
  totp_enrolled_at: string | null;
  locked_until: string | null;
  session_count: number;
  created_at: string;
  updated_at: string;
}

const ACCOUNT_SELECT = `
  SELECT u.id, u.username, u.display_name, u.email, u.unit_id, un.name AS unit_name,
         coalesce((SELECT group_concat(role, ',') FROM (SELECT role FROM user_roles WHERE user_id = u.id ORDER BY role)), '') AS roles,
         u.is_active, u.must_change_password, u.totp_enrolled_at, u.locked_until,
         (SELECT count(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > @now) AS session_count,
         u.created_at, u.updated_at
  FROM users u LEFT JOIN units un ON un.id = u.unit_id`;

export function listStaffAccounts(db: Db, now: string): StaffAccountRow[] {
  return statement<[{ now: string }], StaffAccountRow>(db, `${ACCOUNT_SELECT} ORDER BY u.is_active DESC, u.username`).all({ now });
}

export function findStaffAccount(db: Db, id: number, now: string): StaffAccountRow | undefined {
  return statement<[{ now: string; id: number }], StaffAccountRow>(db, `${ACCOUNT_SELECT} WHERE u.id = @id`).get({ now, id });
}

export function unitName(db: Db, unitId: number): string | undefined {
  return statement<[number], { name: string }>(db, 'SELECT name FROM units WHERE id = ?').get(unitId)?.name;
}

export interface NewUser {
  username: string;
  displayName: string;
  email: string | null;
  unitId: number | null;
  passwordHash: string;
  mustChangePassword: boolean;
  at: string;
}

export function insertUser(db: Db, user: NewUser): number {
  const result = statement(
    db,
    `INSERT INTO users (username, display_name, email, unit_id, password_hash, must_change_password, created_at, updated_at)
     VALUES (@username, @displayName, @email, @unitId, @passwordHash, @mustChangePassword, @at, @at)`,
  ).run({ ...user, mustChangePassword: user.mustChangePassword ? 1 : 0 });
  return Number(result.lastInsertRowid);
}

export function setUserRoles(db: Db, userId: number, roles: readonly StaffRole[]): void {
  statement(db, 'DELETE FROM user_roles WHERE user_id = ?').run(userId);
  const insert = statement(db, 'INSERT INTO user_roles (user_id, role) VALUES (?, ?)');
  for (const role of new Set(roles)) insert.run(userId, role);
}

export interface UserProfileUpdate {
  displayName: string;
  email: string | null;
  unitId: number | null;
  isActive: boolean;
  at: string;
}

export function updateUserProfile(db: Db, userId: number, update: UserProfileUpdate): void {
  statement(
    db,
    `UPDATE users SET display_name = @displayName, email = @email, unit_id = @unitId, is_active = @isActive, updated_at = @at
     WHERE id = @userId`,
  ).run({ ...update, isActive: update.isActive ? 1 : 0, userId });
}

export function setPassword(db: Db, userId: number, passwordHash: string, mustChange: boolean, at: string): void {
  // A new password also lifts a lockout: it was set by the person or by the 系统管理员.
  statement(
    db,
    `UPDATE users SET password_hash = ?, must_change_password = ?, failed_logins = 0, locked_until = NULL, updated_at = ?
     WHERE id = ?`,
  ).run(passwordHash, mustChange ? 1 : 0, at, userId);
}

/**
 * Re-hash with stronger parameters, unless the password changed meanwhile; not a change the
 * person made, so updated_at stays.
 */
export function upgradePasswordHash(db: Db, userId: number, previousHash: string, passwordHash: string): void {
  statement(db, 'UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?').run(passwordHash, userId, previousHash);
}

/** Counts one more failure; returns the count of consecutive failures. */
export function countFailedLogin(db: Db, userId: number): number {
  return statement<[number], { failed_logins: number }>(db, 'UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins').get(userId)!
    .failed_logins;
}

export function lockUser(db: Db, userId: number, until: string): void {
  statement(db, 'UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?').run(until, userId);
}

export function clearFailedLogins(db: Db, userId: number): void {
  statement(db, 'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ? AND (failed_logins <> 0 OR locked_until IS NOT NULL)').run(userId);
}

export function setTotp(db: Db, userId: number, secretEnc: string, lastStep: number, at: string): void {
  statement(db, 'UPDATE users SET totp_secret_enc = ?, totp_enrolled_at = ?, totp_last_step = ?, updated_at = ? WHERE id = ?').run(
    secretEnc,
    at,
    lastStep,
    at,
    userId,
  );
}

export function clearTotp(db: Db, userId: number, at: string): void {
  statement(db, 'UPDATE users SET totp_secret_enc = NULL, totp_enrolled_at = NULL, totp_last_step = NULL, updated_at = ? WHERE id = ?').run(at, userId);
  statement(db, 'DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
}

/** Records an accepted time step; false when that step (or a later one) was already used. */
export function claimTotpStep(db: Db, userId: number, step: number): boolean {
  return (
    statement(db, 'UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)').run(step, userId, step).changes === 1
  );
}

export function replaceRecoveryCodes(db: Db, userId: number, codeHashes: readonly string[]): void {
  statement(db, 'DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
  const insert = statement(db, 'INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)');
  for (const hash of codeHashes) insert.run(userId, hash);
}

/** Marks an unused code as used; false when there is no such unused code. */
export function useRecoveryCode(db: Db, userId: number, codeHash: string, at: string): boolean {
  return statement(db, 'UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL').run(at, userId, codeHash).changes === 1;
}

export function countUnusedRecoveryCodes(db: Db, userId: number): number {
  return statement<[number], { n: number }>(db, 'SELECT count(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL').get(userId)!.n;
}

export function unitExists(db: Db, unitId: number): boolean {
  return statement<[number], { id: number }>(db, 'SELECT id FROM units WHERE id = ?').get(unitId) !== undefined;
}

export function countUsers(db: Db): number {
  return statement<[], { n: number }>(db, 'SELECT count(*) AS n FROM users').get()!.n;
}
