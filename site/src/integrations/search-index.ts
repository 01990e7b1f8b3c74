// The search index of the site (/search/), written by Pagefind into the build's own folder after
// Astro has rendered it: every rebuild (scripts/rebuild.ts, the server's "rebuild now", the nightly
// one) indexes exactly the pages it is about to switch to, and a failed indexing fails the build,
// so the served site keeps its old pages and old index together.
//
// Only pages whose <main> carries data-pagefind-body are indexed (BaseLayout's `searchKind`):
// ledger items (with their 制度成果), 整改信息 posts and published replies. Each carries the filter
// `kind` (事项 / 信息 / 留言) that the search page offers.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { close, createIndex } from 'pagefind';

/** Where the index and Pagefind's own script and WebAssembly go, under the site's root. */
export const SEARCH_BUNDLE_DIR = 'pagefind';

/**
 * The pages Pagefind reads: those that can carry data-pagefind-body (pages/ledger/[code].astro,
 * news/[id].astro, replies/[id].astro, the only ones that pass `searchKind`) and a few list pages
 * beside them. Pagefind would skip every other page anyway, but reading and parsing them (the
 * ledger's filter pages, statistics, posters: a sixth of the pages, the larger ones) took half of
 * its reading time; the index written is byte for byte the same. A new page kind with
 * `searchKind` must be added here.
 */
export const SEARCH_PAGES_GLOB = '{ledger,news,replies}/*/index.html';

/**
 * Pagefind also writes its ready-made search interfaces (pagefind-ui.js, the component and modular
 * UIs, the highlighter: about 400 KB). The search page uses the JavaScript API only
 * (pagefind.js, its worker, the WebAssembly and the index), so they are not served.
 */
const UNUSED_BUNDLE_FILE = /^pagefind-(?:ui|component-ui|modular-ui|highlight)\.(?:js|css)$/;

function failed(step: string, errors: string[]): Error {
  return new Error(`Pagefind could not ${step} the site: ${errors.join('; ')}`);
}

export function searchIndex(): AstroIntegration {
  return {
    name: 'portal-search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        try {
          const created = await createIndex();
          if (!created.index) throw failed('start indexing', created.errors);
          const { index } = created;
          const added = await index.addDirectory({ path: outDir, glob: SEARCH_PAGES_GLOB });
          if (added.errors.length > 0) throw failed('index', added.errors);
          const bundle = join(outDir, SEARCH_BUNDLE_DIR);
          const written = await index.writeFiles({ outputPath: bundle });
          if (written.errors.length > 0) throw failed('write the index of', written.errors);
          for (const name of await readdir(bundle)) if (UNUSED_BUNDLE_FILE.test(name)) await rm(join(bundle, name));
          // page_count above counts every HTML file read (SEARCH_PAGES_GLOB); the entry file, the pages indexed.
          const entry = JSON.parse(await readFile(join(bundle, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
          const indexed = Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
          logger.info(`search index of ${indexed} of ${added.page_count} page(s) written to /${SEARCH_BUNDLE_DIR}/`);
        } finally {
          // Pagefind runs as a child process; closing it lets the build process exit.
          await close();
        }
      },
    },
  };
}
