// Keys and encryption at rest. The configured master key (SECRET_KEY) is never used directly: each
// purpose gets its own subkey through HKDF, so a subkey leaked from one use tells nothing about
// another. Text is sealed with AES-256-GCM (confidentiality and integrity together).
import { createCipheriv, createDecipheriv, hkdfSync, type KeyObject, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AppConfig } from './config.ts';

/**
 * What a subkey is for. The name is the HKDF "info": changing it changes the key, so a purpose is
 * never renamed once data has been sealed under it.
 */
export type KeyPurpose = 'totp' | 'contact-details' | 'contact-lookup' | 'proof-of-work' | 'key-check';

// A fixed, public salt: HKDF's salt need not be secret; a constant keeps every derivation reproducible.
const HKDF_SALT = 'zuofeng-portal/v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Sealed texts start with a version so the format (or the key) can change later. */
const SEALED_PREFIX = 'v1.';

export function deriveKey(config: Pick<AppConfig, 'secretKey'>, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', config.secretKey, HKDF_SALT, purpose, KEY_BYTES));
}

/** AES-256-GCM with a fresh random 96-bit IV; the result is `v1.` + base64url(iv | tag | ciphertext). */
/** A key as a Buffer, or as a KeyObject made once (createSecretKey) for keys used on every request. */
export type SecretKey = Buffer | KeyObject;

export function encryptText(key: SecretKey, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

/** Opens what encryptText sealed; throws DecryptionError for another key or altered text. */
export function decryptText(key: SecretKey, sealed: string): string {
  if (!sealed.startsWith(SEALED_PREFIX)) throw new DecryptionError('not a sealed text (unknown format)');
  const bytes = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new DecryptionError('sealed text is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError('sealed text was altered or sealed under another key (is SECRET_KEY the one the data was written with?)');
  }
}

/**
 * Writes a new random key as 64 hex characters to `path`, readable by the owner only. Refuses to
 * overwrite an existing file: a replaced key would make every sealed secret unreadable.
 */
export function writeSecretKeyFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
}
