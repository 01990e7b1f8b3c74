// The reply pages (/replies/<id>/), one per published reply, written from their frame (lib/frame.ts):
// the page pages/shell/reply.astro, which Astro renders once with a placeholder wherever a reply's
// value goes (site/decisions/008-reply-pages-written-from-a-frame.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublicReply } from '../../../db/public-snapshot-schema.ts';
import { itemPath, repliesByCategoryPath, repliesByUnitPath, replyPath } from '../consts.ts';
import { formatDate, paragraphs } from './format.ts';
import { defineFrame, escapeText, type Frame } from './frame.ts';
import { excerpt, ratingLabel, roleLabel } from './replies.ts';

/** Where Astro writes the frame; the build removes it once the pages are written. */
export const REPLY_FRAME_PATH = '/shell/reply/';

/** A reply page's values, each in its place in the frame. `content` and `reply` are HTML (paragraphs). */
const SLOTS = [
  'id',
  'title',
  'description',
  'categoryHref',
  'categoryLabel',
  'role',
  'submittedOn',
  'rating',
  'itemHref',
  'itemCode',
  'itemTitle',
  'content',
  'unitHref',
  'unitName',
  'repliedOn',
  'reply',
  'publishedOn',
] as const;
export type ReplySlot = (typeof SLOTS)[number];

/** Parts shown only for some replies: the related item, the unit that answered, or else the bureau. */
const SECTIONS = ['item', 'unit', 'bureau'] as const;
export type ReplySection = (typeof SECTIONS)[number];

const replyFrame = defineFrame<ReplySlot, ReplySection>({
  label: 'The reply frame',
  prefix: '__ZFZG_REPLY_',
  slots: SLOTS,
  htmlSlots: ['content', 'reply'],
  sections: SECTIONS,
  hint: 'The frame is site/src/pages/shell/reply.astro; its placeholders come from replySlot and replySection (site/src/lib/reply-pages.ts).',
});

/** The placeholder of a value, for the frame. */
export const replySlot = replyFrame.slot;

/** The markers around a part of the frame shown only for some replies. */
export const replySection = replyFrame.section;

/** A reply page's share card summary and related item's title are cut short: the page stays in one disk block. */
const DESCRIPTION_LENGTH = 14;
const ITEM_TITLE_LENGTH = 20;

/** The reply frame read into its parts, checked: every value and part has its place. */
export type ReplyFrame = Frame<ReplySlot, ReplySection>;

/** Reads the frame Astro rendered; fails when a placeholder is unknown, missing or out of place. */
export const parseReplyFrame: (html: string) => ReplyFrame = replyFrame.parse;

function paragraphsHtml(text: string): string {
  return paragraphs(text)
    .map((line) => `<p>${escapeText(line)}</p>`)
    .join('');
}

/** The values of a reply's page; `itemTitle` is the title of the item it is about (from the snapshot). */
export function replyPageValues(reply: PublicReply, itemTitle: string | undefined): { values: Record<ReplySlot, string>; shown: Record<ReplySection, boolean> } {
  const rating = ratingLabel(reply);
  const item = reply.itemCode !== null && itemTitle !== undefined ? { code: reply.itemCode, title: itemTitle } : null;
  const unit = reply.unitName && reply.unitCode ? { code: reply.unitCode, name: reply.unitName } : null;
  return {
    values: {
      id: String(reply.id),
      title: reply.title,
      description: excerpt(reply.content, DESCRIPTION_LENGTH),
      categoryHref: repliesByCategoryPath(reply.category),
      categoryLabel: reply.categoryLabel,
      role: roleLabel(reply),
      submittedOn: formatDate(reply.submittedOn),
      rating: rating ? `评价：${rating}` : '未评价',
      itemHref: item ? itemPath(item.code) : '',
      itemCode: item?.code ?? '',
      itemTitle: item ? excerpt(item.title, ITEM_TITLE_LENGTH) : '',
      content: paragraphsHtml(reply.content),
      unitHref: unit ? repliesByUnitPath(unit.code) : '',
      unitName: unit?.name ?? '',
      repliedOn: formatDate(reply.repliedOn),
      reply: paragraphsHtml(reply.reply),
      publishedOn: formatDate(reply.publishedOn),
    },
    shown: { item: item !== null, unit: unit !== null, bureau: unit === null },
  };
}

/** A reply's page: the frame with its values. */
export function replyPageHtml(frame: ReplyFrame, reply: PublicReply, itemTitle: string | undefined): string {
  const { values, shown } = replyPageValues(reply, itemTitle);
  return replyFrame.page(frame, { values, sections: shown });
}

/** Writes every reply's page under `siteDir` (/replies/<id>/index.html); answers how many. */
export async function writeReplyPages(siteDir: string, frame: ReplyFrame, replies: AsyncIterable<PublicReply>, itemTitles: ReadonlyMap<string, string>): Promise<number> {
  let written = 0;
  for await (const reply of replies) {
    const folder = join(siteDir, replyPath(reply.id));
    // Synchronous: a small page each, one after another; asynchronous calls only queued on libuv's pool.
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'index.html'), replyPageHtml(frame, reply, reply.itemCode === null ? undefined : itemTitles.get(reply.itemCode)));
    written += 1;
  }
  return written;
}
