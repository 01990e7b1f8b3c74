// The ledger screens' calls to the API. A small fetch wrapper of its own (same origin, the session
// cookie, the CSRF token in x-csrf-token, Chinese messages from the server) so the screens stand
// alone; once the admin app's api.ts is merged, `request` can become its request function.
import type { ItemStatus, OutcomeKind } from '../../../../server/domain/vocabulary.ts';

export const LEDGER_API = '/api/admin';

export class LedgerApiError extends Error {
  override name = 'LedgerApiError';
  readonly status: number;
  readonly fields: { field: string; message: string }[];
  /** The import's report, sent with a 422. */
  readonly report: ImportReport | null;
  constructor(status: number, message: string, fields: { field: string; message: string }[] = [], report: ImportReport | null = null) {
    super(message);
    this.status = status;
    this.fields = fields;
    this.report = report;
  }
}

const FALLBACK: Record<number, string> = {
  0: '无法连接服务器，请检查网络后重试。',
  401: '登录已失效，请重新登录。',
  403: '您没有权限执行此操作。',
  404: '要找的内容不存在。',
  409: '内容刚刚已被他人修改，请刷新后再试。',
  413: '文件过大。',
};

let csrfToken = '';

/** The session's CSRF token, sent with every request that changes something. */
export function setLedgerCsrfToken(token: string): void {
  csrfToken = token;
}

async function send<T>(method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${LEDGER_API}${path}`, {
      method,
      headers: { accept: 'application/json', ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}), ...headers },
      body,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new LedgerApiError(0, FALLBACK[0]!);
  }
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  if (response.ok) return json as T;
  const record = (json ?? {}) as { message?: unknown; fields?: unknown; report?: unknown };
  const message = response.status < 500 && typeof record.message === 'string' ? record.message : (FALLBACK[response.status] ?? '服务器暂时出现问题，请稍后再试。');
  const fields = Array.isArray(record.fields) ? (record.fields as { field: string; message: string }[]) : [];
  throw new LedgerApiError(response.status, message, fields, (record.report as ImportReport | undefined) ?? null);
}

function request<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : JSON.stringify(body), body === undefined ? {} : { 'content-type': 'application/json' });
}

export interface ItemSummary {
  id: number;
  code: string;
  title: string;
  category: string;
  categoryLabel: string;
  unitId: number | null;
  unitName: string | null;
  deadline: string | null;
  status: ItemStatus;
  statusLabel: string;
  progress: number;
  isPublished: boolean;
  isOverdue: boolean;
  version: number;
  updatedAt: string;
}

export interface ItemFields {
  title: string;
  problem: string;
  category: string;
  source: string;
  unitId: number | null;
  leaderName: string;
  leaderPost: string;
  measures: string;
  /** null: 长期坚持. */
  deadline: string | null;
  status: ItemStatus;
  progress: number;
  completedOn: string | null;
  progressSummary: string;
}

export interface ItemDetail {
  item: ItemFields & {
    id: number;
    version: number;
    code: string;
    categoryLabel: string;
    sourceLabel: string;
    unitName: string | null;
    leader: string;
    statusLabel: string;
    isPublished: boolean;
    isOverdue: boolean;
    sourceFeedback: { id: number; trackingCode: string } | null;
    createdAt: string;
    updatedAt: string;
  };
  updates: { id: number; date: string; content: string; progress: number | null; status: ItemStatus | null; statusLabel: string | null; authorName: string | null }[];
  outcomes: { id: number; title: string; kind: OutcomeKind; kindLabel: string; issuedOn: string; url: string | null }[];
  versions: { version: number; action: string; actionLabel: string; actorName: string; note: string | null; at: string; changes: { field: string; label: string; from: string | null; to: string | null }[] }[];
  feedback: { id: number; trackingCode: string; status: string; statusLabel: string; publication: string }[];
}

export interface ImportProblem {
  row: number | null;
  column: string | null;
  header: string | null;
  message: string;
}

export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  applied: boolean;
  fileName: string;
  format: 'xlsx' | 'csv' | null;
  encoding: string | null;
  sheet: string | null;
  headerRow: number | null;
  columns: { column: string; header: string; field: string | null; fieldLabel: string | null }[];
  unplacedHeaders: string[];
  counts: { rows: number; valid: number; badRows: number; create: number; update: number; unchanged: number; emptyRows: number; noteRows: number };
  problems: ImportProblem[];
  notices: string[];
  result: { created: string[]; updated: string[]; unchanged: string[] } | null;
}

export interface ItemCategory {
  code: string;
  label: string;
  isActive: boolean;
}

export interface UnitOption {
  id: number;
  name: string;
}

export interface ItemQuery {
  q?: string;
  status?: string;
  category?: string;
  unitId?: string;
  overdue?: string;
  published?: string;
  page?: number;
}

export const ledgerApi = {
  listItems(query: ItemQuery) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
    return request<{ items: ItemSummary[]; total: number; page: number; pageSize: number }>('GET', `/ledger/items?${params}`);
  },
  getItem: (id: number) => request<ItemDetail>('GET', `/ledger/items/${id}`),
  createItem: (body: ItemFields & { code: string; isPublished: boolean }) => request<{ id: number; version: number }>('POST', '/ledger/items', body),
  updateItem: (id: number, body: Partial<ItemFields> & { version: number }) => request<{ id: number; version: number; changed: string[] }>('PATCH', `/ledger/items/${id}`, body),
  addUpdate: (id: number, body: { date: string; content: string; progress?: number; status?: ItemStatus }) => request<{ id: number; version: number }>('POST', `/ledger/items/${id}/updates`, body),
  addOutcome: (id: number, body: { title: string; kind: OutcomeKind; issuedOn: string; url?: string }) => request<{ id: number; version: number }>('POST', `/ledger/items/${id}/outcomes`, body),
  publish: (id: number) => request<{ id: number; version: number }>('POST', `/ledger/items/${id}/publish`),
  withdraw: (id: number, reason: string) => request<{ id: number; version: number }>('POST', `/ledger/items/${id}/withdraw`, { reason }),
  categories: () => request<{ categories: ItemCategory[] }>('GET', '/ledger/categories'),
  createCategory: (body: { code: string; label: string }) => request<{ ok: true }>('POST', '/ledger/categories', body),
  updateCategory: (code: string, body: { label?: string; isActive?: boolean }) => request<{ ok: true }>('PATCH', `/ledger/categories/${encodeURIComponent(code)}`, body),
  units: () => request<{ units: UnitOption[] }>('GET', '/units'),
  feedbackDraft: (feedbackId: number) =>
    request<{ feedback: { id: number; trackingCode: string; state: string; stateLabel: string; linkedItemId: number | null }; draft: { problem: string; unitId: number | null } }>(
      'GET',
      `/feedback/${feedbackId}/ledger-item`,
    ),
  createFromFeedback: (feedbackId: number, body: ItemFields & { code: string }) => request<{ id: number; version: number }>('POST', `/feedback/${feedbackId}/ledger-item`, body),
  /** The file's bytes as the body, its name in x-file-name: no multipart, one body limit. */
  importFile: (file: File, options: { dryRun: boolean; skipBadRows: boolean }) =>
    send<{ report: ImportReport }>('POST', `/ledger/import?dryRun=${options.dryRun}&skipBadRows=${options.skipBadRows}`, file, {
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent(file.name),
    }),
};

export const LEDGER_DOWNLOADS = {
  xlsx: `${LEDGER_API}/ledger/export.xlsx`,
  csv: `${LEDGER_API}/ledger/export.csv`,
  template: `${LEDGER_API}/ledger/template.xlsx`,
};
