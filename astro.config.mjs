// @ts-check
// Astro builds the public site (site/) from one public snapshot file named by PORTAL_SNAPSHOT;
// see site/src/lib/snapshot.ts. scripts/rebuild.ts calls build() with its own outDir.
import sitemap from '@astrojs/sitemap';
import { isSitemapPage } from './site/src/lib/feeds.ts';
import { defineConfig } from 'astro/config';
import { preactIslands } from './site/src/integrations/preact-islands.ts';
import { externalInlineScripts } from './site/src/integrations/external-inline-scripts.ts';
import { replyPages } from './site/src/integrations/reply-pages.ts';
import { searchIndex } from './site/src/integrations/search-index.ts';
import { snapshotPreflight } from './site/src/integrations/snapshot-preflight.ts';

// Pagefind writes the index on its own core while the reply pages are written (see the file).
const search = searchIndex();

export default defineConfig({
  srcDir: './site/src',
  publicDir: './site/public',
  integrations: [
    // Fails a build with a missing or invalid snapshot before Astro reads any route.
    snapshotPreflight(),
    // @astrojs/preact with Vite's own JSX transform instead of Babel (see the file).
    preactIslands(),
    // sitemap-index.xml from the built pages and `site` (PUBLIC_BASE_URL, set by the preflight).
    sitemap({ filter: isSitemapPage }),
    // Must stay: the server's CSP (script-src 'self') blocks the inline scripts Astro writes.
    externalInlineScripts(),
    // Adds the pages to the search index and sets Pagefind writing it: after every integration that
    // changes the pages it reads.
    search.start,
    // A page per published reply from the reply frame (pages/shell/reply.astro), after the inline
    // scripts are moved out of the frame and the sitemap's index is written (the reply pages add
    // their own sitemap files to it); site/decisions/008.
    replyPages(),
    // The Pagefind index of items, posts and replies, written into the same build folder (/pagefind/):
    // waits for Pagefind and checks what it wrote.
    search.written,
  ],
  build: {
    format: 'directory',
    // Pages rendered eight at a time: a page's render waits on the file system (the replies it
    // reads, its folder, its file and its copy in the incremental cache) about twice as long as it
    // computes, and one at a time the process sat idle two thirds of the page phase. Measured at
    // 1,000 items and 10,000 replies: a first build at 4 took 0.77× the time of concurrency 1; at
    // 8, 0.95× the time of 4; at 16 the same as at 8 (pairs in both orders, nothing removed just
    // before a build; the build's peak memory about the same: tests/bench/PERFORMANCE.md, Rebuild).
    concurrency: 8,
  },
  // Nothing is fetched or prefetched from anywhere but this origin.
  prefetch: false,
  devToolbar: { enabled: false },
  // Pages whose getStaticPaths gives a `cacheKey` (site/src/lib/page-cache.ts) are copied from the
  // last build when the key and their code are unchanged: the nightly rebuild renders only what
  // changed. The cache is <SITE_DIR>/cache/astro (scripts/rebuild.ts).
  experimental: { incrementalBuild: true },
});
