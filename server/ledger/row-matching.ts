// Which item a row of a sheet without codes is: the rules, strongest first, each item taken once.
//   1. seq_text    the row's 序号 and problem text are those the item had in its last sheet (or
//                  the text is the item's problem as it stands now);
//   2. text        the same problem text under another 序号 (a row moved, or rows were added above);
//   3. seq_similar the same 序号 and a problem text mostly the same (wording touched up);
//   4. similar     another 序号, a problem text mostly the same.
// Rules 2–4 are weaker and every row they match is reported. Pure functions; no database.
import type { ItemSheetIdentity } from '../../db/queries/ledger-lists.ts';
import { IMPORT_MATCH_LABELS, type ImportMatchRule } from '../domain/vocabulary.ts';

export type MatchRule = ImportMatchRule;
export const MATCH_RULE_LABELS = IMPORT_MATCH_LABELS;

/** Matched by a rule weaker than code or 序号 + text: the report names each such row. */
export function isWeakMatch(rule: MatchRule): boolean {
  return rule === 'text' || rule === 'seq_similar' || rule === 'similar';
}

/** How alike two problem texts must be (bigram Dice) for the similarity rules. */
export const SEQ_SIMILAR_THRESHOLD = 0.6;
export const SIMILAR_THRESHOLD = 0.75;
/** Beyond this many comparisons the similarity rules are skipped (and the report says so). */
export const MAX_SIMILARITY_PAIRS = 4_000_000;

/**
 * A problem text → its fingerprint: width variants folded, numbering in front, spaces and
 * punctuation dropped, so '1、部分学校……。' and '部分学校……' are the same text.
 */
export function problemKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^\s*[\d一二三四五六七八九十]+\s*[.、．)）]\s*/, '')
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** A 序号 cell → a comparable form ('3', '3.0' and '３' alike); null when empty. */
export function seqKey(seq: string | null | undefined): string | null {
  if (seq === null || seq === undefined) return null;
  const text = seq.normalize('NFKC').replace(/\s+/g, '');
  if (text === '') return null;
  return /^\d+(?:\.0+)?$/.test(text) ? String(Number(text)) : text;
}

function bigrams(key: string): Map<string, number> {
  const found = new Map<string, number>();
  for (let index = 0; index < key.length - 1; index += 1) {
    const pair = key.slice(index, index + 2);
    found.set(pair, (found.get(pair) ?? 0) + 1);
  }
  return found;
}

/** Dice's coefficient over character pairs: 1 for the same text, 0 for nothing shared. */
export function textSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const left = bigrams(a);
  const right = bigrams(b);
  let shared = 0;
  for (const [pair, count] of left) shared += Math.min(count, right.get(pair) ?? 0);
  return (2 * shared) / (a.length - 1 + (b.length - 1));
}

export interface RowToMatch {
  row: number;
  seq: string | null;
  key: string;
}

export interface RowMatch {
  item: ItemSheetIdentity;
  rule: MatchRule;
  /** The item's 序号 in its last sheet, when the rule matched across a different one. */
  previousSeq: string | null;
}

/**
 * Rows (without a code) → the item each one is, by the rules above in order; `claimed` are items
 * already taken by a code in this sheet. Returns the matches and whether similarity was skipped.
 */
export function matchRows(rows: readonly RowToMatch[], items: readonly ItemSheetIdentity[], claimed: ReadonlySet<number>): { matches: Map<number, RowMatch>; similaritySkipped: boolean } {
  const matches = new Map<number, RowMatch>();
  const taken = new Set(claimed);
  const keysOf = new Map<number, string[]>();
  for (const item of items) {
    const keys = [item.problemKey, problemKey(item.problem)].filter((key): key is string => key !== null && key !== '');
    keysOf.set(item.id, [...new Set(keys)]);
  }
  const byKey = new Map<string, ItemSheetIdentity[]>();
  for (const item of items) for (const key of keysOf.get(item.id)!) byKey.set(key, [...(byKey.get(key) ?? []), item]);

  const take = (row: RowToMatch, item: ItemSheetIdentity, rule: MatchRule) => {
    taken.add(item.id);
    matches.set(row.row, { item, rule, previousSeq: rule === 'seq_text' || rule === 'seq_similar' ? null : seqKey(item.seq) });
  };
  const open = () => rows.filter((row) => !matches.has(row.row) && row.key !== '');

  for (const row of open()) {
    const seq = seqKey(row.seq);
    if (seq === null) continue;
    const item = (byKey.get(row.key) ?? []).find((candidate) => !taken.has(candidate.id) && seqKey(candidate.seq) === seq);
    if (item) take(row, item, 'seq_text');
  }
  for (const row of open()) {
    const item = (byKey.get(row.key) ?? []).find((candidate) => !taken.has(candidate.id));
    if (item) take(row, item, 'text');
  }
  const remainingRows = open();
  const remainingItems = items.filter((item) => !taken.has(item.id));
  if (remainingRows.length * remainingItems.length > MAX_SIMILARITY_PAIRS) return { matches, similaritySkipped: true };
  const best = (row: RowToMatch, candidates: readonly ItemSheetIdentity[], threshold: number) => {
    let found: ItemSheetIdentity | null = null;
    let score = threshold;
    for (const item of candidates) {
      if (taken.has(item.id)) continue;
      const similarity = Math.max(0, ...keysOf.get(item.id)!.map((key) => textSimilarity(row.key, key)));
      if (similarity >= score) {
        found = item;
        score = similarity;
      }
    }
    return found;
  };
  for (const row of remainingRows) {
    const seq = seqKey(row.seq);
    if (seq === null) continue;
    const item = best(row, remainingItems.filter((candidate) => seqKey(candidate.seq) === seq), SEQ_SIMILAR_THRESHOLD);
    if (item) take(row, item, 'seq_similar');
  }
  for (const row of open()) {
    const item = best(row, remainingItems, SIMILAR_THRESHOLD);
    if (item) take(row, item, 'similar');
  }
  return { matches, similaritySkipped: false };
}
