// enqueueMail: the one way into the outbox, called inside the transaction of the event that causes
// the mail, so the row and the event commit together or not at all. It refuses (throws
// MailRefusedError) rather than repairs anything unsafe; the notification hooks catch that per
// mail, so a refused mail never blocks the staff action that caused it.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/open.ts';
import {
  anotherFeedbackMentionsAddress,
  CLEARED_MAIL_BODY,
  contactOf,
  insertOutboxMail,
  sealSubmitterMail,
  unsealedSubmitterMails,
} from '../../db/queries/mail.ts';
import { hasControlCharacters, isValidAddress, type Mailbox, maskAddress } from './address.ts';
import type { MailAudience, MailKind } from '../domain/mail-vocabulary.ts';
import type { MailSettings } from './kinds.ts';
import type { ContactVault } from '../actions/contact-details.ts';
import type { RenderedMail } from './templates.ts';

export class MailRefusedError extends Error {
  override name = 'MailRefusedError';
}

export interface MailToQueue {
  kind: MailKind;
  audience: MailAudience;
  to: Mailbox;
  content: RenderedMail;
  /** The opinion the mail is about; required for mails to its submitter. */
  feedbackId?: number | null;
  /** For audience 'unit_handler': the recipient's unit (contact details only go to the assigned unit). */
  recipientUnitId?: number | null;
  /** Scheduled mails: a second enqueue with the same key is ignored (returns null). */
  dedupeKey?: string | null;
  /** When the event happened (ISO-8601 UTC): the row's created_at and the mail's Date header. */
  at: string;
}

export interface QueuedMail {
  id: number;
  messageId: string;
}

const MAX_SUBJECT_LENGTH = 200;

export const SEALED_MAIL_BODY = '（发给反映人的邮件：内容加密保存，发送后清除）';

/** What a sealed mail holds. */
export interface SealedMessage {
  to: Mailbox;
  text: string;
  html: string | null;
}

export function sealMessage(contacts: ContactVault, message: SealedMessage): string {
  return contacts.sealText(JSON.stringify(message));
}

export function openMessage(contacts: ContactVault, sealed: string): SealedMessage {
  return JSON.parse(contacts.openText(sealed)) as SealedMessage;
}

/** `<zfzg.20261120T020000.1f2e…@example.edu.cn>`: unique, fixed for the life of the row. */
export function newMessageId(domain: string, at: string): string {
  const stamp = at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `<zfzg.${stamp}.${randomBytes(9).toString('hex')}@${domain}>`;
}

