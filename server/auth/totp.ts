// The second factor: TOTP (RFC 6238: SHA1, 6 digits, 30 s, as every authenticator app expects)
// and one-time recovery codes. No HTTP, no database.
import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** One step either side: a phone clock up to 30 s off still works. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

function totpFor(secretBase32: string, label = 'account', issuer = ''): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** A new 160-bit secret (RFC 4226's recommended size), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The time step a moment falls in. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * The time step the code belongs to, if it is valid within ±TOTP_WINDOW steps of `at` and newer
 * than `lastStep` (a code, once accepted, is never accepted again); otherwise null.
 */
export function matchTotp(secretBase32: string, code: string, at: Date, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: at.getTime(), window: TOTP_WINDOW });
  if (delta === null) return null;
  const step = totpStep(at) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** The code an authenticator shows at `at` (tests, and the demo's scripts/demo-code.ts). */
export function totpCode(secretBase32: string, at: Date): string {
  return totpFor(secretBase32).generate({ timestamp: at.getTime() });
}

export interface TotpEnrollmentOffer {
  /** The QR code as an SVG document, to be shown inline (no image from another origin). */
  qrSvg: string;
  /** The secret in base32, for typing in by hand. */
  secret: string;
  otpauthUrl: string;
}

export async function totpEnrollmentOffer(secretBase32: string, account: string, issuer: string): Promise<TotpEnrollmentOffer> {
  const otpauthUrl = totpFor(secretBase32, account, issuer).toString();
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { qrSvg, secret: secretBase32, otpauthUrl };
}

// Recovery codes: 80 random bits each, so a plain sha256 is enough to store them (a slow hash is
// for guessable secrets). Written in lower-case base32 without look-alikes, in groups of four.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    let code = '';
    // 16 characters from 31 symbols ≈ 79 bits; rejection sampling keeps them uniform.
    while (code.length < 16) {
      for (const byte of randomBytes(32)) {
        if (byte < 248 && code.length < 16) code += RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length];
      }
    }
    return code.match(/.{4}/g)!.join('-');
  });
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');
}
