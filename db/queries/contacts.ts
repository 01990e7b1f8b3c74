// The contact columns for the jobs that look after them as a whole: sealing rows written before
// contact details were encrypted, and purging them after the retention period.
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

/** The contact columns of a feedback row, as stored (sealed by server/actions/contact-details.ts). */
export interface StoredContact {
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  /** 1: the three columns hold ciphertext; 0: plain text written before sealing existed. */
  contact_sealed: 0 | 1;
}

/** What to write into the row for a set of contact details. */
export interface SealedContact extends StoredContact {
  contact_email_lookup: string | null;
}

export interface ContactRow extends StoredContact {
  id: number;
  version: number;
}

/** Rows whose contact details are still plain text (written before migration 004). */
export function plainContactRows(db: Db): ContactRow[] {
  return statement<[], ContactRow>(
    db,
    `SELECT id, version, contact_name, contact_phone, contact_email, contact_sealed FROM feedback
     WHERE contact_sealed = 0 AND (contact_name IS NOT NULL OR contact_phone IS NOT NULL OR contact_email IS NOT NULL)`,
  ).all();
}

export interface ExpiredContactRow {
  id: number;
  version: number;
  status: string;
  closed_at: string;
}

/** Closed opinions (answered, declined, withdrawn) that still hold contact details and were closed before `cutoff`. */
export function expiredContactRows(db: Db, cutoff: string): ExpiredContactRow[] {
  return statement<[{ cutoff: string }], ExpiredContactRow>(
    db,
    `SELECT id, version, status, closed_at FROM feedback
     WHERE closed_at IS NOT NULL AND closed_at <= @cutoff AND status IN ('replied', 'rejected', 'withdrawn')
       AND (contact_name IS NOT NULL OR contact_phone IS NOT NULL OR contact_email IS NOT NULL)
     ORDER BY closed_at`,
  ).all({ cutoff });
}
