// RSS 2.0 of the ledger's progress updates (整改进展), newest first.
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { itemPath } from '../../consts.ts';
import { FEED_LENGTH, feedDate } from '../../lib/feeds.ts';
import { getSnapshot } from '../../lib/snapshot.ts';

export async function GET(context: APIContext) {
  const { bureau, items } = await getSnapshot();
  const updates = items
    .flatMap((item) => item.updates.map((update, index) => ({ item, update, index })))
    .sort((a, b) => b.update.date.localeCompare(a.update.date) || b.index - a.index)
    .slice(0, FEED_LENGTH);
  return rss({
    title: `整改进展 - ${bureau.columnTitle} - ${bureau.name}`,
    description: `${bureau.name}整改台账各事项的最新进展。`,
    site: context.site!,
    // The links end in '/#update-N' already; no slash after the fragment.
    trailingSlash: false,
    items: updates.map(({ item, update, index }) => ({
      title: `${item.code} ${item.title}`,
      // One address per update: the item page, told apart by the update's place in its timeline.
      link: `${itemPath(item.code)}#update-${index + 1}`,
      pubDate: feedDate(update.date),
      description: update.progress === null ? update.content : `${update.content}（进度 ${update.progress}%）`,
    })),
    customData: '<language>zh-cn</language>',
  });
}
