// How the ledger import reports one row (the command line and the admin app say it the same way).
import { IMPORT_MATCH_LABELS, IMPORT_ROW_ACTION_LABELS, type ImportMatchRule, type ImportRowAction } from './vocabulary.ts';

/**
 * What the import does with a row, in words: '新建 ZG-2026-006（新编号）', '更新 ZG-2026-001（按序号和问题描述）'.
 * For the command line's report and the admin app's (which imports this module for it).
 */
export function importRowSummary(row: { action: ImportRowAction; code: string | null; match: ImportMatchRule | null; assigned: boolean; seq: string | null; previousSeq: string | null }): string {
  const notes: string[] = [];
  if (row.assigned && row.action === 'create') notes.push('新编号');
  if (row.match !== null && row.match !== 'code') notes.push(IMPORT_MATCH_LABELS[row.match]);
  if (row.previousSeq !== null && row.seq !== null && row.previousSeq !== row.seq) notes.push(`原序号 ${row.previousSeq}`);
  if (row.action === 'problem') notes.push('见下方问题');
  return `${IMPORT_ROW_ACTION_LABELS[row.action]}${row.code ? ` ${row.code}` : ''}${notes.length > 0 ? `（${notes.join('，')}）` : ''}`;
}
