// The ledger's pure rules, table by table: overdue on the bureau's calendar date (with an injected
// clock), the cells of bureaus' sheets, leaders, units, outcomes, titles.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import { rectificationStats } from '../../db/queries/statistics.ts';
import { bureauDate } from '../../server/domain/bureau-time.ts';
import { diffItemStates, isItemOverdue, type ItemState, itemCodeProblem } from '../../server/domain/ledger-rules.ts';
import type { ItemStatus } from '../../server/domain/vocabulary.ts';
import { loadConfig } from '../../server/config.ts';
import {
  formatOutcomeLine,
  guessOutcomeKind,
  parseDateCell,
  parseOutcomeLine,
  parseProgressCell,
  parseSourceCell,
  parseStatusCell,
  splitLeader,
  titleFromProblem,
} from '../../server/ledger/cell-values.ts';
import { normalizeHeader, placeHeader } from '../../server/ledger/columns.ts';
import { unitNameKey } from '../../server/ledger/import-plan.ts';
import { insertItem } from '../fixtures/factories.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';

describe('逾期 (overdue)', () => {
  it.each<[string, string | null, ItemStatus, string, boolean]>([
    ['due yesterday, in progress', '2026-11-25', 'in_progress', '2026-11-26', true],
    ['due yesterday, not started', '2026-11-25', 'not_started', '2026-11-26', true],
    ['due yesterday, 长期坚持 status', '2026-11-25', 'ongoing', '2026-11-26', true],
    ['due yesterday, completed', '2026-11-25', 'completed', '2026-11-26', false],
    ['due today', '2026-11-26', 'in_progress', '2026-11-26', false],
    ['due tomorrow', '2026-11-27', 'not_started', '2026-11-26', false],
    ['no deadline (长期坚持)', null, 'in_progress', '2030-01-01', false],
  ])('%s', (_name, deadline, status, today, overdue) => {
    expect(isItemOverdue({ deadline, status }, today)).toBe(overdue);
  });

  it('turns at midnight in Shanghai, whatever the server’s clock zone says', () => {
    const db = openDatabase(':memory:');
    insertItem(db, { code: 'ZG-1', deadline: '2026-11-25', status: 'in_progress' });
    const bureau = loadConfig({ SECRET_KEY: TEST_SECRET_KEY }).bureau;
    const at = (iso: string) => buildPublicSnapshot(db, bureau, new Date(iso));
    // 23:59 on 11-25 in Shanghai is 15:59 UTC; a minute later it is 11-26 there.
    expect(at('2026-11-25T15:59:00Z').items[0]!.isOverdue).toBe(false);
    expect(at('2026-11-25T15:59:00Z').itemStats.overdue).toBe(0);
    expect(at('2026-11-25T16:00:00Z').items[0]!.isOverdue).toBe(true);
    expect(at('2026-11-25T16:00:00Z').itemStats.overdue).toBe(1);
    expect(bureauDate(new Date('2026-11-25T16:00:00Z'))).toBe('2026-11-26');
  });

  it('counts the same items in the figures as on the pages', () => {
    const db = openDatabase(':memory:');
    const rows: [ItemStatus, string | null][] = [
      ['ongoing', '2026-01-01'],
      ['completed', '2026-01-01'],
      ['in_progress', null],
      ['not_started', '2026-11-01'],
    ];
    for (const [status, deadline] of rows) insertItem(db, { status, deadline });
    const snapshot = buildPublicSnapshot(db, loadConfig({ SECRET_KEY: TEST_SECRET_KEY }).bureau, new Date('2026-11-26T04:00:00Z'));
    expect(snapshot.items.filter((item) => item.isOverdue).length).toBe(rectificationStats(db, '2026-11-26').overdue);
    expect(snapshot.itemStats.overdue).toBe(2);
  });
});

