// Read-only views over the snapshot's published replies (留言选登) for the pages: filters by
// category and by unit, labels, excerpts.
import { excerptText } from '../../../server/domain/text-excerpt.ts';
import { RATING_LABELS, SUBMITTER_ROLE_LABELS } from '../../../server/domain/vocabulary.ts';
import type { PublicSnapshot } from './snapshot.ts';

export type PublicReply = PublicSnapshot['replies'][number];

export interface ReplyFilter {
  code: string;
  label: string;
  count: number;
}

// The counts are the same on each of the list's hundreds of pages: computed once per snapshot.
const categoryFilterCache = new WeakMap<PublicSnapshot, ReplyFilter[]>();
const unitFilterCache = new WeakMap<PublicSnapshot, ReplyFilter[]>();

/** Categories that have published replies, in the 系统管理员's order, with their counts. */
export function categoryFilters(snapshot: PublicSnapshot): ReplyFilter[] {
  const cached = categoryFilterCache.get(snapshot);
  if (cached) return cached;
  const counts = countBy(snapshot.replies, (reply) => reply.category);
  const known = snapshot.categories.filter((category) => counts.has(category.code)).map((category) => ({ ...category, count: counts.get(category.code)! }));
  // A category retired since (not in the list any more) still gets its page.
  const retired = [...counts.keys()]
    .filter((code) => !snapshot.categories.some((category) => category.code === code))
    .map((code) => ({ code, label: snapshot.replies.find((reply) => reply.category === code)!.categoryLabel, count: counts.get(code)! }));
  const filters = [...known, ...retired];
  categoryFilterCache.set(snapshot, filters);
  return filters;
}

/** Units that answered published replies, in the units' order, with their counts. */
export function unitFilters(snapshot: PublicSnapshot): ReplyFilter[] {
  const cached = unitFilterCache.get(snapshot);
  if (cached) return cached;
  const counts = countBy(snapshot.replies, (reply) => reply.unitCode ?? '');
  const filters = snapshot.units.filter((unit) => counts.has(unit.code)).map((unit) => ({ code: unit.code, label: unit.name, count: counts.get(unit.code)! }));
  unitFilterCache.set(snapshot, filters);
  return filters;
}

function countBy(replies: readonly PublicReply[], key: (reply: PublicReply) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const reply of replies) {
    const value = key(reply);
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

export function ratingLabel(reply: PublicReply): string | null {
  return reply.rating ? RATING_LABELS[reply.rating] : null;
}

export function roleLabel(reply: PublicReply): string {
  return SUBMITTER_ROLE_LABELS[reply.role];
}

/** The start of a text, for a list; never cut through a redaction mask. */
export function excerpt(text: string, length = 80): string {
  return excerptText(text, length);
}

const repliesByItemCache = new WeakMap<PublicSnapshot, Map<string, PublicReply[]>>();

/** The published replies about an item, in the snapshot's order (indexed once per snapshot: one lookup per item page). */
export function repliesForItem(snapshot: PublicSnapshot, itemCode: string): PublicReply[] {
  let byItem = repliesByItemCache.get(snapshot);
  if (!byItem) {
    byItem = new Map();
    for (const reply of snapshot.replies) {
      if (!reply.itemCode) continue;
      const list = byItem.get(reply.itemCode);
      if (list) list.push(reply);
      else byItem.set(reply.itemCode, [reply]);
    }
    repliesByItemCache.set(snapshot, byItem);
  }
  return byItem.get(itemCode) ?? [];
}

export interface ReplyPage {
  replies: PublicReply[];
  page: number;
  pages: number;
  total: number;
}

/** A filter page of the published replies: by category or by the unit that answered. */
export type ReplyFilterKind = 'category' | 'unit';

export interface ReplyFilterPage {
  params: { code: string; page: string | undefined };
  props: { label: string; list: ReplyPage };
}

/** Every page of every filter of one kind, for getStaticPaths (page 1 has no number in its path). */
export function replyFilterPages(snapshot: PublicSnapshot, kind: ReplyFilterKind, size: number): ReplyFilterPage[] {
  const filters = kind === 'category' ? categoryFilters(snapshot) : unitFilters(snapshot);
  const matches = (reply: PublicReply, code: string) => (kind === 'category' ? reply.category === code : reply.unitCode === code);
  return filters.flatMap((filter) =>
    paginate(
      snapshot.replies.filter((reply) => matches(reply, filter.code)),
      size,
    ).map((list) => ({ params: { code: filter.code, page: list.page > 1 ? String(list.page) : undefined }, props: { label: filter.label, list } })),
  );
}

/** Splits a list into pages of `size`; an empty list is one empty page. */
export function paginate(replies: readonly PublicReply[], size: number): ReplyPage[] {
  const pages = Math.max(1, Math.ceil(replies.length / size));
  return Array.from({ length: pages }, (_, index) => ({ replies: replies.slice(index * size, (index + 1) * size), page: index + 1, pages, total: replies.length }));
}
