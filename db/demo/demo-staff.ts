// The demo's staff accounts: one per role, and 经办人 for two schools and a 科室, with passwords
// generated at seed time (printed once by npm start).
import { randomBytes } from 'node:crypto';
import type { Db } from '../open.ts';
import type { StaffRole, StaffUser } from '../../server/domain/staff.ts';
import { DEMO_STAFF } from './demo-bureau.ts';

export interface DemoStaffAccount {
  user: StaffUser;
  password: string;
}

export interface DemoStaffAccounts {
  accounts: DemoStaffAccount[];
  byRole(role: StaffRole): StaffUser;
  /** The demo 经办人 of a unit, when the demo has one. */
  handlerFor(unitId: number | null): StaffUser | undefined;
}

/** A password that passes the strength rules: 16 characters from a readable alphabet. */
function demoPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');
}

export function createDemoStaff(db: Db, unitIds: ReadonlyMap<string, number>, now: Date, _seed: number): DemoStaffAccounts {
  const at = now.toISOString();
  const accounts = DEMO_STAFF.map((staff): DemoStaffAccount => {
    const unitId = staff.unitCode === null ? null : (unitIds.get(staff.unitCode) ?? null);
    const password = demoPassword();
    const id = Number(
      db
        .prepare('INSERT INTO users (username, display_name, unit_id, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(staff.username, staff.displayName, unitId, 'pending-auth-merge', at, at).lastInsertRowid,
    );
    for (const role of staff.roles) db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)').run(id, role);
    return { user: { id, username: staff.username, displayName: staff.displayName, roles: staff.roles, unitId }, password };
  });
  return {
    accounts,
    byRole: (role) => {
      const found = accounts.find((account) => account.user.roles.includes(role));
      if (!found) throw new Error(`the demo has no ${role} account`);
      return found.user;
    },
    handlerFor: (unitId) => accounts.find((account) => account.user.roles.includes('handler') && account.user.unitId === unitId)?.user,
  };
}
