// The one place that reads process.env. Every setting is parsed by one zod schema at start-up;
// a bad value stops the process with a message naming each offending variable.
import { resolve } from 'node:path';
import { z } from 'zod';
import { type Mailbox, parseMailbox } from './mail/address.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

// A footer line the bureau may not have: the word "none" hides it (an empty value means "default").
const optionalLine = z.string().transform((value) => (value.trim().toLowerCase() === 'none' ? '' : value));

const digestTime = z.string().regex(/^(off|([01]\d|2[0-3]):[0-5]\d)$/, { error: 'must be HH:MM (24-hour, Asia/Shanghai) or off' });

/** An SMTP server to send through; the password never appears in `display`. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** smtps://: TLS from the first byte (port 465). smtp://: STARTTLS when offered (587 or 25). */
  secure: boolean;
  /** smtp:// only: refuse to send unless the server upgrades with STARTTLS. */
  requireTLS: boolean;
  /** false accepts a self-signed certificate (an intranet relay); true by default. */
  rejectUnauthorized: boolean;
  auth: { user: string; pass: string } | null;
  /** smtps://user@host:465, for messages and logs. */
  display: string;
}

const SMTP_QUERY_FLAGS = ['requireTLS', 'tls.rejectUnauthorized'] as const;

/** Parses SMTP_URL: smtp[s]://[user[:password]@]host[:port][?requireTLS=true][&tls.rejectUnauthorized=false]. */
const smtpUrl = z.string().transform((value, context): SmtpSettings => {
  const fail = (message: string) => {
    context.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('must be a URL such as smtps://user:password@smtp.example.edu.cn:465 or smtp://smtp.example.edu.cn:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return fail('must start with smtp:// (STARTTLS) or smtps:// (TLS)');
  if (url.hostname === '') return fail('needs a host name, e.g. smtps://smtp.example.edu.cn:465');
  if (url.pathname !== '' && url.pathname !== '/') return fail('must not have a path; put options after ?');
  const flags: Record<string, boolean> = {};
  for (const [key, flag] of url.searchParams) {
    if (!(SMTP_QUERY_FLAGS as readonly string[]).includes(key)) return fail(`unknown option "${key}"; allowed: ${SMTP_QUERY_FLAGS.join(', ')}`);
    if (flag !== 'true' && flag !== 'false') return fail(`option ${key} must be true or false`);
    flags[key] = flag === 'true';
  }
  const secure = url.protocol === 'smtps:';
  if (secure && flags.requireTLS !== undefined) return fail('requireTLS is for smtp:// (STARTTLS); smtps:// is TLS already');
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(url.username);
    pass = decodeURIComponent(url.password);
  } catch {
    return fail('the user name or password has a broken %-escape; write @ as %40, : as %3A, % as %25');
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    requireTLS: flags.requireTLS ?? false,
    rejectUnauthorized: flags['tls.rejectUnauthorized'] ?? true,
    auth: user === '' ? null : { user, pass },
    display: `${url.protocol}//${url.username === '' ? '' : `${url.username}@`}${url.host}`,
  };
});

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_PATH: z.string().min(1).optional(),
  SITE_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: booleanFlag.default(false),
  SEED_DEMO: booleanFlag.default(true),
  NIGHTLY_REBUILD_TIME: z
    .union([z.literal('off'), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM (24-hour, Asia/Shanghai) or off' })])
    .default('02:30'),
  FEEDBACK_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(100000).default(30),
  BUREAU_NAME: z.string().min(1).default('示例县教育局'),
  SITE_HOST_UNIT: z.string().min(1).optional(),
  SITE_CODE: optionalLine.default('0000000000'),
  SITE_ICP: z.string().default('示ICP备00000000号'),
  SITE_PSB: optionalLine.default('示公网安备00000000000000号'),
  BUREAU_ADDRESS: z.string().default('示例县人民路1号'),
  BUREAU_PHONE: z.string().default('0000-12345678'),
  BUREAU_EMAIL: z.string().default('zfzg@example.edu.cn'),
  BUREAU_OFFICE_HOURS: z.string().default('工作日 8:30—12:00，14:30—17:30'),
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: z
    .string()
    .refine((value) => parseMailbox(value) !== null, { error: 'must be one address, optionally with a name: "示例县教育局" <noreply@example.edu.cn>' })
    .optional(),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  MAIL_DIGEST_TIME: digestTime.default('08:30'),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be the public address of the site, e.g. https://zfzg.example.edu.cn' })
    .refine((value) => !/[?#]/.test(value), { error: 'must not have a query or fragment' })
    .transform((value) => value.replace(/\/+$/, ''))
    .default('http://localhost:4321'),
});

export interface BureauSettings {
  name: string;
  hostUnit: string;
  siteCode: string;
  icp: string;
  psb: string;
  address: string;
  phone: string;
  email: string;
  officeHours: string;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databasePath: string;
  /** Holds builds/<id>/ and the `current` symlink that is served. */
  siteDir: string;
  logLevel: string;
  trustProxy: boolean;
  seedDemo: boolean;
  /** HH:MM Asia/Shanghai for the in-process nightly rebuild, or null when off (cron/systemd does it). */
  nightlyRebuildTime: string | null;
  feedbackRateLimitPerHour: number;
  bureau: BureauSettings;
  /** Where the public site lives, for links in mails (the tracking page); no trailing slash. */
  publicBaseUrl: string;
  mail: MailConfig;
}

export interface MailConfig {
  /** null: the embedded default, each mail written as an .eml file under outboxDir. */
  smtp: SmtpSettings | null;
  from: Mailbox;
  /** Attempts before a mail is marked failed (and waits for a manual resend). */
  maxAttempts: number;
  /** HH:MM Asia/Shanghai for the working-day digest (reminders go out from then on too), or null: no digest. */
  digestTime: string | null;
  /** Folder for the .eml files of the embedded default. */
  outboxDir: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // Empty strings in a .env file mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration; fix these environment variables (see .env.example):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(PROJECT_ROOT, e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databasePath: resolve(dataDir, e.DATABASE_PATH ?? 'portal.db'),
    siteDir: resolve(dataDir, e.SITE_DIR ?? 'site'),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    seedDemo: e.SEED_DEMO,
    nightlyRebuildTime: e.NIGHTLY_REBUILD_TIME === 'off' ? null : e.NIGHTLY_REBUILD_TIME,
    feedbackRateLimitPerHour: e.FEEDBACK_RATE_LIMIT_PER_HOUR,
    bureau: {
      name: e.BUREAU_NAME,
      hostUnit: e.SITE_HOST_UNIT ?? e.BUREAU_NAME,
      siteCode: e.SITE_CODE,
      icp: e.SITE_ICP,
      psb: e.SITE_PSB,
      address: e.BUREAU_ADDRESS,
      phone: e.BUREAU_PHONE,
      email: e.BUREAU_EMAIL,
      officeHours: e.BUREAU_OFFICE_HOURS,
    },
    publicBaseUrl: e.PUBLIC_BASE_URL,
    mail: {
      smtp: e.SMTP_URL ?? null,
      from: e.MAIL_FROM ? parseMailbox(e.MAIL_FROM)! : { name: e.BUREAU_NAME, address: 'noreply@localhost' },
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      digestTime: e.MAIL_DIGEST_TIME === 'off' ? null : e.MAIL_DIGEST_TIME,
      outboxDir: resolve(dataDir, 'outbox'),
    },
  };
}
