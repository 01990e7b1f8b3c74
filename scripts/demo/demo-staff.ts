// The demo's staff accounts: one per role, and 经办人 for two schools and a 科室. They are made by
// the same action as real accounts (createStaffAccount), with passwords generated at seed time
// (printed once by npm start) and an enrolled second factor whose code `npm run demo-code` shows.
import { randomInt } from 'node:crypto';
import type { Db } from '../../db/open.ts';
import { createStaffAccount } from '../../server/auth/accounts.ts';
import { provisionTotp } from '../../server/auth/sign-in.ts';
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

/** 4 groups of 4 readable characters: passes the password rules and is easy to type. */
function demoPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const group = () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

export async function createDemoStaff(db: Db, unitIds: ReadonlyMap<string, number>, totpKey: Buffer, now: Date): Promise<DemoStaffAccounts> {
  const accounts: DemoStaffAccount[] = [];
  for (const staff of DEMO_STAFF) {
    const unitId = staff.unitCode === null ? null : (unitIds.get(staff.unitCode) ?? null);
    const password = demoPassword();
    const result = await createStaffAccount(
      db,
      {
        username: staff.username,
        displayName: staff.displayName,
        email: `${staff.username}@demo.example.edu.cn`,
        unitId,
        roles: [...staff.roles],
        password,
        mustChangePassword: false,
      },
      null,
      now,
    );
    if (!result.ok) throw new Error(`demo account ${staff.username} could not be created: ${result.message}`);
    provisionTotp(db, totpKey, result.value.id, now);
    accounts.push({ user: { id: result.value.id, username: staff.username, displayName: staff.displayName, roles: [...staff.roles], unitId }, password });
  }
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
