import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatPercent, isSelfNumbered, paragraphs } from '../../site/src/lib/format.ts';

describe('site display formats', () => {
  it.each([
    ['2026-11-25T16:30:00.000Z', '2026年11月26日 00:30'],
    ['2026-11-26T06:05:00.000Z', '2026年11月26日 14:05'],
  ])('shows %s in Beijing time as %s', (iso, expected) => expect(formatDateTime(iso)).toBe(expected));

  it.each([
    [null, '—'],
    [0, '0.0%'],
    [0.875, '87.5%'],
    [2 / 3, '66.7%'],
    [1, '100.0%'],
  ])('shows the rate %s as %s', (rate, expected) => expect(formatPercent(rate)).toBe(expected));

  it('writes calendar dates the Chinese way', () => expect(formatDate('2026-03-05')).toBe('2026年3月5日'));

  it('splits text into paragraphs without blank lines', () => expect(paragraphs('一\r\n\n  二 \n')).toEqual(['一', '二']));

  it.each<[string[], boolean]>([
    [['1. 甲', '2. 乙'], true],
    [['1、甲', '2、乙'], true],
    [['（一）甲', '（二）乙'], true],
    [['一、甲', '二、乙'], true],
    [['甲', '乙'], false],
    [['1. 甲', '乙'], false],
    [[], false],
  ])('knows whether %j numbers itself', (lines, expected) => expect(isSelfNumbered(lines)).toBe(expected));
});
