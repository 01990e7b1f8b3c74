// The ledger out: .xlsx and CSV in the import's own columns, so that export → import gives the same
// ledger back; and the empty template. The CSV starts with a BOM (Excel on Chinese Windows reads it
// as UTF-8 then) and puts an apostrophe before any cell that a spreadsheet would run as a formula.
import type { Cell, Row, SheetData } from 'write-excel-file/node';
import { xlsxFile } from '../xlsx-write.ts';
import type { Db } from '../../db/open.ts';
import { iterateItemRecords, outcomesByItem } from '../../db/queries/ledger-lists.ts';
import { listItemCategories, listUnitRefs } from '../../db/queries/ledger-references.ts';
import { LONG_TERM_LABEL } from '../domain/ledger-rules.ts';
import { ITEM_SOURCE_LABELS, ITEM_STATUS_LABELS, OUTCOME_KIND_LABELS } from '../domain/vocabulary.ts';
import { formatOutcomeLine } from './cell-values.ts';
import { LEDGER_COLUMNS, type LedgerColumnKey } from './columns.ts';
import { csvCell } from './csv.ts';
import { bureauDateTime } from '../domain/bureau-time.ts';

/** One exported row, as text in the columns' order (progress as a whole percentage). */
export interface ExportRow {
  values: Record<LedgerColumnKey, string | number | null>;
}

export function ledgerTitle(bureauName: string): string {
  return `${bureauName}作风建设问题整改台账`;
}

export function exportRows(db: Db): ExportRow[] {
  const units = new Map(listUnitRefs(db).map((unit) => [unit.id, unit.name]));
  const categories = new Map(listItemCategories(db).map((category) => [category.code, category.label]));
  const outcomes = outcomesByItem(db);
  const rows: ExportRow[] = [];
  let seq = 0;
  for (const item of iterateItemRecords(db)) {
    seq += 1;
    rows.push({
      values: {
        seq,
        code: item.code,
        title: item.title,
        problem: item.problem,
        category: categories.get(item.category) ?? item.category,
        source: ITEM_SOURCE_LABELS[item.source],
        unit: item.responsible_unit_id === null ? null : (units.get(item.responsible_unit_id) ?? null),
        leaderName: item.leader_name,
        leaderPost: item.leader_post,
        measures: item.measures,
        deadline: item.deadline ?? LONG_TERM_LABEL,
        status: ITEM_STATUS_LABELS[item.status],
        progress: item.progress,
        completedOn: item.completed_on,
        progressSummary: item.progress_summary,
        outcomes: (outcomes.get(item.id) ?? []).map(formatOutcomeLine).join('\n'),
        isPublished: item.is_published === 1 ? '是' : '否',
      },
    });
  }
  return rows;
}

