// Which page numbers a page of a long list links to (site/src/lib/pagination.ts).
import { describe, expect, it } from 'vitest';
import { numberedPageLinks, pageWindow, paginateList } from '../../site/src/lib/pagination.ts';

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

describe('numberedPageLinks (pages numbered from the oldest entry)', () => {
  it.each([
    [1, 1, { newer: null, older: null, numbers: [1] }],
    [1, 2, { newer: 2, older: null, numbers: [2, 1] }],
    [1, 500, { newer: 2, older: null, numbers: [3, 2, 1] }],
    [4, 500, { newer: 5, older: 3, numbers: [6, 5, 4, 3, 2, 1] }],
    [250, 500, { newer: 251, older: 249, numbers: [252, 251, 250, 249, 248, null, 1] }],
    [499, 500, { newer: 500, older: 498, numbers: [500, 499, 498, 497, null, 1] }],
    [500, 500, { newer: null, older: 499, numbers: [500, 499, 498, null, 1] }],
  ] as const)('page %i of %i: %j', (page, pages, expected) => {
    expect(numberedPageLinks(page, pages)).toEqual(expected);
  });

  it('does not change when newer pages are added, unless the page is among the newest', () => {
    for (let page = 1; page <= 50; page += 1) {
      const now = numberedPageLinks(page, 50);
      const later = numberedPageLinks(page, 51);
      // Only the two newest link to the new page 51 (two each side of a page).
      if (page < 49) expect(later, `page ${page}`).toEqual(now);
      else expect(later, `page ${page}`).not.toEqual(now);
    }
  });
});
