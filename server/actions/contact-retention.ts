// The life of contact details after they are written: sealed once if they predate encryption,
// deleted when the submitter withdraws (feedback-actions.ts) or CONTACT_RETENTION_DAYS after the
// opinion was closed (here), together with what the mails about the opinion said. Each purge is
// written to the audit log as a system action; server/privacy-erasure.ts removes the copies
// outside the tables (the WAL, the .eml files).
import type { Db } from '../../db/open.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import { expiredContactRows, plainContactRows } from '../../db/queries/contacts.ts';
import { clearFeedbackMails } from '../../db/queries/mail.ts';
import { clearFeedbackSms } from '../../db/queries/sms.ts';
import { updateFeedbackRecord } from '../../db/queries/feedback-records.ts';
import type { ContactVault } from './contact-details.ts';

export const DEFAULT_CONTACT_RETENTION_DAYS = 365;
const DAY_MS = 86_400_000;

/**
 * Seals contact details stored as plain text (rows from before migration 004: a migration cannot
 * know the key). Idempotent; returns how many opinions were sealed.
 */
export function sealPlainContacts(db: Db, contacts: ContactVault, now: Date): number {
  return db
    .transaction(() => {
      const rows = plainContactRows(db);
      const at = now.toISOString();
      for (const row of rows) {
        const sealed = contacts.seal({ name: row.contact_name, phone: row.contact_phone, email: row.contact_email });
        if (!updateFeedbackRecord(db, row.id, row.version, sealed, at)) throw new Error(`feedback ${row.id} changed while its contact details were being sealed`);
      }
      if (rows.length > 0) {
        recordAudit(db, { actorKind: 'system', actorUserId: null, objectType: 'feedback', objectId: null, action: 'contact.seal', details: { opinions: rows.length }, at });
      }
      return rows.length;
    })
    .immediate();
}

/**
 * Deletes the contact details of opinions closed more than `retentionDays` ago (answered,
 * declined or withdrawn). Returns the ids purged.
 */
export function purgeExpiredContacts(db: Db, options: { now: Date; retentionDays: number }): number[] {
  const cutoff = new Date(options.now.getTime() - options.retentionDays * DAY_MS).toISOString();
  return db
    .transaction(() => {
      const at = options.now.toISOString();
      const purged: number[] = [];
      for (const row of expiredContactRows(db, cutoff)) {
        const changed = updateFeedbackRecord(
          db,
          row.id,
          row.version,
          { contact_name: null, contact_phone: null, contact_email: null, contact_email_lookup: null, contact_purged_at: at },
          at,
        );
        if (!changed) continue;
        recordAudit(db, {
          actorKind: 'system',
          actorUserId: null,
          objectType: 'feedback',
          objectId: row.id,
          action: 'contact.purge',
          reason: `办结满 ${options.retentionDays} 天，按规定删除联系方式`,
          details: { closedAt: row.closed_at, status: row.status, retentionDays: options.retentionDays },
          at,
        });
        purged.push(row.id);
      }
      clearFeedbackMails(db, purged, at);
      clearFeedbackSms(db, purged, at);
      return purged;
    })
    .immediate();
}
