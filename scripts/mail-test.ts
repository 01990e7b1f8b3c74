// Sends one test mail through the configured transport, straight away (not through the outbox),
// and says what happened. Usage: npm run mail-test -- someone@example.edu.cn
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../server/config.ts';
import { isValidAddress } from '../server/mail/address.ts';
import { newMessageId } from '../server/mail/outbox.ts';
import { mailSettings } from '../server/mail/settings.ts';
import { testMail } from '../server/mail/templates.ts';
import { createMailTransport } from '../server/mail/transport.ts';
import { describeSendError } from '../server/mail/worker.ts';

export class MailTestError extends Error {
  override name = 'MailTestError';
}

/** What to try next, for the errors people meet when they first configure SMTP. */
export function hintFor(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'EAUTH') return 'The server refused the login: check the user name and password in SMTP_URL (URL-encode special characters, e.g. @ as %40).';
  if (/ECONNREFUSED/.test(message)) return 'Nothing answered at that host and port: check the host and port in SMTP_URL and that the mail server is running.';
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'The host name in SMTP_URL could not be resolved: check its spelling and the DNS of this machine.';
  if (/certificate|self[- ]signed|CERT_/i.test(message)) {
    return 'The TLS certificate was not accepted: use the server\'s proper host name, or for an intranet relay with its own certificate add ?tls.rejectUnauthorized=false to SMTP_URL.';
  }
  if (/wrong version number|ssl3_get_record|EPROTO/i.test(message)) {
    return 'TLS mismatch: use smtps:// for port 465 (TLS from the start) and smtp:// for ports 587 or 25 (STARTTLS).';
  }
  if (code === 'ETIMEDOUT' || code === 'ECONNECTION' || /timeout/i.test(message)) {
    return 'The connection timed out: a firewall may block the port; try the other port (465 with smtps://, 587 with smtp://).';
  }
  if (code === 'EENVELOPE') return 'The server refused the sender or the recipient: MAIL_FROM must be an address this server may send from.';
  return 'Check SMTP_URL and MAIL_FROM in .env (see .env.example).';
}

export async function sendTestMail(address: string, env: Record<string, string | undefined> = process.env): Promise<string> {
  if (!isValidAddress(address)) throw new MailTestError(`"${address}" is not an e-mail address; usage: npm run mail-test -- someone@example.edu.cn`);
  const config = loadConfig(env);
  const settings = mailSettings(config);
  const transport = createMailTransport(config.mail);
  const at = new Date();
  try {
    const content = testMail(settings, { at: at.toISOString(), transport: transport.description });
    const messageId = newMessageId(settings.messageIdDomain, at.toISOString());
    const result = await transport.send({ from: config.mail.from, to: { address }, ...content, messageId, date: at });
    return `test mail ${messageId} sent via ${transport.description}: ${result.response}`;
  } catch (error) {
    throw new MailTestError(`could not send the test mail via ${transport.description}: ${describeSendError(error).summary}\n${hintFor(error)}`);
  } finally {
    transport.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const address = process.argv[2];
  try {
    if (!address) throw new MailTestError('usage: npm run mail-test -- someone@example.edu.cn');
    console.log(await sendTestMail(address));
  } catch (error) {
    console.error(error instanceof MailTestError || error instanceof ConfigError ? error.message : `mail-test failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
