// Pagefind reads only the pages SEARCH_PAGES_GLOB names (site/src/integrations/search-index.ts):
// every page that passes `searchKind` to BaseLayout (and so can be indexed) must build to a path
// it matches, or its kind would silently drop out of the search. Reply pages are not read: the
// replies reach the index in bundles, from the snapshot.
import { readdirSync, readFileSync } from 'node:fs';
import { join, matchesGlob, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { SEARCH_PAGES_GLOB } from '../../site/src/integrations/search-index.ts';

const PAGES = join(PROJECT_ROOT, 'site', 'src', 'pages');

/** The built path of a page file: `news/[id].astro` → `news/x/index.html` (format: 'directory'). */
function builtPath(file: string): string {
  const route = relative(PAGES, file)
    .replace(/\.astro$/, '')
    .replace(/\[\.\.\.[^\]]+\]/g, 'x/y')
    .replace(/\[[^\]]+\]/g, 'x');
  return route === 'index' || route.endsWith('/index') ? `${route}.html` : `${route}/index.html`;
}

describe('the pages Pagefind reads', () => {
  const searchable = readdirSync(PAGES, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.astro'))
    .map((name) => join(PAGES, name))
    .filter((file) => /\bsearchKind=/.test(readFileSync(file, 'utf8')));

  it('include every page that can be indexed', () => {
    expect(searchable.map((file) => relative(PAGES, file)).sort()).toEqual(['ledger/[code].astro', 'news/[id].astro']);
    for (const file of searchable) expect(matchesGlob(builtPath(file), SEARCH_PAGES_GLOB), builtPath(file)).toBe(true);
  });

  it('leave out the list, statistics and other pages', () => {
    for (const path of ['index.html', 'stats/index.html', 'ledger/index.html', 'ledger/status/in_progress/index.html', 'replies/page/2/index.html', 'posters/index.html', 'replies/1/index.html']) {
      expect(matchesGlob(path, SEARCH_PAGES_GLOB), path).toBe(false);
    }
  });
});
