// How a text message leaves the portal: through the bureau's SMS provider over HTTP (SMS_API_URL),
// or, with none configured, as a text file under data/sms-outbox/ (the demo; the file stands for
// the message and is deleted with the contact details).
//
// The HTTP request has the shape of the SendSms APIs of Chinese providers (阿里云 and those that
// copy it): PhoneNumbers, SignName, TemplateCode, TemplateParam (a JSON string), OutId; the answer
// { Code: "OK", Message, BizId }. It is a JSON POST signed with HMAC-SHA256 over the timestamp,
// a nonce and the body (headers below), which a provider's relay or an SMS gateway appliance can
// check; a provider with its own signature scheme needs a small relay or another adapter here.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { PROJECT_ROOT, type SmsGatewaySettings } from '../config.ts';

export interface OutgoingSms {
  /** The outbox row's id: OutId for the provider, the file name for the file transport. */
  id: number;
  phone: string;
  templateParams: Record<string, string>;
  /** What the template makes of the parameters (for the file transport and the logs' length). */
  text: string;
}

export interface SmsSendResult {
  /** The provider's BizId, or the file written. */
  reference: string;
}

/** Why a message was not sent: `permanent` when trying again cannot help (a number the provider refuses). */
export class SmsSendError extends Error {
  override name = 'SmsSendError';
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.permanent = permanent;
  }
}

export interface SmsTransport {
  /** For people: the gateway's address and key id, or the folder; never a secret. */
  readonly description: string;
  send(message: OutgoingSms): Promise<SmsSendResult>;
}

/** Well under the worker's claim lease, so an attempt always ends before its claim expires. */
export const SMS_REQUEST_TIMEOUT_MS = 15_000;

/** Provider codes that say this number will never get the message. Anything else is tried again. */
const PERMANENT_CODES = new Set(['isv.MOBILE_NUMBER_ILLEGAL', 'isv.MOBILE_COUNT_OVER_LIMIT', 'isv.BLACK_KEY_CONTROL_LIMIT', 'isv.AMOUNT_NOT_ENOUGH_PERMANENT']);

/** A provider may echo the number in its message: any run of seven or more digits is masked. */
export function maskDigits(text: string): string {
  return text.replace(/\+?\d[\d -]{5,}\d/g, (run) => (run.replace(/\D/g, '').length >= 7 ? '***' : run));
}

/** The signature the gateway checks: base64 HMAC-SHA256 of "timestamp\nnonce\nbody" under the secret. */
export function smsSignature(secret: string, timestamp: string, nonce: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${body}`).digest('base64');
}

export function createHttpSmsTransport(settings: SmsGatewaySettings, options: { timeoutMs?: number; now?: () => Date } = {}): SmsTransport {
  const timeoutMs = options.timeoutMs ?? SMS_REQUEST_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());
  return {
    description: `SMS gateway ${settings.display}`,
    async send(message) {
      const body = JSON.stringify({
        PhoneNumbers: message.phone,
        SignName: settings.signName,
        TemplateCode: settings.templateId,
        TemplateParam: JSON.stringify(message.templateParams),
        OutId: String(message.id),
      });
      const timestamp = now().toISOString();
      const nonce = randomBytes(12).toString('hex');
      let response: Response;
      try {
        response = await fetch(settings.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'x-sms-access-key-id': settings.accessKeyId,
            'x-sms-timestamp': timestamp,
            'x-sms-nonce': nonce,
            'x-sms-signature': smsSignature(settings.accessKeySecret, timestamp, nonce, body),
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        const what = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : `${cause ?? (error as Error).message}`;
        throw new SmsSendError(maskDigits(`gateway unreachable: ${what}`), false);
      }
      const text = await response.text().catch(() => '');
      let answer: { Code?: unknown; Message?: unknown; BizId?: unknown } = {};
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        // not JSON: described by the status below
      }
      const code = typeof answer.Code === 'string' ? answer.Code : null;
      if (response.ok && code === 'OK') return { reference: typeof answer.BizId === 'string' ? answer.BizId : `OutId ${message.id}` };
      const detail = maskDigits(`HTTP ${response.status}${code ? ` ${code}` : ''}${typeof answer.Message === 'string' ? ` ${answer.Message}` : text ? ` ${text.slice(0, 200)}` : ''}`);
      throw new SmsSendError(detail.replace(/\s+/g, ' ').trim(), code !== null && PERMANENT_CODES.has(code));
    },
  };
}

/** The file of a message written by the file transport (deleted when its opinion's contact details go). */
export function smsFileName(id: number): string {
  return `sms-${id}.txt`;
}

/** No gateway: each message as a text file, written atomically (a repeat after a crash replaces it). */
export function createFileSmsTransport(dir: string, signName: string): SmsTransport {
  return {
    description: `files in ${relative(PROJECT_ROOT, dir) || dir}`,
    async send(message) {
      await mkdir(dir, { recursive: true, mode: 0o750 });
      const path = join(dir, smsFileName(message.id));
      const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
      const file = await open(temporary, 'w', 0o640);
      try {
        await file.writeFile(`To: ${message.phone}\nSign: ${signName}\nParams: ${JSON.stringify(message.templateParams)}\n\n【${signName}】${message.text}\n`);
        await file.sync();
      } finally {
        await file.close();
      }
      try {
        await rename(temporary, path);
      } catch (error) {
        await unlink(temporary).catch(() => {});
        throw error;
      }
      return { reference: relative(PROJECT_ROOT, path) };
    },
  };
}

export function createSmsTransport(config: { gateway: SmsGatewaySettings | null; outboxDir: string }, bureauName: string): SmsTransport {
  return config.gateway ? createHttpSmsTransport(config.gateway) : createFileSmsTransport(config.outboxDir, bureauName);
}
