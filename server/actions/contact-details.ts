// Contact details are personal information (PIPL): sealed at rest with AES-256-GCM under the
// 'contact-details' subkey of SECRET_KEY, opened only where someone may see them (the admin
// contact view, which is audited; the assignment mail to the unit's 经办人; the submitter's own
// mails). Every reader and writer of the contact columns goes through this module.
//
// The e-mail address also gets a keyed hash (HMAC-SHA256 under the 'contact-lookup' subkey) so
// that the mail outbox can compare addresses without opening anything.
import { createHmac, createSecretKey } from 'node:crypto';
import type { SealedContact, StoredContact } from '../../db/queries/contacts.ts';
import { decryptText, deriveKey, encryptText } from '../crypto.ts';

export interface ContactDetails {
  name: string | null;
  phone: string | null;
  email: string | null;
}

export type { SealedContact, StoredContact } from '../../db/queries/contacts.ts';

export const NO_CONTACT: ContactDetails = Object.freeze({ name: null, phone: null, email: null });

export interface ContactVault {
  seal(details: ContactDetails): SealedContact;
  /** Throws DecryptionError when the row was sealed under another key. */
  open(row: StoredContact): ContactDetails;
  /** The keyed hash stored beside an e-mail address (case-insensitive). */
  emailLookup(email: string): string;
  /** Seals any text holding personal data under the same key (a mail to a submitter). */
  sealText(value: string): string;
  /** Throws DecryptionError for another key. */
  openText(sealed: string): string;
}

export function hasContact(row: Pick<StoredContact, 'contact_name' | 'contact_phone' | 'contact_email'>): boolean {
  return row.contact_name !== null || row.contact_phone !== null || row.contact_email !== null;
}

export function createContactVault(keys: { sealKey: Buffer; lookupKey: Buffer }): ContactVault {
  // KeyObjects made once: every submission seals, and a Buffer key is imported again on each use.
  const sealKey = createSecretKey(keys.sealKey);
  const lookupKey = createSecretKey(keys.lookupKey);
  const seal = (value: string | null) => (value === null || value === '' ? null : encryptText(sealKey, value));
  const open = (value: string | null, sealed: 0 | 1) => (value === null ? null : sealed === 1 ? decryptText(sealKey, value) : value);
  const emailLookup = (email: string) => createHmac('sha256', lookupKey).update(email.trim().toLowerCase()).digest('hex');
  return {
    seal: (details) => ({
      contact_name: seal(details.name),
      contact_phone: seal(details.phone),
      contact_email: seal(details.email),
      contact_sealed: 1,
      contact_email_lookup: details.email ? emailLookup(details.email) : null,
    }),
    open: (row) => ({
      name: open(row.contact_name, row.contact_sealed),
      phone: open(row.contact_phone, row.contact_sealed),
      email: open(row.contact_email, row.contact_sealed),
    }),
    emailLookup,
    sealText: (value) => encryptText(sealKey, value),
    openText: (sealed) => decryptText(sealKey, sealed),
  };
}

/** The vault for the configured SECRET_KEY. */
export function contactVaultFor(config: { secretKey: Buffer }): ContactVault {
  return createContactVault({ sealKey: deriveKey(config, 'contact-details'), lookupKey: deriveKey(config, 'contact-lookup') });
}
