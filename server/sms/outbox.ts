// The one way into the SMS outbox, called inside the transaction of the event (the reply released),
// so the message and the event commit together. Only for a submitter who gave a mobile number and
// no e-mail address (with an address, the reply itself goes by mail). The message carries nothing
// personal: that an answer is waiting, and where to look with the tracking code they were given.
import type { Db } from '../../db/open.ts';
import type { FeedbackRecord } from '../../db/queries/feedback-records.ts';
import { insertSms } from '../../db/queries/sms.ts';
import type { ContactVault } from '../actions/contact-details.ts';

export interface SmsSettings {
  publicBaseUrl: string;
  contacts: ContactVault;
}

/** The template's parameters and the text they make (the template the bureau registers with its provider). */
export function replyReadySms(publicBaseUrl: string): { params: Record<string, string>; text: string } {
  const url = `${publicBaseUrl}/track/`;
  return { params: { url }, text: `您反映的意见已有答复，请凭查询码到 ${url} 查看。` };
}

/** A mainland mobile number (11 digits from 1), from what a person typed: spaces, dashes, +86. */
export function mobileNumber(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** Queues the "answer waiting" message when the submitter has a mobile number and no address; true when queued. */
export function enqueueReplyReadySms(db: Db, settings: SmsSettings, record: FeedbackRecord, at: string): boolean {
  if (record.is_anonymous === 1 || record.contact_email !== null || record.contact_phone === null) return false;
  const phone = mobileNumber(settings.contacts.open(record).phone ?? '');
  if (phone === null) return false;
  const { params, text } = replyReadySms(settings.publicBaseUrl);
  return (
    insertSms(db, {
      kind: 'reply_ready',
      feedbackId: record.id,
      sealedPhone: settings.contacts.sealText(phone),
      templateParams: JSON.stringify(params),
      bodyText: text,
      at,
    }) !== null
  );
}
