// Read-only views over the snapshot's published replies (留言选登) for the pages: filters by
// category and by unit, labels, excerpts. The replies are not in the snapshot entry: the lists
// work on the replies file's index (lib/replies-file.ts) and read only the records they show.
import { excerptText } from '../../../server/domain/text-excerpt.ts';
import { RATING_LABELS, SUBMITTER_ROLE_LABELS } from '../../../server/domain/vocabulary.ts';
import type { PublicReply } from '../../../db/public-snapshot-schema.ts';
import { readRepliesAt, replyDigest, replyIndex, type ReplyIndex } from './replies-file.ts';
export { replyDigest };
import type { PublicSnapshot } from './snapshot.ts';
import { replyPath } from '../consts.ts';
import { formatDate } from './format.ts';

export type { PublicReply };
export type { ReplyIndex };

export interface ReplyFilter {
  code: string;
  label: string;
  count: number;
}

const EMPTY_INDEX: ReplyIndex = {
  path: '',
  count: 0,
  ids: new Uint32Array(0),
  offsets: new Float64Array(0),
  lengths: new Uint32Array(0),
  category: new Uint16Array(0),
  categories: [],
  unit: new Uint16Array(0),
  units: [],
  item: new Uint32Array(0),
  itemCodes: [],
  publishedOn: new Uint32Array(0),
  digests: new Uint8Array(0),
};

/** The index of the snapshot's replies file (read once per build). */
export async function getReplyIndex(snapshot: PublicSnapshot): Promise<ReplyIndex> {
  return snapshot.repliesFile === null ? EMPTY_INDEX : replyIndex(snapshot.repliesFile, snapshot.replyCount);
}

// The counts are the same on each of the list's hundreds of pages: computed once per index.
const categoryFilterCache = new WeakMap<ReplyIndex, ReplyFilter[]>();
const unitFilterCache = new WeakMap<ReplyIndex, ReplyFilter[]>();

function countPositions(values: ArrayLike<number>, size: number): number[] {
  const counts = new Array<number>(size).fill(0);
  for (let at = 0; at < values.length; at += 1) counts[values[at]!]! += 1;
  return counts;
}

/** Categories that have published replies, in the 系统管理员's order, with their counts. */
export function categoryFilters(snapshot: PublicSnapshot, index: ReplyIndex): ReplyFilter[] {
  const cached = categoryFilterCache.get(index);
  if (cached) return cached;
  const perPosition = countPositions(index.category, index.categories.length);
  const counts = new Map(index.categories.map((category, position) => [category.code, perPosition[position]!]));
  const known = snapshot.categories.filter((category) => counts.has(category.code)).map((category) => ({ ...category, count: counts.get(category.code)! }));
  // A category retired since (not in the list any more) still gets its page, under its label in the first reply that has it.
  const retired = index.categories
    .filter((category) => !snapshot.categories.some((known) => known.code === category.code))
    .map((category) => ({ code: category.code, label: category.label, count: counts.get(category.code)! }));
  const filters = [...known, ...retired];
  categoryFilterCache.set(index, filters);
  return filters;
}

/** Units that answered published replies, in the units' order, with their counts. */
export function unitFilters(snapshot: PublicSnapshot, index: ReplyIndex): ReplyFilter[] {
  const cached = unitFilterCache.get(index);
  if (cached) return cached;
  const perPosition = countPositions(index.unit, index.units.length + 1);
  const counts = new Map(index.units.map((code, position) => [code, perPosition[position + 1]!]));
  counts.delete('');
  const filters = snapshot.units.filter((unit) => counts.has(unit.code)).map((unit) => ({ code: unit.code, label: unit.name, count: counts.get(unit.code)! }));
  unitFilterCache.set(index, filters);
  return filters;
}

/** Whether a unit answered any published reply. */
export function unitHasReplies(index: ReplyIndex, unitCode: string): boolean {
  return index.units.includes(unitCode);
}

export function ratingLabel(reply: PublicReply): string | null {
  return reply.rating ? RATING_LABELS[reply.rating] : null;
}

export function roleLabel(reply: PublicReply): string {
  return SUBMITTER_ROLE_LABELS[reply.role];
}

/**
 * What a reply's card in a list shows (components/ReplyCard.astro). `unit` and `rating` are null
 * where it has none; their `before` and `after` are the list frame's markers
 * (lib/reply-list-pages.ts), else nothing.
 */
export interface ReplyCardView {
  href: string;
  title: string;
  categoryLabel: string;
  role: string;
  datetime: string;
  date: string;
  unit: { name: string; before?: string; after?: string } | null;
  rating: { label: string; before?: string; after?: string } | null;
  excerpt: string;
}

export function replyCardView(reply: PublicReply): ReplyCardView {
  const rating = ratingLabel(reply);
  return {
    href: replyPath(reply.id),
    title: reply.title,
    categoryLabel: reply.categoryLabel,
    role: roleLabel(reply),
    datetime: reply.submittedOn,
    date: formatDate(reply.submittedOn),
    unit: reply.unitName ? { name: reply.unitName } : null,
    rating: rating ? { label: rating } : null,
    excerpt: excerpt(reply.reply),
  };
}

