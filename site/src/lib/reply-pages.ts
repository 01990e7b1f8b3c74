// The reply pages (/replies/<id>/), one per published reply, written from their frame: the page
// pages/shell/reply.astro, which Astro renders once with a placeholder wherever a reply's value
// goes. Each value is escaped as Astro escapes it in that place (text or a double-quoted
// attribute), so a reply page is the page Astro would render for it, at a small fraction of the
// time and memory (site/decisions/008-reply-pages-written-from-a-frame.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AstroError } from 'astro/errors';
import type { PublicReply } from '../../../db/public-snapshot-schema.ts';
import { itemPath, repliesByCategoryPath, repliesByUnitPath, replyPath } from '../consts.ts';
import { formatDate, paragraphs } from './format.ts';
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
const HTML_SLOTS: ReadonlySet<ReplySlot> = new Set(['content', 'reply']);

/** Parts shown only for some replies: the related item, the unit that answered, or else the bureau. */
const SECTIONS = ['item', 'unit', 'bureau'] as const;
export type ReplySection = (typeof SECTIONS)[number];

const PREFIX = '__ZFZG_REPLY_';
const MARK = /__ZFZG_REPLY_(SLOT|IF|END)_([A-Za-z]+)__/g;

/** The placeholder of a value, for the frame. */
export function replySlot(name: ReplySlot): string {
  return `${PREFIX}SLOT_${name}__`;
}

/** The markers around a part of the frame shown only for some replies. */
export const replySection = {
  start: (name: ReplySection) => `${PREFIX}IF_${name}__`,
  end: (name: ReplySection) => `${PREFIX}END_${name}__`,
};

/** A reply page's share card summary and related item's title are cut short: the page stays in one disk block. */
const DESCRIPTION_LENGTH = 14;
const ITEM_TITLE_LENGTH = 20;

// Astro's own escaping (astro/dist/runtime/server: escapeHTML for text, toAttributeString for
// attribute values), so that a written page is byte for byte the page Astro would have rendered.
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' };
function escapeText(value: string): string {
  return value.replace(/[&<>'"]/g, (char) => TEXT_ESCAPES[char]!);
}
function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

type Part = { kind: 'text'; text: string } | { kind: 'slot'; name: ReplySlot; inAttribute: boolean } | { kind: 'if'; name: ReplySection } | { kind: 'end'; name: ReplySection };

/** A frame read into its parts, checked: every value and part has its place. */
export interface ReplyFrame {
  parts: readonly Part[];
}

const FIX_HINT = 'The frame is site/src/pages/shell/reply.astro; its placeholders come from replySlot and replySection (site/src/lib/reply-pages.ts).';

/** Reads the frame Astro rendered; fails when a placeholder is unknown, missing or out of place. */
export function parseReplyFrame(html: string): ReplyFrame {
  const parts: Part[] = [];
  const seen = new Set<string>();
  const open: ReplySection[] = [];
  let last = 0;
  for (const match of html.matchAll(MARK)) {
    const [token, kind, name] = match as unknown as [string, 'SLOT' | 'IF' | 'END', string];
    const at = match.index;
    if (at > last) parts.push({ kind: 'text', text: html.slice(last, at) });
    last = at + token.length;
    if (kind === 'SLOT') {
      if (!(SLOTS as readonly string[]).includes(name)) throw new AstroError(`The reply frame has an unknown placeholder ${token}.`, FIX_HINT);
      const slot = name as ReplySlot;
      // Inside a tag (the last angle bracket before it opens one): an attribute's value.
      const inAttribute = html.lastIndexOf('<', at) > html.lastIndexOf('>', at);
      if (HTML_SLOTS.has(slot) && inAttribute) throw new AstroError(`The reply frame puts ${token} (HTML) inside a tag.`, FIX_HINT);
      parts.push({ kind: 'slot', name: slot, inAttribute });
      seen.add(slot);
    } else {
      if (!(SECTIONS as readonly string[]).includes(name)) throw new AstroError(`The reply frame has an unknown part ${token}.`, FIX_HINT);
      const section = name as ReplySection;
      if (kind === 'IF') {
        if (open.includes(section)) throw new AstroError(`The reply frame opens its part ${section} twice.`, FIX_HINT);
        open.push(section);
        seen.add(`if:${section}`);
      } else if (open.pop() !== section) throw new AstroError(`The reply frame closes its part ${section} where it is not the last one opened.`, FIX_HINT);
      parts.push(kind === 'IF' ? { kind: 'if', name: section } : { kind: 'end', name: section });
    }
  }
  if (last < html.length) parts.push({ kind: 'text', text: html.slice(last) });
  if (open.length > 0) throw new AstroError(`The reply frame leaves its part ${open.at(-1)} open.`, FIX_HINT);
  const missing = [...SLOTS.filter((slot) => !seen.has(slot)), ...SECTIONS.filter((section) => !seen.has(`if:${section}`)).map((section) => `part ${section}`)];
  if (missing.length > 0) throw new AstroError(`The reply frame has no place for: ${missing.join(', ')}.`, FIX_HINT);
  if (parts.some((part) => part.kind === 'text' && part.text.includes(PREFIX))) throw new AstroError('The reply frame has a placeholder this build does not read.', FIX_HINT);
  return { parts };
}

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
  let html = '';
  // A hidden part hides everything within it, parts too.
  let hiddenDepth = 0;
  for (const part of frame.parts) {
    if (part.kind === 'if') {
      if (hiddenDepth > 0 || !shown[part.name]) hiddenDepth += 1;
    } else if (part.kind === 'end') {
      if (hiddenDepth > 0) hiddenDepth -= 1;
    } else if (hiddenDepth > 0) {
      continue;
    } else if (part.kind === 'text') {
      html += part.text;
    } else {
      const value = values[part.name];
      html += HTML_SLOTS.has(part.name) ? value : part.inAttribute ? escapeAttribute(value) : escapeText(value);
    }
  }
  return html;
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
