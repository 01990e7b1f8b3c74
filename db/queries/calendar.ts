// The holiday table a 系统管理员 fills in for years the calendar package does not cover.
import { type CalendarDay, createWorkCalendar, type WorkCalendar } from '../../server/domain/working-days.ts';
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';
import { refreshWorkDayOrdinals } from './statistics-rollup.ts';
import { bureauDate } from '../../server/domain/bureau-time.ts';

export interface CalendarYearRecord {
  year: number;
  notice: string;
  updatedAt: string;
  days: CalendarDay[];
}

export function listCalendarYears(db: Db): CalendarYearRecord[] {
  const years = statement<[], { year: number; notice: string; updatedAt: string }>(
    db,
    'SELECT year, notice, updated_at AS updatedAt FROM calendar_years ORDER BY year',
  ).all();
  const days = statement<[number], { date: string; isWorkingDay: 0 | 1; name: string }>(
    db,
    'SELECT date, is_working_day AS isWorkingDay, name FROM calendar_days WHERE year = ? ORDER BY date',
  );
  return years.map((year) => ({
    ...year,
    days: days.all(year.year).map((day) => ({ date: day.date, isWorkingDay: day.isWorkingDay === 1, name: day.name })),
  }));
}

/** The table as the working-day calendar takes it: year → its special days. */
export function loadCalendarTable(db: Db): Map<number, CalendarDay[]> {
  return new Map(listCalendarYears(db).map((year) => [year.year, year.days]));
}

/** Replaces a year's days as one unit (the caller audits and runs it in a transaction). */
export function replaceCalendarYear(db: Db, year: number, notice: string, days: readonly CalendarDay[], userId: number | null, at: string): void {
  statement(db, 'DELETE FROM calendar_days WHERE year = ?').run(year);
  statement(
    db,
    `INSERT INTO calendar_years (year, notice, updated_by, updated_at) VALUES (@year, @notice, @userId, @at)
     ON CONFLICT (year) DO UPDATE SET notice = excluded.notice, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  ).run({ year, notice, userId, at });
  const insert = statement(db, 'INSERT INTO calendar_days (date, year, is_working_day, name) VALUES (?, ?, ?, ?)');
  for (const day of days) insert.run(day.date, year, day.isWorkingDay ? 1 : 0, day.name);
  // Stored working days (the statistics rollup, migration 017) follow the new calendar in the same transaction.
  refreshWorkDayOrdinals(db, workCalendar(db), bureauDate(new Date(at)));
}

/** The calendar in force: the package for the years it covers plus the table the 系统管理员 keeps. */
export function workCalendar(db: Db): WorkCalendar {
  return createWorkCalendar(loadCalendarTable(db));
}
