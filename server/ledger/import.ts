// The ledger import, the same for the admin app's upload and for scripts/import-ledger.ts:
// read the file → find the header and read the rows → check them against the database → write
// them in one transaction, or nothing. A dry run stops before writing. Nothing is written unless
// every row is valid, or the caller chose to skip the bad ones (problems with the file as a whole
// are never skipped). Never throws for anything a file can contain.
import type { Db } from '../../db/open.ts';
import { applyImportedItems, type ImportApplied } from '../actions/ledger-import-actions.ts';
import type { LedgerActor } from '../actions/ledger-writes.ts';
import { COLUMN_BY_KEY, type LedgerColumnKey } from './columns.ts';
import { type ImportProblem, parseLedgerSheets } from './import-parse.ts';
import { planLedgerImport, type RowOutcome } from './import-plan.ts';
import { importRowSummary } from '../domain/import-rows.ts';
import type { ItemCodePattern } from '../domain/item-code-pattern.ts';
import { bureauDate } from '../domain/bureau-time.ts';
import { readLedgerFile } from './read-file.ts';

export interface ImportOptions {
  fileName: string;
  dryRun: boolean;
  /** Import the valid rows and leave out the bad ones, instead of importing nothing. */
  skipBadRows: boolean;
  now: Date;
  /** For matching unit names written with the bureau's prefix (示例县教育局办公室). */
  bureauName: string;
  /** Codes for the new rows of a sheet without a 编号 column (LEDGER_CODE_PATTERN). */
  codePattern: ItemCodePattern;
  ipHash?: string | null;
}

export interface ImportReport {
  /** The file had no problem at all. */
  ok: boolean;
  dryRun: boolean;
  /** Rows were written. */
  applied: boolean;
  /** The file could not be read at all (missing, damaged, of another kind, too large). */
  unreadable: boolean;
  fileName: string;
  format: 'xlsx' | 'csv' | null;
  encoding: string | null;
  sheet: string | null;
  headerRow: number | null;
  columns: { column: string; header: string; field: LedgerColumnKey | null; fieldLabel: string | null }[];
  unplacedHeaders: string[];
  counts: {
    /** Data rows read (empty rows and notes not counted). */
    rows: number;
    valid: number;
    badRows: number;
    create: number;
    update: number;
    unchanged: number;
    emptyRows: number;
    noteRows: number;
  };
  problems: ImportProblem[];
  notices: string[];
  /** One line per data row: 新建 / 更新 / 无变化 / 问题, with the item's code and how it was matched. */
  rows: RowOutcome[];
  result: ImportApplied | null;
}

function emptyReport(options: ImportOptions): ImportReport {
  return {
    ok: false,
    dryRun: options.dryRun,
    applied: false,
    unreadable: false,
    fileName: options.fileName,
    format: null,
    encoding: null,
    sheet: null,
    headerRow: null,
    columns: [],
    unplacedHeaders: [],
    counts: { rows: 0, valid: 0, badRows: 0, create: 0, update: 0, unchanged: 0, emptyRows: 0, noteRows: 0 },
    problems: [],
    notices: [],
    rows: [],
    result: null,
  };
}

/** A report for a file refused before it was read (the command line's size check). */
export function rejectedReport(options: ImportOptions, message: string): ImportReport {
  const report = emptyReport(options);
  report.problems.push({ row: null, column: null, header: null, message });
  report.unreadable = true;
  return report;
}

