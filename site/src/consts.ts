// Site-wide constants. What differs between bureaus (names, the column's title and description,
// contacts, 备案 numbers, colours) is data: the snapshot's bureau profile, never here.
import type { ItemSource, ItemStatus } from '../../server/domain/vocabulary.ts';

export type NavKey = 'home' | 'ledger' | 'news' | 'feedback' | 'replies' | 'track' | 'stats' | 'search';

export interface NavLink {
  key: NavKey;
  label: string;
  href: string;
}

export const NAV_LINKS: readonly NavLink[] = [
  { key: 'home', label: '首页', href: '/' },
  { key: 'ledger', label: '整改台账', href: '/ledger/' },
  { key: 'news', label: '整改信息', href: '/news/' },
  { key: 'feedback', label: '我要留言', href: '/feedback/' },
  { key: 'replies', label: '留言选登', href: '/replies/' },
  { key: 'track', label: '办理查询', href: '/track/' },
  { key: 'stats', label: '统计', href: '/stats/' },
];

/** The full 个人信息保护说明 (pages/privacy.astro), linked from the footer and the channel's notice. */
export const PRIVACY_PATH = '/privacy/';

/** The bureau profile's colours as a stylesheet (pages/theme.css.ts), linked from every public page. */
export const THEME_CSS_PATH = '/theme.css';

/** The search page (Pagefind, site/src/pages/search.astro), linked from every page's header. */
export const SEARCH_PATH = '/search/';

/**
 * What the search covers, as the value of Pagefind's `kind` filter on each indexed page and the
 * label the search page shows for it. Pages of other kinds are not indexed.
 */
export const SEARCH_KINDS = [
  { kind: '事项', label: '整改事项' },
  { kind: '信息', label: '整改信息' },
  { kind: '留言', label: '留言选登' },
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number]['kind'];

/**
 * Replies are indexed in bundles, not page by page (integrations/search-index.ts): each reply is a
 * heading with this id prefix and its number, so that Pagefind returns it as a sub-result.
 */
export const REPLY_ANCHOR_PREFIX = 'r-';
/**
 * Written beside Pagefind's index: for each bundle (by Pagefind's page hash), where each reply
 * starts in its words, so that the search page counts the replies a search finds without loading
 * any bundle. A flat list of deltas: location, reply id, location, reply id… each after the first
 * pair less the pair before it.
 */
export const REPLY_ANCHORS_PATH = '/pagefind/portal-reply-anchors.json';
/**
 * The replies' own Pagefind index, written while Astro renders the pages and merged into the main
 * one (/pagefind/: items and posts) by the search page (integrations/search-index.ts).
 */
export const REPLY_INDEX_PATH = '/pagefind/replies/';

/** Same-origin API endpoint the feedback island posts to. */
export const FEEDBACK_API_PATH = '/api/feedback';
/** The proof-of-work challenge the feedback island solves before it posts. */
export const FEEDBACK_CHALLENGE_PATH = '/api/feedback/challenge';
/** Where the form posts without JavaScript (server/routes/channel-plain.ts). */
export const FEEDBACK_PLAIN_PATH = '/feedback/submit';
/** The tracking page's API and its plain-form twin. */
export const TRACK_API_PATH = '/api/track';
export const TRACK_PLAIN_PATH = '/track/result';

/** Ledger sections in the order they are shown, with the anchor each one gets. */
export const LEDGER_STATUS_ORDER: readonly ItemStatus[] = ['in_progress', 'not_started', 'ongoing', 'completed'];

/** How many recent item updates the home page lists. */
export const HOME_RECENT_UPDATES = 5;

/** Paths inside the site for one ledger item. Codes are encoded in case they hold non-ASCII text. */
export function itemPath(code: string): string {
  return `/ledger/${encodeURIComponent(code)}/`;
}

/**
 * The ledger's pre-rendered filter pages: one page per status, category and unit, and one for the
 * overdue items, so that filtering is following a link and needs no JavaScript.
 */
export type LedgerFilter =
  | { kind: 'all' }
  | { kind: 'status'; value: ItemStatus }
  | { kind: 'overdue' }
  | { kind: 'category'; value: string }
  | { kind: 'unit'; value: string }
  | { kind: 'source'; value: ItemSource };

/** Up to this many published items, the opinion form offers them in a list; beyond, it asks for the code. */
export const FORM_ITEM_CHOICE_LIMIT = 60;

/** A filter page's items, at most this many to a page; /ledger/ shows the first LEDGER_INDEX_GROUP_SIZE of each status. */
export const LEDGER_PAGE_SIZE = 30;
export const LEDGER_INDEX_GROUP_SIZE = 10;

/** A filter's page; page 1 has no number in its path. */
export function ledgerFilterPath(filter: LedgerFilter, page = 1): string {
  const suffix = page > 1 ? `${page}/` : '';
  switch (filter.kind) {
    case 'all':
      return '/ledger/'; // /ledger/ shows the start of each status; the status pages have the rest
    case 'overdue':
      return `/ledger/overdue/${suffix}`;
    default:
      return `/ledger/${filter.kind}/${encodeURIComponent(filter.value)}/${suffix}`;
  }
}

export const LEDGER_OUTCOMES_PATH = '/ledger/outcomes/';
export const LEDGER_TABLE_PATH = '/ledger/table/';

/** 留言选登: one published reply, and the lists (all, by category, by unit), 20 to a page. */
export const REPLIES_PAGE_SIZE = 20;
/** At most this many published replies on a ledger item's page. */
export const RELATED_REPLIES_LIMIT = 10;
/** A reply's page; `id` may be the reply frame's placeholder (lib/reply-pages.ts). */
export function replyPath(id: number | string): string {
  return `/replies/${id}/`;
}
// A list's first address (no page) shows its newest replies; its numbered pages count from the
// oldest reply, page 1 included (site/decisions/007-stable-list-pages.md).
const pageSuffix = (page: number | undefined) => (page === undefined ? '' : `${page}/`);
export function repliesPath(page?: number): string {
  return page === undefined ? '/replies/' : `/replies/page/${page}/`;
}
export function repliesByCategoryPath(code: string, page?: number): string {
  return `/replies/category/${encodeURIComponent(code)}/${pageSuffix(page)}`;
}
export function repliesByUnitPath(code: string, page?: number): string {
  return `/replies/unit/${encodeURIComponent(code)}/${pageSuffix(page)}`;
}
/** A list of 留言选登: every reply (`filter` null), or a category's or a unit's. */
export function replyListPath(filter: { kind: 'category' | 'unit'; code: string } | null, page?: number): string {
  return filter === null ? repliesPath(page) : filter.kind === 'category' ? repliesByCategoryPath(filter.code, page) : repliesByUnitPath(filter.code, page);
}

/** A unit's printable poster, and the form address its QR code leads to. */
export function posterPath(code: string): string {
  return `/posters/${encodeURIComponent(code)}/`;
}
export function feedbackUrlForUnit(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl}/feedback/?unit=${encodeURIComponent(code)}`;
}

/** 整改信息: the list and one post. */
export const NEWS_PATH = '/news/';
export function postPath(id: number): string {
  return `/news/${id}/`;
}