const ADDRESS_IN_TEXT = /[A-Za-z0-9._%+!#$&'*/=?^`{|}~-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/**
 * Addresses are sealed, so they are not searched for in the table: every address in the mail is
 * hashed and looked up by its keyed hash. Rows from before sealing (plain text until the next
 * start seals them) are still compared as text.
 */
function mentionsAnotherSubmittersAddress(db: Db, contacts: ContactVault, feedbackId: number, body: string): boolean {
  const lookups = [...new Set(body.match(ADDRESS_IN_TEXT) ?? [])].map((address) => contacts.emailLookup(address));
  return anotherFeedbackMentionsAddress(db, feedbackId, body, lookups);
}

/** Throws MailRefusedError when the mail breaks a rule; the message names the rule, never an address. */
export function checkMail(db: Db, contacts: ContactVault, mail: MailToQueue): void {
  if (!isValidAddress(mail.to.address)) throw new MailRefusedError('收件地址无效');
  if (mail.to.name != null && (hasControlCharacters(mail.to.name) || mail.to.name.length > 100)) {
    throw new MailRefusedError('收件人姓名含有换行或控制字符');
  }
  const { subject, text, html } = mail.content;
  if (hasControlCharacters(subject)) throw new MailRefusedError('邮件主题含有换行或控制字符');
  if (subject.trim() === '' || subject.length > MAX_SUBJECT_LENGTH) throw new MailRefusedError(`邮件主题应为 1 至 ${MAX_SUBJECT_LENGTH} 个字`);
  if (text.trim() === '') throw new MailRefusedError('邮件正文为空');
  if (mail.dedupeKey != null && hasControlCharacters(mail.dedupeKey)) throw new MailRefusedError('去重键含有控制字符');

  const feedback = mail.feedbackId == null ? undefined : contactOf(db, mail.feedbackId);
  // Opened only where a rule needs the details: a mail to the submitter, or about a minor.
  const contact = feedback && (mail.audience === 'submitter' || feedback.role === 'student') ? contacts.open(feedback) : undefined;
  if (mail.audience === 'submitter') {
    // The submitter's mail goes to the address they gave for this opinion, and to nobody else.
    if (!contact?.email || contact.email.toLowerCase() !== mail.to.address.toLowerCase()) {
      throw new MailRefusedError('反映人邮件只能发送到该意见留下的邮箱');
    }
    if (mentionsAnotherSubmittersAddress(db, contacts, mail.feedbackId!, `${text}\n${html}`)) {
      throw new MailRefusedError('邮件内容含有其他反映人的邮箱');
    }
  }
  // A minor's contact details go to the 经办人 of the unit the opinion is assigned to, or to the
  // submitter themself, and into no other mail.
  if (feedback && feedback.role === 'student' && mail.audience !== 'submitter') {
    const toAssignedUnit = mail.audience === 'unit_handler' && feedback.assigned_unit_id !== null && mail.recipientUnitId === feedback.assigned_unit_id;
    if (!toAssignedUnit) {
      const body = `${subject}\n${text}\n${html}`.toLowerCase();
      for (const value of [contact?.phone, contact?.email]) {
        if (value && body.includes(value.toLowerCase())) throw new MailRefusedError('未成年人的联系方式只能发给承办单位经办人');
      }
    }
  }
}

/**
 * Queues one mail to one recipient. Call it inside the transaction of the event that causes it.
 * Returns null when a mail with the same dedupe key is already in the outbox.
 */
export function enqueueMail(db: Db, settings: Pick<MailSettings, 'messageIdDomain' | 'contacts'>, mail: MailToQueue): QueuedMail | null {
  checkMail(db, settings.contacts, mail);
  const messageId = newMessageId(settings.messageIdDomain, mail.at);
  const toName = mail.to.name?.trim() || null;
  // A submitter's address and what the bureau tells them are personal data: sealed at rest until
  // the mail is sent (then cleared); the row shows only the masked address.
  const sealed = mail.audience === 'submitter';
  const id = insertOutboxMail(db, {
    kind: mail.kind,
    audience: mail.audience,
    toAddress: sealed ? maskAddress(mail.to.address) : mail.to.address,
    toName: sealed ? null : toName,
    subject: mail.content.subject,
    bodyText: sealed ? SEALED_MAIL_BODY : mail.content.text,
    bodyHtml: sealed ? null : mail.content.html,
    sealedMessage: sealed ? sealMessage(settings.contacts, { to: { address: mail.to.address, name: toName }, text: mail.content.text, html: mail.content.html }) : null,
    messageId,
    dedupeKey: mail.dedupeKey ?? null,
    feedbackId: mail.feedbackId ?? null,
    at: mail.at,
  });
  return id === null ? null : { id, messageId };
}

/**
 * Mails to submitters written before mails were sealed (migration 007): one not yet sent is
 * sealed, one sent has its content cleared. Idempotent; run at start.
 */
export function sealUnsealedSubmitterMails(db: Db, contacts: ContactVault, now: Date): { sealed: number; cleared: number } {
  return db
    .transaction(() => {
      const at = now.toISOString();
      let sealed = 0;
      let cleared = 0;
      for (const row of unsealedSubmitterMails(db)) {
        if (row.status === 'sent') {
          sealSubmitterMail(db, row.id, { toAddress: maskAddress(row.to_address), bodyText: CLEARED_MAIL_BODY, sealedMessage: null, at });
          cleared += 1;
        } else {
          const sealedMessage = sealMessage(contacts, { to: { address: row.to_address, name: row.to_name }, text: row.body_text, html: row.body_html });
          sealSubmitterMail(db, row.id, { toAddress: maskAddress(row.to_address), bodyText: SEALED_MAIL_BODY, sealedMessage, at });
          sealed += 1;
        }
      }
      return { sealed, cleared };
    })
    .immediate();
}
