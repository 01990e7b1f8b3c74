// After Astro's pages: a page per published reply (/replies/<id>/) from the reply frame Astro
// rendered (pages/shell/reply.astro, lib/reply-pages.ts), one reply at a time from the snapshot's
// replies file; then the frame is removed, and the reply pages join the sitemap (files of their
// own, listed in @astrojs/sitemap's index, which is written before this runs: astro.config.mjs).
// At a million opinions these are some 200,000 pages, which Astro rendered in minutes and held
// in memory to the end of the build (site/decisions/008-reply-pages-written-from-a-frame.md).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import type { PublicReply } from '../../../db/public-snapshot-schema.ts';
import { replyPath } from '../consts.ts';
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
 * The reply pages' sitemap files (addresses as @astrojs/sitemap writes them: PUBLIC_BASE_URL's
 * origin and the page's path), listed in its index. Answers the files written.
 */
function writeReplySitemaps(siteDir: string, publicBaseUrl: string, ids: Uint32Array): string[] {
  if (ids.length === 0) return [];
  const indexPath = join(siteDir, SITEMAP_INDEX);
  if (!existsSync(indexPath)) throw new AstroError(`${SITEMAP_INDEX} is missing: the reply pages cannot join the sitemap.`, '@astrojs/sitemap must come before the reply pages in astro.config.mjs.');
  const base = `${publicBaseUrl}/`;
  const files: string[] = [];
  for (let start = 0; start < ids.length; start += SITEMAP_ENTRY_LIMIT) {
    let xml = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">';
    for (const id of ids.subarray(start, start + SITEMAP_ENTRY_LIMIT)) xml += `<url><loc>${escapeXml(new URL(replyPath(id), base).href)}</loc></url>`;
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
        const frameDir = join(siteDir, REPLY_FRAME_PATH);
        const framePath = join(frameDir, 'index.html');
        if (!existsSync(framePath)) throw new AstroError(`The reply frame ${REPLY_FRAME_PATH} was not built.`, 'It is site/src/pages/shell/reply.astro.');
        const frame = parseReplyFrame(readFileSync(framePath, 'utf8'));
        rmSync(frameDir, { recursive: true });
        const snapshot = await readPublicSnapshot(snapshotPathFromEnv());
        const itemTitles = new Map(snapshot.items.map((item) => [item.code, item.title]));
        const ids = new Uint32Array(snapshot.replyCount);
        const repliesFile = snapshot.repliesFile;
        async function* replies(): AsyncGenerator<PublicReply> {
          if (repliesFile === null) return;
          let at = 0;
          for await (const reply of readPublicReplies(repliesFile)) {
            ids[at++] = reply.id;
            yield reply;
          }
        }
        const written = await writeReplyPages(siteDir, frame, replies(), itemTitles);
        const sitemaps = writeReplySitemaps(siteDir, snapshot.channel.publicBaseUrl, ids.subarray(0, written));
        logger.info(`${written} reply page(s) written from the frame${sitemaps.length > 0 ? `, listed in ${sitemaps.join(', ')}` : ''}`);
      },
    },
  };
}