export async function importLedgerFile(db: Db, actor: LedgerActor, bytes: Uint8Array, options: ImportOptions): Promise<ImportReport> {
  const report = emptyReport(options);
  const read = await readLedgerFile(bytes);
  if (!read.ok) {
    report.problems.push({ row: null, column: null, header: null, message: read.message });
    report.unreadable = true;
    return report;
  }
  report.format = read.format;
  report.encoding = read.encoding;
  const parsed = parseLedgerSheets(read.sheets);
  report.sheet = parsed.sheet;
  report.headerRow = parsed.headerRow;
  report.columns = parsed.columns.map((column) => ({ ...column, field: column.key, fieldLabel: column.key ? COLUMN_BY_KEY.get(column.key)!.header : null }));
  report.unplacedHeaders = parsed.unplaced;
  report.notices = parsed.notices;
  report.counts.emptyRows = parsed.counts.emptyRows;
  report.counts.noteRows = parsed.counts.noteRows;
  report.counts.rows = parsed.rows.length;
  report.problems = [...parsed.problems];
  if (!parsed.ok || parsed.problems.some((problem) => problem.row === null)) return report;

  const context = { now: options.now, ipHash: options.ipHash ?? null, fileName: options.fileName };
  // Plan and write in one IMMEDIATE transaction: nobody changes an item between the check and the
  // write, and any failure while writing takes every row back with it.
  const run = db.transaction(() => {
    const plan = planLedgerImport(db, parsed, { bureauName: options.bureauName, codePattern: options.codePattern, today: bureauDate(options.now) });
    report.rows = plan.outcomes;
    report.notices = [...report.notices, ...plan.notices];
    report.problems = [...report.problems, ...plan.problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? ''));
    report.counts.badRows = plan.badRows.size;
    report.counts.valid = plan.rows.length;
    report.counts.create = plan.counts.create;
    report.counts.update = plan.counts.update;
    report.counts.unchanged = plan.counts.unchanged;
    report.ok = report.problems.length === 0;
    if (options.dryRun) return;
    if (!report.ok && !options.skipBadRows) return;
    if (report.problems.some((problem) => problem.row === null) || plan.rows.length === 0) return;
    report.result = applyImportedItems(db, actor, plan.rows, context);
    report.applied = true;
  });
  if (options.dryRun) run.deferred();
  else run.immediate();
  return report;
}

/** One problem as a line: 第 5 行 F 列（整改时限）：无法识别的日期…. */
export function formatProblem(problem: ImportProblem): string {
  const where = [
    problem.row !== null ? `第 ${problem.row} 行` : null,
    problem.column !== null ? `${problem.column} 列${problem.header ? `（${problem.header}）` : ''}` : null,
  ].filter(Boolean);
  return where.length > 0 ? `${where.join(' ')}：${problem.message}` : problem.message;
}

/** The report in plain Chinese lines, for the command line. */
export function formatImportReport(report: ImportReport): string {
  const lines: string[] = [];
  const kind = report.format === 'xlsx' ? 'Excel 工作簿' : report.format === 'csv' ? `CSV（${report.encoding}）` : '文件';
  lines.push(`${report.dryRun ? '试导入（不写入）' : '导入'}：${report.fileName}`);
  if (report.format) lines.push(`格式：${kind}${report.sheet && report.format === 'xlsx' ? `，工作表“${report.sheet}”` : ''}${report.headerRow ? `，表头在第 ${report.headerRow} 行` : ''}`);
  for (const notice of report.notices) lines.push(`说明：${notice}`);
  if (report.counts.rows > 0) {
    lines.push(
      `共 ${report.counts.rows} 行事项：有效 ${report.counts.valid} 行（新增 ${report.counts.create}、更新 ${report.counts.update}、无变化 ${report.counts.unchanged}），有问题 ${report.counts.badRows} 行。`,
    );
  }
  for (const row of report.rows) lines.push(`第${row.row}行：${importRowSummary(row)}`);
  if (report.problems.length > 0) {
    lines.push(`发现 ${report.problems.length} 个问题：`);
    for (const problem of report.problems) lines.push(`  ${formatProblem(problem)}`);
  }
  if (report.applied && report.result) {
    const skipped = report.counts.badRows > 0 ? `，跳过有问题的 ${report.counts.badRows} 行` : '';
    lines.push(`已导入：新增 ${report.result.created.length} 项，更新 ${report.result.updated.length} 项，无变化 ${report.result.unchanged.length} 项${skipped}。`);
  } else if (report.dryRun) {
    lines.push(report.ok ? '检查通过，可以正式导入。' : '未写入任何内容。请修改上述问题后重新导入，或选择跳过有问题的行。');
  } else {
    lines.push('未写入任何内容。请修改上述问题后重新导入。');
  }
  return lines.join('\n');
}
