// Role × endpoint × unit: every admin route, called by every kind of person, signed in or not.
// Nobody gets a 2xx they are not entitled to; a 经办人 of another unit meets a 404, as if the
// opinion did not exist.
import { join } from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFeedbackRecord } from '../../db/queries/feedback-records.ts';
import { insertItemOutcome, insertItemUpdate } from '../../db/queries/ledger.ts';
import { submitFeedback } from '../../server/actions/feedback-actions.ts';
import { addSuggestion, createEvaluationRound } from '../../server/actions/evaluation-actions.ts';
import { createItem } from '../../server/actions/ledger-actions.ts';
import { createCampaign } from '../../server/actions/topic-actions.ts';
import { itemCreateSchema } from '../../server/domain/ledger-input.ts';
import { acceptFeedback, assignFeedback, draftReply } from '../../server/actions/feedback-steps.ts';
import { insertUnit, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { type AdminClient, createStaff, signIn, signInPasswordOnly, TEST_ORIGIN, type TestStaff } from '../helpers/admin.ts';
import { demoPdf } from '../../scripts/demo/demo-posts.ts';
import { addPostAttachment, createPost, publishPost } from '../../server/actions/post-actions.ts';
import { buildSuiteApp, type TestApp } from '../helpers/app.ts';
import { TEST_CONTACTS } from '../helpers/contacts.ts';

const NOW = new Date('2026-11-24T02:00:00.000Z');
const BROKEN_SITE = join(import.meta.dirname, '..', 'fixtures', 'broken-site');
// 'pendingSecondFactor' holds every role but has passed only the password step.
const ACTORS = ['anonymous', 'pendingSecondFactor', 'sysadmin', 'office', 'handlerOwn', 'handlerOther', 'ledger'] as const;
type Actor = (typeof ACTORS)[number];

interface World {
  t: TestApp & { close: () => Promise<void> };
  clients: Partial<Record<Actor, AdminClient>>;
  unitA: number;
  pending: number;
  assigned: number;
  inReview: number;
  dummyUser: number;
  templateId: number;
  sequence: number;
  /** A ledger item made by the 台账管理员, and an accepted opinion that can become one. */
  itemId: number;
  acceptedFeedback: number;
  /** A 第三方评估 round and one of its suggestions. */
  roundId: number;
  suggestionId: number;
  /** A 群众点题 campaign and one opinion sent for it. */
  campaignId: number;
  nominationId: number;
  /** A draft 整改信息, and who writes the posts the matrix needs. */
  postId: number;
  postAuthor: TestStaff;
}

/** An endpoint, who may use it, and whether it is about one opinion of unit A (scoped). */
interface Endpoint {
  name: string;
  allowed: readonly Actor[];
  scoped?: boolean;
  request: (w: World) => InjectOptions;
}

const STAFF: readonly Actor[] = ['sysadmin', 'office', 'handlerOwn', 'handlerOther', 'ledger'];
const POST_EDITORS: readonly Actor[] = ['office', 'ledger'];
const version = (w: World, id: number) => getFeedbackRecord(w.t.db, id)!.version;

const ENDPOINTS: Endpoint[] = [
  { name: 'GET session', allowed: ['anonymous', 'pendingSecondFactor', ...STAFF], request: () => ({ method: 'GET', url: '/api/admin/session' }) },
  { name: 'GET users', allowed: ['sysadmin'], request: () => ({ method: 'GET', url: '/api/admin/users' }) },
  {
    name: 'POST users',
    allowed: ['sysadmin'],
    request: (w) => ({
      method: 'POST',
      url: '/api/admin/users',
      payload: { username: `new${(w.sequence += 1)}`, displayName: '新同事', roles: ['office'], temporaryPassword: 'Temporary-Pass-2026' },
    }),
  },
  { name: 'PATCH user', allowed: ['sysadmin'], request: (w) => ({ method: 'PATCH', url: `/api/admin/users/${w.dummyUser}`, payload: { displayName: '改名' } }) },
  {
    name: 'POST password reset',
    allowed: ['sysadmin'],
    request: (w) => ({ method: 'POST', url: `/api/admin/users/${w.dummyUser}/password-reset`, payload: { temporaryPassword: 'Another-Temp-Pass-2026' } }),
  },
  { name: 'DELETE sessions', allowed: ['sysadmin'], request: (w) => ({ method: 'DELETE', url: `/api/admin/users/${w.dummyUser}/sessions` }) },
  { name: 'POST totp reset', allowed: ['sysadmin'], request: (w) => ({ method: 'POST', url: `/api/admin/users/${w.dummyUser}/totp-reset` }) },
  { name: 'GET dashboard', allowed: ['office', 'handlerOwn', 'handlerOther'], request: () => ({ method: 'GET', url: '/api/admin/dashboard' }) },
  { name: 'GET inbox', allowed: ['office', 'handlerOwn', 'handlerOther'], request: () => ({ method: 'GET', url: '/api/admin/feedback?overdue=false' }) },
  { name: 'GET inbox export.xlsx', allowed: ['office', 'handlerOwn', 'handlerOther'], request: () => ({ method: 'GET', url: '/api/admin/feedback/export.xlsx?overdue=false' }) },
  { name: 'GET inbox export.csv', allowed: ['office', 'handlerOwn', 'handlerOther'], request: () => ({ method: 'GET', url: '/api/admin/feedback/export.csv?contacts=true' }) },
  { name: 'POST bulk accept', allowed: ['office'], request: (w) => ({ method: 'POST', url: '/api/admin/feedback/bulk/accept', payload: { ids: [w.pending + 100000] } }) },
  { name: 'POST bulk assign', allowed: ['office'], request: (w) => ({ method: 'POST', url: '/api/admin/feedback/bulk/assign', payload: { ids: [w.acceptedFeedback + 100000], unitId: w.unitA } }) },
  { name: 'POST bulk urge', allowed: ['office'], request: (w) => ({ method: 'POST', url: '/api/admin/feedback/bulk/urge', payload: { ids: [w.assigned] } }) },
  { name: 'GET opinion', allowed: ['office', 'handlerOwn'], scoped: true, request: (w) => ({ method: 'GET', url: `/api/admin/feedback/${w.assigned}` }) },
  { name: 'POST contact', allowed: ['office', 'handlerOwn'], scoped: true, request: (w) => ({ method: 'POST', url: `/api/admin/feedback/${w.assigned}/contact` }) },
  { name: 'GET redaction', allowed: ['office'], request: (w) => ({ method: 'GET', url: `/api/admin/feedback/${w.inReview}/redaction` }) },
  {
    name: 'POST accept',
    allowed: ['office'],
    request: (w) => ({ method: 'POST', url: `/api/admin/feedback/${w.pending}/actions/accept`, payload: { version: version(w, w.pending) } }),
  },
  {
    name: 'POST draft-reply',
    allowed: ['office', 'handlerOwn'],
    scoped: true,
    request: (w) => ({ method: 'POST', url: `/api/admin/feedback/${w.assigned}/actions/draft-reply`, payload: { version: version(w, w.assigned), reply: '答复' } }),
  },
  {
    name: 'POST approve-reply',
    allowed: ['office'],
    request: (w) => ({ method: 'POST', url: `/api/admin/feedback/${w.inReview}/actions/approve-reply`, payload: { version: version(w, w.inReview) } }),
  },
  { name: 'GET units', allowed: STAFF, request: () => ({ method: 'GET', url: '/api/admin/units' }) },
  {
    name: 'POST units',
    allowed: ['sysadmin'],
    request: (w) => ({ method: 'POST', url: '/api/admin/units', payload: { code: `N${(w.sequence += 1)}`, name: `新学校${w.sequence}`, kind: 'school' } }),
  },
  { name: 'PATCH unit', allowed: ['sysadmin'], request: (w) => ({ method: 'PATCH', url: `/api/admin/units/${w.unitA}`, payload: { kind: 'school' } }) },
  { name: 'GET categories', allowed: STAFF, request: () => ({ method: 'GET', url: '/api/admin/categories' }) },
  {
    name: 'POST categories',
    allowed: ['sysadmin'],
    request: (w) => ({
      method: 'POST',
      url: '/api/admin/categories',
      payload: { code: `c${(w.sequence += 1)}`, label: `类别${w.sequence}`, acceptWorkingDays: 1, replyWorkingDays: 5 },
    }),
  },
  { name: 'PATCH category', allowed: ['sysadmin'], request: () => ({ method: 'PATCH', url: '/api/admin/categories/other', payload: { replyWorkingDays: 6 } }) },
  { name: 'GET calendar', allowed: ['sysadmin'], request: () => ({ method: 'GET', url: '/api/admin/calendar' }) },
  {
    name: 'PUT calendar',
    allowed: ['sysadmin'],
    request: () => ({
      method: 'PUT',
      url: '/api/admin/calendar/2027',
      payload: { notice: '测试通知', days: [{ date: '2027-01-01', isWorkingDay: false, name: '元旦' }] },
    }),
  },
  { name: 'GET templates', allowed: ['sysadmin', 'office', 'handlerOwn', 'handlerOther'], request: () => ({ method: 'GET', url: '/api/admin/reply-templates' }) },
  {
    name: 'POST templates',
    allowed: ['sysadmin', 'office'],
    request: () => ({ method: 'POST', url: '/api/admin/reply-templates', payload: { category: null, title: '通用', body: '您好！' } }),
  },
  {
    name: 'PATCH template',
    allowed: ['sysadmin', 'office'],
    request: (w) => ({ method: 'PATCH', url: `/api/admin/reply-templates/${w.templateId}`, payload: { title: '通用答复' } }),
  },
  { name: 'DELETE template', allowed: ['sysadmin', 'office'], request: (w) => ({ method: 'DELETE', url: `/api/admin/reply-templates/${w.templateId + 1000}` }) },
  { name: 'GET audit', allowed: ['sysadmin'], request: () => ({ method: 'GET', url: '/api/admin/audit' }) },
  { name: 'GET audit.csv', allowed: ['sysadmin'], request: () => ({ method: 'GET', url: '/api/admin/audit.csv' }) },
  { name: 'GET mail', allowed: ['sysadmin', 'office'], request: () => ({ method: 'GET', url: '/api/admin/mail' }) },
  { name: 'POST mail resend', allowed: ['sysadmin', 'office'], request: () => ({ method: 'POST', url: '/api/admin/mail/999999/resend' }) },
  { name: 'GET scorecards.xlsx', allowed: ['sysadmin', 'office'], request: () => ({ method: 'GET', url: '/api/admin/statistics/scorecards.xlsx?from=2026-01-01&to=2026-11-30' }) },
  { name: 'GET scorecards.csv', allowed: ['sysadmin', 'office'], request: () => ({ method: 'GET', url: '/api/admin/statistics/scorecards.csv' }) },
  { name: 'GET site builds', allowed: ['sysadmin', 'office'], request: () => ({ method: 'GET', url: '/api/admin/site-builds' }) },
  // 202 for the first, 409 while it runs (a broken Astro project here: the build fails fast).
  { name: 'POST site build', allowed: ['sysadmin', 'office'], request: () => ({ method: 'POST', url: '/api/admin/site-builds' }) },
  { name: 'GET ledger items', allowed: ['sysadmin', 'ledger'], request: () => ({ method: 'GET', url: '/api/admin/ledger/items?overdue=false' }) },
  {
    name: 'POST ledger item',
    allowed: ['ledger'],
    request: (w) => ({ method: 'POST', url: '/api/admin/ledger/items', payload: ledgerItemBody(`ZG-M-${(w.sequence += 1)}`) }),
  },
  { name: 'GET ledger item', allowed: ['sysadmin', 'ledger'], request: (w) => ({ method: 'GET', url: `/api/admin/ledger/items/${w.itemId}` }) },
  {
    name: 'PATCH ledger item',
    allowed: ['ledger'],
    request: (w) => ({ method: 'PATCH', url: `/api/admin/ledger/items/${w.itemId}`, payload: { version: itemVersion(w), progressSummary: `进展${(w.sequence += 1)}` } }),
  },
  {
    name: 'POST ledger update',
    allowed: ['ledger'],
    request: (w) => ({ method: 'POST', url: `/api/admin/ledger/items/${w.itemId}/updates`, payload: { date: '2026-11-20', content: '召开推进会', progress: 40 } }),
  },
  {
    name: 'POST ledger outcome',
    allowed: ['ledger'],
    request: (w) => ({
      method: 'POST',
      url: `/api/admin/ledger/items/${w.itemId}/outcomes`,
      payload: { title: `管理办法${(w.sequence += 1)}`, kind: 'method', issuedOn: '2026-11-01' },
    }),
  },
  {
    name: 'POST ledger outcome remove',
    allowed: ['ledger'],
    // A fresh outcome for every call: each allowed call has something to remove.
    request: (w) => {
      const outcomeId = insertItemOutcome(w.t.db, { itemId: w.itemId, title: `待撤下的办法${(w.sequence += 1)}`, kind: 'method', issuedOn: '2026-11-01', url: null, createdBy: null, at: new Date().toISOString() });
      return { method: 'POST', url: `/api/admin/ledger/items/${w.itemId}/outcomes/${outcomeId}/remove`, payload: { reason: '成果名称有误' } };
    },
  },
  {
    name: 'POST ledger update withdraw',
    allowed: ['ledger'],
    request: (w) => {
      const updateId = insertItemUpdate(w.t.db, { itemId: w.itemId, date: '2026-11-20', content: '误发的进展', progress: 40, status: 'in_progress', createdBy: null, at: new Date().toISOString() });
      return { method: 'POST', url: `/api/admin/ledger/items/${w.itemId}/updates/${updateId}/withdraw`, payload: { reason: '发错了事项' } };
    },
  },
  { name: 'POST ledger publish', allowed: ['ledger'], request: (w) => ({ method: 'POST', url: `/api/admin/ledger/items/${w.itemId}/publish` }) },
  { name: 'POST ledger withdraw', allowed: ['ledger'], request: (w) => ({ method: 'POST', url: `/api/admin/ledger/items/${w.itemId}/withdraw`, payload: { reason: '内容需要核实' } }) },
  { name: 'GET ledger categories', allowed: STAFF, request: () => ({ method: 'GET', url: '/api/admin/ledger/categories' }) },
  {
    name: 'POST ledger categories',
    allowed: ['sysadmin', 'ledger'],
    request: (w) => ({ method: 'POST', url: '/api/admin/ledger/categories', payload: { code: `k${(w.sequence += 1)}`, label: `台账类别${w.sequence}` } }),
  },
  { name: 'PATCH ledger category', allowed: ['sysadmin', 'ledger'], request: () => ({ method: 'PATCH', url: '/api/admin/ledger/categories/other', payload: { label: '其他' } }) },
  { name: 'GET opinion → item draft', allowed: ['office', 'ledger'], request: (w) => ({ method: 'GET', url: `/api/admin/feedback/${w.acceptedFeedback}/ledger-item` }) },
  {
    name: 'POST opinion → item',
    allowed: ['office', 'ledger'],
    request: (w) => ({ method: 'POST', url: `/api/admin/feedback/${w.acceptedFeedback}/ledger-item`, payload: { ...ledgerItemBody(`ZG-F-${(w.sequence += 1)}`), source: 'public_topic' } }),
  },
  {
    name: 'POST ledger import',
    allowed: ['ledger'],
    request: () => ({
      method: 'POST',
      url: '/api/admin/ledger/import?dryRun=true',
      headers: { 'content-type': 'text/csv', 'x-file-name': encodeURIComponent('台账.csv') },
      payload: '编号,问题描述,整改措施,整改时限\r\nZG-CSV-1,问题,措施,2026-12-31\r\n',
    }),
  },
  { name: 'GET ledger export.xlsx', allowed: ['sysadmin', 'ledger'], request: () => ({ method: 'GET', url: '/api/admin/ledger/export.xlsx' }) },
  { name: 'GET ledger export.csv', allowed: ['sysadmin', 'ledger'], request: () => ({ method: 'GET', url: '/api/admin/ledger/export.csv' }) },
  { name: 'GET ledger template', allowed: ['sysadmin', 'ledger'], request: () => ({ method: 'GET', url: '/api/admin/ledger/template.xlsx' }) },
  { name: 'GET evaluations', allowed: ['sysadmin', 'office', 'ledger'], request: () => ({ method: 'GET', url: '/api/admin/evaluations' }) },
  {
    name: 'POST evaluations',
    allowed: ['office', 'ledger'],
    request: () => ({ method: 'POST', url: '/api/admin/evaluations', payload: { title: '第三方评估', evaluators: '专家', startedOn: '2026-10-01' } }),
  },
  { name: 'GET evaluation', allowed: ['sysadmin', 'office', 'ledger'], request: (w) => ({ method: 'GET', url: `/api/admin/evaluations/${w.roundId}` }) },
  {
    name: 'POST evaluation suggestion',
    allowed: ['office', 'ledger'],
    request: (w) => ({ method: 'POST', url: `/api/admin/evaluations/${w.roundId}/suggestions`, payload: { content: '建议' } }),
  },
  {
    name: 'POST evaluation suggestion decision',
    allowed: ['office', 'ledger'],
    request: (w) => ({ method: 'POST', url: `/api/admin/evaluations/${w.roundId}/suggestions/${w.suggestionId}/decision`, payload: { decision: 'adopted', itemCode: 'ZG-MATRIX-1' } }),
  },
  { name: 'POST evaluation publish', allowed: ['office', 'ledger'], request: (w) => ({ method: 'POST', url: `/api/admin/evaluations/${w.roundId}/publish` }) },
  { name: 'GET topic campaigns', allowed: ['sysadmin', 'office'], request: () => ({ method: 'GET', url: '/api/admin/topic-campaigns' }) },
  {
    name: 'POST topic campaigns',
    allowed: ['office'],
    request: () => ({ method: 'POST', url: '/api/admin/topic-campaigns', payload: { theme: '点题', opensOn: '2026-11-01', closesOn: '2026-11-30' } }),
  },
  { name: 'GET topic campaign', allowed: ['sysadmin', 'office'], request: (w) => ({ method: 'GET', url: `/api/admin/topic-campaigns/${w.campaignId}` }) },
  {
    name: 'POST topic nomination decision',
    allowed: ['office'],
    request: (w) => ({ method: 'POST', url: `/api/admin/topic-campaigns/${w.campaignId}/nominations/${w.nominationId}/decision`, payload: { decision: 'adopted', itemCode: 'ZG-MATRIX-1' } }),
  },
  { name: 'POST evaluation withdraw', allowed: ['office', 'ledger'], request: (w) => ({ method: 'POST', url: `/api/admin/evaluations/${w.roundId}/withdraw` }) },
  { name: 'GET posts', allowed: POST_EDITORS, request: () => ({ method: 'GET', url: '/api/admin/posts' }) },
  { name: 'POST posts', allowed: POST_EDITORS, request: () => ({ method: 'POST', url: '/api/admin/posts', payload: postBody() }) },
  { name: 'GET post link options', allowed: POST_EDITORS, request: () => ({ method: 'GET', url: '/api/admin/posts/link-options' }) },
  { name: 'POST post preview', allowed: POST_EDITORS, request: () => ({ method: 'POST', url: '/api/admin/posts/preview', payload: { body: '**预览**' } }) },
  { name: 'GET post', allowed: POST_EDITORS, request: (w) => ({ method: 'GET', url: `/api/admin/posts/${w.postId}` }) },
  { name: 'PATCH post', allowed: POST_EDITORS, request: (w) => ({ method: 'PATCH', url: `/api/admin/posts/${w.postId}`, payload: { version: postVersion(w, w.postId), title: `草稿${(w.sequence += 1)}` } }) },
  // Each call gets a fresh draft, published post or attachment of its own, so an allowed call always has something to act on.
  { name: 'POST post publish', allowed: POST_EDITORS, request: (w) => { const id = draftPost(w); return { method: 'POST', url: `/api/admin/posts/${id}/publish`, payload: { version: postVersion(w, id) } }; } },
  { name: 'POST post correct', allowed: POST_EDITORS, request: (w) => { const id = publishedPost(w); return { method: 'POST', url: `/api/admin/posts/${id}/correct`, payload: { version: postVersion(w, id), body: '更正后的正文', note: '更正说明' } }; } },
  { name: 'POST post withdraw', allowed: POST_EDITORS, request: (w) => { const id = publishedPost(w); return { method: 'POST', url: `/api/admin/posts/${id}/withdraw`, payload: { version: postVersion(w, id), reason: '内容需要核实' } }; } },
  {
    name: 'POST post attachment',
    allowed: POST_EDITORS,
    request: (w) => ({ method: 'POST', url: `/api/admin/posts/${draftPost(w)}/attachments`, headers: { 'content-type': 'application/pdf', 'x-file-name': 'a.pdf' }, payload: demoPdf('matrix') }),
  },
  { name: 'GET post attachment', allowed: POST_EDITORS, request: (w) => ({ method: 'GET', url: `/api/admin/posts/${attachmentOf(w)}` }) },
  { name: 'POST post attachment remove', allowed: POST_EDITORS, request: (w) => ({ method: 'POST', url: `/api/admin/posts/${attachmentOf(w)}/remove` }) },
];

function postBody() {
  return { title: '整改信息', body: '正文', postDate: '2026-11-20' };
}

function postVersion(w: World, id: number): number {
  return w.t.db.prepare<[number], { version: number }>('SELECT version FROM posts WHERE id = ?').get(id)!.version;
}

function draftPost(w: World): number {
  const result = createPost(w.t.db, w.postAuthor, postBody(), { now: NOW });
  if (!result.ok) throw new Error(result.message);
  return result.value.id;
}

function publishedPost(w: World): number {
  const id = draftPost(w);
  const result = publishPost(w.t.db, w.postAuthor, id, { version: postVersion(w, id) }, { now: NOW });
  if (!result.ok) throw new Error(result.message);
  return id;
}

/** '<post id>/attachments/<attachment id>': a fresh attachment on a fresh draft. */
function attachmentOf(w: World): string {
  const postId = draftPost(w);
  const result = addPostAttachment(w.t.db, w.postAuthor, postId, { fileName: 'a.pdf', content: demoPdf('matrix') }, { now: NOW });
  if (!result.ok) throw new Error(result.message);
  return `${postId}/attachments/${result.value.attachmentId}`;
}

function ledgerItemBody(code: string) {
  return { code, title: '测试事项', problem: '存在问题', category: 'other', source: 'symposium', measures: '整改措施', deadline: '2026-12-31', status: 'not_started', progress: 0 };
}

function itemVersion(w: World): number {
  return w.t.db.prepare<[number], { version: number }>('SELECT version FROM rectification_items WHERE id = ?').get(w.itemId)!.version;
}

/** What someone who may not use the endpoint gets. */
function refusals(endpoint: Endpoint, actor: Actor): number[] {
  if (actor === 'anonymous') return [401, 403];
  if (actor === 'pendingSecondFactor') return [401];
  return endpoint.scoped && actor === 'handlerOther' ? [404] : [403, 404];
}

async function send(w: World, actor: Actor, options: InjectOptions): Promise<LightMyRequestResponse> {
  const client = w.clients[actor];
  if (client) return client.inject(options);
  return w.t.inject({ ...options, headers: { origin: TEST_ORIGIN, ...(options.headers as Record<string, string> | undefined) } });
}

describe('role × endpoint × unit', () => {
  const w = {} as World;

  beforeAll(async () => {
    w.t = await buildSuiteApp({ now: () => NOW, build: { rebuilds: { root: BROKEN_SITE, quietMs: null, output: () => {} } } });
    const db = w.t.db;
    w.unitA = insertUnit(db, { name: '甲校' });
    const unitB = insertUnit(db, { name: '乙校' });
    const at = NOW;
    const staff = {
      sysadmin: await createStaff(db, { roles: ['sysadmin'], now: at }),
      office: await createStaff(db, { roles: ['office'], now: at }),
      handlerOwn: await createStaff(db, { roles: ['handler'], unitId: w.unitA, now: at }),
      handlerOther: await createStaff(db, { roles: ['handler'], unitId: unitB, now: at }),
      ledger: await createStaff(db, { roles: ['ledger'], now: at }),
    };
    w.dummyUser = (await createStaff(db, { roles: ['office'], now: at })).id;
    w.clients = {};
    for (const actor of STAFF) w.clients[actor] = await signIn(w.t.app, staff[actor as keyof typeof staff], { now: NOW });
    const everyRole = await createStaff(db, { roles: ['sysadmin', 'office', 'ledger'], now: at });
    w.clients.pendingSecondFactor = await signInPasswordOnly(w.t.app, everyRole);

    const calendar = w.t.app.workCalendar();
    const context = { now: NOW, calendar };
    const submit = () => {
      const result = submitFeedback(db, makeFeedbackSubmission() as never, { ...context, ipHash: null, contacts: TEST_CONTACTS });
      if (!result.ok) throw new Error(result.message);
      return db.prepare<[string], { id: number }>('SELECT id FROM feedback WHERE tracking_code = ?').get(result.value.trackingCode)!.id;
    };
    const office = staff.office;
    w.pending = submit();
    w.assigned = submit();
    acceptFeedback(db, office, { feedbackId: w.assigned, version: 1 }, context);
    assignFeedback(db, office, { feedbackId: w.assigned, version: 2, unitId: w.unitA }, context);
    w.inReview = submit();
    acceptFeedback(db, office, { feedbackId: w.inReview, version: 1 }, context);
    assignFeedback(db, office, { feedbackId: w.inReview, version: 2, unitId: w.unitA }, context);
    draftReply(db, staff.handlerOwn, { feedbackId: w.inReview, version: 3, reply: '经核实，已整改。' }, context);
    w.templateId = Number(db.prepare("INSERT INTO reply_templates (title, body, updated_at) VALUES ('模板', '内容', 'x')").run().lastInsertRowid);
    const item = createItem(db, staff.ledger, itemCreateSchema.parse(ledgerItemBody('ZG-MATRIX-1')), { now: NOW });
    if (!item.ok) throw new Error(item.message);
    w.itemId = item.value.id;
    w.acceptedFeedback = submit();
    acceptFeedback(db, office, { feedbackId: w.acceptedFeedback, version: 1 }, context);
    const round = createEvaluationRound(db, office, { title: '评估', evaluators: '专家', method: '', startedOn: '2026-10-01', endedOn: null, summary: '' }, { now: NOW });
    if (!round.ok) throw new Error(round.message);
    w.roundId = round.value.id;
    const suggestion = addSuggestion(db, office, w.roundId, { content: '建议' }, { now: NOW });
    if (!suggestion.ok) throw new Error(suggestion.message);
    w.suggestionId = suggestion.value.id;
    const campaign = createCampaign(db, office, { theme: '点题', description: '', opensOn: '2026-11-01', closesOn: '2026-11-30' }, { now: NOW });
    if (!campaign.ok) throw new Error(campaign.message);
    w.campaignId = campaign.value.id;
    const nominated = submitFeedback(db, { ...makeFeedbackSubmission(), campaign: String(w.campaignId) } as never, { ...context, ipHash: null, contacts: TEST_CONTACTS });
    if (!nominated.ok) throw new Error(nominated.message);
    w.nominationId = db.prepare<[string], { id: number }>('SELECT id FROM feedback WHERE tracking_code = ?').get(nominated.value.trackingCode)!.id;
    w.postAuthor = staff.office;
    w.postId = draftPost(w);
    w.sequence = 0;
  });

  afterAll(() => w.t.close());

  const cases = ENDPOINTS.flatMap((endpoint) => ACTORS.map((actor) => [endpoint.name, actor, endpoint] as const));

  it.each(cases)('%s as %s', async (_name, actor, endpoint) => {
    const response = await send(w, actor, endpoint.request(w));
    const status = response.statusCode;
    expect(status, response.body).toBeLessThan(500);
    if (endpoint.allowed.includes(actor)) {
      expect([401, 403], `${endpoint.name} refused ${actor}: ${response.body}`).not.toContain(status);
      if (endpoint.scoped) expect(status, response.body).not.toBe(404);
    } else {
      expect(status >= 200 && status < 300, `${endpoint.name} let ${actor} through: ${response.body}`).toBe(false);
      expect(refusals(endpoint, actor), `${endpoint.name} as ${actor}: ${response.body}`).toContain(status);
    }
  });

  // The stage and the role are checked before the body or the query is looked at: someone who may
  // not use a route gets 401 or 403 for a wrong body too, never a 400 listing the route's fields.
  const refusedCases = cases.filter(([, actor, endpoint]) => !endpoint.allowed.includes(actor));
  it.each(refusedCases)('%s as %s with an invalid body or query', async (_name, actor, endpoint) => {
    const valid = endpoint.request(w);
    const invalid: InjectOptions =
      valid.method === 'GET'
        ? { ...valid, url: `${String(valid.url)}${String(valid.url).includes('?') ? '&' : '?'}bogus=1&page=-1&overdue=maybe` }
        : { ...valid, headers: { ...(valid.headers as Record<string, string> | undefined), 'content-type': 'application/json' }, payload: JSON.stringify({ bogus: 1, version: 'x' }) };
    const response = await send(w, actor, invalid);
    const allowedStatuses = refusals(endpoint, actor);
    // A 经办人 of another unit holds the role: the route may check the body before the opinion's unit.
    if (endpoint.scoped && actor === 'handlerOther') allowedStatuses.push(400);
    expect(allowedStatuses, `${endpoint.name} as ${actor}: ${response.body}`).toContain(response.statusCode);
    if (response.statusCode !== 400) expect(response.body).not.toMatch(/bogus|必填|请填写/);
  });
});
