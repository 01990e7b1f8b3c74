// The bureau's clock: every calendar date and clock time the portal shows or computes is one in
// China (Asia/Shanghai: UTC+8 all year, no daylight saving). This is the one module that knows the
// time zone: the server, the mails, the exports, the site and the demo bureau all ask it, and
// tests/unit/bureau-time-module.test.ts keeps the zone's name and offsets out of every other module.
export const BUREAU_TIME_ZONE = 'Asia/Shanghai';

/** The bureau's offset from UTC, as ISO 8601 writes it. */
export const BUREAU_UTC_OFFSET = '+08:00';

/** The same offset in milliseconds, for arithmetic on instants (the demo bureau's office hours). */
export const BUREAU_UTC_OFFSET_MS = 8 * 3_600_000;

/** The same offset as an SQLite date modifier: `date(at, '+8 hours')` is the bureau's date of `at`. */
export const BUREAU_SQL_DATE_MODIFIER = '+8 hours';

const DAY_MS = 86_400_000;

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: BUREAU_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant's date and clock time in the bureau, each part zero-padded ('2026', '01', '05', '09', '07'). */
export interface BureauParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

export function bureauParts(at: Date | string): BureauParts {
  const parts = Object.fromEntries(partsFormat.formatToParts(typeof at === 'string' ? new Date(at) : at).map((part) => [part.type, part.value]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

/** The bureau's calendar date of an instant, as YYYY-MM-DD. */
export function bureauDate(at: Date | string): string {
  const { year, month, day } = bureauParts(at);
  return `${year}-${month}-${day}`;
}

/** '2026-11-20T02:00:00.000Z' → '2026-11-20 10:00' (the bureau's date and time). */
export function bureauDateTime(at: Date | string): string {
  const { year, month, day, hour, minute } = bureauParts(at);
  return `${year}-${month}-${day} ${hour}:${minute}`;
}

/** The bureau's date and HH:MM of an instant. */
export function bureauClock(at: Date | string): { date: string; time: string } {
  const { year, month, day, hour, minute } = bureauParts(at);
  return { date: `${year}-${month}-${day}`, time: `${hour}:${minute}` };
}

/** '2025-11-26T02:30:00.000Z' → '2025年11月26日 10:30', as the site and its pages show a time. */
export function bureauChineseDateTime(at: Date | string): string {
  const { year, month, day, hour, minute } = bureauParts(at);
  return `${year}年${Number(month)}月${Number(day)}日 ${hour}:${minute}`;
}

/** An instant as a machine-readable value for <time datetime>: '2025-11-26T10:30+08:00'. */
export function bureauIsoDateTime(at: Date | string): string {
  const { year, month, day, hour, minute } = bureauParts(at);
  return `${year}-${month}-${day}T${hour}:${minute}${BUREAU_UTC_OFFSET}`;
}

/** The instant a bureau date and clock time names: ('2026-11-23', '09:00') → 2026-11-23T01:00:00.000Z. */
export function bureauInstant(date: string, time = '00:00'): Date {
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}${BUREAU_UTC_OFFSET}`);
}

/** The first instant of a bureau date, as ISO (a period's inclusive start). */
export function startOfBureauDay(date: string): string {
  return bureauInstant(date).toISOString();
}

/** The first instant after a bureau date, as ISO (a period's exclusive end). */
export function endOfBureauDay(date: string): string {
  return new Date(bureauInstant(date).getTime() + DAY_MS).toISOString();
}

/** Milliseconds from `now` to the next HH:MM on the bureau's clock (24 hours when it is that time now). */
export function msUntilBureauTime(time: string, now: Date): number {
  const today = bureauInstant(bureauDate(now), time).getTime();
  let delta = today - now.getTime();
  while (delta <= 0) delta += DAY_MS;
  return delta;
}
