// Hash routes keep the admin app one static page: #/inbox?state=pending, #/feedback/123,
// #/calendar/2027. The server never sees the fragment, so any route reloads the same HTML.
import { STAFF_ROLES, type StaffRole } from '../../../../server/domain/staff.ts';
import { SCREEN_LABELS } from './labels.ts';

export type ScreenKey = keyof typeof SCREEN_LABELS;

/** Who sees which screen. A person with several roles sees the union. */
export const SCREEN_ROLES: Record<ScreenKey, readonly StaffRole[]> = {
  dashboard: ['office', 'handler'],
  inbox: ['office', 'handler'],
  ledger: ['ledger', 'sysadmin'],
  evaluations: ['office', 'ledger', 'sysadmin'],
  topics: ['office', 'sysadmin'],
  posts: ['office', 'ledger'],
  templates: ['office', 'sysadmin'],
  users: ['sysadmin'],
  units: ['sysadmin'],
  categories: ['sysadmin'],
  calendar: ['sysadmin'],
  audit: ['sysadmin'],
  mail: ['sysadmin', 'office'],
  site: ['sysadmin', 'office'],
};

export const SCREEN_ORDER = Object.keys(SCREEN_LABELS) as ScreenKey[];

export function isScreenKey(value: string): value is ScreenKey {
  return (SCREEN_ORDER as string[]).includes(value);
}

export function mayOpen(screen: ScreenKey, roles: readonly StaffRole[]): boolean {
  return SCREEN_ROLES[screen].some((role) => roles.includes(role));
}

export function allowedScreens(roles: readonly StaffRole[]): ScreenKey[] {
  return SCREEN_ORDER.filter((screen) => mayOpen(screen, roles));
}

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

export interface Route {
  /** '/inbox', '/feedback/12'; '/' for the start. */
  path: string;
  segments: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = text.split('?', 2);
  const segments = pathPart
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  return { path: `/${segments.join('/')}`, segments, query: new URLSearchParams(queryPart) };
}

export type QueryValues = Record<string, string | number | boolean | null | undefined>;

/** '#/inbox?state=pending'; empty and false values are left out. */
export function href(path: string, query: QueryValues | URLSearchParams = {}): string {
  const params = new URLSearchParams();
  const entries = query instanceof URLSearchParams ? [...query.entries()] : Object.entries(query);
  for (const [key, value] of entries) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

export function navigate(path: string, query?: QueryValues | URLSearchParams): void {
  window.location.hash = href(path, query).slice(1);
}

/** A positive whole number from a route segment or query value, or null. */
export function positiveInt(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) return null;
  const number = Number(value);
  return number > 0 ? number : null;
}

// The inbox list the person came from, so "返回意见列表" keeps their filters and page.
let lastInbox = '#/inbox';

export function rememberInbox(query: URLSearchParams): void {
  lastInbox = href('/inbox', query);
}

export function lastInboxHref(): string {
  return lastInbox;
}
