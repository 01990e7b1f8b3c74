// What the feeds, the sitemap, robots.txt and the share tags say, from the snapshot. The feeds themselves are made
// by @astrojs/rss (pages/**/rss.xml.ts), the sitemap by @astrojs/sitemap (astro.config.mjs).
import { bureauInstant } from '../../../server/domain/bureau-time.ts';

/** The feeds, linked with <link rel="alternate"> from the home page and the lists they follow (BaseLayout's `feeds`). */
export const FEEDS = [
  { href: '/news/rss.xml', title: '整改信息' },
  { href: '/ledger/rss.xml', title: '整改进展' },
  { href: '/replies/rss.xml', title: '留言选登' },
] as const;

/** How many entries a feed carries (newest first). */
export const FEED_LENGTH = 50;

/** Built pages that are no reading page: the staff app, the server's page frames, tracking, the 404. */
export const NOT_IN_SITEMAP = ['/admin/', '/shell/', '/track/', '/404'] as const;

/** For @astrojs/sitemap's filter: every public reading page, nothing private. */
export function isSitemapPage(url: string): boolean {
  const path = new URL(url).pathname;
  return !NOT_IN_SITEMAP.some((prefix) => path.startsWith(prefix));
}

/** 2026-05-08 as the moment a feed entry is dated: midday in Shanghai, so that no reader sees the day before. */
export function feedDate(date: string): Date {
  return bureauInstant(date, '12:00');
}

/** The image a chat shows beside a shared link: shipped in site/public, square (WeChat crops to a square). */
export const SHARE_IMAGE = { path: '/share.png', width: 600, height: 600 } as const;
