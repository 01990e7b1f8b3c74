// The ledger's admin routes over HTTP: the item's life (create, edit, progress, outcomes, publish,
// withdraw) with a version and an audit entry for every change, field errors in Chinese, an opinion
// made into an item with the link both ways, categories, export, template and the upload.
import { describe, expect, it } from 'vitest';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import { loadConfig } from '../../server/config.ts';
import { describeChange } from '../../site/src/lib/ledger.ts';
import { insertUnit, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { createStaff, signIn } from '../helpers/admin.ts';
import { buildTestApp } from '../helpers/app.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';

// Tuesday 2026-11-24, 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00.000Z');

async function bureau() {
  let clock = NOW;
  const t = await buildTestApp({ now: () => clock });
  const office = insertUnit(t.db, { code: 'D01', name: '办公室', kind: 'department' });
  const school = insertUnit(t.db, { code: 'S03', name: '示例县实验小学' });
  const ledgerStaff = await createStaff(t.db, { roles: ['ledger'], now: NOW, displayName: '周敏' });
  const officeStaff = await createStaff(t.db, { roles: ['office'], now: NOW, displayName: '李明' });
  const sysadminStaff = await createStaff(t.db, { roles: ['sysadmin'], now: NOW });
  return {
    t,
    units: { office, school },
    ledgerStaff,
    ledger: await signIn(t.app, ledgerStaff, { now: NOW }),
    office: await signIn(t.app, officeStaff, { now: NOW }),
    sysadmin: await signIn(t.app, sysadminStaff, { now: NOW }),
    setClock: (at: Date) => (clock = at),
  };
}

type Bureau = Awaited<ReturnType<typeof bureau>>;

function itemBody(overrides: Record<string, unknown> = {}) {
  return {
    code: 'ZG-2026-001',
    title: '规范公务接待',
    problem: '个别接待无公函、陪餐超标。',
    category: 'reception',
    source: 'online',
    leaderName: '张某某',
    leaderPost: '副局长',
    measures: '1. 推行“三单两公开”。\n2. 上线接待管理平台。',
    deadline: '2026-12-31',
    status: 'in_progress',
    progress: 20,
    ...overrides,
  };
}

async function create(b: Bureau, overrides: Record<string, unknown> = {}): Promise<number> {
  const response = await b.ledger.inject({ method: 'POST', url: '/api/admin/ledger/items', payload: itemBody({ unitId: b.units.office, ...overrides }) });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: number }).id;
}

