// The codes a sheet without a 编号 column gets (LEDGER_CODE_PATTERN) and the pure matching rules.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { itemCodeAllocator, parseItemCodePattern } from '../../server/domain/item-code-pattern.ts';
import { matchRows, problemKey, seqKey, textSimilarity } from '../../server/ledger/row-matching.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';

describe('LEDGER_CODE_PATTERN', () => {
  it.each([
    ['ZG-{YYYY}-{NNN}', [], ['ZG-2026-001', 'ZG-2026-002']],
    ['ZG-{YYYY}-{NNN}', ['ZG-2026-01', 'ZG-2026-14', 'ZG-2025-099', 'XX-2026-500'], ['ZG-2026-015', 'ZG-2026-016']],
    ['ZG-{YYYY}-{NNN}', ['zg-2026-001', 'ZG-2026-002.1'], ['ZG-2026-002', 'ZG-2026-003']],
    ['DC{YYYY}{NNNN}', ['DC20260009'], ['DC20260010', 'DC20260011']],
    ['JY-{NN}', ['JY-99'], ['JY-100', 'JY-101']],
  ])('%s after %j gives %j', (source, existing, expected) => {
    const parsed = parseItemCodePattern(source);
    if (!parsed.ok) throw new Error(parsed.message);
    const next = itemCodeAllocator(parsed.pattern, 2026, existing);
    expect([next(), next()]).toEqual(expected);
  });

  it.each(['ZG-2026', 'ZG-{NNN}-{NN}', 'ZG-{YY}-{NNN}', '整改-{NNN}', '{NNN}'])('refuses %s', (source) => {
    expect(parseItemCodePattern(source).ok).toBe(false);
  });

  it('is checked with the rest of the configuration', () => {
    expect(() => loadConfig({ SECRET_KEY: TEST_SECRET_KEY, LEDGER_CODE_PATTERN: 'ZG-2026' })).toThrow(/LEDGER_CODE_PATTERN: must contain exactly one counter/);
    expect(loadConfig({ SECRET_KEY: TEST_SECRET_KEY }).ledgerCodePattern.format(2026, 7)).toBe('ZG-2026-007');
  });
});

describe('matching rows of a sheet without codes', () => {
  it.each([
    ['1、部分学校收费不规范。', '部分学校收费不规范'],
    ['部分 学校　收费（不规范）', '部分学校收费不规范'],
    ['ＡＢＣ１２３', 'abc123'],
  ])('fingerprints %s as %s', (text, key) => expect(problemKey(text)).toBe(key));

  it.each([['3', '3'], ['3.0', '3'], ['３', '3'], [' ', null], ['一', '一']])('reads 序号 %j as %j', (seq, key) => expect(seqKey(seq)).toBe(key));

  it('scores the same text 1, unrelated texts near 0', () => {
    expect(textSimilarity('部分学校收费不规范', '部分学校收费不规范')).toBe(1);
    expect(textSimilarity('部分学校收费不规范', '食堂采购不公开')).toBeLessThan(0.2);
  });

  it('takes each item once, strongest rule first, and leaves items claimed by a code alone', () => {
    const items = [
      { id: 1, code: 'A', problem: '课后服务内容单一学生兴趣活动少', seq: '1', problemKey: null },
      { id: 2, code: 'B', problem: '代收费未告知自愿原则家长有意见', seq: '2', problemKey: null },
      { id: 3, code: 'C', problem: '食堂采购不公开家长无从监督', seq: '3', problemKey: null },
    ];
    const { matches } = matchRows(
      [
        { row: 2, seq: '1', key: problemKey('代收费未告知自愿原则家长有意见') },
        { row: 3, seq: '2', key: problemKey('课后服务内容单一学生兴趣活动少') },
        { row: 4, seq: '3', key: problemKey('食堂采购不公开家长无从监督') },
      ],
      items,
      new Set([3]),
    );
    expect([...matches].map(([row, match]) => [row, match.item.code, match.rule, match.previousSeq])).toEqual([
      [2, 'B', 'text', '2'],
      [3, 'A', 'text', '1'],
    ]);
  });
});
