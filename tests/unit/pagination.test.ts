// Which page numbers a page of a long list links to (site/src/lib/pagination.ts).
import { describe, expect, it } from 'vitest';
import { pageWindow, paginateList } from '../../site/src/lib/pagination.ts';

describe('pageWindow', () => {
  it.each([
    [1, 1, [1]],
    [1, 3, [1, 2, 3]],
    [1, 7, [1, 2, 3, null, 7]],
    [4, 7, [1, 2, 3, 4, 5, 6, 7]],
    [5, 500, [1, 2, 3, 4, 5, 6, 7, null, 500]],
    [6, 500, [1, null, 4, 5, 6, 7, 8, null, 500]],
    [250, 500, [1, null, 248, 249, 250, 251, 252, null, 500]],
    [500, 500, [1, null, 498, 499, 500]],
  ] as const)('page %i of %i links %j', (page, pages, expected) => {
    expect(pageWindow(page, pages)).toEqual(expected);
  });

  it('never links more than nine numbers, however long the list', () => {
    for (const pages of [1, 9, 10, 100, 1000]) {
      for (let page = 1; page <= pages; page += 1) {
        const numbers = pageWindow(page, pages).filter((entry) => entry !== null);
        expect(numbers.length).toBeLessThanOrEqual(9);
        expect(numbers).toContain(page);
      }
    }
  });
});

describe('paginateList', () => {
  it('splits into pages of the size, the last one shorter; an empty list is one empty page', () => {
    const pages = paginateList(Array.from({ length: 65 }, (_, index) => index), 30);
    expect(pages.map((page) => page.entries.length)).toEqual([30, 30, 5]);
    expect(pages.map((page) => [page.page, page.pages, page.total])).toEqual([[1, 3, 65], [2, 3, 65], [3, 3, 65]]);
    expect(paginateList([], 30)).toEqual([{ entries: [], page: 1, pages: 1, total: 0 }]);
  });
});
