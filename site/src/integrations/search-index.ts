// The search index of the site (/search/), written by Pagefind into the build's own folder with
// the pages Astro renders (the replies' own index while it renders them, the items' and posts'
// once they are written): every rebuild (scripts/rebuild.ts, the server's "rebuild now", the nightly
// one) indexes exactly the pages it is about to switch to, and a failed indexing fails the build,
// so the served site keeps its old pages and old index together.
//
// Ledger items (with their 制度成果) and 整改信息 posts are indexed from their pages: only pages whose
// <main> carries data-pagefind-body are (BaseLayout's `searchKind`). Published replies, the bulk of
// a large bureau's pages, are not read from their pages: they go to Pagefind as synthetic documents
// of REPLIES_PER_BUNDLE replies each, every reply under its own heading, which Pagefind returns as
// sub-results; the search page shows each as a result linking to the reply's page
// (scripts/search-page.ts). One fragment file per bundle instead of one per reply, and no page
// to read and parse per reply (site/decisions/003). Each document carries the filter `kind`
// (事项 / 信息 / 留言) that the search page offers.
import { gunzipSync } from 'node:zlib';
import { cpSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { close, createIndex, type PagefindIndex } from 'pagefind';
import type { PublicReply } from '../../../db/public-snapshot-schema.ts';
import { REPLY_ANCHOR_PREFIX, REPLY_ANCHORS_PATH, REPLY_INDEX_PATH } from '../consts.ts';
import { readPublicReplies, readPublicSnapshot, snapshotPathFromEnv } from '../lib/snapshot-file.ts';

/** Where the index and Pagefind's own script and WebAssembly go, under the site's root. */
export const SEARCH_BUNDLE_DIR = 'pagefind';
/** Where the replies' own index goes, under the site's root (REPLY_INDEX_PATH). */
const REPLY_INDEX_DIR = REPLY_INDEX_PATH.replace(/^\/|\/$/g, '');

/**
 * The pages Pagefind reads: those that can carry data-pagefind-body (pages/ledger/[code].astro and
 * news/[id].astro, the only ones that pass `searchKind`) and a few list pages beside them. Pagefind would skip every other page anyway, but reading and parsing them (the
 * ledger's filter pages, statistics, posters: a sixth of the pages, the larger ones) took half of
 * its reading time; the index written is byte for byte the same. A new page kind with
 * `searchKind` must be added here.
 */
export const SEARCH_PAGES_GLOB = '{ledger,news}/*/index.html';

/**
 * Replies per synthetic document. Larger bundles mean fewer files but more to download for one
 * reply shown (the search page loads a bundle's fragment to show any reply of it); see
 * site/decisions/003 for the measured choice.
 */
export const REPLIES_PER_BUNDLE = 50;

/**
 * The address Pagefind files bundle n under: no page of the site has it, and the search page
 * never shows it (it links each reply to /replies/<id>/).
 */
export const REPLY_BUNDLE_URL_PREFIX = '/search/reply-bundle-';

/** Pagefind's signature before the JSON of a fragment, once ungzipped (its web script checks it too). */
const FRAGMENT_SIGNATURE = 'pagefind_dcd';

/**
 * Pagefind also writes its ready-made search interfaces (pagefind-ui.js, the component and modular
 * UIs, the highlighter: about 400 KB). The search page uses the JavaScript API only
 * (pagefind.js, its worker, the WebAssembly and the index), so they are not served.
 */
const UNUSED_BUNDLE_FILE = /^pagefind-(?:ui|component-ui|modular-ui|highlight)\.(?:js|css)$/;

function failed(step: string, errors: string[]): Error {
  return new Error(`Pagefind could not ${step} the site: ${errors.join('; ')}`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);
}

/**
 * One bundle as Pagefind reads it: what a reply's page says of it (title, category, answering unit,
 * the opinion and the answer), each reply under an <h2> whose id names it. Nothing stands before
 * the first heading, so every word found belongs to a reply.
 */
export function replyBundleHtml(replies: readonly PublicReply[]): string {
  const sections = replies.map((reply) => {
    const fields = [reply.categoryLabel, reply.unitName ?? '', reply.content, reply.reply].filter((text) => text !== '');
    return `<section><h2 id="${REPLY_ANCHOR_PREFIX}${reply.id}">${escapeHtml(reply.title)}</h2>${fields.map((text) => `<p>${escapeHtml(text)}</p>`).join('')}</section>`;
  });
  return `<!doctype html><html lang="zh-CN"><head><title>留言选登</title></head><body><main data-pagefind-body data-pagefind-filter="kind:留言">${sections.join('')}</main></body></html>`;
}

/** Feeds the snapshot's replies to the index in bundles; answers how many replies it fed. */
async function indexReplies(index: PagefindIndex, snapshotPath: string): Promise<number> {
  const { repliesFile } = await readPublicSnapshot(snapshotPath);
  let bundle: PublicReply[] = [];
  let bundles = 0;
  let replies = 0;
  const add = async () => {
    bundles += 1;
    const added = await index.addHTMLFile({ url: `${REPLY_BUNDLE_URL_PREFIX}${bundles}/`, content: replyBundleHtml(bundle) });
    if (added.errors.length > 0) throw failed('index the replies of', added.errors);
    replies += bundle.length;
    bundle = [];
  };
  for await (const reply of repliesFile === null ? [] : readPublicReplies(repliesFile)) {
    bundle.push(reply);
    if (bundle.length === REPLIES_PER_BUNDLE) await add();
  }
  if (bundle.length > 0) await add();
  return replies;
}

/**
 * Where each reply starts in its bundle's words, read back from the fragments Pagefind wrote (the
 * anchors of the headings): the file REPLY_ANCHORS_PATH names. Pagefind's word positions are its
 * own (its segmentation of Chinese), so they are taken from its output, not computed here.
 */
async function writeReplyAnchors(outDir: string, bundleDir: string | null): Promise<number> {
  const anchorsByPage: Record<string, number[]> = {};
  let replies = 0;
  const fragments = bundleDir === null ? null : join(bundleDir, 'fragment');
  for (const name of fragments === null ? [] : await readdir(fragments)) {
    const bytes = gunzipSync(await readFile(join(fragments!, name)));
    if (bytes.subarray(0, FRAGMENT_SIGNATURE.length).toString() !== FRAGMENT_SIGNATURE) {
      throw new Error(`Pagefind's fragment ${name} does not start with "${FRAGMENT_SIGNATURE}": this version of Pagefind writes fragments this integration cannot read.`);
    }
    const fragment = JSON.parse(bytes.subarray(FRAGMENT_SIGNATURE.length).toString('utf8')) as { url: string; anchors: { id: string; location: number }[] };
    if (!fragment.url.startsWith(REPLY_BUNDLE_URL_PREFIX)) continue;
    const anchors = fragment.anchors
      .filter((anchor) => anchor.id.startsWith(REPLY_ANCHOR_PREFIX))
      .map((anchor) => ({ location: anchor.location, id: Number(anchor.id.slice(REPLY_ANCHOR_PREFIX.length)) }))
      .sort((a, b) => a.location - b.location);
    anchorsByPage[name.replace(/\.pf_fragment$/, '')] = anchors.flatMap((anchor, at) =>
      at === 0 ? [anchor.location, anchor.id] : [anchor.location - anchors[at - 1]!.location, anchor.id - anchors[at - 1]!.id],
    );
    replies += anchors.length;
  }
  await writeFile(join(outDir, REPLY_ANCHORS_PATH), JSON.stringify(anchorsByPage));
  return replies;
}

/**
 * The indexes, started when the build starts. The replies have an index of their own
 * (REPLY_INDEX_PATH), fed from the snapshot and written while Astro renders the pages, on the
 * other core: into a folder of Astro's cache, since Astro empties the build's folder after this
 * starts; it is moved into the build at build:done. The items and posts are added to the main
 * index (/pagefind/) once their pages are written. The search page merges the two. The replies'
 * failure is kept for build:done, which reports it.
 */
interface StartedIndex {
  index: PagefindIndex;
  /** How many replies the replies' index holds once written to `folder` (none written for none). */
  replies: Promise<number>;
  folder: string;
}

async function startIndex(cacheDir: string): Promise<StartedIndex> {
  const created = await createIndex();
  if (!created.index) throw failed('start indexing', created.errors);
  const forReplies = await createIndex();
  if (!forReplies.index) throw failed('start indexing the replies of', forReplies.errors);
  const folder = join(cacheDir, `search-replies-${process.pid}-${Date.now()}`);
  const repliesIndex = forReplies.index;
  const replies = (async () => {
    const count = await indexReplies(repliesIndex, snapshotPathFromEnv());
    if (count > 0) {
      const written = await repliesIndex.writeFiles({ outputPath: folder });
      if (written.errors.length > 0) throw failed('write the replies index of', written.errors);
    }
    await repliesIndex.deleteIndex();
    return count;
  })();
  // Awaited in build:done; until then a failure must not count as unhandled.
  replies.catch(() => {});
  return { index: created.index, replies, folder };
}

/** Moves a folder, across file systems too (Astro's cache may sit on another one). */
function moveFolder(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

/** What the indexes hold once Pagefind has written them, for the checks and the log. */
interface WrittenIndex {
  bundle: string;
  replies: number;
  pagesRead: number;
}

/** Puts the replies' index in the build, adds the pages to the main index and has Pagefind write it. */
async function writeIndex(started: StartedIndex, outDir: string): Promise<WrittenIndex> {
  const { index } = started;
  const replies = await started.replies;
  const bundle = join(outDir, SEARCH_BUNDLE_DIR);
  if (replies > 0) moveFolder(started.folder, join(outDir, REPLY_INDEX_DIR));
  const added = await index.addDirectory({ path: outDir, glob: SEARCH_PAGES_GLOB });
  if (added.errors.length > 0) throw failed('index', added.errors);
  const written = await index.writeFiles({ outputPath: bundle });
  if (written.errors.length > 0) throw failed('write the index of', written.errors);
  return { bundle, replies, pagesRead: added.page_count };
}

/**
 * Two integrations around the steps that follow Astro's pages: `start` adds the pages to the main
 * index and sets Pagefind writing it, `written` waits for it and finishes. Pagefind writes on the
 * other core while the integrations between them run (the reply pages, site/decisions/008).
 * `start` must come after every integration that changes the pages it reads (SEARCH_PAGES_GLOB),
 * `written` last: astro.config.mjs.
 */
export function searchIndex(): { start: AstroIntegration; written: AstroIntegration } {
  let cacheDir: string | null = null;
  let started: Promise<StartedIndex> | null = null;
  let writing: Promise<WrittenIndex> | null = null;
  const begin = () => {
    if (cacheDir === null) throw new Error('The search index has no cache folder: astro:config:done did not run.');
    started = startIndex(cacheDir);
    started.catch(() => {});
    return started;
  };
  return {
    start: {
      name: 'portal-search-index',
      hooks: {
        'astro:config:done': ({ config }) => {
          cacheDir = fileURLToPath(config.cacheDir);
        },
        'astro:build:start': () => {
          begin();
        },
        'astro:build:done': ({ dir }) => {
          writing = (started ?? begin()).then((index) => writeIndex(index, fileURLToPath(dir)));
          // Awaited by `written`; until then a failure must not count as unhandled.
          writing.catch(() => {});
        },
      },
    },
    written: {
      name: 'portal-search-index-written',
      hooks: {
        'astro:build:done': async ({ dir, logger }) => {
          const outDir = fileURLToPath(dir);
          const folder = started ? (await started.catch(() => null))?.folder : undefined;
          try {
            if (!writing) throw new Error('The search index was not started: portal-search-index must come before portal-search-index-written in astro.config.mjs.');
            const { bundle, replies, pagesRead } = await writing;
            const repliesBundle = join(outDir, REPLY_INDEX_DIR);
            for (const written of replies > 0 ? [bundle, repliesBundle] : [bundle]) {
              for (const name of await readdir(written)) if (UNUSED_BUNDLE_FILE.test(name)) await rm(join(written, name));
            }
            // pagesRead counts every HTML file read (SEARCH_PAGES_GLOB); the entry file, the pages indexed.
            const entry = JSON.parse(await readFile(join(bundle, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
            const indexed = Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
            const anchored = await writeReplyAnchors(outDir, replies > 0 ? repliesBundle : null);
            if (anchored !== replies) throw new Error(`Pagefind was given ${replies} replies but its index holds ${anchored}: the search would miscount them.`);
            const bundles = Math.ceil(replies / REPLIES_PER_BUNDLE);
            logger.info(`search index of ${indexed} of ${pagesRead} page(s) and ${replies} replies (in ${bundles} bundles, an index of their own) written to /${SEARCH_BUNDLE_DIR}/`);
          } finally {
            started = null;
            writing = null;
            if (folder) rmSync(folder, { recursive: true, force: true });
            // Pagefind runs as a child process; closing it lets the build process exit. A build that
            // fails before this hook leaves it running: the rebuild closes it (closeSearchIndexer).
            await close();
          }
        },
      },
    },
  };
}
