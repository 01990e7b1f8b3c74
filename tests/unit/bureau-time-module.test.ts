// One bureau-time module (server/domain/bureau-time.ts): the only place that names the bureau's
// time zone, and what it computes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bureauChineseDateTime,
  bureauClock,
  bureauDate,
  bureauDateTime,
  bureauInstant,
  bureauIsoDateTime,
  endOfBureauDay,
  msUntilBureauTime,
  startOfBureauDay,
} from '../../server/domain/bureau-time.ts';

const ROOT = join(import.meta.dirname, '../..');
const SOURCE_FOLDERS = ['db', 'server', 'site/src', 'scripts'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.astro']);
const THE_MODULE = 'server/domain/bureau-time.ts';
/**
 * The launcher runs on any Node, even one that cannot load TypeScript, and sets TZ for the tasks it
 * starts; it cannot import the module.
 */
const PLAIN_JAVASCRIPT_LAUNCHER = 'scripts/run.mjs';

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path);
      } else if (/\.(ts|tsx|mts|mjs|js|astro|sql)$/.test(entry.name)) {
        files.push(path);
      }
    }
  };
  for (const folder of SOURCE_FOLDERS) walk(folder);
  return files;
}

/** An Intl time-zone option, or the zone's name as a string of its own. */
const NAMES_THE_ZONE = /\btimeZone\s*:|['"`]Asia\/Shanghai['"`]/;

describe('the bureau-time module', () => {
  it('is the only module that names the time zone', () => {
    const files = sourceFiles();
    expect(files).toContain(THE_MODULE);
    expect(NAMES_THE_ZONE.test(readFileSync(join(ROOT, THE_MODULE), 'utf8'))).toBe(true);
    const others = files.filter((file) => file !== THE_MODULE && file !== PLAIN_JAVASCRIPT_LAUNCHER);
    expect(others.filter((file) => NAMES_THE_ZONE.test(readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
  });

  it.each([
    ['2026-12-04T15:59:59.000Z', '2026-12-04', '2026-12-04 23:59', '2026年12月4日 23:59', '2026-12-04T23:59+08:00'],
    ['2026-12-04T16:00:00.000Z', '2026-12-05', '2026-12-05 00:00', '2026年12月5日 00:00', '2026-12-05T00:00+08:00'],
    ['2026-01-04T17:05:00.000Z', '2026-01-05', '2026-01-05 01:05', '2026年1月5日 01:05', '2026-01-05T01:05+08:00'],
  ])('shows %s as the bureau date %s and time %s', (iso, date, dateTime, chinese, isoWithOffset) => {
    expect(bureauDate(iso)).toBe(date);
    expect(bureauDate(new Date(iso))).toBe(date);
    expect(bureauDateTime(iso)).toBe(dateTime);
    expect(bureauClock(new Date(iso))).toEqual({ date, time: dateTime.slice(11) });
    expect(bureauChineseDateTime(iso)).toBe(chinese);
    expect(bureauIsoDateTime(iso)).toBe(isoWithOffset);
  });

  it('turns bureau dates into instants: a day starts at 16:00 UTC the day before', () => {
    expect(startOfBureauDay('2026-12-05')).toBe('2026-12-04T16:00:00.000Z');
    expect(endOfBureauDay('2026-12-05')).toBe('2026-12-05T16:00:00.000Z');
    expect(endOfBureauDay('2026-12-31')).toBe('2026-12-31T16:00:00.000Z');
    expect(bureauInstant('2026-11-23', '09:30').toISOString()).toBe('2026-11-23T01:30:00.000Z');
  });

  it.each([
    ['02:30', '2026-11-23T18:00:00.000Z', 30 * 60_000],
    ['02:30', '2026-11-23T18:30:00.000Z', 24 * 3_600_000],
    ['02:30', '2026-11-23T19:00:00.000Z', 23.5 * 3_600_000],
  ])('counts to the next %s on the bureau clock from %s', (time, now, ms) => {
    expect(msUntilBureauTime(time, new Date(now))).toBe(ms);
  });
});
