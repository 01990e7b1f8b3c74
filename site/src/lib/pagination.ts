// Splitting long lists into pages, and which page numbers a page links to.

/** Page numbers each side of the current one that a page links to directly. */
const WINDOW = 2;

/**
 * The page numbers to link from `page` of `pages`: the first, the last and WINDOW each side of
 * this one; null marks a gap (shown as …). At most 2 * WINDOW + 5 entries, whatever the length.
 */
export function pageWindow(page: number, pages: number): (number | null)[] {
  return linkedNumbers(page, pages, [1, pages]);
}

/**
 * `always` and the pages within WINDOW of `page` (of `pages`), in ascending order; a gap of one
 * page is filled with it, a longer one is null (shown as …).
 */
function linkedNumbers(page: number, pages: number, always: number[]): (number | null)[] {
  const wanted = new Set<number>(always);
  for (let number = page - WINDOW; number <= page + WINDOW; number += 1) if (number >= 1 && number <= pages) wanted.add(number);
  const sorted = [...wanted].sort((a, b) => a - b);
  const result: (number | null)[] = [];
  for (const [index, number] of sorted.entries()) {
    const before = sorted[index - 1];
    if (before !== undefined && number - before === 2) result.push(before + 1);
    else if (before !== undefined && number - before > 2) result.push(null);
    result.push(number);
  }
  return result;
}

export interface Page<T> {
  entries: T[];
  page: number;
  pages: number;
  total: number;
}

/** Splits a list into pages of `size`; an empty list is one empty page. */
export function paginateList<T>(list: readonly T[], size: number): Page<T>[] {
  const pages = Math.max(1, Math.ceil(list.length / size));
  return Array.from({ length: pages }, (_, index) => ({ entries: list.slice(index * size, (index + 1) * size), page: index + 1, pages, total: list.length }));
}

/**
 * Links of a page of a list numbered from its oldest entry (留言选登, site/decisions/007): page 1 is
 * the oldest, `pages` the newest; what a page links to depends on the list's length only near the
 * newest pages, so that an older page stays the same when newer entries arrive.
 */
export interface NumberedPageLinks {
  /** The next newer page; null on the newest, whose newer one is the list's first address. */
  newer: number | null;
  /** The next older page; null on page 1. */
  older: number | null;
  /** Page numbers to link, newest first: page 1 and WINDOW each side of this one; null marks a gap. */
  numbers: (number | null)[];
}

export function numberedPageLinks(page: number, pages: number): NumberedPageLinks {
  const numbers = linkedNumbers(page, pages, [1]).reverse();
  return { newer: page < pages ? page + 1 : null, older: page > 1 ? page - 1 : null, numbers };
}

/**
 * One item of a list's page numbers (components/PageNumbers.astro): a gap (…) or a link, the
 * current page marked. `before` and `after` are written as they are around the item: the list
 * frame's markers (lib/reply-list-pages.ts), nothing on a page Astro renders.
 */
export type PageNumberItem = ({ kind: 'gap' } | { kind: 'number'; label: string; href: string; current: boolean }) & { before?: string; after?: string };

/** The items for `numbers` (null: a gap) with `page` marked. */
export function pageNumberItems(numbers: readonly (number | null)[], page: number | null, href: (page: number) => string): PageNumberItem[] {
  return numbers.map((number) => (number === null ? { kind: 'gap' } : { kind: 'number', label: String(number), href: href(number), current: number === page }));
}

/** What the page links of a list numbered from its oldest entry show (components/NumberedPagination.astro). */
export interface NumberedPaginationView {
  /** 较新's address, shown with 最新 on a numbered page; null on the list's first address. */
  newerHref: string | null;
  items: PageNumberItem[];
  /** 较早's address; null on page 1. */
  older: { href: string; before?: string; after?: string } | null;
  /** The list's first address. */
  firstHref: string;
}

/** The page links of numbered page `page` (null: the list's first address) with these links. */
export function numberedPagination(page: number | null, links: NumberedPageLinks, href: (page: number) => string, firstHref: string): NumberedPaginationView {
  return {
    newerHref: page === null ? null : links.newer === null ? firstHref : href(links.newer),
    items: pageNumberItems(links.numbers, page, href),
    older: links.older === null ? null : { href: href(links.older) },
    firstHref,
  };
}
