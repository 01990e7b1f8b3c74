// Read-only views over the snapshot's published replies (留言选登) for the pages: filters by
// category and by unit, labels, excerpts. The replies are not in the snapshot entry: the lists
// work on the replies file's index (lib/replies-file.ts) and read only the records they show.
import { excerptText } from '../../../server/domain/text-excerpt.ts';
import { RATING_LABELS, SUBMITTER_ROLE_LABELS } from '../../../server/domain/vocabulary.ts';
import type { PublicReply } from '../../../db/public-snapshot-schema.ts';
import { readRepliesAt, replyDigest, replyIndex, type ReplyIndex } from './replies-file.ts';
export { replyDigest };
import type { PublicSnapshot } from './snapshot.ts';

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

/** The position of every reply, by its number, with the digest of its record and the item it is about (for its page's cacheKey). */
export function replyPositions(index: ReplyIndex): { id: number; position: number; digest: string; itemCode: string | null }[] {
  return Array.from({ length: index.count }, (_, position) => ({
    id: index.ids[position]!,
    position,
    digest: replyDigest(index, position),
    itemCode: index.item[position] ? index.itemCodes[index.item[position]! - 1]! : null,
  }));
}

export interface ReplyPage {
  replies: PublicReply[];
  page: number;
  pages: number;
  total: number;
}

/** A filter page of the published replies: by category or by the unit that answered. */
export type ReplyFilterKind = 'category' | 'unit';

/** Pages of `size` for a list of `total`; an empty list is one empty page. */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

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

/** One page of a list: every reply (`positions` null) or those at `positions`. */
export async function readReplyPage(index: ReplyIndex, positions: readonly number[] | null, page: number, size: number): Promise<ReplyPage> {
  const total = positions === null ? index.count : positions.length;
  const start = (page - 1) * size;
  const end = Math.min(total, start + size);
  const wanted = Array.from({ length: Math.max(0, end - start) }, (_, offset) => (positions === null ? start + offset : positions[start + offset]!));
  return { replies: await readRepliesAt(index, wanted), page, pages: pageCount(total, size), total };
}

export interface ReplyFilterPath {
  params: { code: string; page: string | undefined };
  props: { label: string; page: number };
}

/** Every page of every filter of one kind, for getStaticPaths (page 1 has no number in its path). */
export function replyFilterPaths(snapshot: PublicSnapshot, index: ReplyIndex, kind: ReplyFilterKind, size: number): ReplyFilterPath[] {
  const filters = kind === 'category' ? categoryFilters(snapshot, index) : unitFilters(snapshot, index);
  return filters.flatMap((filter) =>
    Array.from({ length: pageCount(filter.count, size) }, (_, offset) => ({
      params: { code: filter.code, page: offset > 0 ? String(offset + 1) : undefined },
      props: { label: filter.label, page: offset + 1 },
    })),
  );
}
