import { createHash, randomInt } from 'node:crypto';
import { bureauDate } from './bureau-time.ts';

// No 0/O, 1/I/L: codes are read aloud on the phone and copied by hand from a screen.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const SECRET_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Returns an integer in [0, size): crypto-random by default, a seeded PRNG for demo data. */
export type RandomIndex = (size: number) => number;

function randomString(alphabet: string, length: number, randomIndex: RandomIndex): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomIndex(alphabet.length)];
  return out;
}

/** 'FK' + the bureau's date of submission + '-' + 4 random characters, e.g. FK20261126-7QXM. */
export function newTrackingCode(at: Date, randomIndex: RandomIndex = randomInt): string {
  return `FK${bureauDate(at).replaceAll('-', '')}-${randomString(CODE_ALPHABET, 4, randomIndex)}`;
}

/** The submitter's secret: 10 characters (~49 bits), shown once, stored only as a hash. */
export function newSecret(): string {
  return randomString(SECRET_ALPHABET, 10, randomInt);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret.trim().toLowerCase()).digest('hex');
}

export const TRACKING_CODE_PATTERN = /^FK\d{8}-[A-HJKMNP-Z2-9]{4}$/;
