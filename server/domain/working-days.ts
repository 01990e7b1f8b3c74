// Chinese working days, the unit of every opinion deadline ("reply within 5 working days").
// Weekends are off except the State Council's 调休 make-up working days; statutory holidays are off.
//
// Two sources of the holiday schedule, because no package knows a year before the State Council
// publishes it (each November): the chinese-days package, trusted only for the years it has data
// for, and a table an administrator fills in from the notice. A year in neither is answered by
// Mon–Fri but flagged provisional, never passed off as known.
import chineseDays from 'chinese-days';
import { z } from 'zod';

// chinese-days is CommonJS: named imports fail under Node's ESM loader.
const { getDayDetail } = chineseDays;

/** Years whose holidays chinese-days 1.5.7 has; outside them it silently answers Mon–Fri. */
export const PACKAGE_CALENDAR_YEARS = Object.freeze({ first: 2004, last: 2026 });

/** Opinion deadlines, in working days. */
export interface DeadlinePolicy {
  /** From submission to acceptance (受理). */
  acceptWorkingDays: number;
  /** From acceptance to reply (答复). */
  replyWorkingDays: number;
  /** The one extension a unit may ask for (延期). */
  maxExtensionWorkingDays: number;
  /** From reply to a follow-up (回访). */
  followUpWorkingDays: number;
}

export const DEFAULT_DEADLINES: Readonly<DeadlinePolicy> = Object.freeze({
  acceptWorkingDays: 1,
  replyWorkingDays: 5,
  maxExtensionWorkingDays: 10,
  followUpWorkingDays: 5,
});

/** One exception to Mon–Fri in a year's schedule, as the State Council's notice lists it. */
export interface CalendarDay {
  /** YYYY-MM-DD */
  date: string;
  /** false: a holiday (放假); true: a make-up working day on a weekend (调休上班). */
  isWorkingDay: boolean;
  /** The holiday, e.g. 春节; for a make-up day, the holiday it makes up for. */
  name: string;
}

/** Where a year's schedule comes from. */
export type CalendarCoverage = 'table' | 'package' | 'missing';

export interface DayStatus {
  working: boolean;
  /** The year's holidays are unknown: the answer only follows Mon–Fri. */
  provisional: boolean;
  /** The holiday this day belongs to (a make-up working day names the holiday it makes up for). */
  holidayName?: string;
}

export interface WorkCalendar {
  coverage(year: number): CalendarCoverage;
  isWorkingDay(date: string): DayStatus;
  /** The n-th working day strictly after `from` (n >= 1). */
  addWorkingDays(from: string, n: number): { date: string; provisional: boolean };
  /** Working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
  workingDaysBetween(from: string, to: string): { days: number; provisional: boolean };
  /** Years in fromYear..toYear (inclusive) with no known holiday schedule. */
  missingYears(fromYear: number, toYear: number): number[];
}

