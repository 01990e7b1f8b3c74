// A real SMTP server on loopback (smtp-server), with every accepted message parsed by mailparser.
// A message counts as received only when the server answers 250: a client that disconnects while
// the server is still deciding (a killed worker) has delivered nothing, as with a real server.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { onTestFinished } from 'vitest';

export interface ReceivedMail {
  /** RCPT TO, as the envelope said it (the real recipients, whatever the headers say). */
  rcptTo: string[];
  mailFrom: string | null;
  messageId: string;
  subject: string;
  text: string;
  html: string;
  /** Every address in the To, Cc and Bcc headers. */
  headerRecipients: string[];
  parsed: ParsedMail;
}

export interface SmtpServerOptions {
  /** Listen on this port (to bring a stopped server back where the worker expects it). */
  port?: number;
  /** Runs before the server answers a message; the number counts messages seen so far (from 1). */
  beforeAccept?: (seen: number, session: SMTPServerSession) => Promise<void> | void;
  /** Answer every message with this SMTP error (e.g. 550) instead of accepting it. */
  rejectWith?: { responseCode: number; message: string };
  /** Require AUTH with this login (plain text on loopback). */
  auth?: { user: string; pass: string };
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Resolves when at least `count` messages were received. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the server has seen the client of this session go away. */
  sessionClosed(sessionId: string): Promise<void>;
  close(): Promise<void>;
  /** Starts again on the same port, keeping `received`. */
  reopen(): Promise<void>;
}

function addresses(value: ParsedMail['to']): string[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((entry) => entry.value.map((address) => address.address ?? '')).filter(Boolean);
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let seen = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let server: SMTPServer;
  let listening = false;
  let port = options.port ?? 0;
  const closed = new Set<string>();
  const closeWaiters = new Map<string, Array<() => void>>();

  const open = () =>
    new Promise<void>((resolve, reject) => {
      server = new SMTPServer({
        logger: false,
        disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
        authOptional: !options.auth,
        allowInsecureAuth: true,
        onAuth(auth, _session, callback) {
          if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) return callback(null, { user: auth.username });
          return callback(new Error('535 authentication failed'));
        },
        onClose(session) {
          closed.add(session.id);
          for (const resolve of closeWaiters.get(session.id) ?? []) resolve();
          closeWaiters.delete(session.id);
        },
        onData(stream, session, callback) {
          seen += 1;
          const number = seen;
          simpleParser(stream)
            .then(async (parsed) => {
              await options.beforeAccept?.(number, session);
              if (closed.has(session.id)) return callback(new Error('client went away before the answer'));
              if (options.rejectWith) {
                const error = new Error(options.rejectWith.message) as Error & { responseCode: number };
                error.responseCode = options.rejectWith.responseCode;
                return callback(error);
              }
              received.push({
                rcptTo: session.envelope.rcptTo.map((address) => address.address),
                mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                messageId: parsed.messageId ?? '',
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                headerRecipients: [...addresses(parsed.to), ...addresses(parsed.cc), ...addresses(parsed.bcc)],
                parsed,
              });
              for (const waiter of waiters.filter((entry) => received.length >= entry.count)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve();
              }
              callback();
            })
            .catch((error: Error) => callback(error));
        },
      });
      server.on('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.server.address() as AddressInfo).port;
        listening = true;
        resolve();
      });
    });

  const close = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
    });
  await open();
  onTestFinished(() => close());
  return {
    get port() {
      return port;
    },
    received,
    sessionClosed(sessionId) {
      if (closed.has(sessionId)) return Promise.resolve();
      return new Promise<void>((resolve) => closeWaiters.set(sessionId, [...(closeWaiters.get(sessionId) ?? []), resolve]));
    },
    waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`waited ${timeoutMs} ms for ${count} mails; got ${received.length}`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close,
    reopen: open,
  };
}
