// RSS 2.0 of 整改信息, newest first (a corrected post is dated by its latest 更正).
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { postPath } from '../../consts.ts';
import { FEED_LENGTH, feedDate } from '../../lib/feeds.ts';
import { postExcerpt } from '../../lib/posts.ts';
import { getSnapshot } from '../../lib/snapshot.ts';

export async function GET(context: APIContext) {
  const { bureau, posts } = await getSnapshot();
  return rss({
    title: `整改信息 - ${bureau.columnTitle} - ${bureau.name}`,
    description: `${bureau.name}作风整改的工作动态、措施和成果。`,
    site: context.site!,
    items: posts.slice(0, FEED_LENGTH).map((post) => ({
      title: post.corrections.length > 0 ? `${post.title}（已更正）` : post.title,
      link: postPath(post.id),
      pubDate: feedDate(post.corrections.at(-1)?.date ?? post.postDate),
      description: postExcerpt(post.body, 200),
    })),
    customData: '<language>zh-cn</language>',
  });
}
