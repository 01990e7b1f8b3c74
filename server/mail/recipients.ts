// Who gets which mail, from users, user_roles and units: the 办公室 (role office), a unit's 经办人
// (role handler with that unit), the 系统管理员 (role sysadmin). Only active accounts with a valid
// address; a display name with a line break is dropped, not repaired.
import type { Db } from '../../db/open.ts';
import { staffRecipients } from '../../db/queries/mail.ts';
import { isValidAddress, type Mailbox, safeDisplayName } from './address.ts';
import type { MailAudience } from '../domain/mail-vocabulary.ts';

export interface Recipient {
  audience: MailAudience;
  mailbox: Mailbox;
  /** The staff account, or null for a submitter. */
  userId: number | null;
  /** For a 经办人: their unit. */
  unitId: number | null;
}

function staff(db: Db, role: 'office' | 'handler' | 'sysadmin', audience: MailAudience, unitId: number | null): Recipient[] {
  return staffRecipients(db, role, unitId)
    .filter((user) => isValidAddress(user.email))
    .map((user) => ({ audience, mailbox: { address: user.email, name: safeDisplayName(user.displayName) }, userId: user.id, unitId }));
}

export function officeRecipients(db: Db): Recipient[] {
  return staff(db, 'office', 'office', null);
}

export function unitHandlerRecipients(db: Db, unitId: number | null): Recipient[] {
  return unitId === null ? [] : staff(db, 'handler', 'unit_handler', unitId);
}

export function sysadminRecipients(db: Db): Recipient[] {
  return staff(db, 'sysadmin', 'sysadmin', null);
}

/**
 * One mail per address: the first list wins (pass the most specific audience first), and the
 * person who took the action is not told about it.
 */
export function distinctRecipients(lists: ReadonlyArray<readonly Recipient[]>, exceptUserId: number | null = null): Recipient[] {
  const seen = new Set<string>();
  const result: Recipient[] = [];
  for (const recipient of lists.flat()) {
    const key = recipient.mailbox.address.toLowerCase();
    if (seen.has(key) || (exceptUserId !== null && recipient.userId === exceptUserId)) continue;
    seen.add(key);
    result.push(recipient);
  }
  return result;
}
