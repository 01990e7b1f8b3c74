// Every call the admin app makes, over one fetch wrapper: same-origin cookies, JSON both ways (or a
// file's bytes for an upload), the session's CSRF token on every request that changes something, a
// time limit, and errors turned into ApiError with the server's Chinese message and its field
// problems. The ledger's calls (ledger-api.ts) use `request` and `upload` from here too.
import type { ImportReport } from '../../../../server/ledger/import.ts';
import type {
  AuditPage,
  CalendarDay,
  CalendarOverview,
  Category,
  ContactDetails,
  Dashboard,
  FeedbackRecord,
  FieldProblem,
  InboxPage,
  RedactionSuggestion,
  ReplyTemplate,
  BulkResult,
  Session,
  SessionStage,
  StaffAccount,
  StaffRole,
  TotpEnrollment,
  Unit,
  UnitKind,
} from './types.ts';

export const ADMIN_API = '/api/admin';
const REQUEST_TIMEOUT_MS = 30_000;
// A ledger file (up to 10 MB) on a slow line: longer than the server's own 60 s for a request to
// arrive, so that the server's answer (408 or the import's report) is what the user sees.
const UPLOAD_TIMEOUT_MS = 90_000;

export class ApiError extends Error {
  override name = 'ApiError';
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  readonly fields: FieldProblem[];
  /** Extra list some endpoints send (the holiday calendar's checks). */
  readonly problems: string[];
  /** The ledger import's report, sent with a 422 when the file was not imported. */
  readonly report: ImportReport | null;

