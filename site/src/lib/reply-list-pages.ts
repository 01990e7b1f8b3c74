// The numbered pages of 留言选登's lists (/replies/page/<n>/, /replies/category/<code>/<n>/,
// /replies/unit/<code>/<n>/; numbered from the oldest reply, site/decisions/007), written from
// their frame (lib/frame.ts): the page pages/shell/reply-list.astro, which Astro renders once with
// a placeholder wherever a value goes, a reply's card and a page number as repeated parts. They
// are written in the same pass over the replies file as the reply pages: a reply's card is made
// once and goes on the page of each list it is in (every reply; its category's; its unit's), and
// a page is written as soon as its oldest reply is read. At a million opinions these are some
// 30,000 pages, which Astro held in memory to the end of its build (site/decisions/008).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AstroError } from 'astro/errors';
import type { PublicReply } from '../../../db/public-snapshot-schema.ts';
import { REPLIES_PAGE_SIZE, replyListPath } from '../consts.ts';
import { defineFrame, type Frame, type FrameScope } from './frame.ts';
import { numberedPageLinks, numberedPagination } from './pagination.ts';
import { numberedPageCount, replyCardView, replyFilters, replyListDescription, replyListHeading, type ReplyFilterKind, type ReplyIndex } from './replies.ts';
import type { PublicSnapshot } from './snapshot.ts';

/** Where Astro writes the frame; the build removes it once the pages are written. */
export const REPLY_LIST_FRAME_PATH = '/shell/reply-list/';

/**
 * A numbered page's values: its heading and share card, its list's label and first address, a
 * reply's card (`card…`), a page number (`number`, `numberHref`) and the links to the next pages.
 * `pagePath` is the page's address without its leading slash (BaseLayout makes the share URL).
 */
const SLOTS = [
  'title',
  'description',
  'pagePath',
  'currentLabel',
  'firstHref',
  'cardHref',
  'cardTitle',
  'cardCategory',
  'cardRole',
  'cardDatetime',
  'cardDate',
  'cardUnit',
  'cardRating',
  'cardExcerpt',
  'newerHref',
  'number',
  'numberHref',
  'olderHref',
] as const;
export type ReplyListSlot = (typeof SLOTS)[number];

/**
 * Parts: the introduction of the list of every reply or of a filter's; a reply's card (repeated)
 * and its unit and rating where it has them; a page number (repeated): a gap, this page or a link
 * to another; the link to the older page, except on page 1.
 */
const SECTIONS = ['introAll', 'introFilter', 'card', 'cardUnit', 'cardRating', 'number', 'gap', 'here', 'link', 'older'] as const;
export type ReplyListSection = (typeof SECTIONS)[number];

const listFrame = defineFrame<ReplyListSlot, ReplyListSection>({
  label: 'The reply list frame',
  prefix: '__ZFZG_LIST_',
  slots: SLOTS,
  htmlSlots: [],
  sections: SECTIONS,
  hint: 'The frame is site/src/pages/shell/reply-list.astro; its placeholders come from replyListSlot and replyListSection (site/src/lib/reply-list-pages.ts).',
});

/** The placeholder of a value, for the frame. */
export const replyListSlot = listFrame.slot;
/** The markers around a part of the frame shown only on some pages, or repeated. */
export const replyListSection = listFrame.section;

export type ReplyListFrame = Frame<ReplyListSlot, ReplyListSection>;
/** Reads the frame Astro rendered; fails when a placeholder is unknown, missing or out of place. */
export const parseReplyListFrame: (html: string) => ReplyListFrame = listFrame.parse;

type Scope = FrameScope<ReplyListSlot, ReplyListSection>;

/** A reply's card, as a list shows it (components/ReplyCard.astro). */
export function replyCardHtml(frame: ReplyListFrame, reply: PublicReply): string {
  const card = replyCardView(reply);
  return listFrame.part(frame, 'card', {
    values: {
      cardHref: card.href,
      cardTitle: card.title,
      cardCategory: card.categoryLabel,
      cardRole: card.role,
      cardDatetime: card.datetime,
      cardDate: card.date,
      cardUnit: card.unit?.name ?? '',
      cardRating: card.rating?.label ?? '',
      cardExcerpt: card.excerpt,
    },
    sections: { cardUnit: card.unit !== null, cardRating: card.rating !== null },
  });
}

/** One list: every reply, or a filter's. */
export interface ReplyList {
  kind: 'all' | ReplyFilterKind;
  code: string;
  label: string;
  /** Its replies in the file. */
  total: number;
}

/** The list as a filter of the lists' helpers (every reply: null). */
function filterOf(list: ReplyList): { kind: ReplyFilterKind; code: string; label: string } | null {
  return list.kind === 'all' ? null : { kind: list.kind, code: list.code, label: list.label };
}

