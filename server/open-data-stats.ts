// Verifiable figures: every rebuild writes the day's statistics as open data, a JSON file and a
// CSV file (UTF-8 with BOM) named by the bureau's date, under <DATA_DIR>/opendata/stats/. A day's
// files are written once, by the first rebuild of that day, and never rewritten; each day's JSON
// names the SHA-256 of the previous day's JSON, so anyone holding the files can recompute the
// chain and see that no past figure was changed afterwards. The rebuild copies the folder into the
// site at /opendata/stats/ (listed on that page from the snapshot's `openDataStats`).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedbackFiguresSnapshot, PublicSnapshot } from '../db/public-snapshot-schema.ts';
import { csvCell } from './domain/audit-labels.ts';

export const OPEN_DATA_STATS_FORMAT = 1;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;

export function openDataStatsDir(dataDir: string): string {
  return join(dataDir, 'opendata', 'stats');
}

export interface DailyStatisticsFile {
  format: typeof OPEN_DATA_STATS_FORMAT;
  /** The bureau's date these figures are for. */
  date: string;
  /** When the figures were read from the database (数据截至). */
  dataAsOf: string;
  bureau: string;
  /** The previous day's JSON file and its SHA-256 (hex); null for the first day. */
  previous: { date: string; sha256: string } | null;
  itemStats: PublicSnapshot['itemStats'];
  statistics: NonNullable<PublicSnapshot['statistics']>;
}

export interface OpenDataDay {
  date: string;
  jsonSha256: string;
  csvSha256: string;
  previousSha256: string | null;
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every figure of one group as (figure, value) pairs: days.median → daysTotal.median. */
function flatFigures(figures: FeedbackFiguresSnapshot): [string, string | number | null][] {
  return Object.entries(figures).flatMap(([name, value]): [string, string | number | null][] =>
    value !== null && typeof value === 'object' ? Object.entries(value).map(([part, inner]) => [`${name}.${part}`, inner as number | null]) : [[name, value]],
  );
}

/** The day's figures as CSV rows: scope, key, label, figure, value (UTF-8 with BOM, formula-guarded). */
export function dailyStatisticsCsv(file: DailyStatisticsFile): string {
  const rows: (string | number | null)[][] = [['scope', 'key', 'label', 'figure', 'value']];
  rows.push(['meta', 'date', '日期', 'date', file.date], ['meta', 'dataAsOf', '数据截至', 'dataAsOf', file.dataAsOf]);
  rows.push(['meta', 'previous', '前一日文件', 'previousDate', file.previous?.date ?? null], ['meta', 'previous', '前一日文件', 'previousSha256', file.previous?.sha256 ?? null]);
  for (const [figure, value] of flatFigures(file.statistics.feedback)) rows.push(['all', '', '全部', figure, value]);
  const groups = [
    ['month', file.statistics.byMonth],
    ['category', file.statistics.byCategory],
    ['role', file.statistics.byRole],
    ['unit', file.statistics.byUnit],
  ] as const;
  for (const [scope, list] of groups) {
    for (const row of list) for (const [figure, value] of flatFigures(row.figures)) rows.push([scope, row.key, row.label, figure, value]);
  }
  for (const [figure, value] of Object.entries(file.itemStats)) rows.push(['ledger', '', '整改事项', figure, value]);
  for (const row of file.statistics.ledger.byCategory) for (const [figure, value] of Object.entries(row)) if (figure !== 'key' && figure !== 'label') rows.push(['ledger_category', row.key, row.label, figure, value as number | null]);
  for (const row of file.statistics.ledger.byUnit) for (const [figure, value] of Object.entries(row)) if (figure !== 'key' && figure !== 'label') rows.push(['ledger_unit', row.key, row.label, figure, value as number | null]);
  rows.push(['ledger', '', '制度成果', 'outcomesIssued', file.statistics.ledger.outcomesIssued]);
  return `\ufeff${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The dated files present, oldest first, with their hashes. */
export function listOpenDataDays(dir: string): OpenDataDay[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => DAY_FILE.exec(name)?.[1])
    .filter((date): date is string => date !== undefined)
    .sort()
    .map((date) => {
      const json = readFileSync(join(dir, `${date}.json`));
      const csvFile = join(dir, `${date}.csv`);
      const parsed = JSON.parse(json.toString('utf8')) as Pick<DailyStatisticsFile, 'previous'>;
      return { date, jsonSha256: sha256(json), csvSha256: existsSync(csvFile) ? sha256(readFileSync(csvFile)) : '', previousSha256: parsed.previous?.sha256 ?? null };
    });
}

function writeOnce(file: string, content: string): void {
  // Write beside, then rename: a crash never leaves half a file under the final name.
  const partial = `${file}.partial`;
  writeFileSync(partial, content, { flag: 'w' });
  renameSync(partial, file);
}

/**
 * Writes the day's files unless they exist (a later rebuild the same day leaves them as they
 * are). `date` is the bureau's date of the snapshot. Returns every day's file, oldest first.
 */
export function writeDailyStatistics(dir: string, snapshot: Omit<PublicSnapshot, 'replies'>, date: string): OpenDataDay[] {
  if (!snapshot.statistics) return listOpenDataDays(dir);
  mkdirSync(dir, { recursive: true });
  const jsonFile = join(dir, `${date}.json`);
  if (!existsSync(jsonFile)) {
    const before = listOpenDataDays(dir).filter((day) => day.date < date);
    const last = before.at(-1);
    const file: DailyStatisticsFile = {
      format: OPEN_DATA_STATS_FORMAT,
      date,
      dataAsOf: snapshot.generatedAt,
      bureau: snapshot.bureau.name,
      previous: last ? { date: last.date, sha256: last.jsonSha256 } : null,
      itemStats: snapshot.itemStats,
      statistics: snapshot.statistics,
    };
    // The CSV first: the JSON's presence is what marks the day as written.
    writeOnce(join(dir, `${date}.csv`), dailyStatisticsCsv(file));
    writeOnce(jsonFile, `${JSON.stringify(file, null, 1)}\n`);
  }
  return listOpenDataDays(dir);
}

/** Checks the chain: each day names the SHA-256 of the day before it. Returns the first broken date, or null. */
export function brokenLink(days: readonly OpenDataDay[]): string | null {
  for (let index = 1; index < days.length; index += 1) {
    if (days[index]!.previousSha256 !== days[index - 1]!.jsonSha256) return days[index]!.date;
  }
  return days.length > 0 && days[0]!.previousSha256 !== null ? days[0]!.date : null;
}
