// Password hashing (scrypt from node:crypto) and the password policy. No HTTP, no database.
import { randomBytes, scrypt as scryptCallback, type ScryptOptions, timingSafeEqual } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { COMMON_PASSWORDS } from './common-passwords.ts';

export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP's Password Storage Cheat Sheet lists N=2^17 r=8 p=1 and N=2^15 r=8 p=3 as equal in
 * strength. The second needs 32 MiB per hash instead of 128 MiB: on a small bureau server a burst
 * of sign-ins (four at once on libuv's thread pool) then costs 128 MiB, not half a gigabyte.
 * Raising these later is safe: hashes carry their parameters and are upgraded at the next sign-in.
 */
export const CURRENT_SCRYPT: Readonly<ScryptParameters> = Object.freeze({ N: 2 ** 15, r: 8, p: 3 });

export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any pass phrase; short enough that hashing cannot be used to burn CPU. */
export const PASSWORD_MAX_LENGTH = 128;

const SALT_BYTES = 16;
const HASH_BYTES = 32;

/**
 * Published once per scrypt computation (the parameters, never the password): a sign-in's tests
 * count the work done for an unknown name, a wrong password and a deactivated account. Costs
 * nothing while no one subscribes.
 */
export const PASSWORD_HASH_CHANNEL = diagnostics.channel('zuofeng-portal:password-hash');

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  if (PASSWORD_HASH_CHANNEL.hasSubscribers) PASSWORD_HASH_CHANNEL.publish({ N: options.N, r: options.r, p: options.p });
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function scryptOptions({ N, r, p }: ScryptParameters): ScryptOptions {
  // Node refuses by default above 32 MiB; allow what the parameters need plus headroom.
  return { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
}

/** `scrypt$N$r$p$salt$hash` with salt and hash in base64url: the parameters travel with the hash. */
export async function hashPassword(password: string, parameters: ScryptParameters = CURRENT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scrypt(password, salt, HASH_BYTES, scryptOptions(parameters));
  return ['scrypt', parameters.N, parameters.r, parameters.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

interface ParsedHash extends ScryptParameters {
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64url');
  const hash = Buffer.from(parts[5]!, 'base64url');
  const sane = [N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) && N <= 2 ** 20 && r <= 32 && p <= 16;
  if (!sane || salt.length < 8 || hash.length < 16) return null;
  return { N, r, p, salt, hash };
}

export interface PasswordCheck {
  ok: boolean;
  /** True when the stored hash used weaker parameters than CURRENT_SCRYPT: hash again and store. */
  needsRehash: boolean;
}

/** Constant-time comparison; an unreadable stored hash simply does not match. */
export async function verifyPassword(password: string, stored: string): Promise<PasswordCheck> {
  const parsed = parseHash(stored);
  if (!parsed) {
    await burnPasswordCheck(password);
    return { ok: false, needsRehash: false };
  }
  const candidate = await scrypt(password, parsed.salt, parsed.hash.length, scryptOptions(parsed));
  const ok = timingSafeEqual(candidate, parsed.hash);
  const needsRehash = parsed.N < CURRENT_SCRYPT.N || parsed.r < CURRENT_SCRYPT.r || parsed.p < CURRENT_SCRYPT.p;
  return { ok, needsRehash: ok && needsRehash };
}

const DUMMY_SALT = randomBytes(SALT_BYTES);

/**
 * The same work as checking a real password, for a sign-in with an unknown user name, so the
 * answer's timing does not tell whether the account exists.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  await scrypt(password, DUMMY_SALT, HASH_BYTES, scryptOptions(CURRENT_SCRYPT));
}

// ---------------------------------------------------------------------------------------------
// Policy (ASVS 5.0 §6.2): length at least 12, any characters allowed, no composition rules, and a
// refusal of passwords that are common or made mostly of predictable parts.

// Rows and runs people type instead of a password. Each is also tried reversed.
const SEQUENCES = [
  '01234567890',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'qazwsxedcrfvtgbyhnujmikolp',
  '1q2w3e4r5t6y7u8i9o0p',
  'qaswdefrgthyjukilo',
  '147258369',
  '789456123',
  '159357',
  '!@#$%^&*()_+',
];
const RUN_MIN = 4;
const RUNS = SEQUENCES.flatMap((sequence) => [sequence, [...sequence].reverse().join('')]);

// Look-alike substitutions (p@ssw0rd): the common-password check also runs on the "unleeted" text.
const LEET: Record<string, string> = { '@': 'a', '4': 'a', '3': 'e', '0': 'o', '1': 'i', '!': 'i', $: 's', '5': 's', '7': 't' };

/** What must remain once the predictable parts are taken out. */
const MIN_UNPREDICTABLE = 6;

const COMMON_BY_LENGTH = [...new Set(COMMON_PASSWORDS.map((word) => word.toLowerCase()))]
  .filter((word) => word.length >= RUN_MIN)
  .sort((a, b) => b.length - a.length);
const COMMON_SET = new Set(COMMON_PASSWORDS.map((word) => word.toLowerCase()));

function removeCommonWords(text: string): string {
  let rest = text;
  for (const word of COMMON_BY_LENGTH) if (rest.includes(word)) rest = rest.split(word).join('');
  return rest;
}

/** Removes every stretch of RUN_MIN or more characters that follows a keyboard row or sequence. */
function removeRuns(text: string): string {
  const keep = new Array<boolean>(text.length).fill(true);
  for (let start = 0; start < text.length; start++) {
    let longest = 0;
    for (const run of RUNS) {
      const at = run.indexOf(text[start]!);
      if (at < 0) continue;
      let length = 1;
      while (start + length < text.length && run[at + length] === text[start + length]) length++;
      longest = Math.max(longest, length);
    }
    if (longest >= RUN_MIN) keep.fill(false, start, start + longest);
  }
  return text.split('').filter((_, index) => keep[index]).join('');
}

/** Collapses a repeated unit of up to four characters ("aaaa", "abab", "5201 5201") to one copy. */
function collapseRepeats(text: string): string {
  return text.replace(/(.{1,4}?)\1+/gu, '$1');
}

function unpredictablePart(text: string, username: string): string {
  let rest = username.length >= 3 ? text.split(username).join('') : text;
  rest = removeCommonWords(rest);
  // Years are the usual suffix ("…2024!").
  rest = rest.replace(/(19|20)\d\d/g, '');
  rest = removeRuns(rest);
  rest = collapseRepeats(rest);
  return rest;
}

export interface PasswordContext {
  username?: string;
}

/** Null when the password is acceptable; otherwise the reason, in Chinese, for the person typing it. */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`;
  if (length > PASSWORD_MAX_LENGTH) return `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`;
  if (/[\u0000-\u001F\u007F]/.test(password)) return '密码不能包含换行等控制字符';
  const lower = password.normalize('NFKC').toLowerCase();
  const username = (context.username ?? '').normalize('NFKC').toLowerCase();
  if (username.length >= 3 && lower.includes(username)) return '密码不能包含用户名';
  const unleeted = [...lower].map((character) => LEET[character] ?? character).join('');
  const compact = lower.replace(/[\s._-]/g, '');
  if ([lower, unleeted, compact].some((candidate) => COMMON_SET.has(candidate))) return '这是最常见的密码之一，很容易被猜中，请换一个';
  const weakest = Math.min(...[lower, unleeted, compact].map((candidate) => [...unpredictablePart(candidate, username)].length));
  if (weakest < MIN_UNPREDICTABLE) {
    return '密码过于简单：主要由常用密码、键盘连续字符（如 qwerty、123456）或重复字符组成，请换一个更难猜的密码，例如几个不相关的词加数字';
  }
  return null;
}
