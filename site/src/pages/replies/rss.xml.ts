// RSS 2.0 of 留言选登: published opinions (redacted) and their replies, newest first.
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { replyPath } from '../../consts.ts';
import { FEED_LENGTH, feedDate } from '../../lib/feeds.ts';
import { excerpt, getReplyIndex, newestReplyPositions, readReplies } from '../../lib/replies.ts';
import { getSnapshot } from '../../lib/snapshot.ts';

export async function GET(context: APIContext) {
  const snapshot = await getSnapshot();
  const { bureau } = snapshot;
  const index = await getReplyIndex(snapshot);
  const newest = await readReplies(index, newestReplyPositions(index, FEED_LENGTH));
  return rss({
    title: `留言选登 - ${bureau.columnTitle} - ${bureau.name}`,
    description: `${bureau.name}公开的群众意见和答复。`,
    site: context.site!,
    items: newest.map((reply) => ({
      title: reply.title,
      link: replyPath(reply.id),
      pubDate: feedDate(reply.publishedOn),
      description: `答复：${excerpt(reply.reply, 200)}`,
    })),
    customData: '<language>zh-cn</language>',
  });
}
