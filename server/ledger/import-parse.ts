// Sheets of cells → ledger rows and problems, without a database. Finds the sheet and the header
// row (below any merged title, on row 1, 2, 3 …), places columns by their header words, skips
// empty rows, note rows (注：…), repeated headers and column-number rows, and reads every cell
// into a typed value or a problem that names the row and the column in Chinese.
import type { ItemSource, ItemStatus } from '../domain/vocabulary.ts';
import {
  bareProgressNumber,
  cellLine,
  cellText,
  isBlank,
  type OutcomeCell,
  parseDateCell,
  parseOutcomeLine,
  parseProgressCell,
  parseSourceCell,
  parseStatusCell,
  parseYesNoCell,
  splitLeader,
  titleFromProblem,
} from './cell-values.ts';
import { COLUMN_BY_KEY, type LedgerColumnKey, placeHeader } from './columns.ts';
import { type CellValue, columnIndex, columnLetter, type SheetInput } from './read-file.ts';

export interface ImportProblem {
  /** The sheet's row number as Excel shows it; null for a problem with the whole file. */
  row: number | null;
  /** Column letter (A, B, …); null when the problem is not about one column. */
  column: string | null;
  /** The column's header in the file. */
  header: string | null;
  message: string;
}

export interface PlacedColumn {
  column: string;
  header: string;
  key: LedgerColumnKey | null;
}

/** The values one row gives; a key is present only when the file has that column. null: empty cell. */
export interface RowValues {
  /** 序号 as written (matches rows of sheets without codes). */
  seq?: string | null;
  code?: string | null;
  title?: string | null;
  problem?: string | null;
  category?: string | null;
  source?: ItemSource | null;
  unit?: string | null;
  leaderName?: string | null;
  leaderPost?: string | null;
  measures?: string | null;
  /** A date, 'long_term' for 长期坚持, or null when empty. */
  deadline?: string | null;
  status?: ItemStatus | null;
  progress?: number | null;
  completedOn?: string | null;
  progressSummary?: string | null;
  outcomes?: OutcomeCell[] | null;
  isPublished?: boolean | null;
}

export const LONG_TERM = 'long_term';

export interface ParsedRow {
  row: number;
  values: RowValues;
  /** The row had a problem of its own (a cell that could not be read). */
  bad: boolean;
}

export interface ParsedSheet {
  ok: boolean;
  sheet: string | null;
  headerRow: number | null;
  columns: PlacedColumn[];
  /** Headers that mean no column of the ledger (or a column already given). */
  unplaced: string[];
  rows: ParsedRow[];
  problems: ImportProblem[];
  notices: string[];
  counts: { emptyRows: number; noteRows: number };
  /** Where a key's column is: its letter and header. */
  columnOf: Partial<Record<LedgerColumnKey, { column: string; header: string }>>;
}

const HEADER_SCAN_ROWS = 30;
const MAX_DATA_ROWS = 20_000;
const NOTE_ROW = /^(注|备注|说明|附注|填表说明|填报说明|制表|制表人|填表人|填报人|审核人|联系人|联系电话|单位负责人|分管领导签字)\s*[0-9一二三四五六七八九十]*\s*[:：、.．]/;

interface HeaderCandidate {
  row: number;
  placed: Map<LedgerColumnKey, { index: number; rank: number; header: string }>;
  extra: PlacedColumn[];
  score: number;
}

function headerCandidate(cells: CellValue[], row: number): HeaderCandidate {
  const placed = new Map<LedgerColumnKey, { index: number; rank: number; header: string }>();
  const extra: PlacedColumn[] = [];
  cells.forEach((cell, index) => {
    if (isBlank(cell) || typeof cell !== 'string') return;
    const header = cellLine(cell);
    const found = placeHeader(header);
    if (!found) {
      extra.push({ column: columnLetter(index), header, key: null });
      return;
    }
    const already = placed.get(found.key);
    if (!already || found.rank < already.rank) {
      if (already) extra.push({ column: columnLetter(already.index), header: already.header, key: null });
      placed.set(found.key, { index, rank: found.rank, header });
    } else {
      extra.push({ column: columnLetter(index), header, key: null });
    }
  });
  const score = [...placed.keys()].filter((key) => key !== 'seq').length;
  return { row, placed, extra, score };
}

function findHeader(sheet: SheetInput): HeaderCandidate | null {
  let best: HeaderCandidate | null = null;
  for (let row = 0; row < Math.min(HEADER_SCAN_ROWS, sheet.rows.length); row += 1) {
    const candidate = headerCandidate(sheet.rows[row] ?? [], row);
    if (candidate.score > (best?.score ?? 0)) best = candidate;
  }
  if (!best) return null;
  // A full ledger names at least three columns; a sheet that only updates progress may have just
  // 编号 and one more.
  if (best.placed.has('code') ? best.score < 2 : best.score < 3 || (!best.placed.has('problem') && !best.placed.has('title'))) return null;
  return best;
}

