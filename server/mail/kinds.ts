// What every mail is made of. The mail vocabulary (kinds, audiences, statuses and their labels)
// is server/domain/mail-vocabulary.ts.
import type { ContactVault } from '../actions/contact-details.ts';

/** What mails and links are made of: the bureau, where the site lives, the sender. */
export interface MailSettings {
  bureauName: string;
  /** The column's title from the bureau profile, e.g. 作风整改进行时: the footer of every mail. */
  columnTitle: string;
  /** Public site, no trailing slash: the tracking page is `${publicBaseUrl}/track/`. */
  publicBaseUrl: string;
  /** The right-hand side of every Message-ID (the sender's domain). */
  messageIdDomain: string;
  /** Opens the sealed contact details: the submitter's address, the assignment mail, the safety checks. */
  contacts: ContactVault;
}
