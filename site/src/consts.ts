// Site-wide constants. Bureau details (name, contacts, 备案 numbers) are data and come from the
// snapshot's bureau profile, not from here.
import type { ItemStatus } from '../../server/domain/vocabulary.ts';
export const COLUMN_TITLE = '作风整改进行时';
export const COLUMN_DESCRIPTION = '公开作风整改台账和整改进展，听取家长、学生、教师和社会各界的意见建议。';

export type NavKey = 'home' | 'ledger' | 'feedback';

export interface NavLink {
  key: NavKey;
  label: string;
  href: string;
}

export const NAV_LINKS: readonly NavLink[] = [
  { key: 'home', label: '首页', href: '/' },
  { key: 'ledger', label: '整改台账', href: '/ledger/' },
  { key: 'feedback', label: '我要留言', href: '/feedback/' },
];

/** Same-origin API endpoint the feedback island posts to. */
export const FEEDBACK_API_PATH = '/api/feedback';

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
  | { kind: 'unit'; value: string };

export function ledgerFilterPath(filter: LedgerFilter): string {
  switch (filter.kind) {
    case 'all':
      return '/ledger/';
    case 'overdue':
      return '/ledger/overdue/';
    default:
      return `/ledger/${filter.kind}/${encodeURIComponent(filter.value)}/`;
  }
}

export const LEDGER_OUTCOMES_PATH = '/ledger/outcomes/';
export const LEDGER_TABLE_PATH = '/ledger/table/';