/** The start of a text, for a list; never cut through a redaction mask. */
export function excerpt(text: string, length = 80): string {
  return excerptText(text, length);
}

const positionsByItemCache = new WeakMap<ReplyIndex, Map<string, number[]>>();

/** Where in the file the published replies about an item are, in the file's order (indexed once: one lookup per item page). */
export function replyPositionsForItem(index: ReplyIndex, itemCode: string): number[] {
  let byItem = positionsByItemCache.get(index);
  if (!byItem) {
    byItem = new Map();
    for (let at = 0; at < index.count; at += 1) {
      const item = index.item[at]!;
      if (item === 0) continue;
      const code = index.itemCodes[item - 1]!;
      const list = byItem.get(code);
      if (list) list.push(at);
      else byItem.set(code, [at]);
    }
    positionsByItemCache.set(index, byItem);
  }
  return byItem.get(itemCode) ?? [];
}

/** Reads the replies at these positions of the file. */
export function readReplies(index: ReplyIndex, positions: readonly number[]): Promise<PublicReply[]> {
  return readRepliesAt(index, positions);
}

/** The positions of the `count` newest replies by publication date, then number (the feeds' order). */
export function newestReplyPositions(index: ReplyIndex, count: number): number[] {
  const positions = Array.from({ length: index.count }, (_, at) => at);
  return positions.sort((a, b) => index.publishedOn[b]! - index.publishedOn[a]! || index.ids[b]! - index.ids[a]!).slice(0, count);
}

/** A filter page of the published replies: by category or by the unit that answered. */
export type ReplyFilterKind = 'category' | 'unit';

const filterPositionsCache = new WeakMap<ReplyIndex, Map<string, number[]>>();

/** Where in the file the replies under a filter are, in the file's order. */
export function filterPositions(index: ReplyIndex, kind: ReplyFilterKind, code: string): number[] {
  let perIndex = filterPositionsCache.get(index);
  if (!perIndex) {
    perIndex = new Map();
    filterPositionsCache.set(index, perIndex);
  }
  const key = `${kind}\0${code}`;
  let positions = perIndex.get(key);
  if (!positions) {
    positions = [];
    if (kind === 'category') {
      const wanted = index.categories.findIndex((category) => category.code === code);
      for (let at = 0; at < index.count; at += 1) if (index.category[at] === wanted) positions.push(at);
    } else {
      const wanted = index.units.indexOf(code) + 1;
      for (let at = 0; at < index.count; at += 1) if (wanted > 0 && index.unit[at] === wanted) positions.push(at);
    }
    perIndex.set(key, positions);
  }
  return positions;
}

// The lists are numbered from their oldest reply (site/decisions/007-stable-list-pages.md):
// numbered page k holds the replies at places [(k−1)·size, k·size) of the list in publication
// order, oldest first, so that the replies published tonight change only the newest numbered
// page or two, and a reader's link to an older page keeps showing it. The file is newest first
// (published_at DESC, id DESC; db/queries/published-replies.ts): place p of a list of n is its
// entry n − 1 − p. The numbered pages are written from a frame (lib/reply-list-pages.ts).
// A list's first address shows its newest `size` replies, as a reader expects; its 较早 link
// leads to the numbered page holding the newest reply it does not show, so nothing is skipped
// (that page may repeat up to size − 1 replies of the first address).

/** A list: every reply (`positions` null) or those at `positions` (filterPositions), newest first. */
type ListPositions = readonly number[] | null;

function listLength(index: ReplyIndex, positions: ListPositions): number {
  return positions === null ? index.count : positions.length;
}

function filePosition(positions: ListPositions, at: number): number {
  return positions === null ? at : positions[at]!;
}

/** How many numbered pages a list of `total` has: none when its first address shows it all. */
export function numberedPageCount(total: number, size: number): number {
  return total > size ? Math.ceil(total / size) : 0;
}

/** The file positions of a list's newest `size` replies, newest first: its first address. */
export function newestPagePositions(index: ReplyIndex, positions: ListPositions, size: number): number[] {
  return Array.from({ length: Math.min(size, listLength(index, positions)) }, (_, at) => filePosition(positions, at));
}

/** A list's heading (every reply: `filter` null), with the page's number on a numbered page. */
export function replyListHeading(filter: { label: string } | null, page?: number): string {
  return `留言选登${filter === null ? '' : `：${filter.label}`}${page === undefined ? '' : `（第 ${page} 页）`}`;
}

/** A list's description for share cards and search engines. */
export function replyListDescription(filter: { kind: ReplyFilterKind; label: string } | null): string {
  return filter === null ? '经留言人同意、隐去个人信息后公开的群众意见和答复。' : filter.kind === 'category' ? `${filter.label}类的公开留言和答复。` : `${filter.label}答复的公开留言。`;
}

/** The filters of one kind that have replies, each with its label (its first address and numbered pages). */
export function replyFilters(snapshot: PublicSnapshot, index: ReplyIndex, kind: ReplyFilterKind): ReplyFilter[] {
  return kind === 'category' ? categoryFilters(snapshot, index) : unitFilters(snapshot, index);
}
