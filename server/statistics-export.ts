// 群众评议档案 for the staff: every unit's and school's figures over a period (opinions submitted
// in it), as .xlsx and as CSV (UTF-8 with BOM, a formula-like cell guarded by an apostrophe), for
// the annual 绩效考核. The same figures as the public scorecards, from db/queries/statistics.ts.
import type { Cell, SheetData } from 'write-excel-file/node';
import { xlsxFile } from './xlsx-write.ts';
import type { Db } from '../db/open.ts';
import type { FiguresRow } from '../db/public-snapshot-schema.ts';
import { feedbackStatistics, type StatisticsPeriod } from '../db/queries/statistics.ts';
import { csvCell } from './domain/audit-labels.ts';
import { SMALL_SAMPLE_RATED } from './domain/feedback-figures.ts';
import type { WorkCalendar } from './domain/working-days.ts';

type Value = string | number | null;

const COLUMNS: { header: string; value: (row: FiguresRow) => Value; percent?: boolean }[] = [
  { header: '单位', value: (row) => row.label },
  { header: '类型', value: (row) => (row.kind === 'school' ? '学校' : row.kind === 'department' ? '科室' : '') },
  { header: '收到意见', value: (row) => row.figures.received },
  { header: '已受理', value: (row) => row.figures.accepted },
  { header: '已答复', value: (row) => row.figures.replied },
  { header: '答复率', value: (row) => row.figures.replyRate, percent: true },
  { header: '按期答复率', value: (row) => row.figures.replyOnTimeRate, percent: true },
  { header: '逾期答复', value: (row) => row.figures.replyLate },
  { header: '延期办理', value: (row) => row.figures.replyExtended },
  { header: '答复用时中位数（工作日）', value: (row) => row.figures.daysTotal.median },
  { header: '满意率', value: (row) => row.figures.satisfactionRate, percent: true },
  { header: '已评价', value: (row) => row.figures.rated },
  { header: '不满意', value: (row) => row.figures.dissatisfiedRatings },
  { header: '回访', value: (row) => row.figures.followUps },
  { header: '督办', value: (row) => row.figures.urges },
  { header: '样本较少', value: (row) => (row.figures.rated < SMALL_SAMPLE_RATED ? '是' : '否') },
];

export function scorecardRows(db: Db, calendar: WorkCalendar, today: string, period: StatisticsPeriod): FiguresRow[] {
  return feedbackStatistics(db, calendar, today, period).byUnit;
}

function title(bureauName: string, period: StatisticsPeriod): string {
  return `${bureauName}群众评议档案（${period.from} 至 ${period.to} 提交的意见）`;
}

export function scorecardsCsv(rows: readonly FiguresRow[]): string {
  const lines = [`\uFEFF${COLUMNS.map((column) => csvCell(column.header)).join(',')}`];
  for (const row of rows) {
    lines.push(
      COLUMNS.map((column) => {
        const value = column.value(row);
        return csvCell(column.percent && typeof value === 'number' ? `${(value * 100).toFixed(1)}%` : value);
      }).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export async function scorecardsXlsx(rows: readonly FiguresRow[], bureauName: string, period: StatisticsPeriod): Promise<Buffer> {
  const cell = (value: Value, percent = false): Cell =>
    typeof value === 'number' ? { value, type: Number, ...(percent ? { format: '0.0%' } : {}) } : { value: value ?? '', type: String };
  const data: SheetData = [
    [{ value: title(bureauName, period), fontWeight: 'bold', columnSpan: COLUMNS.length }, ...COLUMNS.slice(1).map(() => null)],
    COLUMNS.map((column) => ({ value: column.header, fontWeight: 'bold' as const, wrap: true })),
    ...rows.map((row) => COLUMNS.map((column) => cell(column.value(row), column.percent))),
  ];
  return xlsxFile([{ data, sheet: '群众评议档案', columns: COLUMNS.map((_column, index) => ({ width: index === 0 ? 24 : 10 })), stickyRowsCount: 2 }]);
}