async function detail(b: Bureau, id: number) {
  const response = await b.ledger.inject({ method: 'GET', url: `/api/admin/ledger/items/${id}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('ledger items over HTTP', () => {
  it('keeps a version and an audit entry for every change of an item', async () => {
    const b = await bureau();
    const id = await create(b);
    let view = await detail(b, id);
    expect(view.item).toMatchObject({ code: 'ZG-2026-001', version: 1, unitName: '办公室', leader: '副局长 张某某', isPublished: false, isOverdue: false, categoryLabel: '公务接待' });

    const edit = await b.ledger.inject({ method: 'PATCH', url: `/api/admin/ledger/items/${id}`, payload: { version: 1, deadline: '2026-11-20', unitId: b.units.school } });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ version: 2, changed: ['unitId', 'deadline'] });
    const stale = await b.ledger.inject({ method: 'PATCH', url: `/api/admin/ledger/items/${id}`, payload: { version: 1, title: '另一个标题' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toContain('刷新');

    // Past its deadline (2026-11-20) on the bureau's date 2026-11-24, and not completed: 逾期.
    expect((await detail(b, id)).item.isOverdue).toBe(true);

    const update = await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/updates`, payload: { date: '2026-11-23', content: '平台完成测试。', progress: 80 } });
    expect(update.statusCode, update.body).toBe(201);
    const future = await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/updates`, payload: { date: '2026-11-25', content: '明天的进展' } });
    expect(future.statusCode).toBe(400);
    expect(future.json().fields).toEqual([{ field: 'date', message: '进展日期不能晚于今天' }]);

    const outcome = { title: '《示例县公务接待管理办法》', kind: 'method', issuedOn: '2026-11-20', url: 'https://www.example.edu.cn/a.html' };
    expect((await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/outcomes`, payload: outcome })).statusCode).toBe(201);
    expect((await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/outcomes`, payload: outcome })).statusCode).toBe(409);
    const script = await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/outcomes`, payload: { ...outcome, title: '另一个', url: 'javascript:alert(1)' } });
    expect(script.statusCode).toBe(400);
    expect(script.json().fields[0]).toMatchObject({ field: 'url' });

    expect((await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/publish` })).statusCode).toBe(200);
    expect((await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/publish` })).statusCode).toBe(409);
    expect((await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/withdraw`, payload: {} })).statusCode).toBe(400);
    expect((await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/withdraw`, payload: { reason: '措施需要重新审核' } })).statusCode).toBe(200);

    // Choosing 已完成 makes it 100% and dates the completion today.
    view = await detail(b, id);
    const done = await b.ledger.inject({ method: 'PATCH', url: `/api/admin/ledger/items/${id}`, payload: { version: view.item.version, status: 'completed' } });
    expect(done.statusCode, done.body).toBe(200);
    view = await detail(b, id);
    expect(view.item).toMatchObject({ status: 'completed', progress: 100, completedOn: '2026-11-24', isOverdue: false, isPublished: false });
    expect(view.item.title).toBe('规范公务接待');
    expect(view.outcomes).toEqual([expect.objectContaining({ title: '示例县公务接待管理办法', kind: 'method', kindLabel: '办法' })]);
    expect(view.updates).toEqual([expect.objectContaining({ date: '2026-11-23', progress: 80, status: 'in_progress', authorName: '周敏' })]);
    expect(view.versions.map((version: { action: string }) => version.action)).toEqual(['create', 'update', 'progress', 'outcome', 'publish', 'withdraw', 'update']);
    expect(view.versions[1].changes).toEqual([
      { field: 'unitId', label: '责任单位', from: '办公室', to: '示例县实验小学' },
      { field: 'deadline', label: '整改时限', from: '2026-12-31', to: '2026-11-20' },
    ]);
    expect(view.versions[5]).toMatchObject({ actionLabel: '撤回公开', note: '措施需要重新审核', actorName: '周敏' });

    const audit = b.t.db
      .prepare<[number], { action: string; actor_user_id: number }>("SELECT action, actor_user_id FROM audit_log WHERE object_type = 'ledger_item' AND object_id = ? ORDER BY id")
      .all(id);
    expect(audit.map((entry) => entry.action)).toEqual([
      'ledger.item.create',
      'ledger.item.update',
      'ledger.item.progress',
      'ledger.item.outcome',
      'ledger.item.publish',
      'ledger.item.withdraw',
      'ledger.item.update',
    ]);
    expect(new Set(audit.map((entry) => entry.actor_user_id))).toEqual(new Set([b.ledgerStaff.id]));
  });

  it.each([
    ['a reserved word as code', { code: 'outcomes' }, 'code', /保留字/],
    ['digits only as code', { code: '12' }, 'code', /序号/],
    ['a code with a space', { code: 'ZG 1' }, 'code', /只能由字母/],
    ['an unknown category', { category: 'gossip' }, 'category', /类别不在可选范围内/],
    ['an unknown source', { source: '巡视' }, 'source', /问题来源只能是/],
    ['progress over 100', { progress: 120 }, 'progress', /0 至 100/],
    ['completed below 100%', { status: 'completed', progress: 80 }, 'progress', /100%/],
    ['a date that does not exist', { deadline: '2026-02-30' }, 'deadline', /YYYY-MM-DD/],
    ['no measures', { measures: '   ' }, 'measures', /请填写整改措施/],
  ])('refuses %s with the field named in Chinese', async (_name, overrides, field, message) => {
    const b = await bureau();
    const response = await b.ledger.inject({ method: 'POST', url: '/api/admin/ledger/items', payload: itemBody(overrides) });
    expect(response.statusCode).toBe(400);
    const fields = response.json().fields as { field: string; message: string }[];
    expect(fields.map((entry) => entry.field)).toContain(field);
    expect(fields.find((entry) => entry.field === field)!.message).toMatch(message);
  });

  it('refuses a code that is taken, whatever its case', async () => {
    const b = await bureau();
    await create(b);
    const again = await b.ledger.inject({ method: 'POST', url: '/api/admin/ledger/items', payload: itemBody({ code: 'zg-2026-001' }) });
    expect(again.statusCode).toBe(400);
    expect(again.json().fields).toEqual([{ field: 'code', message: '编号 zg-2026-001 已被使用' }]);
  });

  it('lets the 系统管理员 read the ledger but not change it', async () => {
    const b = await bureau();
    const id = await create(b);
    const list = await b.sysadmin.inject({ method: 'GET', url: '/api/admin/ledger/items?status=in_progress' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, items: [{ id, code: 'ZG-2026-001', statusLabel: '整改中', unitName: '办公室' }] });
    expect((await b.sysadmin.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/publish` })).statusCode).toBe(403);
  });

  it('filters the list by overdue, unit, category, publication and text', async () => {
    const b = await bureau();
    await create(b, { code: 'ZG-1', deadline: '2026-11-01' });
    await create(b, { code: 'ZG-2', deadline: null, title: '长期坚持的事项', unitId: b.units.school, category: 'teaching' });
    await create(b, { code: 'ZG-3', deadline: '2026-10-01', status: 'completed', progress: 100 });
    const codes = async (query: string) =>
      ((await b.ledger.inject({ method: 'GET', url: `/api/admin/ledger/items?${query}` })).json().items as { code: string }[]).map((item) => item.code);
    expect(await codes('overdue=true')).toEqual(['ZG-1']);
    expect(await codes(`unitId=${b.units.school}`)).toEqual(['ZG-2']);
    expect(await codes('category=teaching')).toEqual(['ZG-2']);
    expect(await codes('q=长期')).toEqual(['ZG-2']);
    expect(await codes('published=false')).toEqual(['ZG-1', 'ZG-2', 'ZG-3']);
    expect((await b.ledger.inject({ method: 'GET', url: '/api/admin/ledger/items?overdue=maybe' })).statusCode).toBe(400);
  });
});

describe('taking back an outcome or a progress update added by mistake', () => {
  it('removes an outcome with a reason: gone from the item, named in a version, audited, said in public', async () => {
    const b = await bureau();
    const id = await create(b);
    const other = await create(b, { code: 'ZG-2026-002' });
    const added = await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/outcomes`, payload: { title: '公务接待管理办法', kind: 'method', issuedOn: '2026-11-01' } });
    expect(added.statusCode, added.body).toBe(201);
    const outcomeId = added.json().id as number;
    expect((await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/publish` })).statusCode).toBe(200);

    // Bad input changes nothing: no reason, a reason of spaces, another item's outcome, a bad id.
    const noReason = await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/outcomes/${outcomeId}/remove`, payload: {} });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields).toEqual([expect.objectContaining({ field: 'reason', message: expect.stringContaining('撤下的理由') })]);
    expect((await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/outcomes/${outcomeId}/remove`, payload: { reason: '   ' } })).statusCode).toBe(400);
    const elsewhere = await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${other}/outcomes/${outcomeId}/remove`, payload: { reason: '名称有误' } });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().message).toBe('该事项没有这项制度成果');
    const badId = await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/outcomes/abc/remove`, payload: { reason: '名称有误' } });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().message).toMatch(/成果编号/);
    expect((await detail(b, id)).outcomes).toHaveLength(1);

    const removed = await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/outcomes/${outcomeId}/remove`, payload: { reason: '文件名称写错，将重新添加' } });
    expect(removed.statusCode, removed.body).toBe(200);
    const view = await detail(b, id);
    expect(view.outcomes).toEqual([]);
    expect(view.versions.at(-1)).toMatchObject({
      action: 'outcome_removed',
      actionLabel: '撤下制度成果',
      note: '文件名称写错，将重新添加',
      changes: [expect.objectContaining({ field: 'outcome', from: '公务接待管理办法', to: null })],
    });
    const audit = b.t.db.prepare("SELECT reason FROM audit_log WHERE action = 'ledger.item.outcome_removed'").all();
    expect(audit).toEqual([{ reason: '文件名称写错，将重新添加' }]);
    // Twice: there is nothing left to remove.
    expect((await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/outcomes/${outcomeId}/remove`, payload: { reason: '再来一次' } })).statusCode).toBe(404);

    const snapshot = buildPublicSnapshot(b.t.db, loadConfig({ SECRET_KEY: TEST_SECRET_KEY }).bureau, NOW);
    const item = snapshot.items.find((candidate) => candidate.code === 'ZG-2026-001')!;
    expect(item.outcomes).toEqual([]);
    expect(item.history.at(-1)!.changes.map(describeChange)).toEqual(['撤下制度成果《公务接待管理办法》']);
    // The reason is the staff's own: it stays out of the public snapshot.
    expect(JSON.stringify(snapshot)).not.toContain('文件名称写错');
  });

  it('withdraws a progress update from the public, keeps it marked for the record, and leaves the item as it was', async () => {
    const b = await bureau();
    const id = await create(b);
    const posted = await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/updates`, payload: { date: '2026-11-23', content: '误发到本事项的进展。', progress: 60 } });
    expect(posted.statusCode, posted.body).toBe(201);
    const updateId = posted.json().id as number;
    expect((await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/publish` })).statusCode).toBe(200);
    const before = (await detail(b, id)).item;

    const withdrawn = await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/updates/${updateId}/withdraw`, payload: { reason: '发错了事项' } });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const view = await detail(b, id);
    expect(view.updates).toEqual([expect.objectContaining({ id: updateId, content: '误发到本事项的进展。', isPublished: false })]);
    expect(view.item).toMatchObject({ progress: before.progress, status: before.status });
    expect(view.versions.at(-1)).toMatchObject({ action: 'update_withdrawn', actionLabel: '撤回进展', note: '发错了事项' });
    const again = await b.ledger.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/updates/${updateId}/withdraw`, payload: { reason: '再撤一次' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('这条进展已经撤回');
    // Only the 台账管理员 takes things back.
    expect((await b.office.inject({ method: 'POST', url: `/api/admin/ledger/items/${id}/updates/${updateId}/withdraw`, payload: { reason: '试试' } })).statusCode).toBe(403);

    const item = buildPublicSnapshot(b.t.db, loadConfig({ SECRET_KEY: TEST_SECRET_KEY }).bureau, NOW).items.find((candidate) => candidate.code === 'ZG-2026-001')!;
    expect(item.updates).toEqual([]);
    expect(item.history.at(-1)!.changes.map(describeChange)).toEqual(['撤回进展（2026年11月23日）']);
  });
});

describe('an opinion made into a ledger item (群众点题)', () => {
  it('keeps the link both ways and never copies the opinion unasked', async () => {
    const b = await bureau();
    const submitted = await b.t.inject({
      method: 'POST',
      url: '/api/feedback',
      payload: await withProofOfWork(makeFeedbackSubmission({ content: '学校课后服务只让学生写作业，我的电话13912345678，希望增加兴趣活动。', contactName: '王小明' })),
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const feedbackId = b.t.db.prepare<[string], { id: number }>('SELECT id FROM feedback WHERE tracking_code = ?').get(submitted.json().trackingCode)!.id;
    const body = { ...itemBody({ code: 'ZG-2026-050', title: '丰富课后服务内容' }), source: undefined };

    const early = await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${feedbackId}/ledger-item`, payload: body });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('已受理');

    const accept = await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${feedbackId}/actions/accept`, payload: { version: 1 } });
    expect(accept.statusCode, accept.body).toBe(200);
    const draft = await b.ledger.inject({ method: 'GET', url: `/api/admin/feedback/${feedbackId}/ledger-item` });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json().draft.problem).toContain('139****5678');
    expect(draft.json().draft.problem).not.toContain('13912345678');

    const made = await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${feedbackId}/ledger-item`, payload: body });
    expect(made.statusCode, made.body).toBe(201);
    const view = await detail(b, made.json().id);
    expect(view.item).toMatchObject({ source: 'public_topic', sourceLabel: '群众点题', sourceFeedback: { id: feedbackId }, isPublished: false });
    expect(view.feedback).toEqual([expect.objectContaining({ id: feedbackId, statusLabel: '已受理' })]);
    expect(view.versions[0]).toMatchObject({ action: 'from_feedback', note: expect.stringContaining('由意见') });
    const feedback = b.t.db.prepare<[number], { item_id: number; version: number }>('SELECT item_id, version FROM feedback WHERE id = ?').get(feedbackId)!;
    expect(feedback).toEqual({ item_id: made.json().id, version: 3 });
    // The opinion names its item, by id too (the admin app links to it).
    const opinion = await b.office.inject({ method: 'GET', url: `/api/admin/feedback/${feedbackId}` });
    expect(opinion.json().feedback).toMatchObject({ itemId: made.json().id, itemCode: 'ZG-2026-050' });

    const twice = await b.ledger.inject({ method: 'POST', url: `/api/admin/feedback/${feedbackId}/ledger-item`, payload: { ...body, code: 'ZG-2026-051' } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toContain('ZG-2026-050');
  });
});

