// The one place that reads process.env. Every setting is parsed by one zod schema at start-up;
// a bad value stops the process with a message naming each offending variable.
import { resolve } from 'node:path';
import { z } from 'zod';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const PROXY_NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
const proxyAddress = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(PROXY_NAMED_RANGES)]);

/**
 * Which proxies may tell us the client's address (X-Forwarded-For): none, a number of hops, or
 * the proxies' own addresses. "true" (trust every hop) is refused: it lets any client choose its
 * own address and so escape the per-address limits.
 */
const trustProxySetting = z.string().transform((raw, context): TrustProxy => {
  const value = raw.trim().toLowerCase();
  if (['false', 'no', 'off', '0'].includes(value)) return false;
  if (['true', 'yes', 'on'].includes(value)) {
    context.addIssue({
      code: 'custom',
      message:
        'true would trust any X-Forwarded-For a client sends, so clients could choose their own address and escape the rate limits; ' +
        'set the address of the proxy instead (127.0.0.1 for nginx on this machine), or the number of proxies in front of the server (1)',
    });
    return z.NEVER;
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) {
      context.addIssue({ code: 'custom', message: `${hops} proxies in a row is not plausible; set the number of proxies in front of the server (1 for nginx) or their addresses` });
      return z.NEVER;
    }
    return hops;
  }
  const addresses = value.split(',').map((entry) => entry.trim());
  const invalid = addresses.filter((entry) => !proxyAddress.safeParse(entry).success);
  if (invalid.length > 0) {
    context.addIssue({
      code: 'custom',
      message: `not an IP address or CIDR range: ${invalid.map((entry) => JSON.stringify(entry)).join(', ')}; use false, a hop count (1) or the proxy's addresses, e.g. 127.0.0.1,::1`,
    });
    return z.NEVER;
  }
  return addresses;
});

// A footer line the bureau may not have: the word "none" hides it (an empty value means "default").
const optionalLine = z.string().transform((value) => (value.trim().toLowerCase() === 'none' ? '' : value));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_PATH: z.string().min(1).optional(),
  SITE_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: trustProxySetting.default(false),
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

/**
 * false: X-Forwarded-For is ignored. A number: that many proxies in front of the server are
 * trusted, whatever their address. Addresses/CIDRs: only a peer with one of these addresses.
 */
export type TrustProxy = false | number | string[];

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databasePath: string;
  /** Holds builds/<id>/ and the `current` symlink that is served. */
  siteDir: string;
  logLevel: string;
  trustProxy: TrustProxy;
  seedDemo: boolean;
  /** HH:MM Asia/Shanghai for the in-process nightly rebuild, or null when off (cron/systemd does it). */
  nightlyRebuildTime: string | null;
  feedbackRateLimitPerHour: number;
  bureau: BureauSettings;
  /**
   * The variables this config was parsed from (the schema's own, as given), so that a child
   * process such as the site rebuild can parse exactly the same config: see childProcessEnv().
   */
  env: Readonly<Record<string, string>>;
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
  const ownNames = new Set(Object.keys(envSchema.shape));
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
