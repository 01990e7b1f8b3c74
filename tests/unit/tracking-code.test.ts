import { describe, expect, it } from 'vitest';
import { hashSecret, newSecret, newTrackingCode, TRACKING_CODE_PATTERN } from '../../server/domain/tracking-code.ts';
import { msUntilBureauTime } from '../../server/domain/bureau-time.ts';

describe('tracking codes', () => {
  it('carry the bureau-local date and avoid look-alike characters', () => {
    const codes = Array.from({ length: 200 }, () => newTrackingCode(new Date('2026-11-25T17:00:00Z')));
    for (const code of codes) {
      expect(code).toMatch(TRACKING_CODE_PATTERN);
      expect(code.startsWith('FK20261126-')).toBe(true);
      expect(code.slice(11)).not.toMatch(/[01OIL]/);
    }
  });

  it('hash secrets regardless of case and surrounding spaces', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^[a-z2-9]{10}$/);
    expect(hashSecret(` ${secret.toUpperCase()} `)).toBe(hashSecret(secret));
    expect(hashSecret(secret)).not.toBe(hashSecret(newSecret()));
  });
});

describe('nightly rebuild schedule', () => {
  it.each([
    ['later the same Shanghai day', '2026-11-25T17:00:00Z', '02:30', 1.5 * 3600_000],
    ['the next Shanghai day when the time has passed', '2026-11-25T19:00:00Z', '02:30', 23.5 * 3600_000],
    ['a full day when it is exactly now', '2026-11-25T18:30:00Z', '02:30', 24 * 3600_000],
  ])('waits until %s', (_name, now, time, expected) => {
    expect(msUntilBureauTime(time, new Date(now))).toBe(expected);
  });
});
