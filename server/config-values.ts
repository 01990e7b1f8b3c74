// The parsers of single settings that server/config.ts composes into its one schema: flags,
// the proxy trust, the secret key, the digest time, the SMTP URL. No process.env here.
import { z } from 'zod';

/**
 * false: X-Forwarded-For is ignored. A number: that many proxies in front of the server are
 * trusted, whatever their address. Addresses/CIDRs: only a peer with one of these addresses.
 */
export type TrustProxy = false | number | string[];

export const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const PROXY_NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
const proxyAddress = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(PROXY_NAMED_RANGES)]);

/**
 * Which proxies may tell us the client's address (X-Forwarded-For): none, a number of hops, or
 * the proxies' own addresses. "true" (trust every hop) is refused: it lets any client choose its
 * own address and so escape the per-address limits.
 */
export const trustProxySetting = z.string().transform((raw, context): TrustProxy => {
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
export const optionalLine = z.string().transform((value) => (value.trim().toLowerCase() === 'none' ? '' : value));

export const SECRET_KEY_BYTES = 32;
export const GENERATE_KEY_COMMAND = `node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"`;
export const KEY_FORMAT = `must be ${SECRET_KEY_BYTES} random bytes written as 64 hex characters or in base64; generate one with: ${GENERATE_KEY_COMMAND}`;

/** Parses a key written as 64 hex characters or as base64 (standard or URL-safe) of 32 bytes. */
export function parseSecretKey(text: string): Buffer | null {
  const value = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)) key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== SECRET_KEY_BYTES) return null;
  // A placeholder such as 000…0 or fff…f is not a key.
  if (key.every((byte) => byte === key[0])) return null;
  return key;
}

export const digestTime = z.string().regex(/^(off|([01]\d|2[0-3]):[0-5]\d)$/, { error: 'must be HH:MM (24-hour, Asia/Shanghai) or off' });

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
export const smtpUrl = z.string().transform((value, context): SmtpSettings => {
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