function distinctValues(cells: CellValue[]): string[] {
  return [...new Set(cells.filter((cell) => !isBlank(cell)).map((cell) => cellLine(cell)))];
}

/** A row such as 1 2 3 4 5 under the header, numbering the columns. */
function isColumnNumberRow(cells: CellValue[]): boolean {
  const values = cells.filter((cell) => !isBlank(cell)).map((cell) => cellLine(cell).replace(/[()（）]/g, ''));
  if (values.length < 3 || !values.every((value) => /^\d+$/.test(value))) return false;
  return values.every((value, index) => index === 0 || Number(value) === Number(values[index - 1]) + 1);
}

export function parseLedgerSheets(sheets: readonly SheetInput[]): ParsedSheet {
  const result: ParsedSheet = {
    ok: false,
    sheet: null,
    headerRow: null,
    columns: [],
    unplaced: [],
    rows: [],
    problems: [],
    notices: [],
    counts: { emptyRows: 0, noteRows: 0 },
    columnOf: {},
  };
  const fileProblem = (message: string) => result.problems.push({ row: null, column: null, header: null, message });

  const visible = sheets.filter((sheet) => !sheet.hidden);
  const chosen = visible.map((sheet) => ({ sheet, header: findHeader(sheet) })).find((candidate) => candidate.header !== null);
  if (!chosen || !chosen.header) {
    const hiddenWithHeader = sheets.find((sheet) => sheet.hidden && findHeader(sheet) !== null);
    if (hiddenWithHeader) {
      fileProblem(`台账在隐藏的工作表“${hiddenWithHeader.name}”中，可见的工作表里找不到表头。请在 Excel 中取消隐藏该工作表（或把台账移到第一个工作表）后再导入。`);
    } else if (visible.every((sheet) => sheet.rows.every((row) => row.every(isBlank)))) {
      fileProblem('文件中没有任何内容。请在模板中填好台账后再导入。');
    } else {
      fileProblem(
        `找不到表头：前 ${HEADER_SCAN_ROWS} 行中没有一行能认出至少 3 个列名（如“编号”“问题描述”“整改措施”“责任单位”“整改时限”；只更新进度时至少要有“编号”和另一列）。请检查表头文字，或下载模板对照填写。`,
      );
    }
    return result;
  }
  const { sheet, header } = chosen;
  result.sheet = sheet.name;
  result.headerRow = header.row + 1;
  for (const hidden of sheets.filter((candidate) => candidate.hidden)) result.notices.push(`已跳过隐藏的工作表“${hidden.name}”。`);
  if (visible.length > 1) result.notices.push(`读取的是工作表“${sheet.name}”，其他工作表未导入。`);
  if (header.row > 0) result.notices.push(`表头在第 ${header.row + 1} 行，其上方的标题等内容已跳过。`);

  const statusFromProgress = progressColumnAsStatus(sheet, header);
  if (statusFromProgress) result.notices.push(`“${statusFromProgress}”列填的是整改状态（如“已完成”“整改中”），已按整改状态导入。`);
  const placedEntries = [...header.placed.entries()].sort((a, b) => a[1].index - b[1].index);
  for (const [key, place] of placedEntries) result.columnOf[key] = { column: columnLetter(place.index), header: place.header };
  result.columns = [
    ...placedEntries.map(([key, place]) => ({ column: columnLetter(place.index), header: place.header, key })),
    ...header.extra,
  ].sort((a, b) => a.column.length - b.column.length || a.column.localeCompare(b.column));
  result.unplaced = header.extra.map((column) => `${column.header}（${column.column} 列）`);
  if (result.unplaced.length > 0) {
    result.notices.push(`以下列无法对应到台账字段，未导入：${result.unplaced.join('、')}。可用的列名见模板。`);
  }
  if (header.placed.has('seq') && header.placed.size === 1) fileProblem('只找到“序号”列，找不到台账的其他列。');
  if (result.problems.length > 0) return result;

  const place = (key: LedgerColumnKey) => header.placed.get(key);
  const progressColumn = place('progress');
  let fractions = false;
  if (progressColumn) {
    const numbers = sheet.rows
      .slice(header.row + 1)
      .map((cells) => cells[progressColumn.index] ?? null)
      .filter((cell) => !isBlank(cell))
      .map(bareProgressNumber)
      .filter((value): value is number => value !== null);
    fractions = numbers.length > 0 && numbers.every((value) => value <= 1);
  }

  const formulaCells: string[] = [];
  let titlesMade = 0;
  let leadersSplit = 0;
  let progressFromText = 0;
  const dataRows = sheet.rows.length - header.row - 1;
  if (dataRows > MAX_DATA_ROWS) {
    fileProblem(`表中有 ${dataRows} 行，超过一次最多导入 ${MAX_DATA_ROWS} 行的上限。请分成几个文件导入。`);
    return result;
  }
  for (let index = header.row + 1; index < sheet.rows.length; index += 1) {
    const cells = sheet.rows[index] ?? [];
    const rowNumber = index + 1;
    const placedCells = placedEntries.filter(([key]) => key !== 'seq').map(([, where]) => cells[where.index] ?? null);
    if (placedCells.every(isBlank)) {
      if (cells.every(isBlank)) result.counts.emptyRows += 1;
      else {
        const values = distinctValues(cells);
        if (values.length > 0 && NOTE_ROW.test(values[0]!)) result.counts.noteRows += 1;
        else result.counts.emptyRows += 1;
      }
      continue;
    }
    const values = distinctValues(cells);
    if (values.length <= 2 && NOTE_ROW.test(values[0] ?? '')) {
      result.counts.noteRows += 1;
      continue;
    }
    if (headerCandidate(cells, index).score >= 3) {
      result.notices.push(`第 ${rowNumber} 行是重复的表头，已跳过。`);
      continue;
    }
    if (isColumnNumberRow(cells)) {
      result.notices.push(`第 ${rowNumber} 行是列序号，已跳过。`);
      continue;
    }

    const parsed: ParsedRow = { row: rowNumber, values: {}, bad: false };
    const problem = (key: LedgerColumnKey, message: string) => {
      const where = result.columnOf[key];
      result.problems.push({ row: rowNumber, column: where?.column ?? null, header: where?.header ?? null, message });
      parsed.bad = true;
    };
    const cellOf = (key: LedgerColumnKey): CellValue | undefined => {
      const where = place(key);
      if (!where) return undefined;
      const formula = sheet.formulas.get(`${index}:${where.index}`);
      if (formula) {
        if (!formula.cached) {
          problem(key, '该单元格是公式，但文件里没有它的计算结果（文件可能由程序生成，未在 Excel 中打开保存过）。请改为直接填写内容，或在 Excel 中打开并保存后再导入');
          return null;
        }
        formulaCells.push(`${columnLetter(where.index)}${rowNumber}`);
      }
      return cells[where.index] ?? null;
    };
    const read = <T>(key: LedgerColumnKey, convert: (cell: CellValue) => { ok: true; value: T } | { ok: false; message: string }): T | null | undefined => {
      const cell = cellOf(key);
      if (cell === undefined) return undefined;
      if (isBlank(cell)) return null;
      const converted = convert(cell);
      if (!converted.ok) {
        problem(key, converted.message);
        return undefined;
      }
      return converted.value;
    };
    const setValue = <K extends keyof RowValues>(key: K, value: RowValues[K] | undefined) => {
      if (value !== undefined) parsed.values[key] = value;
    };
    const text = (cell: CellValue) => ({ ok: true as const, value: cellText(cell) });
    const line = (cell: CellValue) => ({ ok: true as const, value: cellLine(cell) });

    setValue('seq', read('seq', line));
    setValue('code', read('code', (cell) => ({ ok: true, value: cellLine(cell).normalize('NFKC') })));
    setValue('title', read('title', line));
    setValue('problem', read('problem', text));
    setValue('category', read('category', line));
    setValue('source', read('source', parseSourceCell));
    setValue('unit', read('unit', line));
    setValue('leaderName', read('leaderName', line));
    setValue('leaderPost', read('leaderPost', line));
    setValue('measures', read('measures', text));
    setValue(
      'deadline',
      read('deadline', (cell) => {
        const date = parseDateCell(cell, { longTerm: true, label: '整改时限' });
        return date.ok ? { ok: true, value: date.value ?? LONG_TERM } : date;
      }),
    );
    setValue('status', read('status', parseStatusCell));
    setValue('progress', read('progress', (cell) => parseProgressCell(cell, fractions)));
    const completedOn = read('completedOn', (cell) => parseDateCell(cell, { longTerm: false, label: '完成时间' }));
    if (completedOn !== undefined) parsed.values.completedOn = completedOn;
    setValue('progressSummary', read('progressSummary', text));
    setValue('isPublished', read('isPublished', parseYesNoCell));
    // A progress text such as '已完成调查，完成 60%' sets the progress when no 整改进度 says otherwise.
    if ((parsed.values.progress === undefined || parsed.values.progress === null) && typeof parsed.values.progressSummary === 'string') {
      const percent = percentInText(parsed.values.progressSummary);
      if (percent !== null) {
        parsed.values.progress = percent;
        progressFromText += 1;
      }
    }
    const outcomes = read('outcomes', (cell) => {
      const found: OutcomeCell[] = [];
      for (const outcomeLine of cellText(cell).split('\n')) {
        if (outcomeLine.trim() === '') continue;
        const outcome = parseOutcomeLine(outcomeLine);
        if (!outcome.ok) return outcome;
        found.push(outcome.value);
      }
      return { ok: true, value: found };
    });
    setValue('outcomes', outcomes);

    // Sheets without a post column write '副局长 张某某' in one cell.
    if (!place('leaderPost') && typeof parsed.values.leaderName === 'string') {
      const split = splitLeader(parsed.values.leaderName);
      if (split.post !== '') leadersSplit += 1;
      parsed.values.leaderName = split.name;
      parsed.values.leaderPost = split.post;
    }
    if (!parsed.values.title && typeof parsed.values.problem === 'string' && parsed.values.problem !== '') {
      parsed.values.title = titleFromProblem(parsed.values.problem);
      titlesMade += 1;
    }
    result.rows.push(parsed);
  }

  if (formulaCells.length > 0) {
    result.notices.push(`${formulaCells.length} 个单元格是公式（如 ${formulaCells.slice(0, 3).join('、')}），已按 Excel 保存的计算结果导入。`);
  }
  const dataRowIndexes = new Set(result.rows.map((row) => row.row - 1));
  const mergedInData = [...sheet.mergedCells].filter((key) => dataRowIndexes.has(Number(key.split(':')[0]))).length;
  if (mergedInData > 0) result.notices.push(`合并单元格的内容已填入它覆盖的每一行（${mergedInData} 个单元格），如同每行都写了一遍。`);
  if (titlesMade > 0) result.notices.push(`${titlesMade} 行没有填写整改事项（标题），已用问题描述的第一句作为标题。`);
  if (progressFromText > 0) result.notices.push(`${progressFromText} 行的整改进度取自进展文字中的百分比（如“完成 60%”）。`);
  if (leadersSplit > 0) result.notices.push(`${leadersSplit} 行的责任领导已拆分为职务和姓名（如“副局长 张某某”）。`);
  if (result.counts.emptyRows > 0) result.notices.push(`已跳过 ${result.counts.emptyRows} 个空行。`);
  if (result.counts.noteRows > 0) result.notices.push(`已跳过 ${result.counts.noteRows} 行说明文字（如“注：……”）。`);
  if (result.rows.length === 0 && result.problems.length === 0) result.problems.push({ row: null, column: null, header: null, message: '表头下面没有任何事项。' });
  result.ok = true;
  return result;
}

