// Parsed rows → what the import would do, checked against the database: which codes are new and
// which update an item, which unit a name means (tolerating 县/示例县/局 prefixes), which category a
// word means, and every rule an item must keep. Reads only; the caller decides whether to write.
import type { Db } from '../../db/open.ts';
import { getItemRecord, getItemRecordByCode, itemStateOf, listItemOutcomes } from '../../db/queries/ledger.ts';
import { listItemCategories, listUnitRefs, type UnitRef } from '../../db/queries/ledger-references.ts';
import { listItemSheetIdentities } from '../../db/queries/ledger-lists.ts';
import { type ItemCodePattern, itemCodeAllocator } from '../domain/item-code-pattern.ts';
import type { PlannedImportRow } from '../actions/ledger-import-actions.ts';
import { itemFieldsSchema, outcomeSchema } from '../domain/ledger-input.ts';
import { diffItemStates, itemCodeProblem, itemConsistencyProblem, type ItemField, type ItemState } from '../domain/ledger-rules.ts';
import type { ImportRowAction, ItemStatus } from '../domain/vocabulary.ts';
import type { LedgerColumnKey } from './columns.ts';
import { type ImportProblem, LONG_TERM, type ParsedSheet } from './import-parse.ts';
import { isWeakMatch, MATCH_RULE_LABELS, type MatchRule, matchRows, problemKey, seqKey } from './row-matching.ts';

export type RowAction = ImportRowAction;

/** What the import does with one data row, for the report's line per row. */
export interface RowOutcome {
  row: number;
  action: RowAction;
  /** The item's code: given, matched or assigned; null for a row with problems and no code. */
  code: string | null;
  /** How the row was matched to an existing item; null for a new one or a row with problems. */
  match: MatchRule | null;
  /** The code was assigned by the import (LEDGER_CODE_PATTERN). */
  assigned: boolean;
  /** 序号 in this sheet, and (for a match across 序号) the one the item had before. */
  seq: string | null;
  previousSeq: string | null;
}

export interface ImportPlan {
  rows: PlannedImportRow[];
  problems: ImportProblem[];
  /** Row numbers with at least one problem. */
  badRows: Set<number>;
  counts: { create: number; update: number; unchanged: number };
  outcomes: RowOutcome[];
  notices: string[];
}

export interface PlanOptions {
  bureauName: string;
  codePattern: ItemCodePattern;
  /** The bureau's date of the import: the year of new codes and the date of progress updates. */
  today: string;
}

const FIELD_COLUMN: Partial<Record<ItemField, LedgerColumnKey>> = { unitId: 'unit' };

function columnKeyOf(field: string): LedgerColumnKey {
  return (FIELD_COLUMN[field as ItemField] ?? field) as LedgerColumnKey;
}

/** '示例县教育局办公室', '局办公室', '县实验小学' → the same key as the unit's own name. */
export function unitNameKey(name: string, bureauName: string): string {
  let key = name.normalize('NFKC').replace(/[\s\u3000]+/g, '');
  const county = bureauName.replace(/教育(?:体育|和体育|科技|和科技)?局$/, '');
  const prefixes = [bureauName, county, '县教育局', '市教育局', '区教育局', '教育局', '本局', '县', '局'].filter((prefix) => prefix !== '');
  for (let changed = true; changed; ) {
    changed = false;
    for (const prefix of prefixes) {
      if (key.startsWith(prefix) && key.length > prefix.length) {
        key = key.slice(prefix.length);
        changed = true;
      }
    }
  }
  return key;
}

export type UnitMatch = { ok: true; unit: UnitRef; others: string[] } | { ok: false; message: string };

export function unitMatcher(units: readonly UnitRef[], bureauName: string): (text: string) => UnitMatch {
  const byKey = new Map<string, UnitRef[]>();
  for (const unit of units) {
    const key = unitNameKey(unit.name, bureauName);
    byKey.set(key, [...(byKey.get(key) ?? []), unit]);
  }
  const known = units.slice(0, 12).map((unit) => unit.name).join('、') + (units.length > 12 ? '等' : '');
  return (text) => {
    const [first = '', ...others] = text.split(/[、，,；;/\n]+/).map((part) => part.trim()).filter((part) => part !== '');
    const exact = units.filter((unit) => unit.name === first || unit.code === first);
    const found = exact.length > 0 ? exact : (byKey.get(unitNameKey(first, bureauName)) ?? []);
    if (found.length === 1) return { ok: true, unit: found[0]!, others };
    if (found.length > 1) return { ok: false, message: `责任单位“${first}”可能是${found.map((unit) => unit.name).join('或')}，请写全称` };
    return {
      ok: false,
      message: `找不到责任单位“${first}”。单位须先由系统管理员在“单位”中添加；已有单位：${known || '（无）'}`,
    };
  };
}