describe('item categories', () => {
  it('can be added and retired by the 台账管理员; a retired one takes no new items', async () => {
    const b = await bureau();
    expect((await b.ledger.inject({ method: 'POST', url: '/api/admin/ledger/categories', payload: { code: 'safety', label: '校园安全' } })).statusCode).toBe(201);
    const list = (await b.office.inject({ method: 'GET', url: '/api/admin/ledger/categories' })).json().categories as { code: string; label: string }[];
    expect(list.map((category) => category.label)).toEqual(['会议文件', '督查检查', '公务接待', '教育收费', '招生入学', '教学管理', '经费使用', '师德师风', '服务流程', '其他', '校园安全']);
    expect((await b.ledger.inject({ method: 'POST', url: '/api/admin/ledger/categories', payload: { code: 'safety2', label: '校园安全' } })).statusCode).toBe(400);
    expect((await b.ledger.inject({ method: 'PATCH', url: '/api/admin/ledger/categories/safety', payload: { isActive: false } })).statusCode).toBe(200);
    const refused = await b.ledger.inject({ method: 'POST', url: '/api/admin/ledger/items', payload: itemBody({ category: 'safety' }) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fields).toEqual([{ field: 'category', message: '问题类别“校园安全”已停用' }]);
  });
});

describe('export, template and upload', () => {
  it('exports CSV with a BOM and guarded formulas, and the export imports back unchanged', async () => {
    const b = await bureau();
    await create(b, { code: 'ZG-9', title: '=HYPERLINK("http://evil.example","点我")', progressSummary: '+1 已完成\n@提醒' });
    const csv = await b.ledger.inject({ method: 'GET', url: '/api/admin/ledger/export.csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6-20261124.csv");
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(csv.body).toContain(`"'+1 已完成\n@提醒"`);

    const upload = await b.ledger.inject({
      method: 'POST',
      url: '/api/admin/ledger/import',
      headers: { 'content-type': 'text/csv', 'x-file-name': encodeURIComponent('整改台账.csv') },
      payload: csv.rawPayload,
    });
    expect(upload.statusCode, upload.body).toBe(200);
    expect(upload.json().report).toMatchObject({ ok: true, applied: true, fileName: '整改台账.csv', encoding: 'UTF-8（带 BOM）', counts: { rows: 1, unchanged: 1 } });
    expect(b.t.db.prepare("SELECT title, progress_summary FROM rectification_items WHERE code = 'ZG-9'").get()).toEqual({
      title: '=HYPERLINK("http://evil.example","点我")',
      progress_summary: '+1 已完成\n@提醒',
    });

    const xlsx = await b.sysadmin.inject({ method: 'GET', url: '/api/admin/ledger/export.xlsx' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const exports = b.t.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'ledger.export'").get()!.n;
    expect(exports).toBe(2);

    const template = await b.ledger.inject({ method: 'GET', url: '/api/admin/ledger/template.xlsx' });
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-disposition']).toContain('ledger-template.xlsx');
  });

  it('reports a bad file without writing, refuses 11 MB with 413, and asks for a body', async () => {
    const b = await bureau();
    const bad = '编号,问题描述,整改措施,整改时限\r\nZG-1,问题,措施,2026-13-45\r\n';
    const send = (url: string, payload: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/octet-stream' }) =>
      b.ledger.inject({ method: 'POST', url, headers, payload });
    const dry = await send('/api/admin/ledger/import?dryRun=true', bad);
    expect(dry.statusCode).toBe(200);
    expect(dry.json().report).toMatchObject({ ok: false, dryRun: true, applied: false, problems: [{ row: 2, column: 'D', header: '整改时限' }] });
    const real = await send('/api/admin/ledger/import', bad);
    expect(real.statusCode).toBe(422);
    expect(real.json().message).toBe('文件有 1 个问题，未导入任何内容');
    expect(b.t.db.prepare('SELECT count(*) AS n FROM rectification_items').get()).toEqual({ n: 0 });

    const huge = await send('/api/admin/ledger/import', Buffer.alloc(11 * 1024 * 1024, 0x41));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().message).toMatch(/^文件过大（11\.0 MB），最大 10\.0 MB/);
    const empty = await send('/api/admin/ledger/import', '');
    expect(empty.statusCode).toBe(400);
    const json = await b.ledger.inject({ method: 'POST', url: '/api/admin/ledger/import', payload: { file: 'x' } });
    expect(json.statusCode).toBe(400);
    const query = await send('/api/admin/ledger/import?dryRun=maybe', bad);
    expect(query.statusCode).toBe(400);
    expect(query.json().fields).toEqual([{ field: 'dryRun', message: '只能是 true 或 false' }]);
    const noToken = await b.ledger.inject({ method: 'POST', url: '/api/admin/ledger/import', headers: { 'content-type': 'text/csv', 'x-csrf-token': 'wrong' }, payload: bad });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().message).toContain('CSRF');
  });
});
