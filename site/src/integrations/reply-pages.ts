// After Astro's pages: a page per published reply (/replies/<id>/) from the reply frame Astro
// rendered (pages/shell/reply.astro, lib/reply-pages.ts), and the numbered pages of 留言选登's
// lists from theirs (pages/shell/reply-list.astro, lib/reply-list-pages.ts), in one pass over the
// snapshot's replies file; then the frames are removed, and the pages join the sitemap (files of
// their own, listed in @astrojs/sitemap's index, which is written before this runs:
// astro.config.mjs). At a million opinions these are some 200,000 reply pages and 30,000 list
// pages, which Astro rendered in minutes and held in memory to the end of the build
// (site/decisions/008-reply-pages-written-from-a-frame.md).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import type { PublicReply } from '../../../db/public-snapshot-schema.ts';
import { replyPath } from '../consts.ts';
import { getReplyIndex } from '../lib/replies.ts';
import { parseReplyListFrame, REPLY_LIST_FRAME_PATH, ReplyListPages } from '../lib/reply-list-pages.ts';
import { parseReplyFrame, REPLY_FRAME_PATH, writeReplyPages } from '../lib/reply-pages.ts';
import { readPublicReplies, readPublicSnapshot, snapshotPathFromEnv } from '../lib/snapshot-file.ts';

/** @astrojs/sitemap's index and its limit of addresses per file (its default `entryLimit`). */
const SITEMAP_INDEX = 'sitemap-index.xml';
const SITEMAP_ENTRY_LIMIT = 45_000;
const REPLY_SITEMAP = (n: number) => `sitemap-replies-${n}.xml`;

function escapeXml(text: string): string {
  return text.replace(/[&<>'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The sitemap files of the pages written here (addresses as @astrojs/sitemap writes them:
 * PUBLIC_BASE_URL's origin and the page's path), listed in its index. Answers the files written.
 */
function writeReplySitemaps(siteDir: string, publicBaseUrl: string, paths: (at: number) => string, count: number): string[] {
  if (count === 0) return [];
  const indexPath = join(siteDir, SITEMAP_INDEX);
  if (!existsSync(indexPath)) throw new AstroError(`${SITEMAP_INDEX} is missing: the reply pages cannot join the sitemap.`, '@astrojs/sitemap must come before the reply pages in astro.config.mjs.');
  const base = `${publicBaseUrl}/`;
  const files: string[] = [];
  for (let start = 0; start < count; start += SITEMAP_ENTRY_LIMIT) {
    let xml = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">';
    for (let at = start; at < Math.min(count, start + SITEMAP_ENTRY_LIMIT); at += 1) xml += `<url><loc>${escapeXml(new URL(paths(at), base).href)}</loc></url>`;
    const file = REPLY_SITEMAP(files.length);
    writeFileSync(join(siteDir, file), `${xml}</urlset>`);
    files.push(file);
  }
  const index = readFileSync(indexPath, 'utf8');
  const close = index.lastIndexOf('</sitemapindex>');
  if (close === -1) throw new AstroError(`${SITEMAP_INDEX} has no </sitemapindex>: the reply pages cannot join the sitemap.`, 'Check the @astrojs/sitemap version against site/src/integrations/reply-pages.ts.');
  const entries = files.map((file) => `<sitemap><loc>${escapeXml(new URL(`/${file}`, base).href)}</loc></sitemap>`).join('');
  writeFileSync(indexPath, index.slice(0, close) + entries + index.slice(close));
  return files;
}

export function replyPages(): AstroIntegration {
  return {
    name: 'portal-reply-pages',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const siteDir = fileURLToPath(dir);
        const readFrame = (path: string, page: string) => {
          const folder = join(siteDir, path);
          const file = join(folder, 'index.html');
          if (!existsSync(file)) throw new AstroError(`The frame ${path} was not built.`, `It is site/src/pages/${page}.`);
          const html = readFileSync(file, 'utf8');
          rmSync(folder, { recursive: true });
          return html;
        };
        const frame = parseReplyFrame(readFrame(REPLY_FRAME_PATH, 'shell/reply.astro'));
        const listFrame = parseReplyListFrame(readFrame(REPLY_LIST_FRAME_PATH, 'shell/reply-list.astro'));
        const snapshot = await readPublicSnapshot(snapshotPathFromEnv());
        const itemTitles = new Map(snapshot.items.map((item) => [item.code, item.title]));
        // The index the pages read (shared in the process: lib/replies-file.ts), for the lists' lengths and labels.
        const index = await getReplyIndex(snapshot);
        const lists = new ReplyListPages(siteDir, listFrame, snapshot, index);
        const repliesFile = snapshot.repliesFile;
        async function* replies(): AsyncGenerator<PublicReply> {
          if (repliesFile === null) return;
          for await (const reply of readPublicReplies(repliesFile)) {
            lists.add(reply);
            yield reply;
          }
        }
        const written = await writeReplyPages(siteDir, frame, replies(), itemTitles);
        const listPages = lists.finish();
        if (written !== index.count) throw new AstroError(`${written} reply pages were written; the replies file's index counts ${index.count}.`, 'Rebuild the snapshot and the site with the same version of the code.');
        const sitemaps = writeReplySitemaps(siteDir, snapshot.channel.publicBaseUrl, (at) => (at < written ? replyPath(index.ids[at]!) : lists.paths[at - written]!), written + listPages);
        logger.info(`${written} reply page(s) and ${listPages} numbered list page(s) written from their frames${sitemaps.length > 0 ? `, listed in ${sitemaps.join(', ')}` : ''}`);
      },
    },
  };
}
