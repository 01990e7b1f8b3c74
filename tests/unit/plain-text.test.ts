import { describe, expect, it } from 'vitest';
import { stripInvisibleCharacters } from '../../server/domain/plain-text.ts';

describe('stripInvisibleCharacters', () => {
  it.each([
    ['zero-width spaces', '\u200B'.repeat(10), ''],
    ['soft hyphens', '\u00AD'.repeat(10), ''],
    ['word joiners, BOMs and bidi controls', '\u2060\uFEFF\u202E\u2066\u200E', ''],
    ['Hangul fillers and the blank braille cell', '\u3164\uFFA0\u115F\u2800', ''],
    ['joiners and selectors with nothing to attach to', '\u200D\uFE0F\u200C\u{E0067}'.repeat(5), ''],
    ['lone surrogates', '\uDC00\uD800\uD800\uDBFF', ''],
    ['zero-width characters inside words', '体\u200B育\u00AD课', '体育课'],
    ['a lone surrogate beside text', '食堂\uD83D问题', '食堂问题'],
    ['a joiner after whitespace', '你好 \u200D世界', '你好 世界'],
    ['a run of selectors after one character', `好${'\uFE0F'.repeat(5)}`, '好\uFE0F'],
  ])('removes %s', (_name, input, expected) => {
    expect(stripInvisibleCharacters(input)).toBe(expected);
  });

  it.each([
    ['a family emoji', '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}'],
    ['a red heart with its emoji selector', '\u2764\uFE0F'],
    ['a skin tone', '\u{1F44D}\u{1F3FB}'],
    ['a subdivision flag', '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
    ['a CJK ideographic variation', '\u845B\u{E0100}'],
    ['a Mongolian free variation selector', '\u1820\u180B'],
    ['a full-width space and line breaks', '\u3000\u3000尊敬的领导：\n您好！'],
    ['a surrogate pair', '\u{1F622}'],
  ])('keeps %s', (_name, text) => {
    expect(stripInvisibleCharacters(text)).toBe(text);
  });
});
