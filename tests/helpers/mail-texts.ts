// What the mails to submitters say, opened from the outbox as the worker would send them (they are
// sealed at rest until sent; sent ones are cleared and read back from the .eml files).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Db } from '../../db/open.ts';
import type { AppConfig } from '../../server/config.ts';
import { contactVaultFor } from '../../server/actions/contact-details.ts';
import { openMessage } from '../../server/mail/outbox.ts';

/**
 * Sent mails are read back decoded (mailparser): the .eml file holds the body as quoted-printable or
 * base64, so a raw search would miss a text that the worker happened to send before the read.
 */
export async function submitterMailTexts(db: Db, config: AppConfig): Promise<string[]> {
  const contacts = contactVaultFor(config);
  const rows = db.prepare("SELECT subject, sealed_message FROM mail_outbox WHERE audience = 'submitter' AND sealed_message IS NOT NULL").all() as Array<{
    subject: string;
    sealed_message: string;
  }>;
  const texts = rows.map((row) => {
    const message = openMessage(contacts, row.sealed_message);
    return `${message.to.address}\n${row.subject}\n${message.text}\n${message.html ?? ''}`;
  });
  let files: string[] = [];
  try {
    files = readdirSync(config.mail.outboxDir).filter((name) => name.endsWith('.eml'));
  } catch {
    // nothing sent as files
  }
  const sent = await Promise.all(
    files.map(async (name) => {
      const mail = await simpleParser(readFileSync(join(config.mail.outboxDir, name)));
      const to = Array.isArray(mail.to) ? mail.to.map((entry) => entry.text).join(', ') : (mail.to?.text ?? '');
      return `${to}\n${mail.subject ?? ''}\n${mail.text ?? ''}\n${typeof mail.html === 'string' ? mail.html : ''}`;
    }),
  );
  return [...texts, ...sent];
}
