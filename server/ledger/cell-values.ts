// One cell of a ledger sheet → a value of the ledger, the way bureaus write them: dates as Excel
// serial numbers or as 2026年3月31日, 2026/3/31, 2026.3.31, 长期坚持; progress as 80%, 0.8 or 80;
// statuses and sources in their Chinese words and common variants. Pure functions; each returns the
// value or a Chinese message saying what was expected.
import { isCalendarDate, LONG_TERM_LABEL } from '../domain/ledger-rules.ts';
import { stripTitleMarks } from '../domain/ledger-input.ts';
import {
  ITEM_SOURCE_LABELS,
  ITEM_STATUS_LABELS,
  type ItemSource,
  type ItemStatus,
  OUTCOME_KIND_LABELS,
  type OutcomeKind,
} from '../domain/vocabulary.ts';
import { unescapeFormulaGuard } from './csv.ts';
import type { CellValue } from './read-file.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** A Date from read-excel-file (midnight UTC of the cell's date) → YYYY-MM-DD. */
export function dateOfCell(value: Date): string {
  return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
}

/** Excel's serial day number (1900 date system) → YYYY-MM-DD. */
export function dateOfSerial(serial: number): string {
  // Day 0 is 1899-12-30 once Excel's phantom 1900-02-29 is accounted for (all serials > 60).
  return dateOfCell(new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000));
}

/** Text of a cell: line breaks kept, the CSV export's formula guard undone, spaces trimmed. */
export function cellText(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return dateOfCell(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
  return unescapeFormulaGuard(value.replace(/\r\n?/g, '\n')).trim();
}

/** Text that belongs on one line (codes, names, units): inner line breaks become spaces. */
export function cellLine(value: CellValue): string {
  return cellText(value).replace(/\s*\n\s*/g, ' ').replace(/[ \t\u3000]+/g, ' ').trim();
}

export function isBlank(value: CellValue): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

const LONG_TERM_WORDS = new Set(['长期', '长期坚持', '长期推进', '持续推进', '常态化', '长期执行', '持续']);

function lastDayOfMonth(year: number, month: number): string {
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
}

function checkedDate(year: number, month: number, day: number, original: string): Parsed<string> {
  const date = `${year}-${pad(month)}-${pad(day)}`;
  return isCalendarDate(date) ? ok(date) : fail(`“${original}”不是有效日期`);
}

/**
 * A date cell → YYYY-MM-DD, or null for 长期坚持 when `longTerm` allows it. Accepts Excel dates
 * and serial numbers, 2026-03-31, 2026/3/31, 2026.3.31, 2026年3月31日(前), 20260331, and for a
 * deadline 2026年6月底(前) and 2026年底 (the last day of that month or year).
 */
export function parseDateCell(value: CellValue, options: { longTerm: boolean; label: string }): Parsed<string | null> {
  const expected = options.longTerm
    ? `，应为日期（如 2026-03-31、2026年3月31日、2026/3/31）或“${LONG_TERM_LABEL}”`
    : '，应为日期（如 2026-03-31、2026年3月31日、2026/3/31）';
  if (value instanceof Date) {
    const date = dateOfCell(value);
    return isCalendarDate(date) ? ok(date) : fail(`${options.label}“${date}”超出合理范围${expected}`);
  }
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 25_000 && value <= 80_000) return ok(dateOfSerial(value));
    if (Number.isInteger(value) && value >= 19_900_101 && value <= 21_001_231) {
      const text = String(value);
      return checkedDate(Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8)), text);
    }
    return fail(`${options.label}“${value}”不是日期${expected}`);
  }
  const original = cellLine(value);
  const text = original.normalize('NFKC').replace(/\s+/g, '');
  if (options.longTerm && LONG_TERM_WORDS.has(text)) return ok(null);
  let match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:前|之前|以前)?$/.exec(text);
  if (match) return prefixed(checkedDate(Number(match[1]), Number(match[2]), Number(match[3]), original), options.label, expected);
  match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match) return prefixed(checkedDate(Number(match[1]), Number(match[2]), Number(match[3]), original), options.label, expected);
  if (options.longTerm) {
    match = /^(\d{4})年(\d{1,2})月(?:底|末|内)?(?:前|之前|以前)?$/.exec(text);
    if (match && Number(match[2]) >= 1 && Number(match[2]) <= 12) return ok(lastDayOfMonth(Number(match[1]), Number(match[2])));
    match = /^(\d{4})年(?:底|末|内)?(?:前|之前|以前)?$/.exec(text);
    if (match) return ok(`${match[1]}-12-31`);
  }
  return fail(`无法识别的${options.label}“${original}”${expected}`);
}

