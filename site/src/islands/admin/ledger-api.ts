// The ledger screens' calls to the admin API, over api.ts's `request` and `upload`. The shapes come
// from the server's own types and the routes' zod schemas (type imports only: nothing of the server
// reaches the browser).
import type { ItemState } from '../../../../server/domain/ledger-rules.ts';
import type { itemDraftFromFeedback, LedgerItemView } from '../../../../server/actions/ledger-view.ts';
import type { ItemStatus, OutcomeKind } from '../../../../server/domain/vocabulary.ts';
import type { ImportReport } from '../../../../server/ledger/import.ts';
import type { ItemCategoryView, ItemListView } from '../../../../server/routes/admin-ledger.ts';
import { ADMIN_API, request, toQuery, upload } from './api.ts';

export type { ImportReport };

/** A row of the ledger list. */
export type ItemSummary = ItemListView;

/** What the item form edits: every field but the code and the publication. */
export type ItemFields = Omit<ItemState, 'code' | 'isPublished'>;

export type ItemDetail = LedgerItemView;

export type ItemCategory = ItemCategoryView;

export type FeedbackDraft = NonNullable<ReturnType<typeof itemDraftFromFeedback>>;

export type ItemQuery = {
  q?: string;
  status?: string;
  category?: string;
  unitId?: string;
  overdue?: string;
  published?: string;
  page?: number;
};

export const ledgerApi = {
  listItems: (query: ItemQuery) => request<{ items: ItemSummary[]; total: number; page: number; pageSize: number }>('GET', `/ledger/items${toQuery(query)}`),
  getItem: (id: number) => request<ItemDetail>('GET', `/ledger/items/${id}`),
  createItem: (body: ItemFields & { code: string; isPublished: boolean }) => request<{ id: number; version: number }>('POST', '/ledger/items', body),
  updateItem: (id: number, body: Partial<ItemFields> & { version: number }) => request<{ id: number; version: number; changed: string[] }>('PATCH', `/ledger/items/${id}`, body),
  addUpdate: (id: number, body: { date: string; content: string; progress?: number; status?: ItemStatus }) => request<{ id: number; version: number }>('POST', `/ledger/items/${id}/updates`, body),
  addOutcome: (id: number, body: { title: string; kind: OutcomeKind; issuedOn: string; url?: string }) => request<{ id: number; version: number }>('POST', `/ledger/items/${id}/outcomes`, body),
  publish: (id: number) => request<{ id: number; version: number }>('POST', `/ledger/items/${id}/publish`),
  withdraw: (id: number, reason: string) => request<{ id: number; version: number }>('POST', `/ledger/items/${id}/withdraw`, { reason }),
  removeOutcome: (id: number, outcomeId: number, reason: string) =>
    request<{ id: number; version: number }>('POST', `/ledger/items/${id}/outcomes/${outcomeId}/remove`, { reason }),
  withdrawUpdate: (id: number, updateId: number, reason: string) =>
    request<{ id: number; version: number }>('POST', `/ledger/items/${id}/updates/${updateId}/withdraw`, { reason }),
  categories: () => request<{ categories: ItemCategory[] }>('GET', '/ledger/categories'),
  createCategory: (body: { code: string; label: string }) => request<{ ok: true }>('POST', '/ledger/categories', body),
  updateCategory: (code: string, body: { label?: string; isActive?: boolean }) => request<{ ok: true }>('PATCH', `/ledger/categories/${encodeURIComponent(code)}`, body),
  feedbackDraft: (feedbackId: number) => request<FeedbackDraft>('GET', `/feedback/${feedbackId}/ledger-item`),
  createFromFeedback: (feedbackId: number, body: ItemFields & { code: string }) => request<{ id: number; version: number }>('POST', `/feedback/${feedbackId}/ledger-item`, body),
  // Both flags always in the query: toQuery would leave out a false one.
  importFile: (file: File, options: { dryRun: boolean; skipBadRows: boolean }) =>
    upload<{ report: ImportReport }>(`/ledger/import?dryRun=${options.dryRun}&skipBadRows=${options.skipBadRows}`, file),
};

export const LEDGER_DOWNLOADS = {
  xlsx: `${ADMIN_API}/ledger/export.xlsx`,
  csv: `${ADMIN_API}/ledger/export.csv`,
  template: `${ADMIN_API}/ledger/template.xlsx`,
};
