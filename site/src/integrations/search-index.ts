// The search index of the site (/search/), written by Pagefind into the build's own folder after
// Astro has rendered it: every rebuild (scripts/rebuild.ts, the server's "rebuild now", the nightly
// one) indexes exactly the pages it is about to switch to, and a failed indexing fails the build,
// so the served site keeps its old pages and old index together.
//
// Only pages whose <main> carries data-pagefind-body are indexed (BaseLayout's `searchKind`):
// ledger items (with their 制度成果), 整改信息 posts and published replies. Each carries the filter
// `kind` (事项 / 信息 / 留言) that the search page offers.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { close, createIndex } from 'pagefind';

/** Where the index and Pagefind's own script and WebAssembly go, under the site's root. */
export const SEARCH_BUNDLE_DIR = 'pagefind';

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
          const added = await index.addDirectory({ path: outDir });
          if (added.errors.length > 0) throw failed('index', added.errors);
          const written = await index.writeFiles({ outputPath: join(outDir, SEARCH_BUNDLE_DIR) });
          if (written.errors.length > 0) throw failed('write the index of', written.errors);
          logger.info(`search index of ${added.page_count} page(s) written to /${SEARCH_BUNDLE_DIR}/`);
        } finally {
          // Pagefind runs as a child process; closing it lets the build process exit.
          await close();
        }
      },
    },
  };
}
