import { describe, expect, it } from 'vitest';
import {
  hashRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  totpCode,
  totpEnrollmentOffer,
  totpStep,
} from '../../server/auth/totp.ts';

const AT = new Date('2026-11-20T02:00:10Z');
const STEP = 30_000;

describe('matchTotp', () => {
  const secret = newTotpSecret();

  it('matches the current code and names its time step', () => {
    expect(matchTotp(secret, totpCode(secret, AT), AT, null)).toBe(totpStep(AT));
  });

  it.each([
    ['one step behind', -1, true],
    ['one step ahead', 1, true],
    ['two steps behind', -2, false],
    ['two steps ahead', 2, false],
  ])('%s: accepted = %s', (_name, steps, accepted) => {
    const code = totpCode(secret, new Date(AT.getTime() + steps * STEP));
    expect(matchTotp(secret, code, AT, null)).toBe(accepted ? totpStep(AT) + steps : null);
  });

  it('refuses a code from a step already used, or an earlier one', () => {
    const code = totpCode(secret, AT);
    expect(matchTotp(secret, code, AT, totpStep(AT))).toBeNull();
    const previous = totpCode(secret, new Date(AT.getTime() - STEP));
    expect(matchTotp(secret, previous, AT, totpStep(AT))).toBeNull();
    const next = totpCode(secret, new Date(AT.getTime() + STEP));
    expect(matchTotp(secret, next, AT, totpStep(AT))).toBe(totpStep(AT) + 1);
  });

  it.each(['', '12345', '1234567', 'abcdef', '12 345'])('refuses a malformed code %j', (code) => {
    expect(matchTotp(secret, code, AT, null)).toBeNull();
  });

  it('refuses the code of another secret', () => {
    expect(matchTotp(secret, totpCode(newTotpSecret(), AT), AT, null)).toBeNull();
  });
});

describe('totpEnrollmentOffer', () => {
  it('gives an inline SVG QR code, the secret and the otpauth URL (SHA1, 6 digits, 30 s)', async () => {
    const secret = newTotpSecret();
    const offer = await totpEnrollmentOffer(secret, 'zhangwei', '示例县教育局');
    expect(offer.secret).toBe(secret);
    expect(offer.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(offer.qrSvg.startsWith('<svg')).toBe(true);
    expect(offer.qrSvg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const url = new URL(offer.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('algorithm')).toBe('SHA1');
    expect(url.searchParams.get('digits')).toBe('6');
    expect(url.searchParams.get('period')).toBe('30');
  });
});

describe('recovery codes', () => {
  it('makes ten distinct codes of 16 characters in groups of four', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  });

  it('ignores case, spaces and dashes when a code is typed back', () => {
    const [code] = newRecoveryCodes(1);
    expect(normalizeRecoveryCode(` ${code!.toUpperCase().replace(/-/g, ' ')} `)).toBe(code!.replace(/-/g, ''));
    expect(hashRecoveryCode(code!.toUpperCase())).toBe(hashRecoveryCode(code!));
    expect(hashRecoveryCode(code!)).toMatch(/^[0-9a-f]{64}$/);
  });
});
