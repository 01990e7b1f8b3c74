import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  calendarYearInputSchema,
  createWorkCalendar,
  DEFAULT_DEADLINES,
  PACKAGE_CALENDAR_YEARS,
  validateCalendarYear,
  type CalendarDay,
} from '../../server/domain/working-days.ts';

// Cases for 2025 and 2026 follow the State Council's notices (国办发明电〔2024〕12号 and
// 国办发明电〔2025〕7号) as chinese-days 1.5.7 has them.
const calendar = createWorkCalendar(new Map());

// MADE-UP TEST DATA, not the State Council's 2027 schedule: just enough of a table year to see the
// table used. Its holiday falls on a Friday and its make-up day on a Saturday.
const TEST_2027: CalendarDay[] = [
  { date: '2027-01-01', isWorkingDay: false, name: '测试假日' },
  { date: '2027-02-20', isWorkingDay: true, name: '测试假日' },
];
const calendarWithTest2027 = createWorkCalendar(new Map([[2027, TEST_2027]]));

describe('isWorkingDay', () => {
  it.each<[string, boolean, string | undefined, string]>([
    // 2025 Spring Festival: off 01-28 … 02-04, make-up Sunday 01-26 and Saturday 02-08.
    ['2025-01-26', true, '春节', 'make-up Sunday'],
    ['2025-01-27', true, undefined, 'eve of the holiday, a Monday'],
    ['2025-01-28', false, '春节', 'first day off'],
    ['2025-02-04', false, '春节', 'last day off, a Tuesday'],
    ['2025-02-08', true, '春节', 'make-up Saturday'],
    ['2025-02-09', false, undefined, 'ordinary Sunday'],
    // 2025 National Day with Mid-Autumn: off 10-01 … 10-08, make-up Sunday 09-28 and Saturday 10-11.
    ['2025-09-28', true, '国庆节', 'make-up Sunday'],
    ['2025-10-06', false, '中秋', 'Mid-Autumn inside the National Day break (the package names it so)'],
    ['2025-10-08', false, '国庆节', 'last day off, a Wednesday'],
    ['2025-10-11', true, '国庆节', 'make-up Saturday'],
    // 2026 New Year: off 01-01 … 01-03, make-up Sunday 01-04.
    ['2026-01-02', false, '元旦', 'a Friday off'],
    ['2026-01-04', true, '元旦', 'make-up Sunday'],
    // 2026 Spring Festival: off 02-15 … 02-23, make-up Saturdays 02-14 and 02-28.
    ['2026-02-14', true, '春节', 'make-up Saturday before'],
    ['2026-02-23', false, '春节', 'last day off, a Monday'],
    ['2026-02-24', true, undefined, 'first day back'],
    ['2026-02-28', true, '春节', 'make-up Saturday after'],
    // 2026 National Day: off 10-01 … 10-07, make-up Sunday 09-20 and Saturday 10-10.
    ['2026-09-20', true, '国庆节', 'make-up Sunday'],
    ['2026-09-25', false, '中秋', 'Mid-Autumn, a Friday'],
    ['2026-10-07', false, '国庆节', 'last day off, a Wednesday'],
    ['2026-10-10', true, '国庆节', 'make-up Saturday'],
  ])('%s is working: %s (%s, %s)', (date, working, holidayName) => {
    const status = calendar.isWorkingDay(date);
    expect(status).toEqual({ working, provisional: false, ...(holidayName ? { holidayName } : {}) });
  });

  it.each([
    ['2027-01-01', true, 'a Friday: only Mon–Fri is known'],
    ['2027-01-02', false, 'a Saturday'],
    ['2003-10-01', true, 'before the package: National Day 2003 unknown'],
  ])('answers %s in a year without a schedule as provisional (working: %s, %s)', (date, working) => {
    expect(calendar.isWorkingDay(date)).toEqual({ working, provisional: true });
  });

  it.each([
    ['2027-01-01', { working: false, provisional: false, holidayName: '测试假日' }],
    ['2027-02-20', { working: true, provisional: false, holidayName: '测试假日' }],
    ['2027-02-21', { working: false, provisional: false }],
    ['2027-02-22', { working: true, provisional: false }],
  ])('uses a table year for %s', (date, status) => {
    expect(calendarWithTest2027.isWorkingDay(date)).toEqual(status);
  });

  it('lets a table year replace the package: the table days are the only exceptions', () => {
    const corrected2026 = createWorkCalendar(new Map([[2026, [{ date: '2026-01-01', isWorkingDay: false, name: '元旦' }]]]));
    expect(corrected2026.isWorkingDay('2026-02-16')).toEqual({ working: true, provisional: false });
    expect(corrected2026.isWorkingDay('2026-02-14')).toEqual({ working: false, provisional: false });
  });

  it.each(['2025-02-30', '2025-1-5', '20250105', ''])('refuses %j', (date) => {
    expect(() => calendar.isWorkingDay(date)).toThrow(RangeError);
  });

  it('refuses a table day filed under another year', () => {
    expect(() => createWorkCalendar(new Map([[2027, [{ date: '2026-12-31', isWorkingDay: false, name: '元旦' }]]]))).toThrow(/validateCalendarYear/);
  });

  // chinese-days works out weekdays in local time from dates parsed as UTC; the module must not
  // inherit that west of UTC, where the package takes 2025-03-03 (a Monday) for a Sunday.
  it('gives the same answers in a time zone west of UTC', () => {
    const script = `
      import { createWorkCalendar } from ${JSON.stringify(new URL('../../server/domain/working-days.ts', import.meta.url).href)};
      const calendar = createWorkCalendar(new Map());
      const dates = ['2025-03-03', '2025-03-08', '2025-01-26', '2025-01-28', '2025-10-06', '2026-01-04'];
      console.log(JSON.stringify(dates.map((date) => calendar.isWorkingDay(date).working)));
      console.log(calendar.addWorkingDays('2025-01-27', 5).date);`;
    const output = execFileSync(process.execPath, ['--input-type=module', '--eval', script], {
      env: { ...process.env, TZ: 'America/Los_Angeles' },
      encoding: 'utf8',
    });
    expect(output.trim().split('\n')).toEqual(['[true,false,true,false,false,true]', '2025-02-10']);
  });
});

