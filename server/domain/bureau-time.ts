// The bureau's clock: every calendar date the portal shows or computes is a date in China.
export const BUREAU_TIME_ZONE = 'Asia/Shanghai';

const calendarDate = new Intl.DateTimeFormat('en-CA', { timeZone: BUREAU_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The bureau's calendar date of an instant, as YYYY-MM-DD. */
export function bureauDate(at: Date): string {
  return calendarDate.format(at);
}

const clockFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUREAU_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The bureau's date and HH:MM of an instant. */
export function bureauClock(at: Date): { date: string; time: string } {
  const parts = Object.fromEntries(clockFormat.formatToParts(at).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}
