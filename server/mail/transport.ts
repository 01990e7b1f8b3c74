// How a mail leaves the portal: through an SMTP server from SMTP_URL, or, with none configured,
// as an .eml file under data/outbox/ (nodemailer's stream transport renders the exact message an
// SMTP server would get). Files are named by Message-ID and written atomically (temporary file,
// fsync, rename), so a repeat after a crash replaces the file instead of adding a second one.
import { mkdir, open, rename } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Transporter } from 'nodemailer';
import type { MailConfig } from '../config.ts';
import type { SmtpSettings } from '../config-values.ts';
import { PROJECT_ROOT } from '../config.ts';
import type { Mailbox } from './address.ts';

export interface OutgoingMail {
  from: Mailbox;
  to: Mailbox;
  subject: string;
  text: string;
  html: string | null;
  /** `<…@…>`, the same on every attempt. */
  messageId: string;
  /** When the event happened; the Date header, the same on every attempt. */
  date: Date;
}

export interface SendResult {
  /** The server's answer ("250 OK …") or the file written. */
  response: string;
}

export interface MailTransport {
  /** For people: "SMTP smtps://user@host:465" or "files in data/outbox"; never a password. */
  readonly description: string;
  send(mail: OutgoingMail): Promise<SendResult>;
  /** Checks the connection and login (SMTP) or that the folder is writable (files). */
  verify(): Promise<void>;
  close(): void;
}

/** Automatic mails say so (RFC 3834), and ask Exchange not to send out-of-office replies. */
const AUTOMATIC_HEADERS = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };

function message(mail: OutgoingMail) {
  return {
    from: { name: mail.from.name ?? '', address: mail.from.address },
    to: { name: mail.to.name ?? '', address: mail.to.address },
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    messageId: mail.messageId,
    date: mail.date,
    headers: AUTOMATIC_HEADERS,
    // Mails carry no attachments: nothing is ever read from a path or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

type Nodemailer = typeof import('nodemailer').default;

/**
 * The transporter, made at the first mail sent or checked: nodemailer (about 5 MB resident) is
 * loaded then, not when the server starts, as most of the server's life passes without a mail.
 */
function onFirstUse<Info>(make: (nodemailer: Nodemailer) => Transporter<Info>): { get: () => Promise<Transporter<Info>>; close: () => void } {
  let made: Promise<Transporter<Info>> | null = null;
  return {
    get: () => (made ??= import('nodemailer').then(({ default: nodemailer }) => make(nodemailer))),
    close: () => void made?.then((transporter) => transporter.close()),
  };
}

/** Timeouts well under the worker's claim lease, so an attempt always ends before its claim expires. */
export const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 } as const;

export function createSmtpTransport(smtp: SmtpSettings): MailTransport {
  const transporter = onFirstUse((nodemailer) => nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTLS,
    ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.pass } } : {}),
    tls: { rejectUnauthorized: smtp.rejectUnauthorized },
    ...SMTP_TIMEOUTS,
    // nodemailer's own logger prints addresses; the worker logs what it needs.
    logger: false,
    debug: false,
  }));
  return {
    description: `SMTP ${smtp.display}${smtp.secure ? ' (TLS)' : smtp.requireTLS ? ' (STARTTLS required)' : ' (STARTTLS when offered)'}`,
    async send(mail) {
      const info = await (await transporter.get()).sendMail(message(mail));
      return { response: String(info.response ?? '') };
    },
    async verify() {
      await (await transporter.get()).verify();
    },
    close() {
      transporter.close();
    },
  };
}

/** A Message-ID as a file name: `<zfzg.x.y@example.edu.cn>` → `zfzg.x.y@example.edu.cn.eml`. */
export function emlFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9@._-]/g, '_')}.eml`;
}

/**
 * Writes a mail file whole or not at all: a temporary file, flushed to disk, then renamed. Through
 * libuv's threads, so a queue of mails never holds up the answers to the people being served.
 */
async function writeFileAtomically(path: string, content: Buffer): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, 'w', 0o600);
  try {
    await file.writeFile(content);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

export function createFileTransport(dir: string): MailTransport {
  const transporter = onFirstUse((nodemailer) => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }));
  const shown = relative(PROJECT_ROOT, dir).startsWith('..') ? dir : relative(PROJECT_ROOT, dir);
  return {
    description: `files in ${shown}`,
    async send(mail) {
      const info = await (await transporter.get()).sendMail(message(mail));
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, emlFileName(mail.messageId));
      await writeFileAtomically(file, info.message as Buffer);
      return { response: `written ${emlFileName(mail.messageId)}` };
    },
    async verify() {
      await mkdir(dir, { recursive: true, mode: 0o700 });
    },
    close() {},
  };
}

/** SMTP when SMTP_URL is set; otherwise .eml files under data/outbox/. */
export function createMailTransport(config: MailConfig): MailTransport {
  return config.smtp ? createSmtpTransport(config.smtp) : createFileTransport(config.outboxDir);
}