  constructor(status: number, message: string, fields: FieldProblem[] = [], problems: string[] = [], report: ImportReport | null = null) {
    super(message);
    this.status = status;
    this.fields = fields;
    this.problems = problems;
    this.report = report;
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  0: '无法连接服务器，请检查网络后重试。',
  401: '登录已失效，请重新登录。',
  403: '您没有权限执行此操作。',
  404: '要找的内容不存在，或您无权查看。',
  409: '内容刚刚已被他人修改，请刷新后再试。',
  // The server names the size; this is for a proxy in front that refuses a large import on its own.
  413: '文件过大。',
  429: '操作过于频繁，请稍后再试。',
};
const SERVER_TROUBLE = '服务器暂时出现问题，请稍后再试。如果问题持续，请联系系统管理员。';

let csrfToken = '';
let unauthorizedListener: (() => void) | null = null;

/** Called when a request answers 401 outside the sign-in steps: the session has ended. */
export function onUnauthorized(listener: (() => void) | null): void {
  unauthorizedListener = listener;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toApiError(status: number, body: unknown): ApiError {
  const fallback = FALLBACK_MESSAGES[status] ?? (status >= 500 ? SERVER_TROUBLE : '请求没有成功，请检查后重试。');
  if (!isRecord(body)) return new ApiError(status, fallback);
  // 5xx messages are hidden by the server anyway; say what the operator can do instead.
  const message = status < 500 && typeof body.message === 'string' && body.message.trim() ? body.message : fallback;
  const fields = Array.isArray(body.fields)
    ? body.fields.filter(isRecord).flatMap((problem) =>
        typeof problem.field === 'string' && typeof problem.message === 'string' ? [{ field: problem.field, message: problem.message }] : [],
      )
    : [];
  const problems = Array.isArray(body.problems) ? body.problems.filter((problem): problem is string => typeof problem === 'string') : [];
  // The server's schema fixes the report's shape; it is passed on as it came.
  const report = isRecord(body.report) ? (body.report as unknown as ImportReport) : null;
  return new ApiError(status, message, fields, problems, report);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  /** The sign-in steps answer 401 for a wrong password or code: that is not a lost session. */
  signInStep?: boolean;
  /** How long to wait for the answer; REQUEST_TIMEOUT_MS unless given. */
  timeoutMs?: number;
}

async function send<T>(method: Method, path: string, body: BodyInit | undefined, bodyHeaders: Record<string, string>, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...bodyHeaders };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(`${ADMIN_API}${path}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller.signal,
    });
  } catch {
    throw new ApiError(0, FALLBACK_MESSAGES[0]!);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 204) return undefined as T;
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  if (response.ok) return json as T;
  const error = toApiError(response.status, json);
  if (error.status === 401 && !options.signInStep) unauthorizedListener?.();
  throw error;
}

/** A call with a JSON body (or none), answered with JSON. */
export function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  if (body === undefined) return send<T>(method, path, undefined, {}, options);
  return send<T>(method, path, JSON.stringify(body), { 'content-type': 'application/json' }, options);
}

/** A file POSTed as its bytes with its name in x-file-name: no multipart, and one body limit on the server. */
export function upload<T>(path: string, file: File): Promise<T> {
  return send<T>('POST', path, file, { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) }, { timeoutMs: UPLOAD_TIMEOUT_MS });
}

/** Query string from filter values; empty values are left out. */
export function toQuery(values: Record<string, string | number | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

// Session and sign-in. Every stage change is followed by a fresh GET of the session: the CSRF
// token belongs to the session and changes with it.

/** The current session's CSRF token (for components that call fetch themselves). */
export function currentCsrfToken(): string {
  return csrfToken;
}

export async function getSession(): Promise<Session> {
  const session = await request<Session>('GET', '/session', undefined, { signInStep: true });
  csrfToken = session.csrfToken ?? '';
  return session;
}

export function login(username: string, password: string) {
  return request<{ stage: SessionStage }>('POST', '/login', { username, password }, { signInStep: true });
}

export function verifyTotp(proof: { code: string } | { recoveryCode: string }) {
  return request<{ stage: SessionStage }>('POST', '/login/totp', proof, { signInStep: true });
}

export function getTotpEnrollment() {
  return request<TotpEnrollment>('GET', '/totp/enrollment', undefined, { signInStep: true });
}

export function confirmTotpEnrollment(code: string) {
  return request<{ recoveryCodes: string[] }>('POST', '/totp/enrollment', { code }, { signInStep: true });
}

export function changePassword(currentPassword: string, newPassword: string) {
  return request<{ stage: SessionStage }>('POST', '/password', { currentPassword, newPassword }, { signInStep: true });
}

export function logout() {
  return request<void>('POST', '/logout', undefined, { signInStep: true });
}

// Opinions.

export function getDashboard() {
  return request<Dashboard>('GET', '/dashboard');
}

export function listFeedback(query: string) {
  return request<InboxPage>('GET', `/feedback${query}`);
}

export function getFeedback(id: number) {
  return request<FeedbackRecord>('GET', `/feedback/${id}`);
}

export function revealContact(id: number) {
  return request<ContactDetails>('POST', `/feedback/${id}/contact`);
}

export function getRedaction(id: number) {
  return request<RedactionSuggestion>('GET', `/feedback/${id}/redaction`);
}

/** Where the browser downloads the inbox's current view (the same query as the list, no paging). */
export function feedbackExportUrl(format: 'xlsx' | 'csv', query: string, withContacts: boolean): string {
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  params.delete('page');
  params.delete('pageSize');
  if (withContacts) params.set('contacts', 'true');
  const text = params.toString();
  return `${ADMIN_API}/feedback/export.${format}${text ? `?${text}` : ''}`;
}

/** 受理 / 转办 / 督办 several opinions at once: each its own step, each outcome listed. */
export function bulkFeedbackAction(action: 'accept' | 'assign' | 'urge', body: { ids: number[]; unitId?: number; note?: string }) {
  return request<BulkResult>('POST', `/feedback/bulk/${action}`, body);
}

/** `action` is the URL form (`draft-reply`); the body always names the version the user saw. */
export function takeFeedbackAction(id: number, action: string, body: { version: number } & Record<string, unknown>) {
  return request<FeedbackRecord>('POST', `/feedback/${id}/actions/${encodeURIComponent(action)}`, body);
}

// Reply templates.

export interface ReplyTemplateInput {
  category: string | null;
  unitId?: number | null;
  title: string;
  body: string;
}

/** `unit`: a unit's own templates and the shared ones; 'shared': only those; undefined: all. */
export function listReplyTemplates(category?: string, unit?: number | 'shared') {
  const query = toQuery({ category, unitId: typeof unit === 'number' ? unit : undefined, shared: unit === 'shared' ? 'true' : undefined });
  return request<{ templates: ReplyTemplate[] }>('GET', `/reply-templates${query}`);
}

export function createReplyTemplate(input: ReplyTemplateInput) {
  return request<ReplyTemplate>('POST', '/reply-templates', input);
}

export function updateReplyTemplate(id: number, input: Partial<ReplyTemplateInput>) {
  return request<ReplyTemplate>('PATCH', `/reply-templates/${id}`, input);
}

export function deleteReplyTemplate(id: number) {
  return request<void>('DELETE', `/reply-templates/${id}`);
}

// Units and categories.

export function listUnits() {
  return request<{ units: Unit[] }>('GET', '/units');
}

export function createUnit(input: { code: string; name: string; kind: UnitKind }) {
  return request<Unit>('POST', '/units', input);
}

export function updateUnit(id: number, input: { name?: string; kind?: UnitKind }) {
  return request<Unit>('PATCH', `/units/${id}`, input);
}

export function listCategories() {
  return request<{ categories: Category[] }>('GET', '/categories');
}

export function createCategory(input: { code: string; label: string; acceptWorkingDays: number; replyWorkingDays: number }) {
  return request<Category>('POST', '/categories', input);
}

export function updateCategory(code: string, input: Partial<Omit<Category, 'code'>>) {
  return request<Category>('PATCH', `/categories/${encodeURIComponent(code)}`, input);
}

// Holiday calendar.

export function getCalendar() {
  return request<CalendarOverview>('GET', '/calendar');
}

export function saveCalendarYear(year: number, input: { notice: string; days: CalendarDay[] }) {
  return request<unknown>('PUT', `/calendar/${year}`, input);
}

// Staff accounts.

export interface NewStaffAccount {
  username: string;
  displayName: string;
  email?: string;
  roles: StaffRole[];
  unitId?: number;
  temporaryPassword: string;
}

export interface StaffAccountChanges {
  displayName?: string;
  email?: string | null;
  roles?: StaffRole[];
  unitId?: number | null;
  isActive?: boolean;
}

export function listUsers() {
  return request<{ users: StaffAccount[] }>('GET', '/users');
}

export function createUser(input: NewStaffAccount) {
  return request<StaffAccount>('POST', '/users', input);
}

export function updateUser(id: number, input: StaffAccountChanges) {
  return request<StaffAccount>('PATCH', `/users/${id}`, input);
}

export function resetUserPassword(id: number, temporaryPassword: string) {
  return request<unknown>('POST', `/users/${id}/password-reset`, { temporaryPassword });
}

export function endUserSessions(id: number) {
  return request<unknown>('DELETE', `/users/${id}/sessions`);
}

export function resetUserTotp(id: number) {
  return request<unknown>('POST', `/users/${id}/totp-reset`);
}

// Audit log.

export function listAudit(query: string) {
  return request<AuditPage>('GET', `/audit${query}`);
}

/** A plain link: the browser downloads the file with the session cookie. */
export function auditCsvUrl(query: string): string {
  return `${ADMIN_API}/audit.csv${query}`;
}