function listHref(list: ReplyList, page?: number): string {
  return replyListPath(filterOf(list), page);
}

/** Numbered page `page` of `list`, with its cards (HTML, newest first). */
export function replyListPageHtml(frame: ReplyListFrame, list: ReplyList, page: number, cards: string): string {
  const pages = numberedPageCount(list.total, REPLIES_PAGE_SIZE);
  const href = (number: number) => listHref(list, number);
  const firstHref = listHref(list);
  const view = numberedPagination(page, numberedPageLinks(page, pages), href, firstHref);
  const numbers: Scope[] = view.items.map((item) =>
    item.kind === 'gap'
      ? { sections: { gap: true, here: false, link: false } }
      : { values: { number: item.label, numberHref: item.href }, sections: { gap: false, here: item.current, link: !item.current } },
  );
  return listFrame.page(frame, {
    values: {
      title: replyListHeading(filterOf(list), page),
      description: replyListDescription(filterOf(list)),
      pagePath: href(page).slice(1),
      currentLabel: list.kind === 'all' ? '全部留言' : list.label,
      firstHref,
      newerHref: view.newerHref ?? firstHref,
      olderHref: view.older?.href ?? '',
    },
    sections: { introAll: list.kind === 'all', introFilter: list.kind !== 'all', card: cards, number: numbers, older: view.older !== null },
  });
}

interface PendingList extends ReplyList {
  /** Replies of the list read so far. */
  seen: number;
  /** The cards of the page being filled, newest first. */
  cards: string[];
}

/**
 * Writes the numbered pages of every list while the replies file is read once, newest first:
 * `add` each reply in the file's order, then `finish`. Place p (0: the oldest) of a list of n is
 * its reply n − 1 − p; numbered page k holds places [(k−1)·size, k·size), newest first, so a page
 * is complete when its oldest place is read.
 */
export class ReplyListPages {
  readonly #siteDir: string;
  readonly #frame: ReplyListFrame;
  readonly #all: PendingList | null;
  readonly #byCategory = new Map<string, PendingList>();
  readonly #byUnit = new Map<string, PendingList>();
  /** The addresses written, for the sitemap. */
  readonly paths: string[] = [];

  constructor(siteDir: string, frame: ReplyListFrame, snapshot: PublicSnapshot, index: ReplyIndex) {
    this.#siteDir = siteDir;
    this.#frame = frame;
    const pending = (list: ReplyList): PendingList | null => (numberedPageCount(list.total, REPLIES_PAGE_SIZE) > 0 ? { ...list, seen: 0, cards: [] } : null);
    this.#all = pending({ kind: 'all', code: '', label: '', total: index.count });
    for (const kind of ['category', 'unit'] as const) {
      for (const filter of replyFilters(snapshot, index, kind)) {
        const list = pending({ kind, code: filter.code, label: filter.label, total: filter.count });
        if (list) (kind === 'category' ? this.#byCategory : this.#byUnit).set(filter.code, list);
      }
    }
  }

  /** The next reply of the file. */
  add(reply: PublicReply): void {
    let card: string | null = null;
    for (const list of [this.#all, this.#byCategory.get(reply.category), reply.unitCode === null ? undefined : this.#byUnit.get(reply.unitCode)]) {
      if (!list) continue;
      card ??= replyCardHtml(this.#frame, reply);
      list.cards.push(card);
      list.seen += 1;
      const place = list.total - list.seen;
      if (place < 0) throw new AstroError(`The replies file has more replies in the list ${listHref(list)} than its index counts.`, 'Rebuild the snapshot and the site with the same version of the code.');
      if (place % REPLIES_PAGE_SIZE === 0) this.#write(list, place / REPLIES_PAGE_SIZE + 1);
    }
  }

  /** After the last reply: every page of every list is written. Answers how many. */
  finish(): number {
    for (const list of [this.#all, ...this.#byCategory.values(), ...this.#byUnit.values()]) {
      if (list && list.seen !== list.total) throw new AstroError(`The list ${listHref(list)} has ${list.seen} replies in the file; its index counts ${list.total}.`, 'Rebuild the snapshot and the site with the same version of the code.');
    }
    return this.paths.length;
  }

  #write(list: PendingList, page: number): void {
    const path = listHref(list, page);
    // The folder under its decoded name, as Astro writes a page of a route parameter.
    const folder = join(this.#siteDir, decodeURIComponent(path));
    // Synchronous: a small page each, one after another (as the reply pages: lib/reply-pages.ts).
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'index.html'), replyListPageHtml(this.#frame, list, page, list.cards.join('')));
    list.cards.length = 0;
    this.paths.push(path);
  }
}
