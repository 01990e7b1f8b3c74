// Headings and list excerpts of published texts: cut at a length, never through a redaction mask.
import { describe, expect, it } from 'vitest';
import { suggestRedaction } from '../../server/domain/redaction.ts';
import { excerptText, maskRanges } from '../../server/domain/text-excerpt.ts';

describe('excerptText', () => {
  it.each([
    ['a short text stays whole', '校门口车辆乱停。', 10, '校门口车辆乱停。'],
    ['whitespace is collapsed', '校门口\n\n车辆  乱停', 20, '校门口 车辆 乱停'],
    ['a plain cut', '一二三四五六七八九十', 4, '一二三四……'],
    ['a cut inside a mobile mask moves before it', '联系电话138****8000请回电', 6, '联系电话……'],
    ['a cut just after a whole mask keeps it', '电话138****8000请回电', 13, '电话138****8000……'],
    ['a landline mask', '座机0571-****，请回电', 6, '座机……'],
    ['a name mask with its surname', '请联系欧阳**老师核实情况', 4, '请联系……'],
    ['a plate mask with its province (and the character before)', '车牌浙A***的车常停校门口', 4, '车……'],
    ['a text that starts with a mask keeps it whole', '138****8000是我的电话', 3, '138****8000……'],
    ['a label stays, its value goes', 'QQ：***，微信：***', 5, 'QQ：……'],
    ['emoji count as one character each', '点赞👍👍👍很好', 3, '点赞👍……'],
  ])('%s', (_name, text, length, expected) => {
    expect(excerptText(text, length)).toBe(expected);
  });

  it('never splits a mask the redaction writes, at any length', () => {
    const text = suggestRedaction('我是王小明的家长，电话13912345678，座机0571-87654321，邮箱wang@example.com，车牌浙A12345，请回电。', {
      names: ['王小明'],
    }).text;
    const masks = maskRanges(text).map(([start, end]) => text.slice(start, end));
    // A character before a one-character surname or a plate is taken too: the cut only moves earlier.
    expect(masks).toEqual(['是王**', '139****5678', '0571-****', '邮箱***', '牌浙A***']);
    for (let length = 1; length < Array.from(text).length; length += 1) {
      const heading = excerptText(text, length).replace(/……$/, '');
      expect(text.startsWith(heading)).toBe(true);
      // The cut falls outside every mask: a mask is whole in the heading or absent from it.
      for (const [start, end] of maskRanges(text)) expect(start < heading.length && heading.length < end, `length ${length}: "${heading}"`).toBe(false);
    }
  });
});
