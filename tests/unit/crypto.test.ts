import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecryptionError, decryptText, deriveKey, encryptText, writeSecretKeyFile } from '../../server/crypto.ts';
import { parseSecretKey } from '../../server/config-values.ts';
import { tempDirForTest } from '../helpers/temp.ts';

const config = { secretKey: randomBytes(32) };

describe('deriveKey', () => {
  it('gives a different 32-byte key per purpose, the same one every time', () => {
    const totp = deriveKey(config, 'totp');
    expect(totp).toHaveLength(32);
    expect(deriveKey(config, 'totp').equals(totp)).toBe(true);
    expect(deriveKey(config, 'contact-details').equals(totp)).toBe(false);
    expect(totp.equals(config.secretKey)).toBe(false);
    expect(deriveKey({ secretKey: randomBytes(32) }, 'totp').equals(totp)).toBe(false);
  });
});

describe('encryptText / decryptText', () => {
  const key = deriveKey(config, 'contact-details');

  it.each(['JBSWY3DPEHPK3PXP', '王女士 13800138000', '', '🐼'.repeat(100)])('round-trips %j', (text) => {
    const sealed = encryptText(key, text);
    expect(sealed.startsWith('v1.')).toBe(true);
    if (text) expect(sealed).not.toContain(text);
    expect(decryptText(key, sealed)).toBe(text);
  });

  it('seals the same text differently each time (random IV)', () => {
    expect(encryptText(key, 'same')).not.toBe(encryptText(key, 'same'));
  });

  it('refuses altered text, another key and unknown formats', () => {
    const sealed = encryptText(key, 'JBSWY3DPEHPK3PXP');
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => decryptText(key, `v1.${bytes.toString('base64url')}`)).toThrow(DecryptionError);
    expect(() => decryptText(deriveKey(config, 'totp'), sealed)).toThrow(DecryptionError);
    expect(() => decryptText(key, 'JBSWY3DPEHPK3PXP')).toThrow(DecryptionError);
    expect(() => decryptText(key, 'v1.abc')).toThrow(DecryptionError);
  });
});

describe('writeSecretKeyFile', () => {
  it('writes a key config accepts, readable by the owner only, and never overwrites one', () => {
    const path = join(tempDirForTest(), 'data', 'secret.key');
    writeSecretKeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const written = readFileSync(path, 'utf8');
    expect(parseSecretKey(written)).toHaveLength(32);
    expect(() => writeSecretKeyFile(path)).toThrow();
    expect(readFileSync(path, 'utf8')).toBe(written);
  });
});