/** The last percentage in a progress text ('完成 60%', '进度８０％'), or null. */
export function percentInText(text: string): number | null {
  const found = [...text.normalize('NFKC').matchAll(/(\d{1,3}(?:\.\d+)?)\s*%/g)].map((match) => Math.round(Number(match[1]))).filter((value) => value <= 100);
  return found.length > 0 ? found[found.length - 1]! : null;
}

/**
 * Sheets with both 整改进展 and 完成情况: the one whose cells are all status words (已完成, 整改中)
 * is the status column when the sheet has none; the other keeps the progress text. Changes the
 * header in place; returns the header that became the status column, or null.
 */
function progressColumnAsStatus(sheet: SheetInput, header: HeaderCandidate): string | null {
  if (header.placed.has('status')) return null;
  const placed = header.placed.get('progressSummary');
  if (!placed) return null;
  const alternatives = header.extra
    .map((column) => ({ column, found: placeHeader(column.header) }))
    .filter((candidate) => candidate.found?.key === 'progressSummary')
    .map((candidate) => ({ index: columnIndex(candidate.column.column), rank: candidate.found!.rank, header: candidate.column.header }));
  const candidates = [placed, ...alternatives];
  const statusLike = candidates.find((candidate) => {
    // Note rows below the table (注：…, often merged across every column) are not the column's values.
    const cells = sheet.rows
      .slice(header.row + 1)
      .map((cells) => cells[candidate.index] ?? null)
      .filter((cell) => !isBlank(cell) && !NOTE_ROW.test(cellLine(cell)));
    return cells.length > 0 && cells.every((cell) => parseStatusCell(cell).ok);
  });
  if (!statusLike) return null;
  header.placed.set('status', { index: statusLike.index, rank: 0, header: statusLike.header });
  header.extra = header.extra.filter((column) => column.column !== columnLetter(statusLike.index));
  if (statusLike === placed) {
    header.placed.delete('progressSummary');
    const next = alternatives.sort((a, b) => a.rank - b.rank)[0];
    if (next) {
      header.placed.set('progressSummary', next);
      header.extra = header.extra.filter((column) => column.column !== columnLetter(next.index));
    }
  }
  return statusLike.header;
}

/** The column label of a key for reports, e.g. '整改时限'. */
export function columnHeaderOf(key: LedgerColumnKey): string {
  return COLUMN_BY_KEY.get(key)!.header;
}