function deriveStatus(progress: number, previous: ItemStatus | null): ItemStatus {
  if (previous === 'ongoing') return 'ongoing';
  if (progress === 100) return 'completed';
  if (progress > 0) return 'in_progress';
  return previous === null || previous === 'not_started' ? 'not_started' : 'in_progress';
}

export function planLedgerImport(db: Db, parsed: ParsedSheet, options: PlanOptions): ImportPlan {
  const plan: ImportPlan = { rows: [], problems: [], badRows: new Set(), counts: { create: 0, update: 0, unchanged: 0 }, outcomes: [], notices: [] };
  const identities = listItemSheetIdentities(db);
  const rowKey = (values: ParsedSheet['rows'][number]['values']) => problemKey(values.problem ?? values.title ?? '');
  // Rows with a code are that item; the others are matched by 序号 and problem text, or are new.
  const claimedByCode = new Set<number>();
  for (const row of parsed.rows) {
    const found = row.values.code ? getItemRecordByCode(db, row.values.code) : undefined;
    if (found) claimedByCode.add(found.id);
  }
  const { matches, similaritySkipped } = matchRows(
    parsed.rows.filter((row) => !row.values.code).map((row) => ({ row: row.row, seq: row.values.seq ?? null, key: rowKey(row.values) })),
    identities,
    claimedByCode,
  );
  if (similaritySkipped) plan.notices.push('表中未能按序号和问题描述对上的行太多，未再按相近的问题描述查找；这些行将作为新事项。');
  const rowInfo = new Map<number, { match: MatchRule | null; previousSeq: string | null; assigned: boolean }>();
  const year = Number(options.today.slice(0, 4));
  const categories = listItemCategories(db);
  const categoryByWord = new Map<string, (typeof categories)[number]>();
  for (const category of categories) {
    categoryByWord.set(category.label.normalize('NFKC'), category);
    categoryByWord.set(category.code, category);
  }
  const activeLabels = categories.filter((category) => category.isActive).map((category) => category.label).join('、');
  const matchUnit = unitMatcher(listUnitRefs(db), options.bureauName);
  const firstRowOfCode = new Map<string, { row: number; code: string }>();
  const flaggedFirst = new Set<string>();

  for (const row of parsed.rows) {
    const values = row.values;
    const problems: ImportProblem[] = [];
    const problem = (key: LedgerColumnKey | null, message: string) => {
      const where = key ? parsed.columnOf[key] : undefined;
      problems.push({ row: row.row, column: where?.column ?? null, header: where?.header ?? null, message });
    };

    const matched = matches.get(row.row);
    const assigned = !values.code && !matched;
    // A new row of a sheet without codes gets its code once the whole plan is known (sheet order).
    const code = values.code ?? matched?.item.code ?? '';
    rowInfo.set(row.row, { match: values.code ? 'code' : (matched?.rule ?? null), previousSeq: matched?.previousSeq ?? null, assigned });
    if (code === '') {
      // assigned below
    } else {
      const codeProblem = itemCodeProblem(code);
      if (codeProblem) problem('code', codeProblem);
      const key = code.toLowerCase();
      const first = firstRowOfCode.get(key);
      if (first !== undefined) {
        problem('code', `编号 ${code} 与第 ${first.row} 行重复；一个编号只能出现一次`);
        if (!flaggedFirst.has(key)) {
          flaggedFirst.add(key);
          const where = parsed.columnOf.code;
          plan.problems.push({ row: first.row, column: where?.column ?? null, header: where?.header ?? null, message: `编号 ${first.code} 在第 ${row.row} 行再次出现` });
          plan.badRows.add(first.row);
        }
      } else {
        firstRowOfCode.set(key, { row: row.row, code });
      }
    }

    const existing = matched ? getItemRecord(db, matched.item.id) : code !== '' ? getItemRecordByCode(db, code) : undefined;
    const before = existing ? itemStateOf(existing) : null;
    if (existing && existing.code !== code && values.code) problem('code', `编号 ${code} 与已有事项 ${existing.code} 只差大小写，请写成 ${existing.code}`);

    // Start from the item as it is (an update) or from the defaults of a new one; every column the
    // file has replaces its field, an empty cell included.
    const draft: Record<string, unknown> = before
      ? { ...before }
      : { title: '', problem: '', category: 'other', source: 'other', unitId: null, leaderName: '', leaderPost: '', measures: '', deadline: undefined, status: 'not_started', progress: 0, completedOn: null, progressSummary: '', isPublished: false };
    for (const key of ['title', 'problem', 'measures'] as const) {
      if (values[key] !== undefined) draft[key] = values[key] ?? '';
    }
    for (const key of ['leaderName', 'leaderPost', 'progressSummary'] as const) {
      if (values[key] !== undefined) draft[key] = values[key] ?? '';
    }
    if (values.source !== undefined && values.source !== null) draft.source = values.source;
    if (values.isPublished !== undefined && values.isPublished !== null) draft.isPublished = values.isPublished;

    if (values.category !== undefined && values.category !== null) {
      const category = categoryByWord.get(values.category.normalize('NFKC'));
      if (!category) problem('category', `无法识别的问题类别“${values.category}”，应为${activeLabels}之一（类别可由系统管理员或台账管理员在“问题类别”中增加）`);
      else if (!category.isActive && before?.category !== category.code) problem('category', `问题类别“${category.label}”已停用`);
      else draft.category = category.code;
    }

    if (values.unit !== undefined) {
      if (values.unit === null) draft.unitId = null;
      else {
        const match = matchUnit(values.unit);
        if (!match.ok) problem('unit', match.message);
        else {
          draft.unitId = match.unit.id;
          if (match.others.length > 0) problem('unit', `一项只能有一个责任单位，请把其他单位（${match.others.join('、')}）写进整改措施`);
        }
      }
    }

    if (values.deadline === null) problem('deadline', '请填写整改时限：日期（如 2026-12-31），或“长期坚持”');
    else if (values.deadline !== undefined) draft.deadline = values.deadline === LONG_TERM ? null : values.deadline;
    else if (!before && !parsed.columnOf.deadline) problem(null, '缺少“整改时限”列，新事项必须有整改时限');

    const previousStatus = before?.status ?? null;
    const status = values.status ?? undefined;
    const progress = values.progress ?? undefined;
    if (status !== undefined && progress !== undefined) {
      draft.status = status;
      draft.progress = progress;
    } else if (status !== undefined) {
      draft.status = status;
      draft.progress = status === 'completed' ? 100 : status === 'not_started' ? 0 : before && before.status !== 'completed' ? before.progress : (draft.progress as number);
    } else if (progress !== undefined) {
      draft.progress = progress;
      draft.status = deriveStatus(progress, previousStatus);
    }
    if (values.completedOn !== undefined && values.completedOn !== null) draft.completedOn = values.completedOn;
    else if (draft.status !== 'completed') draft.completedOn = null;
    else if (values.completedOn === null) draft.completedOn = before?.status === 'completed' ? before.completedOn : null;

    if (draft.deadline === undefined) draft.deadline = null;
    const checked = itemFieldsSchema.safeParse(draft);
    let state: ItemState | null = null;
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0] ?? '');
        // No title column and no problem text: "请填写问题描述" says it once.
        if (field === 'title' && !parsed.columnOf.title && draft.problem === '') continue;
        problem(columnKeyOf(field), issue.message);
      }
    } else {
      state = { code: existing?.code ?? code, ...checked.data, isPublished: draft.isPublished as boolean };
    }
    const consistency = itemConsistencyProblem(draft as Pick<ItemState, 'status' | 'progress' | 'completedOn'>);
    if (consistency) problem(consistency.field === 'progress' && values.progress === undefined ? 'status' : columnKeyOf(consistency.field), consistency.message);

    const outcomes: PlannedImportRow['outcomes'] = [];
    for (const outcome of values.outcomes ?? []) {
      const result = outcomeSchema.safeParse({ title: outcome.title, kind: outcome.kind, issuedOn: outcome.issuedOn, url: outcome.url });
      if (!result.success) problem('outcomes', `制度成果《${outcome.title}》：${result.error.issues.map((issue) => issue.message).join('；')}`);
      else if (outcomes.some((other) => other.title === result.data.title)) problem('outcomes', `制度成果《${result.data.title}》写了两次`);
      else outcomes.push({ title: result.data.title, kind: result.data.kind, issuedOn: result.data.issuedOn, url: result.data.url ?? null });
    }

    if (problems.length > 0 || row.bad || state === null) {
      plan.problems.push(...problems);
      plan.badRows.add(row.row);
      continue;
    }
    const progressNote = state.progressSummary !== '' && state.progressSummary !== (before?.progressSummary ?? '') ? state.progressSummary : null;
    plan.rows.push({
      row: row.row,
      code: state.code,
      state,
      existing: existing ? { id: existing.id, version: existing.version } : null,
      outcomes,
      sheetKey: { seq: seqKey(values.seq), problemKey: problemKey(state.problem) },
      progressNote: progressNote === null ? null : { date: options.today, content: progressNote },
    });
  }

  // New items of a sheet without codes: codes in the sheet's order after the highest of the pattern.
  const nextCode = itemCodeAllocator(options.codePattern, year, [...identities.map((identity) => identity.code), ...parsed.rows.flatMap((row) => (row.values.code ? [row.values.code] : []))]);
  for (const planned of plan.rows) {
    if (planned.existing !== null || planned.code !== '') continue;
    if (plan.badRows.has(planned.row)) continue;
    planned.code = nextCode();
    planned.state = { ...planned.state, code: planned.code };
  }

  // Rows flagged afterwards (the first of two equal codes) leave the plan too.
  plan.rows = plan.rows.filter((planned) => !plan.badRows.has(planned.row));
  const outcomeOf = new Map<number, RowOutcome>();
  const record = (planned: PlannedImportRow, action: RowAction) => {
    const info = rowInfo.get(planned.row);
    outcomeOf.set(planned.row, { row: planned.row, action, code: planned.code, match: planned.existing ? (info?.match ?? 'code') : null, assigned: info?.assigned ?? false, seq: planned.sheetKey.seq, previousSeq: info?.previousSeq ?? null });
  };
  for (const planned of plan.rows) {
    if (planned.existing === null) {
      plan.counts.create += 1;
      record(planned, 'create');
      continue;
    }
    const current = getItemRecord(db, planned.existing.id)!;
    const outcomes = new Map(listItemOutcomes(db, current.id).map((outcome) => [outcome.title, outcome]));
    const outcomesChange = planned.outcomes.some((outcome) => {
      const found = outcomes.get(outcome.title);
      return !found || found.kind !== outcome.kind || found.issuedOn !== outcome.issuedOn || found.url !== outcome.url;
    });
    if (outcomesChange || diffItemStates(itemStateOf(current), planned.state, () => null).length > 0) {
      plan.counts.update += 1;
      record(planned, 'update');
    } else {
      plan.counts.unchanged += 1;
      record(planned, 'unchanged');
    }
    const info = rowInfo.get(planned.row);
    if (info?.match && isWeakMatch(info.match)) {
      const seq = planned.sheetKey.seq;
      const moved = info.previousSeq !== null && seq !== null && info.previousSeq !== seq ? `，序号由 ${info.previousSeq} 变为 ${seq}` : '';
      plan.notices.push(`第 ${planned.row} 行${MATCH_RULE_LABELS[info.match]}对应到已有事项 ${planned.code}${moved}；如不是同一事项，请在表中加“编号”列写明。`);
    }
  }
  for (const row of parsed.rows) {
    const done = outcomeOf.get(row.row);
    plan.outcomes.push(done ?? { row: row.row, action: 'problem', code: row.values.code ?? matches.get(row.row)?.item.code ?? null, match: null, assigned: false, seq: seqKey(row.values.seq), previousSeq: null });
  }
  plan.problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return plan;
}
