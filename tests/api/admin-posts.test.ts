// 整改信息 over HTTP: a post from draft to published, corrected (更正 note, earlier text kept) and
// withdrawn, each change a version and an audit entry; PDF attachments checked by their bytes and
// size; bad input named in Chinese and changing nothing; what the public snapshot carries.
import { describe, expect, it } from 'vitest';
import { demoPdf } from '../../scripts/demo/demo-posts.ts';
import { buildPublicSnapshot, publishedAttachmentFiles } from '../../db/public-snapshot.ts';
import { loadConfig } from '../../server/config.ts';
import { POST_ATTACHMENT_MAX_BYTES } from '../../server/domain/post-input.ts';
import { insertUnit } from '../fixtures/factories.ts';
import { createStaff, signIn } from '../helpers/admin.ts';
import { buildTestApp } from '../helpers/app.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';

// Tuesday 2026-11-24, 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00.000Z');

async function bureau() {
  let clock = NOW;
  const t = await buildTestApp({ now: () => clock });
  insertUnit(t.db, { code: 'D01', name: '办公室', kind: 'department' });
  const officeStaff = await createStaff(t.db, { roles: ['office'], now: NOW, displayName: '李明' });
  const office = await signIn(t.app, officeStaff, { now: NOW });
  const ledger = await signIn(t.app, await createStaff(t.db, { roles: ['ledger'], now: NOW, displayName: '周敏' }), { now: NOW });
  const item = await ledger.inject({
    method: 'POST',
    url: '/api/admin/ledger/items',
    payload: { code: 'ZG-2026-001', title: '规范公务接待', problem: '接待无公函。', category: 'reception', source: 'online', measures: '推行“三单两公开”。', deadline: '2026-12-31', status: 'in_progress', progress: 20, isPublished: true },
  });
  expect(item.statusCode, item.body).toBe(201);
  const itemId = (item.json() as { id: number }).id;
  const outcome = await ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${itemId}/outcomes`, payload: { title: '公务接待实施细则', kind: 'rule', issuedOn: '2026-11-01' } });
  expect(outcome.statusCode, outcome.body).toBe(201);
  const outcomeId = t.db.prepare<[], { id: number }>('SELECT id FROM item_outcomes').get()!.id;
  const snapshot = () => buildPublicSnapshot(t.db, loadConfig({ SECRET_KEY: TEST_SECRET_KEY }).bureau, clock);
  return { t, office, officeStaff, ledger, itemId, outcomeId, snapshot, setClock: (at: Date) => (clock = at) };
}

const body = (overrides: Record<string, unknown> = {}) => ({
  title: '公务接待落实“三单两公开”',
  body: '县教育局印发实施细则，公务接待一律凭**公函**办理。\n\n<script>alert(1)</script>',
  postDate: '2026-11-20',
  ...overrides,
});

function audit(t: Awaited<ReturnType<typeof bureau>>['t']) {
  return t.db.prepare<[], { action: string; reason: string | null }>("SELECT action, reason FROM audit_log WHERE object_type = 'post' ORDER BY id").all();
}

describe('整改信息 admin API', () => {
  it('takes a post from draft through preview, publish and 更正 to withdrawn, each a version and an audit entry', async () => {
    const b = await bureau();
    const created = await b.office.inject({ method: 'POST', url: '/api/admin/posts', payload: body({ itemIds: [b.itemId], outcomeIds: [b.outcomeId] }) });
    expect(created.statusCode, created.body).toBe(201);
    const { id, version } = created.json() as { id: number; version: number };
    expect(b.snapshot().posts).toEqual([]);

    const preview = await b.office.inject({ method: 'POST', url: '/api/admin/posts/preview', payload: { body: body().body } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().html).toContain('<strong>公函</strong>');
    expect(preview.json().html).not.toContain('<script');

    // The 台账管理员 edits the office's draft in place.
    const edited = await b.ledger.inject({ method: 'PATCH', url: `/api/admin/posts/${id}`, payload: { version, title: '公务接待落实“三单两公开”制度' } });
    expect(edited.statusCode, edited.body).toBe(200);
    const stale = await b.office.inject({ method: 'PATCH', url: `/api/admin/posts/${id}`, payload: { version, title: '旧版本' } });
    expect(stale.statusCode).toBe(409);

    const published = await b.office.inject({ method: 'POST', url: `/api/admin/posts/${id}/publish`, payload: { version: edited.json().version } });
    expect(published.statusCode, published.body).toBe(200);
    const [post] = b.snapshot().posts;
    expect(post).toMatchObject({ id, title: '公务接待落实“三单两公开”制度', postDate: '2026-11-20', corrections: [], items: [{ code: 'ZG-2026-001' }], outcomes: [{ title: '公务接待实施细则', itemCode: 'ZG-2026-001' }] });

    // A published post is not edited in place.
    const inPlace = await b.office.inject({ method: 'PATCH', url: `/api/admin/posts/${id}`, payload: { version: published.json().version, title: '悄悄改' } });
    expect(inPlace.statusCode).toBe(409);
    expect(inPlace.json().message).toContain('更正');

    // The next day, signed in again.
    const nextDay = new Date('2026-11-25T02:00:00.000Z');
    b.setClock(nextDay);
    const office = await signIn(b.t.app, b.officeStaff, { now: nextDay });
    const corrected = await office.inject({
      method: 'POST',
      url: `/api/admin/posts/${id}/correct`,
      payload: { version: published.json().version, body: '县教育局印发实施细则，公务接待一律凭**公函、接待清单、结算单**办理。', note: '补充“三单”的内容。' },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const [after] = b.snapshot().posts;
    expect(after!.body).toContain('接待清单');
    expect(after!.corrections).toEqual([{ date: '2026-11-25', note: '补充“三单”的内容。', previousTitle: '公务接待落实“三单两公开”制度', previousBody: body().body }]);
    expect(after!.firstPublishedOn).toBe('2026-11-24');

    const withdrawn = await office.inject({ method: 'POST', url: `/api/admin/posts/${id}/withdraw`, payload: { version: corrected.json().version, reason: '与通知重复' } });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(b.snapshot().posts).toEqual([]);

    const detail = await office.inject({ method: 'GET', url: `/api/admin/posts/${id}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().post.stateLabel).toBe('已撤回');
    expect((detail.json().versions as { action: string }[]).map((v) => v.action)).toEqual(['create', 'update', 'publish', 'correct', 'withdraw']);
    expect(audit(b.t)).toEqual([
      { action: 'post.create', reason: null },
      { action: 'post.update', reason: null },
      { action: 'post.publish', reason: null },
      { action: 'post.correct', reason: '补充“三单”的内容。' },
      { action: 'post.withdraw', reason: '与通知重复' },
    ]);
    const list = await office.inject({ method: 'GET', url: '/api/admin/posts?state=withdrawn' });
    expect(list.json().posts).toMatchObject([{ id, state: 'withdrawn', corrections: 1 }]);
  });

  it('keeps a PDF attachment checked by its bytes and size, and publishes only published posts’ files', async () => {
    const b = await bureau();
    const { id } = (await b.office.inject({ method: 'POST', url: '/api/admin/posts', payload: body() })).json() as { id: number };
    const upload = (payload: Buffer | string, type = 'application/pdf', name = '实施细则.pdf') =>
      b.office.inject({ method: 'POST', url: `/api/admin/posts/${id}/attachments`, headers: { 'content-type': type, 'x-file-name': encodeURIComponent(name) }, payload });

    const pdf = demoPdf('rules');
    const ok = await upload(pdf);
    expect(ok.statusCode, ok.body).toBe(201);
    const notPdf = await upload(Buffer.from('PK\u0003\u0004 a zip named .pdf'), 'application/pdf', '伪装.pdf');
    expect(notPdf.statusCode).toBe(400);
    expect(notPdf.json().fields).toEqual([{ field: 'file', message: '附件只能是 PDF 文件（文件内容不是 PDF）' }]);
    const empty = await upload(Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    const tooLarge = await upload(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(POST_ATTACHMENT_MAX_BYTES)]));
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().message).toContain('10 MB');
    const wrongType = await upload(pdf, 'image/png');
    expect(wrongType.statusCode).toBe(415);

    const detail = (await b.office.inject({ method: 'GET', url: `/api/admin/posts/${id}` })).json();
    expect(detail.attachments).toMatchObject([{ fileName: '实施细则.pdf', size: pdf.length }]);
    const download = await b.office.inject({ method: 'GET', url: `/api/admin/posts/${id}/attachments/${detail.attachments[0].id}` });
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(publishedAttachmentFiles(b.t.db)).toEqual([]);

    await b.office.inject({ method: 'POST', url: `/api/admin/posts/${id}/publish`, payload: { version: detail.post.version } });
    const [post] = b.snapshot().posts;
    expect(post!.attachments).toEqual([{ name: '实施细则.pdf', size: pdf.length, path: expect.stringMatching(/^\/news\/files\/\d+-[0-9a-f]{12}\.pdf$/) }]);
    const files = publishedAttachmentFiles(b.t.db);
    expect(files.map((file) => file.path)).toEqual([post!.attachments[0]!.path]);
    expect(files[0]!.content.equals(pdf)).toBe(true);

    const onPublished = await upload(pdf);
    expect(onPublished.statusCode).toBe(409);
    expect(audit(b.t).map((entry) => entry.action)).toEqual(['post.create', 'post.attachment_add', 'post.publish']);
  });

  it.each([
    ['no title', body({ title: '' }), 'title', '请填写标题'],
    ['a bad date', body({ postDate: '2026-02-30' }), 'postDate', '发布日期应为有效日期'],
    ['an unknown item', body({ itemIds: [999] }), 'itemIds', '关联整改事项不存在：999'],
    ['an unknown outcome', body({ outcomeIds: [999] }), 'outcomeIds', '关联制度成果不存在：999'],
    ['a field it does not know', body({ state: 'published' }), '', '不支持的字段：state'],
    ['a body too long', body({ body: '字'.repeat(20001) }), 'body', '正文不能超过 20000 个字'],
  ])('refuses a post with %s, naming the field in Chinese, and writes nothing', async (_name, payload, field, message) => {
    const b = await bureau();
    const response = await b.office.inject({ method: 'POST', url: '/api/admin/posts', payload });
    expect(response.statusCode, response.body).toBe(400);
    const fields = response.json().fields as { field: string; message: string }[];
    expect(fields.some((entry) => entry.field === field && entry.message.includes(message)), response.body).toBe(true);
    expect(b.t.db.prepare('SELECT count(*) AS n FROM posts').get()).toEqual({ n: 0 });
    expect(audit(b.t)).toEqual([]);
  });

  it('refuses a 更正 without its note or on a draft, and a withdrawal without a reason', async () => {
    const b = await bureau();
    const { id, version } = (await b.office.inject({ method: 'POST', url: '/api/admin/posts', payload: body() })).json() as { id: number; version: number };
    const onDraft = await b.office.inject({ method: 'POST', url: `/api/admin/posts/${id}/correct`, payload: { version, body: '新正文', note: '说明' } });
    expect(onDraft.statusCode).toBe(409);
    const published = (await b.office.inject({ method: 'POST', url: `/api/admin/posts/${id}/publish`, payload: { version } })).json() as { version: number };
    const noNote = await b.office.inject({ method: 'POST', url: `/api/admin/posts/${id}/correct`, payload: { version: published.version, body: '新正文' } });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().fields).toEqual([{ field: 'note', message: '请填写更正说明' }]);
    const same = await b.office.inject({ method: 'POST', url: `/api/admin/posts/${id}/correct`, payload: { version: published.version, body: body().body, note: '说明' } });
    expect(same.statusCode).toBe(400);
    expect(same.json().fields).toEqual([{ field: 'body', message: '更正后的内容与原文相同' }]);
    const noReason = await b.office.inject({ method: 'POST', url: `/api/admin/posts/${id}/withdraw`, payload: { version: published.version } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields).toEqual([{ field: 'reason', message: '请填写撤回理由' }]);
    const missing = await b.office.inject({ method: 'GET', url: '/api/admin/posts/12345' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('整改信息不存在');
    expect(b.snapshot().posts.map((post) => post.corrections.length)).toEqual([0]);
  });
});