describe('cells of bureaus’ sheets', () => {
  it.each<[string, unknown, string | null]>([
    ['an Excel date', new Date(Date.UTC(2026, 2, 31)), '2026-03-31'],
    ['an Excel serial number', 46112, '2026-03-31'],
    ['2026年3月31日', '2026年3月31日', '2026-03-31'],
    ['2026年3月31日前', '2026年3月31日前', '2026-03-31'],
    ['2026/3/31', '2026/3/31', '2026-03-31'],
    ['2026-03-31', '2026-03-31', '2026-03-31'],
    ['2026.3.31', '2026.3.31', '2026-03-31'],
    ['full-width digits', '２０２６年３月３１日', '2026-03-31'],
    ['20260331', '20260331', '2026-03-31'],
    ['2026年6月底前', '2026年6月底前', '2026-06-30'],
    ['2026年2月', '2026年2月', '2026-02-28'],
    ['2026年底', '2026年底', '2026-12-31'],
    ['长期', '长期', null],
    ['长期坚持', ' 长期坚持 ', null],
  ])('reads a deadline written as %s', (_name, cell, date) => {
    expect(parseDateCell(cell as never, { longTerm: true, label: '整改时限' })).toEqual({ ok: true, value: date });
  });

  it.each([['2026-02-30'], ['明年'], ['2026年13月'], [3.5]])('refuses the deadline %s', (cell) => {
    const result = parseDateCell(cell as never, { longTerm: true, label: '整改时限' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('整改时限');
  });

  it('does not take 长期 for a completion date', () => {
    expect(parseDateCell('长期', { longTerm: false, label: '完成时间' }).ok).toBe(false);
  });

  it.each<[unknown, boolean, number]>([
    ['80%', false, 80],
    ['８０％', false, 80],
    [0.8, false, 80],
    ['0.8', false, 80],
    [80, false, 80],
    [1, true, 100],
    [1, false, 1],
    [0, true, 0],
    [33.3, false, 33],
  ])('reads progress %s (column of fractions: %s) as %i', (cell, fractions, value) => {
    expect(parseProgressCell(cell as never, fractions)).toEqual({ ok: true, value });
  });

  it.each([['一半'], ['101'], ['-5']])('refuses progress %s', (cell) => {
    expect(parseProgressCell(cell, false).ok).toBe(false);
  });

  it.each<[string, ItemStatus]>([
    ['未启动', 'not_started'],
    ['推进中', 'in_progress'],
    ['已办结', 'completed'],
    ['长期坚持', 'ongoing'],
  ])('reads the status %s', (cell, status) => expect(parseStatusCell(cell)).toEqual({ ok: true, value: status }));

  it.each([
    ['巡察反馈', 'inspection'],
    ['上级督查', 'inspection'],
    ['群众点题', 'public_topic'],
    ['网上征集', 'online'],
  ])('reads the source %s', (cell, source) => expect(parseSourceCell(cell)).toEqual({ ok: true, value: source }));

  it.each([
    ['党组成员、副局长 张某某', { name: '张某某', post: '党组成员、副局长' }],
    ['张某某（副局长）', { name: '张某某', post: '副局长' }],
    ['副局长：李某某', { name: '李某某', post: '副局长' }],
    ['副局长李某某', { name: '李某某', post: '副局长' }],
    ['校长王某某', { name: '王某某', post: '校长' }],
    ['陈某某', { name: '陈某某', post: '' }],
    ['张某某、李某某', { name: '张某某、李某某', post: '' }],
  ])('splits the leader %s', (text, expected) => expect(splitLeader(text)).toEqual(expected));

  it.each([
    ['问题描述', 'problem'],
    ['存在问题', 'problem'],
    [' 整 改\n措 施 ', 'measures'],
    ['责任单位', 'unit'],
    ['牵头单位', 'unit'],
    ['责任人', 'leaderName'],
    ['责任领导/责任人', 'leaderName'],
    ['整改时限（年月日）', 'deadline'],
    ['完成时限', 'deadline'],
    ['*完成情况', 'progressSummary'],
    ['整改进展', 'progressSummary'],
    ['进展情况', 'progressSummary'],
    ['状态', 'status'],
    ['整改状态', 'status'],
    ['来源', 'source'],
    ['问题来源', 'source'],
    ['类别', 'category'],
    ['问题类别', 'category'],
  ])('places the header %s', (header, key) => expect(placeHeader(header)?.key).toBe(key));

  it.each([['备注'], ['责任单位及责任人'], ['']])('cannot place the header %s', (header) => expect(placeHeader(header)).toBeNull());

  it('compares headers without spaces, notes in brackets or stars', () => {
    expect(normalizeHeader('＊整改 时限（请填日期）：')).toBe('整改时限');
  });

  it.each([
    ['示例县教育局办公室', '办公室'],
    ['局办公室', '办公室'],
    ['县实验小学', '实验小学'],
    ['示例县实验小学', '实验小学'],
    ['示例县第一中学', '第一中学'],
    ['计划财务科', '计划财务科'],
  ])('keys the unit name %s as %s', (name, key) => expect(unitNameKey(name, '示例县教育局')).toBe(key));

  it.each([
    ['办法：《会议管理办法》，2026-04-25，https://www.example.edu.cn/a.html', { title: '会议管理办法', kind: 'method', issuedOn: '2026-04-25', url: 'https://www.example.edu.cn/a.html' }],
    ['《接待细则》，2026年5月20日印发', { title: '接待细则', kind: 'rule', issuedOn: '2026-05-20', url: null }],
    ['通报：关于会议情况的通报 2026/6/28', { title: '关于会议情况的通报', kind: 'notice', issuedOn: '2026-06-28', url: null }],
  ])('reads the outcome line %s', (line, expected) => {
    const parsed = parseOutcomeLine(line);
    expect(parsed).toEqual({ ok: true, value: expected });
    if (parsed.ok) expect(parseOutcomeLine(formatOutcomeLine(parsed.value))).toEqual(parsed);
  });

  it('guesses an outcome’s kind from its title', () => {
    expect(['示例县会议管理办法', '公用经费负面清单', '若干措施', '关于…的通报', '警示录'].map(guessOutcomeKind)).toEqual(['method', 'rule', 'measure', 'notice', 'other']);
  });

  it.each([
    ['会议多、时间长。基层反映强烈。', '会议多、时间长'],
    ['1. 会议多；2. 时间长', '会议多'],
    ['课后服务内容单一，\n以看管为主。', '课后服务内容单一，以看管为主'],
    ['很长'.repeat(40), `${'很长'.repeat(29)}很…`],
  ])('makes a title from the problem %s', (problem, title) => expect(titleFromProblem(problem)).toBe(title));
});

describe('item codes and changes', () => {
  it.each([
    ['ZG-2026-001', null],
    ['zg_1.a', null],
    ['outcomes', /保留字/],
    ['12', /只有数字/],
    ['整改-1', /只能由字母/],
    ['-ZG', /只能由字母/],
    ['A'.repeat(33), /最多 32 位/],
  ])('the code %s', (code, problem) => {
    if (problem === null) expect(itemCodeProblem(code)).toBeNull();
    else expect(itemCodeProblem(code)).toMatch(problem);
  });

  it('lists what changed between two states, with units by name', () => {
    const before: ItemState = {
      code: 'ZG-1',
      title: 't',
      problem: 'p',
      category: 'other',
      source: 'other',
      unitId: 1,
      leaderName: '',
      leaderPost: '',
      measures: 'm',
      deadline: '2026-12-31',
      status: 'in_progress',
      progress: 50,
      completedOn: null,
      progressSummary: '',
      isPublished: true,
    };
    const names = (id: number | null) => (id === 1 ? '办公室' : id === 2 ? '人事科' : null);
    expect(diffItemStates(before, { ...before, unitId: 2, deadline: null, progress: 60 }, names)).toEqual([
      { field: 'unitId', from: '办公室', to: '人事科' },
      { field: 'deadline', from: '2026-12-31', to: null },
      { field: 'progress', from: 50, to: 60 },
    ]);
    expect(diffItemStates(before, { ...before }, names)).toEqual([]);
  });
});
