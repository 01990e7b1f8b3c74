// Read-only views over the snapshot's items for the pages: grouping, recent updates, labels.
import {
  FEEDBACK_CATEGORIES,
  FEEDBACK_CATEGORY_LABELS,
  ITEM_STATUS_LABELS,
  type FeedbackCategory,
  type ItemStatus,
} from '../../../server/domain/vocabulary.ts';
import { LEDGER_STATUS_ORDER } from '../consts.ts';
import type { PublicItem, PublicItemUpdate } from './snapshot.ts';

export function itemStatusLabel(status: ItemStatus): string {
  return ITEM_STATUS_LABELS[status];
}

/** Anchor id of a ledger section, e.g. 'status-in_progress'. */
export function statusAnchor(status: ItemStatus): string {
  return `status-${status}`;
}

function isFeedbackCategory(value: string): value is FeedbackCategory {
  return (FEEDBACK_CATEGORIES as readonly string[]).includes(value);
}

/** Item categories are free text in the ledger; a vocabulary code, if used, is shown by its label. */
export function itemCategoryLabel(category: string): string {
  return isFeedbackCategory(category) ? FEEDBACK_CATEGORY_LABELS[category] : category;
}

export interface StatusGroup {
  status: ItemStatus;
  label: string;
  anchor: string;
  items: PublicItem[];
}

/** Items grouped by status in the ledger's order; the snapshot's order is kept inside a group. */
export function groupItemsByStatus(items: readonly PublicItem[]): StatusGroup[] {
  return LEDGER_STATUS_ORDER.map((status) => ({
    status,
    label: itemStatusLabel(status),
    anchor: statusAnchor(status),
    items: items.filter((item) => item.status === status),
  }));
}

export interface RecentUpdate extends PublicItemUpdate {
  itemCode: string;
  itemTitle: string;
}

/** The newest dated updates across all items, newest first. */
export function recentUpdates(items: readonly PublicItem[], limit: number): RecentUpdate[] {
  return items
    .flatMap((item) => item.updates.map((update) => ({ ...update, itemCode: item.code, itemTitle: item.title })))
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
    .slice(0, limit);
}

/** Timeline of one item, newest first: readers come for the latest progress. */
export function timelineNewestFirst(item: PublicItem): PublicItemUpdate[] {
  return [...item.updates].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}
