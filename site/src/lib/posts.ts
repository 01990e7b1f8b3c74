// 整改信息 at build time: the Markdown body as sanitised HTML, excerpts, the posts of one item.
import { postExcerpt, renderPostMarkdown } from '../../../server/domain/post-markdown.ts';
import type { PublicPost, PublicSnapshot } from './snapshot.ts';

export { postExcerpt, renderPostMarkdown };

/** Published posts that name the item (directly or through one of its outcomes), newest first. */
export function postsForItem(snapshot: PublicSnapshot, itemCode: string): PublicPost[] {
  return snapshot.posts.filter((post) => post.items.some((item) => item.code === itemCode) || post.outcomes.some((outcome) => outcome.itemCode === itemCode));
}

/** '1.2 MB', '350 KB' for an attachment link. */
export function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