// Dates are counted as whole days since 1970-01-01 in UTC, so no local time zone or daylight
// saving shift can move a date by one.
const DAY_MS = 86_400_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function toDayNumber(date: string): number | null {
  if (!DATE_PATTERN.test(date)) return null;
  const time = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  // Date.UTC rolls 02-30 over to 03-02; the round trip refuses such dates.
  return fromDayNumber(time / DAY_MS) === date ? time / DAY_MS : null;
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function weekday(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

function isWeekend(day: number): boolean {
  const dayOfWeek = weekday(day);
  return dayOfWeek === 0 || dayOfWeek === 6;
}

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(date: string): boolean {
  return toDayNumber(date) !== null;
}

function parseDate(date: string): number {
  const day = toDayNumber(date);
  if (day === null) throw new RangeError(`expected a calendar date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return day;
}

// The package's English weekday name marks an ordinary day; anything else is a holiday or make-up
// day, named "Spring Festival,春节,4" (English, Chinese, length of the holiday).
const ORDINARY_DAY_NAMES = new Set(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']);

/**
 * The package's entry for a date, or null on an ordinary day. Only its holiday entries are used:
 * it works out weekdays in the process's local time from a date parsed as UTC, so west of UTC it
 * calls a Monday a Sunday. Its holiday keys are built with the same shift they are looked up with,
 * so those stay right in any time zone.
 */
function packageSpecialDay(date: string): { working: boolean; name: string } | null {
  const detail = getDayDetail(date);
  if (ORDINARY_DAY_NAMES.has(detail.name)) return null;
  return { working: detail.work, name: detail.name.split(',')[1] ?? detail.name };
}

/**
 * A calendar over the package's years and the administrator's table. A year in the table replaces
 * the package for that year: its days are that year's only exceptions to Mon–Fri.
 */
export function createWorkCalendar(tableYears: ReadonlyMap<number, readonly CalendarDay[]>): WorkCalendar {
  const tableDays = new Map<string, { working: boolean; name: string }>();
  for (const [year, days] of tableYears) {
    for (const day of days) {
      // A day filed under the wrong year would never be looked up: a caller's bug, not data.
      if (!isCalendarDate(day.date) || Number(day.date.slice(0, 4)) !== year) {
        throw new RangeError(`holiday table for ${year} holds ${JSON.stringify(day.date)}; run validateCalendarYear before storing a year`);
      }
      tableDays.set(day.date, { working: day.isWorkingDay, name: day.name });
    }
  }

  function coverage(year: number): CalendarCoverage {
    if (tableYears.has(year)) return 'table';
    if (year >= PACKAGE_CALENDAR_YEARS.first && year <= PACKAGE_CALENDAR_YEARS.last) return 'package';
    return 'missing';
  }

  // Each day's status once per calendar (the server keeps one until the holiday table changes):
  // the package formats the date at every lookup, and each opinion's deadlines ask for the same
  // few days. Holds one entry per day asked for: a few hundred a year.
  const statuses = new Map<number, DayStatus>();

  function statusOf(day: number): DayStatus {
    const known = statuses.get(day);
    if (known) return known;
    const date = fromDayNumber(day);
    const source = coverage(Number(date.slice(0, 4)));
    const special = source === 'table' ? tableDays.get(date) : source === 'package' ? packageSpecialDay(date) : undefined;
    const status: DayStatus = Object.freeze(special ? { working: special.working, provisional: false, holidayName: special.name } : { working: !isWeekend(day), provisional: source === 'missing' });
    statuses.set(day, status);
    return status;
  }

  return {
    coverage,

    isWorkingDay: (date) => statusOf(parseDate(date)),

    addWorkingDays(from, n) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`addWorkingDays counts at least one working day, got ${n}`);
      let day = parseDate(from);
      let provisional = false;
      // Terminates: every year has weekdays that are not holidays.
      for (let counted = 0; counted < n; ) {
        day += 1;
        const status = statusOf(day);
        provisional ||= status.provisional;
        if (status.working) counted += 1;
      }
      return { date: fromDayNumber(day), provisional };
    },

    workingDaysBetween(from, to) {
      const last = parseDate(to);
      let days = 0;
      let provisional = false;
      for (let day = parseDate(from) + 1; day <= last; day += 1) {
        const status = statusOf(day);
        provisional ||= status.provisional;
        if (status.working) days += 1;
      }
      return { days, provisional };
    },

    missingYears(fromYear, toYear) {
      const years: number[] = [];
      for (let year = fromYear; year <= toYear; year += 1) if (coverage(year) === 'missing') years.push(year);
      return years;
    },
  };
}

/**
 * Problems, in Chinese for the administrator, with one year's table as typed in from the State
 * Council's notice. Empty when the table can be stored.
 */
export function validateCalendarYear(year: number, days: readonly CalendarDay[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { date, isWorkingDay } of days) {
    const day = toDayNumber(date);
    if (day === null) {
      problems.push(`${date} 不是有效的日期，请按 YYYY-MM-DD 填写，如 ${year}-01-01`);
      continue;
    }
    if (Number(date.slice(0, 4)) !== year) problems.push(`${date} 不在 ${year} 年内，请录入到 ${date.slice(0, 4)} 年`);
    if (seen.has(date)) problems.push(`${date} 重复录入，请只保留一条`);
    seen.add(date);
    // A holiday on a weekend is normal (the notice lists the whole break); a make-up working day
    // on a weekday is a typo, most likely a holiday entered with the wrong switch.
    if (isWorkingDay && !isWeekend(day)) {
      problems.push(`${date} 是${WEEKDAY_NAMES[weekday(day)]}，本来就是工作日，不能录为调休上班日；如是放假日，请将“是否上班”改为“否”`);
    }
  }
  // Every year has 元旦 and 春节 at least: a table without holidays is surely incomplete.
  if (!days.some((day) => !day.isWorkingDay)) problems.push('未录入任何节假日');
  return problems;
}

const YEAR_MIN = 2000;
const YEAR_MAX = 2100;
const NOTICE_MAX_LENGTH = 200;
const HOLIDAY_NAME_MAX_LENGTH = 30;

function requiredText(label: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? `请填写${label}` : `${label}必须是文字`) }).trim();
}

const calendarDaySchema = z.strictObject(
  {
    date: z
      .string({ error: (issue) => (issue.input === undefined ? '请填写日期' : '日期必须是文字') })
      .refine(isCalendarDate, { error: '日期必须是 YYYY-MM-DD 格式的真实日期，如 2027-01-01' }),
    isWorkingDay: z.boolean({ error: (issue) => (issue.input === undefined ? '请说明当天是否上班' : '“是否上班”只能是“是”或“否”') }),
    name: requiredText('节日名称')
      .pipe(z.string().min(1, { error: '请填写节日名称' }))
      .pipe(z.string().max(HOLIDAY_NAME_MAX_LENGTH, { error: `节日名称不能超过 ${HOLIDAY_NAME_MAX_LENGTH} 个字` })),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '每个特殊日期必须包含日期、是否上班和节日名称') },
);

/** The admin API's body for storing one year's holiday schedule. */
export const calendarYearInputSchema = z
  .strictObject(
    {
      year: z
        .number({ error: (issue) => (issue.input === undefined ? '请填写年份' : '年份必须是数字') })
        .int({ error: '年份必须是整数' })
        .min(YEAR_MIN, { error: `年份必须在 ${YEAR_MIN} 至 ${YEAR_MAX} 之间` })
        .max(YEAR_MAX, { error: `年份必须在 ${YEAR_MIN} 至 ${YEAR_MAX} 之间` }),
      notice: requiredText('通知文号或标题')
        .pipe(z.string().min(1, { error: '请填写通知文号或标题' }))
        .pipe(z.string().max(NOTICE_MAX_LENGTH, { error: `通知文号或标题不能超过 ${NOTICE_MAX_LENGTH} 个字` })),
      days: z
        .array(calendarDaySchema, { error: (issue) => (issue.input === undefined ? '请填写节假日和调休上班日' : '节假日和调休上班日必须是列表') })
        .max(366, { error: '节假日和调休上班日不能超过 366 天' }),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '请求内容必须是一个 JSON 对象') },
  )
  // Only a table whose fields are all valid is checked as a whole: "不在 1999 年内" beside
  // "年份必须在 2000 至 2100 之间" would be noise.
  .superRefine(
    (value, context) => {
      for (const problem of validateCalendarYear(value.year, value.days)) context.addIssue({ code: 'custom', path: ['days'], message: problem });
    },
    { when: (payload) => payload.issues.length === 0 },
  );

export type CalendarYearInput = z.output<typeof calendarYearInputSchema>;
