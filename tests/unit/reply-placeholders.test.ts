import { describe, expect, it } from 'vitest';
import { bureauDate } from '../../server/domain/bureau-time.ts';
import { chineseDate, fillPlaceholders, placeholderValues, type PlaceholderFacts } from '../../server/domain/reply-placeholders.ts';

const FACTS: PlaceholderFacts = {
  assignedUnitName: '示例县第一中学',
  bureauName: '示例县教育局',
  role: 'parent',
  submittedAt: '2026-12-04T17:30:00.000Z',
  acceptedAt: '2026-12-05T01:00:00.000Z',
  replyDueOn: '2026-12-12',
  trackingCode: 'ZF20261205ABCD',
  categoryLabel: '减负与补课',
};

describe('reply placeholders', () => {
  it.each([
    ['2026-12-05', '2026年12月5日'],
    ['2027-01-10', '2027年1月10日'],
    ['not a date', 'not a date'],
  ])('chineseDate(%s) = %s', (date, expected) => expect(chineseDate(date)).toBe(expected));

  it('takes the Beijing date of an instant', () => {
    expect(bureauDate('2026-12-04T16:00:00.000Z')).toBe('2026-12-05');
    expect(bureauDate('2026-12-04T15:59:59.000Z')).toBe('2026-12-04');
  });

  it('fills each placeholder from the opinion, the school speaking for itself', () => {
    const body = '尊敬的{反映人称呼}：您于{提交日期}反映的问题（{查询码}，{类别}），{单位}于{受理日期}受理，将于{答复期限}前答复。';
    const { text, unfilled } = fillPlaceholders(body, placeholderValues(FACTS));
    expect(text).toBe('尊敬的家长：您于2026年12月5日反映的问题（ZF20261205ABCD，减负与补课），示例县第一中学于2026年12月5日受理，将于2026年12月12日前答复。');
    expect(unfilled).toEqual([]);
  });

  it.each([
    ['student', '同学'],
    ['teacher', '老师'],
    ['other', '反映人'],
  ])('addresses a %s as %s, never by name', (role, salutation) => {
    expect(fillPlaceholders('{反映人称呼}', placeholderValues({ ...FACTS, role })).text).toBe(salutation);
  });

  it('speaks as the bureau before the opinion is assigned, and leaves what has no value yet', () => {
    const { text, unfilled } = fillPlaceholders('{单位}于{受理日期}受理，{答复期限}前答复', placeholderValues({ ...FACTS, assignedUnitName: null, acceptedAt: null, replyDueOn: null }));
    expect(text).toBe('示例县教育局于{受理日期}受理，{答复期限}前答复');
    expect(unfilled).toEqual(['受理日期', '答复期限']);
  });

  it('leaves braces that are not placeholders alone', () => {
    expect(fillPlaceholders('{未知} {单位', placeholderValues(FACTS))).toEqual({ text: '{未知} {单位', unfilled: [] });
  });
});
