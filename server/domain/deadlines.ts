// Deadlines of an opinion in Chinese working days, on the bureau's calendar date.
import { bureauDate } from './bureau-time.ts';
import type { WorkCalendar } from './working-days.ts';

/** One extension per opinion, at most this many working days. */
export const MAX_EXTENSION_WORKING_DAYS = 10;
/** A 不满意 rating opens a follow-up due in this many working days. */
export const FOLLOW_UP_WORKING_DAYS = 5;
/** The submitter may rate a reply within this many working days of it. */
export const RATING_WINDOW_WORKING_DAYS = 20;

export interface Due {
  date: string;
  provisional: boolean;
}

/** The n-th working day after the bureau's date of `at`. */
export function dueAfter(calendar: WorkCalendar, at: Date | string, workingDays: number): Due {
  const from = typeof at === 'string' ? at : bureauDate(at);
  return calendar.addWorkingDays(from, workingDays);
}

/** Past its due date (the whole due day counts) on the bureau's calendar. */
export function isOverdue(dueOn: string | null, today: string): boolean {
  return dueOn !== null && dueOn < today;
}

/** Due today or by the end of the next working day, and not yet overdue. */
export function isDueSoon(calendar: WorkCalendar, dueOn: string | null, today: string): boolean {
  if (dueOn === null || dueOn < today) return false;
  return dueOn <= calendar.addWorkingDays(today, 1).date;
}

/** The years from this one to next that neither the package nor the table covers. */
export function missingCalendarYears(calendar: WorkCalendar, today: string): number[] {
  const year = Number(today.slice(0, 4));
  return calendar.missingYears(year, year + 1);
}
