// Staff accounts as the domain sees them: who is acting, with which roles, for which unit.
// The same role list is a CHECK constraint on user_roles (db/migrations/002_administration.sql).

export const STAFF_ROLES = ['sysadmin', 'office', 'handler', 'ledger'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  sysadmin: '系统管理员',
  office: '办公室',
  handler: '经办人',
  ledger: '台账管理员',
};

/** The signed-in person an action is taken by. */
export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  roles: readonly StaffRole[];
  /** The unit a 经办人 works for; null for staff without a unit. */
  unitId: number | null;
}

export function hasRole(user: StaffUser, ...roles: StaffRole[]): boolean {
  return roles.some((role) => user.roles.includes(role));
}

/** 办公室 staff see every unit's opinions; a 经办人 only their own unit's. */
export function canSeeAllFeedback(user: StaffUser): boolean {
  return hasRole(user, 'office');
}
