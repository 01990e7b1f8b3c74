// The mail vocabulary (server/domain/mail-vocabulary.ts) and what every mail is made of.
import type { ContactVault } from '../actions/contact-details.ts';

export { MAIL_AUDIENCES, MAIL_KIND_LABELS, MAIL_KINDS, MAIL_STATUS_LABELS, MAIL_STATUSES, type MailAudience, type MailKind, type MailStatus } from '../domain/mail-vocabulary.ts';

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
