// The ledger sheet's columns: the header the template and the export write, and the words bureaus'
// own sheets use for the same column. The import places a column by its header, not its position.

export type LedgerColumnKey =
  | 'seq'
  | 'code'
  | 'title'
  | 'problem'
  | 'category'
  | 'source'
  | 'unit'
  | 'leaderName'
  | 'leaderPost'
  | 'measures'
  | 'deadline'
  | 'status'
  | 'progress'
  | 'completedOn'
  | 'progressSummary'
  | 'outcomes'
  | 'isPublished';

export interface LedgerColumn {
  key: LedgerColumnKey;
  /** What the template and the export call it. */
  header: string;
  /** Other headers that mean this column, most preferred first (after `header`). */
  synonyms: readonly string[];
  /** Width in characters in the .xlsx files we write. */
  width: number;
}

/** In the order of the template and the export. */
export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { key: 'seq', header: '序号', synonyms: ['序', 'no', 'no.', '排序'], width: 6 },
  { key: 'code', header: '编号', synonyms: ['事项编号', '问题编号', '台账编号', '整改编号', '任务编号', '代码'], width: 14 },
  { key: 'title', header: '整改事项', synonyms: ['标题', '事项名称', '问题名称', '整改任务', '整改项目', '问题标题', '事项'], width: 28 },
  { key: 'problem', header: '问题描述', synonyms: ['存在问题', '问题表现', '具体问题', '主要问题', '问题清单', '问题'], width: 40 },
  { key: 'category', header: '问题类别', synonyms: ['类别', '问题类型', '类型', '问题分类', '分类'], width: 10 },
  { key: 'source', header: '问题来源', synonyms: ['来源', '问题出处'], width: 10 },
  { key: 'unit', header: '责任单位', synonyms: ['牵头单位', '责任部门', '牵头部门', '责任科室', '牵头科室', '责任主体', '承办单位'], width: 16 },
  { key: 'leaderName', header: '责任领导', synonyms: ['责任人', '分管领导', '牵头领导', '责任领导姓名'], width: 12 },
  { key: 'leaderPost', header: '领导职务', synonyms: ['职务', '责任领导职务'], width: 18 },
  { key: 'measures', header: '整改措施', synonyms: ['措施', '整改举措', '整改方案', '具体措施'], width: 48 },
  { key: 'deadline', header: '整改时限', synonyms: ['完成时限', '时限', '整改期限', '完成期限', '计划完成时间', '时间要求'], width: 14 },
  { key: 'status', header: '整改状态', synonyms: ['状态', '完成状态', '办理状态', '整改状况'], width: 10 },
  { key: 'progress', header: '整改进度', synonyms: ['进度', '完成进度', '完成比例', '完成率', '完成百分比'], width: 10 },
  { key: 'completedOn', header: '完成时间', synonyms: ['完成日期', '办结时间', '实际完成时间', '销号时间', '完成时期'], width: 14 },
  { key: 'progressSummary', header: '完成情况', synonyms: ['整改进展', '进展情况', '整改情况', '整改成效', '进展', '落实情况'], width: 40 },
  { key: 'outcomes', header: '制度成果', synonyms: ['整改成果', '成果', '制度建设成果'], width: 36 },
  { key: 'isPublished', header: '是否公开', synonyms: ['公开', '向社会公开'], width: 8 },
];

export const COLUMN_BY_KEY = new Map(LEDGER_COLUMNS.map((column) => [column.key, column]));

/**
 * A header cell as written → the form it is compared in: no spaces or line breaks, no notes in
 * brackets ('整改时限（年月日）'), no required-field stars, full-width letters made plain.
 */
export function normalizeHeader(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/^[*※★]+|[*※★:：]+$/g, '')
    .toLowerCase();
}

const WORDS = new Map<string, { key: LedgerColumnKey; rank: number }>();
for (const column of LEDGER_COLUMNS) {
  [column.header, ...column.synonyms].forEach((word, rank) => WORDS.set(normalizeHeader(word), { key: column.key, rank }));
}

/** The column a header means and how preferred that word is (0 = the canonical header), or null. */
export function placeHeader(value: string): { key: LedgerColumnKey; rank: number } | null {
  const normalized = normalizeHeader(value);
  if (normalized === '') return null;
  const found = WORDS.get(normalized);
  if (found) return found;
  // '责任领导/责任人', '问题描述、存在问题': alternatives that all mean the same column.
  const parts = normalized.split(/[/、|]/).filter((part) => part !== '');
  if (parts.length < 2) return null;
  const placed = parts.map((part) => WORDS.get(part));
  const first = placed[0];
  if (!first || placed.some((candidate) => candidate?.key !== first.key)) return null;
  return { key: first.key, rank: Math.min(...placed.map((candidate) => candidate!.rank)) };
}