function prefixed(result: Parsed<string>, label: string, expected: string): Parsed<string> {
  return result.ok ? result : fail(`${label}${result.message}${expected}`);
}

/**
 * Progress → a whole percentage. '80%' is 80; 0.8 is 80 (a percentage-formatted cell holds the
 * fraction); 80 is 80. A bare 1 is 100% when the column holds fractions (`fractions`), else 1%.
 */
export function parseProgressCell(value: CellValue, fractions: boolean): Parsed<number> {
  const expected = '，应为 0 至 100 的百分比（如 80%、0.8 或 80）';
  let number: number;
  let percent = false;
  if (typeof value === 'number') {
    number = value;
  } else {
    const text = cellLine(value).normalize('NFKC').replace(/\s+/g, '');
    const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text);
    if (!match) return fail(`无法识别的整改进度“${cellLine(value)}”${expected}`);
    number = Number(match[1]);
    percent = match[2] === '%';
  }
  if (!Number.isFinite(number) || number < 0) return fail(`整改进度“${cellLine(value)}”不在 0 至 100 之间`);
  if (!percent && (number < 1 || (number === 1 && fractions)) && number !== 0) number *= 100;
  const rounded = Math.round(number);
  if (rounded > 100) return fail(`整改进度“${cellLine(value)}”超过 100%`);
  return ok(rounded);
}

/** Whether a progress cell holds a bare number (not '80%'), and that number; for the column rule. */
export function bareProgressNumber(value: CellValue): number | null {
  if (typeof value === 'number') return value;
  const text = cellLine(value).normalize('NFKC');
  return /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : null;
}

const STATUS_WORDS: Record<string, ItemStatus> = {
  未启动: 'not_started',
  未开始: 'not_started',
  尚未启动: 'not_started',
  待启动: 'not_started',
  整改中: 'in_progress',
  推进中: 'in_progress',
  进行中: 'in_progress',
  正在整改: 'in_progress',
  正在推进: 'in_progress',
  整改推进中: 'in_progress',
  已完成: 'completed',
  完成: 'completed',
  已整改: 'completed',
  整改完成: 'completed',
  已办结: 'completed',
  办结: 'completed',
  已销号: 'completed',
  长期坚持: 'ongoing',
  长期: 'ongoing',
  持续推进: 'ongoing',
  常态化: 'ongoing',
  长期推进: 'ongoing',
};

export function parseStatusCell(value: CellValue): Parsed<ItemStatus> {
  const text = cellLine(value).replace(/\s+/g, '');
  const status = STATUS_WORDS[text] ?? (Object.keys(ITEM_STATUS_LABELS) as ItemStatus[]).find((code) => code === text);
  return status ? ok(status) : fail(`无法识别的整改状态“${cellLine(value)}”，应为${Object.values(ITEM_STATUS_LABELS).join('、')}之一`);
}

const SOURCE_WORDS: Record<string, ItemSource> = {
  ...Object.fromEntries(Object.entries(ITEM_SOURCE_LABELS).map(([code, label]) => [label, code as ItemSource])),
  座谈: 'symposium',
  座谈会: 'symposium',
  网上征集: 'online',
  线上: 'online',
  网络征集: 'online',
  走访: 'visit',
  调研: 'visit',
  测评: 'democratic_review',
  第三方: 'third_party',
  点题: 'public_topic',
  巡察反馈: 'inspection',
  巡视反馈: 'inspection',
  督查反馈: 'inspection',
  上级检查: 'inspection',
  自查: 'self_check',
};

export function parseSourceCell(value: CellValue): Parsed<ItemSource> {
  const text = cellLine(value).replace(/\s+/g, '');
  const source = SOURCE_WORDS[text] ?? (Object.keys(ITEM_SOURCE_LABELS) as ItemSource[]).find((code) => code === text);
  return source ? ok(source) : fail(`无法识别的问题来源“${cellLine(value)}”，应为${Object.values(ITEM_SOURCE_LABELS).join('、')}之一`);
}

export function parseYesNoCell(value: CellValue): Parsed<boolean> {
  if (typeof value === 'boolean') return ok(value);
  const text = cellLine(value).toLowerCase();
  if (['是', '公开', 'y', 'yes', 'true', '1', '√'].includes(text)) return ok(true);
  if (['否', '不公开', 'n', 'no', 'false', '0', '×'].includes(text)) return ok(false);
  return fail(`“是否公开”应填“是”或“否”，而不是“${cellLine(value)}”`);
}