export function ledgerCsv(db: Db): string {
  const lines = [`\uFEFF${LEDGER_COLUMNS.map((column) => csvCell(column.header)).join(',')}`];
  for (const row of exportRows(db)) {
    lines.push(
      LEDGER_COLUMNS.map((column) => {
        const value = row.values[column.key];
        return csvCell(column.key === 'progress' && value !== null ? `${value}%` : value);
      }).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

const HEADER_STYLE = { fontWeight: 'bold', align: 'center', alignVertical: 'center', wrap: true, backgroundColor: '#F2F2F2', borderStyle: 'thin', borderColor: '#808080' } as const;
const BODY_STYLE = { alignVertical: 'top', wrap: true, borderStyle: 'thin', borderColor: '#BFBFBF' } as const;
const LONG_TEXT: ReadonlySet<LedgerColumnKey> = new Set(['title', 'problem', 'measures', 'progressSummary', 'outcomes']);

function dateCell(value: string | number | null): Cell {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return value === null ? null : { value: String(value), ...BODY_STYLE };
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return { value: new Date(Date.UTC(year, month - 1, day)), type: Date, format: 'yyyy-mm-dd', ...BODY_STYLE };
}

function bodyCell(key: LedgerColumnKey, value: string | number | null): Cell {
  if (key === 'deadline' || key === 'completedOn') return dateCell(value);
  if (key === 'progress' && typeof value === 'number') return { value: value / 100, type: Number, format: '0%', ...BODY_STYLE, align: 'right' };
  if (value === null || value === '') return { value: '', type: String, ...BODY_STYLE };
  if (typeof value === 'number') return { value, type: Number, ...BODY_STYLE, align: 'center' };
  return { value, type: String, ...BODY_STYLE, ...(LONG_TEXT.has(key) ? {} : { align: key === 'code' ? 'left' : 'center' }) };
}

function titleRow(text: string): Row {
  return [{ value: text, columnSpan: LEDGER_COLUMNS.length, fontWeight: 'bold', fontSize: 16, align: 'center', alignVertical: 'center', height: 32 }, ...LEDGER_COLUMNS.slice(1).map(() => null)];
}

function noteRow(text: string): Row {
  return [{ value: text, columnSpan: LEDGER_COLUMNS.length, wrap: true, alignVertical: 'top', fontSize: 10 }, ...LEDGER_COLUMNS.slice(1).map(() => null)];
}

function headerRow(): Row {
  return LEDGER_COLUMNS.map((column) => ({ value: column.header, ...HEADER_STYLE }));
}

const COLUMN_WIDTHS = LEDGER_COLUMNS.map((column) => ({ width: column.width }));

export async function ledgerXlsx(db: Db, bureauName: string, now: Date): Promise<Buffer> {
  const data: SheetData = [titleRow(ledgerTitle(bureauName)), headerRow()];
  for (const row of exportRows(db)) data.push(LEDGER_COLUMNS.map((column) => bodyCell(column.key, row.values[column.key])));
  data.push(noteRow(`注：导出时间 ${bureauDateTime(now)}（北京时间）。修改后可在管理后台“台账导入”中重新导入：按“编号”更新已有事项、新增新编号的事项（没有编号的行按序号和问题描述对应已有事项，对应不上的作为新事项并自动编号）；制度成果每行一项，格式为“办法：《标题》，2026-04-25，链接”。`));
  return xlsxFile([{ data, sheet: '整改台账', columns: COLUMN_WIDTHS, stickyRowsCount: 2 }]);
}

/** The empty template: title, header, how to fill it in, and a sheet of the allowed values. */
export async function ledgerTemplateXlsx(db: Db, bureauName: string): Promise<Buffer> {
  const categories = listItemCategories(db).filter((category) => category.isActive).map((category) => category.label);
  const units = listUnitRefs(db).map((unit) => unit.name);
  const blankRows: Row[] = Array.from({ length: 20 }, () => LEDGER_COLUMNS.map((column) => bodyCell(column.key, null)));
  const sheet: SheetData = [
    titleRow(ledgerTitle(bureauName)),
    headerRow(),
    ...blankRows,
    noteRow(
      '注：1. 表头在第 2 行，请勿改动列名，可删去不用的列（“问题描述”“整改措施”“整改时限”必须保留）。2. 编号互不重复，如 ZG-2026-001；已有编号的行会更新该事项；不填编号的行按序号和问题描述对应已有事项，对应不上的作为新事项并自动编号。3. 整改时限填日期（如 2026-12-31、2026年12月31日）或“长期坚持”。4. 整改进度填 0～100 的百分比，如 80%。5. 一个单元格内可以换行。6. 本行以“注：”开头，导入时会自动跳过。',
    ),
  ];
  const guide: SheetData = [
    [{ value: '列名', ...HEADER_STYLE }, { value: '填写要求', ...HEADER_STYLE }],
    ['序号', '可选。没有编号时，导入按序号和问题描述找到上次导入的同一事项。'],
    ['编号', '可不填：新事项由系统自动编号（如 ZG-2026-001），导出的台账中带有编号。填写时用字母、数字和“-”，每项唯一；已有的编号会更新该事项。'],
    ['整改事项', '事项标题，200 字以内；不填时用问题描述的第一句。'],
    ['问题描述', '必填。也可写作“存在问题”。'],
    ['问题类别', categories.join('、')],
    ['问题来源', Object.values(ITEM_SOURCE_LABELS).join('、')],
    ['责任单位', `单位全称或简称（可带“县”“局”前缀），如：${units.slice(0, 6).join('、')}${units.length > 6 ? '等' : ''}。也可写作“牵头单位”。`],
    ['责任领导', '姓名，如 张某某；没有“领导职务”列时可写“副局长 张某某”。也可写作“责任人”。'],
    ['领导职务', '如 党组成员、副局长。'],
    ['整改措施', '必填，可分行书写。'],
    ['整改时限', '日期（2026-12-31、2026年12月31日、2026/12/31、2026.12.31）或“长期坚持”。也可写作“完成时限”。'],
    ['整改状态', Object.values(ITEM_STATUS_LABELS).join('、')],
    ['整改进度', '0～100 的百分比：80%、0.8 或 80 均可。已完成的事项为 100%。'],
    ['完成时间', '已完成事项的完成日期，可不填。'],
    ['完成情况', '整改进展和成效的文字说明。也可写作“整改进展”“进展情况”。'],
    ['制度成果', `每行一项：类型：《标题》，印发日期，链接（链接可不填）。类型为 ${Object.values(OUTCOME_KIND_LABELS).join('、')}。`],
    ['是否公开', '是 / 否。不填时新事项不公开，由台账管理员在后台审核后公开。'],
  ];
  return xlsxFile([
    { data: sheet, sheet: '整改台账', columns: COLUMN_WIDTHS, stickyRowsCount: 2 },
    { data: guide, sheet: '填写说明', columns: [{ width: 14 }, { width: 90 }] },
  ]);
}
