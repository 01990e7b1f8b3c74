// The one place that reads process.env. Every setting is parsed by one zod schema at start-up;
// a bad value stops the process with a message naming each offending variable.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { BureauProfile } from './domain/bureau-profile.ts';
import { bureauProfilePath, type BureauSettings, readBureauProfile } from './bureau-profile-file.ts';
import { booleanFlag, digestTime, GENERATE_KEY_COMMAND, KEY_FORMAT, optionalLine, parseSecretKey, type SmtpSettings, smtpUrl, type TrustProxy, trustProxySetting } from './config-values.ts';
import { defaultItemCodePattern, type ItemCodePattern, parseItemCodePattern } from './domain/item-code-pattern.ts';
import { type Mailbox, parseMailbox } from './mail/address.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_PATH: z.string().min(1).optional(),
  SITE_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['file', 'json'], { error: 'must be file (JSON lines to LOG_FILE, a quiet console) or json (JSON lines on standard output, for systemd)' }).default('file'),
  LOG_FILE: z.string().min(1).optional(),
  TRUST_PROXY: trustProxySetting.default(false),
  SEED_DEMO: booleanFlag.default(true),
  NIGHTLY_REBUILD_TIME: z
    .union([z.literal('off'), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM (24-hour, Asia/Shanghai) or off' })])
    .default('02:30'),
  REBUILD_AFTER_PUBLICATION_SECONDS: z
    .union([z.literal('off'), z.coerce.number({ error: 'must be a number of seconds (0–86400) or off' }).int().min(0).max(86_400)])
    .default(180),
  FEEDBACK_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(100000).default(30),
  LOGIN_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(100000).default(60),
  FEEDBACK_PLAIN_FORM_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(100000).default(5),
  TRACKING_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(100000).default(60),
  TRACKING_CODE_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(100000).default(20),
  CONTACT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  MIN_FREE_SPACE_MB: z.coerce.number().int().min(0).max(1_000_000).default(200),
  // As SITE_MEMORY_BUDGET_BYTES (server/site-memory.ts; server/decisions/032).
  SITE_MEMORY_MB: z.coerce.number().int().min(0).max(1024).default(6),
  BACKUP_DIR: z.string().min(1).default('backups'),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(14),
  LEDGER_CODE_PATTERN: z
    .string()
    .transform((value, context) => {
      const parsed = parseItemCodePattern(value);
      if (parsed.ok) return parsed.pattern;
      context.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    })
    .optional(),
  SECRET_KEY: z
    .string()
    .transform((value, context) => {
      const key = parseSecretKey(value);
      if (key) return key;
      context.addIssue({ code: 'custom', message: KEY_FORMAT });
      return z.NEVER;
    })
    .optional(),
  SECRET_KEY_FILE: z.string().min(1).optional(),
  // The bureau profile file (see "Bureau profile" in server/CONFIGURATION.md), and the older
  // variables that still override single fields of it.
  BUREAU_PROFILE: z.string().min(1).optional(),
  BUREAU_NAME: z.string().min(1).optional(),
  SITE_HOST_UNIT: z.string().min(1).optional(),
  SITE_CODE: optionalLine.optional(),
  SITE_ICP: z.string().optional(),
  SITE_PSB: optionalLine.optional(),
  BUREAU_ADDRESS: z.string().optional(),
  BUREAU_PHONE: z.string().optional(),
  BUREAU_EMAIL: z.string().optional(),
  BUREAU_OFFICE_HOURS: z.string().optional(),
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: z
    .string()
    .refine((value) => parseMailbox(value) !== null, { error: 'must be one address, optionally with a name: "示例县教育局" <noreply@example.edu.cn>' })
    .optional(),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  MAIL_DIGEST_TIME: digestTime.default('08:30'),
  SMS_API_URL: z.url({ protocol: /^https?$/, error: 'must be the SMS gateway\'s HTTP(S) address, e.g. https://sms.example.com/api/send' }).optional(),
  SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
  SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  SMS_TEMPLATE_ID: z.string().min(1).max(64).optional(),
  SMS_SIGN_NAME: z.string().min(2).max(20).optional(),
  SMS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be the public address of the site, e.g. https://zfzg.example.edu.cn' })
    .refine((value) => !/[?#]/.test(value), { error: 'must not have a query or fragment' })
    .transform((value) => value.replace(/\/+$/, ''))
    .default('http://localhost:4321'),
});


export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databasePath: string;
  /** Holds builds/<id>/ and the `current` symlink that is served. */
  siteDir: string;
  logLevel: string;
  /**
   * file: the server's JSON log lines go to logFile and the console shows one line a step, plus
   * warnings and errors as plain lines. json: JSON lines on standard output (systemd's journal).
   */
  logFormat: 'file' | 'json';
  /** Where the JSON log lines go when logFormat is file (default <DATA_DIR>/logs/portal.log). */
  logFile: string;
  trustProxy: TrustProxy;
  seedDemo: boolean;
  /** HH:MM Asia/Shanghai for the in-process nightly rebuild, or null when off (cron/systemd does it). */
  nightlyRebuildTime: string | null;
  /** Seconds of quiet after a publication before the site is rebuilt, or null: only nightly and by hand. */
  rebuildAfterPublicationSeconds: number | null;
  feedbackRateLimitPerHour: number;
  /** Sign-in attempts (password, second factor) one client address may make per hour. */
  loginRateLimitPerHour: number;
  /** Opinions sent without JavaScript (no proof of work, screened by hand) per client address per hour. */
  plainFormRateLimitPerHour: number;
  /** Tracking-page requests (look up, rate, withdraw) per client address per hour. */
  trackingRateLimitPerHour: number;
  /** Tracking-page requests naming one tracking code per hour, from anywhere: secrets cannot be guessed. */
  trackingCodeRateLimitPerHour: number;
  /** Contact details are deleted this many days after the opinion was closed. */
  contactRetentionDays: number;
  /** The codes the ledger import gives rows of a sheet without a 编号 column (LEDGER_CODE_PATTERN). */
  ledgerCodePattern: ItemCodePattern;
  /**
   * Below this much free space in the data folder /api/health says degraded and a rebuild does
   * not start (a build needs room for a whole site besides the live one).
   */
  minFreeSpaceBytes: number;
  /** Bytes of the built site's small files the server holds in memory (0: every file from disk). */
  siteMemoryBytes: number;
  /** Where `npm run backup` writes its dated copies (default <DATA_DIR>/backups). */
  backupDir: string;
  /** How many backup copies `npm run backup` keeps (the newest). */
  backupKeep: number;
  /**
   * The 32-byte master key. Never used directly: server/crypto.ts derives one subkey per purpose
   * (deriveKey), so a key for one use reveals nothing about another.
   */
  secretKey: Buffer;
  /** Where the key is read from when SECRET_KEY is not set (default <DATA_DIR>/secret.key). */
  secretKeyFile: string;
  /** Names, column title, contacts, footer numbers and colours (the bureau profile with BUREAU_* overrides). */
  bureau: BureauSettings;
  /** The profile file `bureau` was read from. */
  bureauProfileFile: string;
  /**
   * The variables this config was parsed from (the schema's own, as given), so that a child
   * process such as the site rebuild can parse exactly the same config: see childProcessEnv().
   */
  env: Readonly<Record<string, string>>;
  /** Where the public site lives, for links in mails (the tracking page); no trailing slash. */
  publicBaseUrl: string;
  mail: MailConfig;
  /** Text messages to submitters who gave a phone number and no e-mail address. */
  sms: SmsConfig;
}

/** An HTTP SMS gateway (SMS_API_URL …); the secret never appears in `display`. */
export interface SmsGatewaySettings {
  url: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** The provider's id of the approved template (模板 ID / TemplateCode). */
  templateId: string;
  /** The approved signature (签名), e.g. 示例县教育局. */
  signName: string;
  display: string;
}

export interface SmsConfig {
  /** null: no gateway; each message is written as a text file under outboxDir (the demo). */
  gateway: SmsGatewaySettings | null;
  /** Attempts before a message is marked failed. */
  maxAttempts: number;
  /** Folder for the files of the default (no gateway). */
  outboxDir: string;
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

/**
 * Everything else is valid, only the key is absent (no SECRET_KEY, no key file). `npm start` on a
 * fresh demo clone catches this to create the key file; every other entry point just reports it.
 */
export class MissingSecretKeyError extends ConfigError {
  override name = 'MissingSecretKeyError';
  readonly keyFile: string;
  readonly seedDemo: boolean;
  readonly databasePath: string;
  constructor(message: string, details: { keyFile: string; seedDemo: boolean; databasePath: string }) {
    super(message);
    this.keyFile = details.keyFile;
    this.seedDemo = details.seedDemo;
    this.databasePath = details.databasePath;
  }
}

type KeyFileResult = { key: Buffer } | { missing: string } | { invalid: string };

/** The key from the key file, read when SECRET_KEY is not set. */
function readSecretKeyFile(keyFile: string, keyFileVariable: boolean): KeyFileResult {
  if (!existsSync(keyFile)) {
    return {
      missing:
        `SECRET_KEY: not set, and there is no key file at ${keyFile}${keyFileVariable ? ' (SECRET_KEY_FILE)' : ''}. ` +
        `Set SECRET_KEY to 32 random bytes as 64 hex characters (generate one with: ${GENERATE_KEY_COMMAND}) ` +
        'or put them in that file (readable by the service user only). Keep the key: without it the second-factor secrets cannot be read.',
    };
  }
  let text: string;
  try {
    text = readFileSync(keyFile, 'utf8');
  } catch (error) {
    return { invalid: `SECRET_KEY_FILE: cannot read ${keyFile} (${(error as NodeJS.ErrnoException).code ?? String(error)}); SECRET_KEY is not set either` };
  }
  const key = parseSecretKey(text);
  return key ? { key } : { invalid: `SECRET_KEY (from ${keyFile}): ${KEY_FORMAT}` };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * What is valid but almost certainly wrong for a public site: logged as a warning at start.
 * Production-like means reachable from elsewhere (listening beyond loopback, behind a proxy) or
 * without the demo bureau; there a localhost PUBLIC_BASE_URL would end up in posters' QR codes,
 * feeds, the sitemap, share cards and mails.
 */
export function configWarnings(config: Pick<AppConfig, 'host' | 'trustProxy' | 'seedDemo' | 'publicBaseUrl'>): string[] {
  const productionLike = !LOOPBACK_HOSTS.has(config.host) || config.trustProxy !== false || !config.seedDemo;
  const baseHost = new URL(config.publicBaseUrl).hostname;
  if (productionLike && LOOPBACK_HOSTS.has(baseHost)) {
    return [
      `PUBLIC_BASE_URL is ${config.publicBaseUrl}: posters, feeds, the sitemap, share cards and mails would carry a localhost address. ` +
        'Set PUBLIC_BASE_URL to the site\'s public address, e.g. PUBLIC_BASE_URL=https://zfzg.example.edu.cn, then rebuild the site.',
    ];
  }
  return [];
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // Empty strings in a .env file mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const dataDir = resolve(PROJECT_ROOT, parsed.success ? parsed.data.DATA_DIR : (cleaned.DATA_DIR ?? 'data'));
  const keyFile = resolve(dataDir, cleaned.SECRET_KEY_FILE ?? 'secret.key');
  // The key file is looked at even when other values are bad, so one run lists every problem.
  const fromFile = cleaned.SECRET_KEY === undefined ? readSecretKeyFile(keyFile, cleaned.SECRET_KEY_FILE !== undefined) : null;
  if (fromFile && 'missing' in fromFile) problems.push(fromFile.missing);
  if (fromFile && 'invalid' in fromFile) problems.push(fromFile.invalid);
  const profileFile = bureauProfilePath(dataDir, cleaned.BUREAU_PROFILE);
  const bureau = readBureauProfile(profileFile, parsed.success ? parsed.data : {});
  if ('problems' in bureau) problems.push(...bureau.problems);
  if (parsed.success && parsed.data.SMS_API_URL !== undefined) {
    for (const name of ['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_TEMPLATE_ID', 'SMS_SIGN_NAME'] as const) {
      if (parsed.data[name] === undefined) problems.push(`${name}: required when SMS_API_URL is set (from the SMS provider's console; see .env.example)`);
    }
  }
  if (!parsed.success || problems.length > 0) {
    const message = `Invalid configuration; fix these environment variables (see .env.example) or the bureau profile:\n${problems.map((line) => `  ${line}`).join('\n')}`;
    if (parsed.success && fromFile && 'missing' in fromFile) {
      throw new MissingSecretKeyError(message, {
        keyFile,
        seedDemo: parsed.data.SEED_DEMO,
        databasePath: resolve(dataDir, parsed.data.DATABASE_PATH ?? 'portal.db'),
      });
    }
    throw new ConfigError(message);
  }
  const secretKey = parsed.data.SECRET_KEY ?? (fromFile as { key: Buffer }).key;
  const { profile } = bureau as { profile: BureauProfile };
  const e = parsed.data;
  const ownNames = new Set(Object.keys(envSchema.shape));
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databasePath: resolve(dataDir, e.DATABASE_PATH ?? 'portal.db'),
    siteDir: resolve(dataDir, e.SITE_DIR ?? 'site'),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    logFile: resolve(dataDir, e.LOG_FILE ?? join('logs', 'portal.log')),
    trustProxy: e.TRUST_PROXY,
    seedDemo: e.SEED_DEMO,
    nightlyRebuildTime: e.NIGHTLY_REBUILD_TIME === 'off' ? null : e.NIGHTLY_REBUILD_TIME,
    rebuildAfterPublicationSeconds: e.REBUILD_AFTER_PUBLICATION_SECONDS === 'off' ? null : e.REBUILD_AFTER_PUBLICATION_SECONDS,
    feedbackRateLimitPerHour: e.FEEDBACK_RATE_LIMIT_PER_HOUR,
    loginRateLimitPerHour: e.LOGIN_RATE_LIMIT_PER_HOUR,
    plainFormRateLimitPerHour: e.FEEDBACK_PLAIN_FORM_RATE_LIMIT_PER_HOUR,
    trackingRateLimitPerHour: e.TRACKING_RATE_LIMIT_PER_HOUR,
    trackingCodeRateLimitPerHour: e.TRACKING_CODE_RATE_LIMIT_PER_HOUR,
    contactRetentionDays: e.CONTACT_RETENTION_DAYS,
    minFreeSpaceBytes: e.MIN_FREE_SPACE_MB * 1024 * 1024,
    siteMemoryBytes: e.SITE_MEMORY_MB * 1024 * 1024,
    backupDir: resolve(dataDir, e.BACKUP_DIR),
    backupKeep: e.BACKUP_KEEP,
    ledgerCodePattern: e.LEDGER_CODE_PATTERN ?? defaultItemCodePattern,
    secretKey,
    secretKeyFile: keyFile,
    bureau: profile,
    bureauProfileFile: profileFile,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    mail: {
      smtp: e.SMTP_URL ?? null,
      from: e.MAIL_FROM ? parseMailbox(e.MAIL_FROM)! : { name: profile.name, address: 'noreply@localhost' },
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      digestTime: e.MAIL_DIGEST_TIME === 'off' ? null : e.MAIL_DIGEST_TIME,
      outboxDir: resolve(dataDir, 'outbox'),
    },
    sms: {
      gateway: e.SMS_API_URL
        ? {
            url: e.SMS_API_URL,
            accessKeyId: e.SMS_ACCESS_KEY_ID!,
            accessKeySecret: e.SMS_ACCESS_KEY_SECRET!,
            templateId: e.SMS_TEMPLATE_ID!,
            signName: e.SMS_SIGN_NAME!,
            display: `${new URL(e.SMS_API_URL).origin}${new URL(e.SMS_API_URL).pathname} (key ${e.SMS_ACCESS_KEY_ID})`,
          }
        : null,
      maxAttempts: e.SMS_MAX_ATTEMPTS,
      outboxDir: resolve(dataDir, 'sms-outbox'),
    },
    env: Object.fromEntries(Object.entries(cleaned).filter(([name]) => ownNames.has(name))) as Record<string, string>,
  };
}

/**
 * The environment for a child process that must see this config (the rebuild): the parent's
 * environment without any of our variables, then the ones this config was parsed from, with the
 * resolved paths (which callers may have changed) spelled out.
 */
export function childProcessEnv(config: AppConfig, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const ownNames = new Set(Object.keys(envSchema.shape));
  const inherited = Object.entries(base).filter((entry): entry is [string, string] => entry[1] !== undefined && !ownNames.has(entry[0]));
  return {
    ...Object.fromEntries(inherited),
    ...config.env,
    DATA_DIR: config.dataDir,
    DATABASE_PATH: config.databasePath,
    SITE_DIR: config.siteDir,
  };
}