// 党组成员、副局长 张某某 / 张某某（副局长） / 副局长：张某某 / 副局长张某某
const POST_ENDING = /^(.*(?:长|书记|主任|主席|委员|成员|负责人|组长|专员|干事|校长|园长))[:：]?([\u4e00-\u9fff·]{2,4})$/;

/** One leader cell → name and post, when the sheet has no separate post column. */
export function splitLeader(text: string): { name: string; post: string } {
  const value = text.trim();
  let match = /^([\u4e00-\u9fff·]{2,4})\s*[（(]([^）)]+)[）)]$/.exec(value);
  if (match) return { name: match[1]!, post: match[2]!.trim() };
  match = /^(.+?)\s*[:：]\s*([\u4e00-\u9fff·]{2,4})$/.exec(value);
  if (match) return { name: match[2]!, post: match[1]!.trim() };
  match = /^(.+)\s+(\S+)$/.exec(value);
  if (match && /^[\u4e00-\u9fff·]{2,4}$/.test(match[2]!)) return { name: match[2]!, post: match[1]!.trim() };
  match = POST_ENDING.exec(value.replace(/\s+/g, ''));
  if (match && !/[、，,]/.test(match[2]!)) return { name: match[2]!, post: match[1]! };
  return { name: value, post: '' };
}

export interface OutcomeCell {
  title: string;
  kind: OutcomeKind;
  issuedOn: string;
  url: string | null;
}

const KIND_BY_LABEL = new Map(Object.entries(OUTCOME_KIND_LABELS).map(([kind, label]) => [label, kind as OutcomeKind]));

/** The kind a document's title suggests: …办法 is a 办法, …通报 a 通报. */
export function guessOutcomeKind(title: string): OutcomeKind {
  if (title.includes('办法')) return 'method';
  if (title.includes('通报')) return 'notice';
  if (title.includes('措施')) return 'measure';
  if (/制度|规定|细则|清单|规范|规则|守则/.test(title)) return 'rule';
  return 'other';
}

/**
 * One line of the 制度成果 cell, as the export writes it: `办法：《标题》，2026-04-25，https://…`.
 * The kind may be left out (it is guessed from the title), the link too; the date may not.
 */
export function parseOutcomeLine(line: string): Parsed<OutcomeCell> {
  let rest = line.trim();
  let kind: OutcomeKind | null = null;
  const kindMatch = /^(制度|办法|措施|通报|其他)\s*[:：]\s*/.exec(rest);
  if (kindMatch) {
    kind = KIND_BY_LABEL.get(kindMatch[1]!) ?? null;
    rest = rest.slice(kindMatch[0].length);
  }
  let url: string | null = null;
  const urlMatch = /[，,;；\s]*(https?:\/\/[^\s，,;；"<>]+)\s*$/i.exec(rest);
  if (urlMatch) {
    url = urlMatch[1]!;
    rest = rest.slice(0, urlMatch.index);
  }
  const dateMatch = /[，,;；\s]*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)\s*(?:印发|发布)?\s*$/.exec(rest);
  if (!dateMatch) return fail(`制度成果“${line.trim()}”缺少印发日期，请按“办法：《标题》，2026-04-25”的格式填写，每行一项`);
  const date = parseDateCell(dateMatch[1]!, { longTerm: false, label: '印发日期' });
  if (!date.ok) return fail(`制度成果“${line.trim()}”的${date.message}`);
  rest = rest.slice(0, dateMatch.index).replace(/[，,;；\s]+$/, '');
  const title = stripTitleMarks(rest);
  if (title === '') return fail(`制度成果“${line.trim()}”缺少名称`);
  return ok({ title, kind: kind ?? guessOutcomeKind(title), issuedOn: date.value!, url });
}

/** How the export writes one outcome, so that parseOutcomeLine reads it back the same. */
export function formatOutcomeLine(outcome: OutcomeCell): string {
  return [`${OUTCOME_KIND_LABELS[outcome.kind]}：《${outcome.title}》`, outcome.issuedOn, outcome.url].filter(Boolean).join('，');
}

/**
 * A title for a sheet that has none: the first sentence of the problem, at most 60 characters.
 * Bureaus' own sheets often have only 存在问题.
 */
export function titleFromProblem(problem: string): string {
  const numbered = /\n(?=\s*[\d一二三四五六七八九十]+\s*[.、．)）])/;
  const first = problem
    .split(new RegExp(`[。；;！？!?]|${numbered.source}`))[0]!
    .replace(/\s*\n\s*/g, '')
    .replace(/^\s*[\d一二三四五六七八九十]+\s*[.、．)）]\s*/, '')
    .replace(/[，,、：:\s]+$/, '')
    .trim();
  const text = first === '' ? problem.replace(/\s*\n\s*/g, ' ').trim() : first;
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
