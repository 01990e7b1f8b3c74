// Display formats for the public pages. Times are always shown in China Standard Time, whatever
// the time zone of the machine that builds the site (server/domain/bureau-time.ts).
import { bureauChineseDateTime, bureauIsoDateTime } from '../../../server/domain/bureau-time.ts';

/** '2025-11-26T02:30:00.000Z' → '2025年11月26日 10:30' (Beijing time). */
export function formatDateTime(iso: string): string {
  return bureauChineseDateTime(iso);
}

/** The same instant as a machine-readable value for <time datetime>, with the +08:00 offset. */
export function isoInDisplayZone(iso: string): string {
  return bureauIsoDateTime(iso);
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date 'YYYY-MM-DD' → 'YYYY年M月D日'. No time zone is involved. */
export function formatDate(date: string): string {
  const match = CALENDAR_DATE.exec(date);
  if (!match) return date;
  const [, year, month, day] = match;
  return `${year}年${Number(month)}月${Number(day)}日`;
}

/** A share 0…1 as a percentage with one decimal ('87.5%'), or '—' when there is none. */
export function formatPercent(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Splits stored multi-line text into paragraphs, dropping blank lines. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

// "1." "2、" "（一）" "一、" "(3)": ledgers copied from official documents number their own lines.
const OWN_NUMBERING = /^\s*(\d+\s*[.、．)）]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)/;

/** True when every line already carries its own number, so a list must not number it again. */
export function isSelfNumbered(lines: string[]): boolean {
  return lines.length > 0 && lines.every((line) => OWN_NUMBERING.test(line));
}