describe('addWorkingDays', () => {
  it.each([
    // From the eve of a holiday the deadline jumps past the whole break.
    ['2025-01-27', 1, '2025-02-05', 'eve of Spring Festival 2025'],
    ['2025-01-27', 5, '2025-02-10', 'counts the make-up Saturday 02-08'],
    ['2025-01-24', 1, '2025-01-26', 'a Friday: the make-up Sunday is the next working day'],
    ['2025-01-24', 3, '2025-02-05', 'make-up Sunday, the eve, then past the break'],
    ['2025-09-30', 1, '2025-10-09', 'eve of National Day 2025'],
    ['2025-09-30', 5, '2025-10-14', 'counts the make-up Saturday 10-11'],
    ['2025-09-26', 1, '2025-09-28', 'make-up Sunday before National Day 2025'],
    ['2025-12-31', 1, '2026-01-04', 'New Year 2026: off Thu–Sat, make-up Sunday'],
    ['2025-12-31', 2, '2026-01-05', 'New Year 2026'],
    ['2026-02-13', 1, '2026-02-14', 'make-up Saturday before Spring Festival 2026'],
    ['2026-02-13', 2, '2026-02-24', 'past Spring Festival 2026'],
    ['2026-02-14', 5, '2026-02-28', 'ends on the make-up Saturday after'],
    ['2026-09-30', 1, '2026-10-08', 'eve of National Day 2026'],
    ['2026-09-18', 10, '2026-10-09', 'a full extension across Mid-Autumn and National Day 2026'],
    ['2025-03-07', 1, '2025-03-10', 'an ordinary Friday'],
    ['2025-03-08', 1, '2025-03-10', 'submitted on an ordinary Saturday'],
  ])('%s + %i working days = %s (%s)', (from, n, date) => {
    expect(calendar.addWorkingDays(from, n)).toEqual({ date, provisional: false });
  });

  it.each([
    [1, { date: '2026-12-31', provisional: false }, 'stays in 2026'],
    [2, { date: '2027-01-01', provisional: true }, 'counts a 2027 day nobody knows'],
    [5, { date: '2027-01-06', provisional: true }, 'reply deadline into 2027'],
  ])('from 2026-12-30 without a 2027 schedule, +%i working days = %o (%s)', (n, result) => {
    expect(calendar.addWorkingDays('2026-12-30', n)).toEqual(result);
  });

  it.each([
    [1, { date: '2026-12-31', provisional: false }],
    [2, { date: '2027-01-04', provisional: false }],
    [5, { date: '2027-01-07', provisional: false }],
  ])('from 2026-12-30 with a 2027 table, +%i working days = %o (skips the table holiday)', (n, result) => {
    expect(calendarWithTest2027.addWorkingDays('2026-12-30', n)).toEqual(result);
  });

  it('is provisional when it only skips an unknown day', () => {
    // 2027-01-02 and 01-03 are a weekend in an unknown year: they might be make-up working days.
    expect(calendar.addWorkingDays('2027-01-01', 1)).toEqual({ date: '2027-01-04', provisional: true });
  });

  it.each([0, -1, 1.5])('refuses to count %s working days', (n) => {
    expect(() => calendar.addWorkingDays('2025-03-03', n)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2025-01-27', '2025-02-05', 1, 'across Spring Festival 2025'],
    ['2025-01-24', '2025-02-10', 7, 'with both make-up days of Spring Festival 2025'],
    ['2025-01-28', '2025-02-04', 0, 'inside the break'],
    ['2025-09-30', '2025-10-14', 5, 'across National Day 2025'],
    ['2026-02-13', '2026-02-28', 6, 'across Spring Festival 2026'],
    ['2025-12-31', '2026-01-05', 2, 'across New Year 2026'],
    ['2025-03-03', '2025-03-03', 0, 'same day'],
    ['2025-03-10', '2025-03-03', 0, 'to before from'],
  ])('%s → %s: %i working days (%s)', (from, to, days) => {
    expect(calendar.workingDaysBetween(from, to)).toEqual({ days, provisional: false });
  });

  it('is provisional across an unknown year, and exact once the year has a table', () => {
    expect(calendar.workingDaysBetween('2026-12-30', '2027-01-04')).toEqual({ days: 3, provisional: true });
    expect(calendarWithTest2027.workingDaysBetween('2026-12-30', '2027-01-04')).toEqual({ days: 2, provisional: false });
  });

  it.each([
    ['2025-01-24', 3],
    ['2025-09-26', 10],
    ['2026-02-13', 5],
    ['2026-09-18', 10],
  ])('counts back to n the deadline addWorkingDays(%s, %i) gives', (from, n) => {
    expect(calendar.workingDaysBetween(from, calendar.addWorkingDays(from, n).date).days).toBe(n);
  });
});

describe('coverage', () => {
  it.each([
    [2003, 'missing', 'table'],
    [PACKAGE_CALENDAR_YEARS.first, 'package', 'package'],
    [2025, 'package', 'package'],
    [PACKAGE_CALENDAR_YEARS.last, 'package', 'package'],
    [2027, 'missing', 'table'],
    [2028, 'missing', 'missing'],
  ])('%i: %s without tables, %s with tables for 2003 and 2027', (year, withoutTables, withTables) => {
    const withTable = createWorkCalendar(new Map([[2003, []], [2027, TEST_2027]]));
    expect(calendar.coverage(year)).toBe(withoutTables);
    expect(withTable.coverage(year)).toBe(withTables);
  });

  it('lists the years without a schedule', () => {
    expect(calendar.missingYears(2025, 2028)).toEqual([2027, 2028]);
    expect(calendarWithTest2027.missingYears(2025, 2028)).toEqual([2028]);
    expect(calendar.missingYears(2001, 2005)).toEqual([2001, 2002, 2003]);
    expect(calendar.missingYears(2025, 2026)).toEqual([]);
  });
});

describe('validateCalendarYear', () => {
  const holiday = (date: string): CalendarDay => ({ date, isWorkingDay: false, name: '测试假日' });
  const makeUpDay = (date: string): CalendarDay => ({ date, isWorkingDay: true, name: '测试假日' });

  it.each<[string, CalendarDay[], string[]]>([
    ['a complete table', TEST_2027, []],
    ['a holiday on a weekend', [holiday('2027-01-02')], []],
    ['a date outside the year', [holiday('2027-01-01'), holiday('2026-12-31')], ['2026-12-31 不在 2027 年内，请录入到 2026 年']],
    ['a duplicate date', [holiday('2027-01-01'), holiday('2027-01-01')], ['2027-01-01 重复录入，请只保留一条']],
    [
      'a make-up working day on a weekday',
      [holiday('2027-01-01'), makeUpDay('2027-01-04')],
      ['2027-01-04 是周一，本来就是工作日，不能录为调休上班日；如是放假日，请将“是否上班”改为“否”'],
    ],
    ['no holiday at all', [makeUpDay('2027-02-20')], ['未录入任何节假日']],
    ['an empty table', [], ['未录入任何节假日']],
    ['a date that does not exist', [holiday('2027-01-01'), holiday('2027-02-29')], ['2027-02-29 不是有效的日期，请按 YYYY-MM-DD 填写，如 2027-01-01']],
  ])('%s', (_case, days, problems) => {
    expect(validateCalendarYear(2027, days)).toEqual(problems);
  });
});

describe('calendarYearInputSchema', () => {
  const validInput = { year: 2027, notice: '（测试）国务院办公厅关于某年部分节假日安排的通知', days: TEST_2027 };

  function messages(input: unknown): Record<string, string[]> {
    const result = calendarYearInputSchema.safeParse(input);
    if (result.success) return {};
    const byField: Record<string, string[]> = {};
    for (const issue of result.error.issues) (byField[issue.path.join('.')] ??= []).push(issue.message);
    return byField;
  }

  it('accepts a valid year and trims the text', () => {
    const parsed = calendarYearInputSchema.parse({ ...validInput, notice: `  ${validInput.notice} ` });
    expect(parsed.notice).toBe(validInput.notice);
    expect(parsed.days).toEqual(TEST_2027);
  });

  it.each<[string, unknown, Record<string, string[]>]>([
    ['nothing', {}, { year: ['请填写年份'], notice: ['请填写通知文号或标题'], days: ['请填写节假日和调休上班日'] }],
    ['not an object', 'x', { '': ['请求内容必须是一个 JSON 对象'] }],
    ['a year as text', { ...validInput, year: '2027' }, { year: ['年份必须是数字'] }],
    ['a fractional year', { ...validInput, year: 2027.5 }, { year: ['年份必须是整数'] }],
    ['a year out of range', { ...validInput, year: 1999 }, { year: ['年份必须在 2000 至 2100 之间'] }],
    ['a blank notice', { ...validInput, notice: '  ' }, { notice: ['请填写通知文号或标题'] }],
    ['a long notice', { ...validInput, notice: '通'.repeat(201) }, { notice: ['通知文号或标题不能超过 200 个字'] }],
    ['days not a list', { ...validInput, days: {} }, { days: ['节假日和调休上班日必须是列表'] }],
    ['an unknown field', { ...validInput, source: 'gov.cn' }, { '': ['不支持的字段：source'] }],
    ['a day that is not an object', { ...validInput, days: ['2027-01-01'] }, { 'days.0': ['每个特殊日期必须包含日期、是否上班和节日名称'] }],
    ['an empty day', { ...validInput, days: [{}] }, { 'days.0.date': ['请填写日期'], 'days.0.isWorkingDay': ['请说明当天是否上班'], 'days.0.name': ['请填写节日名称'] }],
    [
      'bad day fields',
      { ...validInput, days: [{ date: '2027/01/01', isWorkingDay: '否', name: '节'.repeat(31) }] },
      {
        'days.0.date': ['日期必须是 YYYY-MM-DD 格式的真实日期，如 2027-01-01'],
        'days.0.isWorkingDay': ['“是否上班”只能是“是”或“否”'],
        'days.0.name': ['节日名称不能超过 30 个字'],
      },
    ],
    ['a table problem', { ...validInput, days: [{ date: '2026-12-31', isWorkingDay: false, name: '测试假日' }] }, { days: ['2026-12-31 不在 2027 年内，请录入到 2026 年'] }],
  ])('names the field in Chinese: %s', (_case, input, expected) => {
    expect(messages(input)).toEqual(expected);
  });
});

it('keeps the default deadlines of the opinion procedure', () => {
  expect(DEFAULT_DEADLINES).toEqual({ acceptWorkingDays: 1, replyWorkingDays: 5, maxExtensionWorkingDays: 10, followUpWorkingDays: 5 });
});
