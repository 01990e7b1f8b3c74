// The staff side of opinions over HTTP: the whole loop, conflicts, bad input, contact views,
// inbox filters, redaction, templates, the calendar and the audit log.
import { describe, expect, it } from 'vitest';
import { getFeedbackRecord } from '../../db/queries/feedback-records.ts';
import { insertUnit, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { createStaff, signIn } from '../helpers/admin.ts';
import { buildTestApp } from '../helpers/app.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';

// Monday 2026-11-23, 10:00 in Shanghai.
const NOW = new Date('2026-11-23T02:00:00.000Z');

async function bureau() {
  let clock = NOW;
  const t = await buildTestApp({ now: () => clock });
  const schoolA = insertUnit(t.db, { name: '示例县第一中学' });
  const schoolB = insertUnit(t.db, { name: '示例县实验小学' });
  const officeStaff = await createStaff(t.db, { roles: ['office'], now: NOW, displayName: '李主任' });
  const handlerStaff = await createStaff(t.db, { roles: ['handler'], unitId: schoolA, now: NOW });
  const otherHandlerStaff = await createStaff(t.db, { roles: ['handler'], unitId: schoolB, now: NOW });
  const sysadminStaff = await createStaff(t.db, { roles: ['sysadmin'], now: NOW });
  const office = await signIn(t.app, officeStaff, { now: NOW });
  const handler = await signIn(t.app, handlerStaff, { now: NOW });
  const otherHandler = await signIn(t.app, otherHandlerStaff, { now: NOW });
  const sysadmin = await signIn(t.app, sysadminStaff, { now: NOW });
  const submit = async (overrides: Record<string, unknown> = {}) => {
    const response = await t.inject({ method: 'POST', url: '/api/feedback', payload: await withProofOfWork(makeFeedbackSubmission(overrides)) });
    expect(response.statusCode, response.body).toBe(201);
    const { trackingCode } = response.json() as { trackingCode: string };
    return t.db.prepare<[string], { id: number }>('SELECT id FROM feedback WHERE tracking_code = ?').get(trackingCode)!.id;
  };
  const version = (id: number) => getFeedbackRecord(t.db, id)!.version;
  return { t, schoolA, schoolB, office, handler, otherHandler, sysadmin, officeStaff, submit, version, setClock: (at: Date) => (clock = at) };
}

describe('the opinion workflow over HTTP', () => {
  it('runs the loop: accept, assign, draft, return, redraft, approve with an edit, publish a redacted version', async () => {
    const b = await bureau();
    const id = await b.submit({ title: '体育课被占，请王小明老师回电', content: '孩子班上体育课常被占用，我的电话13912345678，请老师联系。', contactName: '王小明' });
    const step = async (client: typeof b.office, action: string, body: Record<string, unknown> = {}) => {
      const response = await client.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/${action}`, payload: { version: b.version(id), ...body } });
      expect(response.statusCode, `${action}: ${response.body}`).toBe(200);
      return response.json();
    };
    const detail = (await b.office.inject({ method: 'GET', url: `/api/admin/feedback/${id}` })).json();
    expect(detail.feedback).toMatchObject({ state: 'pending', stateLabel: '待受理', acceptDueOn: '2026-11-24', hasContact: true });
    expect(detail.feedback.actions.map((a: { action: string }) => a.action)).toEqual(['accept', 'reject']);
    expect(JSON.stringify(detail)).not.toContain('13912345678'.replace('139', '___')); // contacts are not in the detail…
    expect(detail.feedback).not.toHaveProperty('contactPhone');

    await step(b.office, 'accept', { note: '予以受理' });
    const assigned = await step(b.office, 'assign', { unitId: b.schoolA, note: '请核实' });
    expect(assigned.feedback).toMatchObject({ state: 'assigned', assignedUnitName: '示例县第一中学', replyDueOn: '2026-11-30' });

    // The unit's 经办人 sees exactly their steps; another unit's sees nothing.
    const forHandler = (await b.handler.inject({ method: 'GET', url: `/api/admin/feedback/${id}` })).json();
    expect(forHandler.feedback.actions.map((a: { action: string }) => a.action)).toEqual(['hand-back', 'draft-reply']);
    expect((await b.otherHandler.inject({ method: 'GET', url: `/api/admin/feedback/${id}` })).statusCode).toBe(404);

    await step(b.handler, 'draft-reply', { reply: '<b>已核实</b>，下周起按课表上体育课。' });
    await step(b.office, 'return-reply', { comment: '请写明起止时间' });
    await step(b.handler, 'draft-reply', { reply: '已核实，自11月30日起按课表上体育课，欢迎监督。' });
    const approved = await step(b.office, 'approve-reply', { reply: '经核实，自11月30日起按课表开足体育课，欢迎继续监督。' });
    expect(approved.feedback).toMatchObject({ state: 'replied', replyText: '经核实，自11月30日起按课表开足体育课，欢迎继续监督。', publication: 'undecided' });
    expect(approved.feedback.actions.map((a: { action: string }) => a.action)).toEqual(['publish', 'withhold']);

    const suggestion = (await b.office.inject({ method: 'GET', url: `/api/admin/feedback/${id}/redaction` })).json();
    expect(suggestion.content.text).toBe('孩子班上体育课常被占用，我的电话139****5678，请老师联系。');
    expect(suggestion.content.matches).toEqual([{ kind: 'mobile', label: '手机号码', original: '13912345678', replacement: '139****5678' }]);
    // The title is prefilled from the submitter's own, redacted like the rest.
    expect(suggestion.title.text).toBe('体育课被占，请王**老师回电');
    expect(suggestion.title.matches).toEqual([{ kind: 'name', label: '姓名', original: '王小明', replacement: '王**' }]);
    const withoutTitle = await b.office.inject({
      method: 'POST',
      url: `/api/admin/feedback/${id}/actions/publish`,
      payload: { version: b.version(id), publicTitle: '  ', publicContent: suggestion.content.text, publicReply: suggestion.reply.text },
    });
    expect(withoutTitle.statusCode).toBe(400);
    expect(withoutTitle.json().fields).toEqual([{ field: 'publicTitle', message: '请填写公开的标题' }]);
    const tooLong = await b.office.inject({
      method: 'POST',
      url: `/api/admin/feedback/${id}/actions/publish`,
      payload: { version: b.version(id), publicTitle: '题'.repeat(51), publicContent: suggestion.content.text, publicReply: suggestion.reply.text },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().fields).toEqual([{ field: 'publicTitle', message: '公开的标题不能超过 50 个字' }]);
    expect(getFeedbackRecord(b.t.db, id)!.publication).toBe('undecided');
    const published = await step(b.office, 'publish', { publicTitle: '体育课被占用', publicContent: suggestion.content.text, publicReply: suggestion.reply.text });
    expect(published.feedback).toMatchObject({ state: 'replied', publication: 'published', publicTitle: '体育课被占用', publicContent: suggestion.content.text });
    // Published: the panel reopens with what is on the site.
    expect((await b.office.inject({ method: 'GET', url: `/api/admin/feedback/${id}/redaction` })).json().title.text).toBe('体育课被占用');
    // The original stays as it was; the public version is stored apart.
    expect(getFeedbackRecord(b.t.db, id)!.content).toContain('13912345678');

    const events = published.events.map((e: { action: string; actorName: string }) => `${e.action}:${e.actorName}`);
    expect(events).toEqual([
      'submit:反映人',
      'accept:李主任',
      'assign:李主任',
      expect.stringMatching(/^draft_reply:/),
      'return_reply:李主任',
      expect.stringMatching(/^draft_reply:/),
      'approve_reply:李主任',
      'publish:李主任',
    ]);
    const audit = b.t.db.prepare("SELECT action FROM audit_log WHERE object_type = 'feedback' AND object_id = ? ORDER BY id").pluck().all(id);
    expect(audit).toEqual(['feedback.accept', 'feedback.assign', 'feedback.draft_reply', 'feedback.return_reply', 'feedback.draft_reply', 'feedback.approve_reply', 'feedback.publish']);
  });

  it('prefills a title from the redacted content when the submitter gave none, never cutting through a mask', async () => {
    const b = await bureau();
    const id = await b.submit({ title: undefined, content: '学校食堂饭菜分量少价格贵，请联系电话13912345678的家长核实，谢谢。' });
    const suggestion = (await b.office.inject({ method: 'GET', url: `/api/admin/feedback/${id}/redaction` })).json();
    expect(suggestion.content.text).toContain('139****5678');
    // 24 characters would end in "139***"; the cut moves before the number.
    expect(suggestion.title).toEqual({ text: '学校食堂饭菜分量少价格贵，请联系电话……', matches: [] });
  });

  it('answers 409 with what the state allows, and to the second of two people acting on the same version', async () => {
    const b = await bureau();
    const id = await b.submit();
    const seen = b.version(id);
    const first = await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/accept`, payload: { version: seen } });
    expect(first.statusCode).toBe(200);
    const second = await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/reject`, payload: { version: seen, reason: 'duplicate', note: '重复' } });
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toBe('该意见刚刚已被他人办理，请刷新后查看最新状态');
    const illegal = await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/approve-reply`, payload: { version: b.version(id) } });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().message).toBe('该意见当前为“已受理”，不能审核通过并答复；当前可以：不予受理、转办');
    expect(getFeedbackRecord(b.t.db, id)!.status).toBe('accepted');
  });

  it.each([
    ['no version', 'accept', {}, 'version'],
    ['a version as text', 'accept', { version: '1' }, 'version'],
    ['an unknown reject reason', 'reject', { reason: 'lazy', note: '说明' }, 'reason'],
    ['an empty note after trimming', 'reject', { reason: 'unclear', note: ' \n\t ' }, 'note'],
    ['a unit as text', 'assign', { unitId: 'abc' }, 'unitId'],
    ['an unknown unit', 'assign', { unitId: 99999 }, 'unitId'],
    ['an extension of 11 days', 'extend', { days: 11, reason: '需要核实' }, 'days'],
    ['an unknown field', 'accept', { status: 'replied' }, ''],
    ['a reply of 5001 characters', 'draft-reply', { reply: '答'.repeat(5001) }, 'reply'],
  ])('refuses %s with a Chinese message naming the field, changing nothing', async (_name, action, body, field) => {
    const b = await bureau();
    const id = await b.submit();
    if (action !== 'accept' && action !== 'reject') {
      await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/accept`, payload: { version: b.version(id) } });
    }
    const before = getFeedbackRecord(b.t.db, id)!;
    const payload = 'version' in body || _name === 'no version' ? body : { version: before.version, ...body };
    const response = await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/${action}`, payload });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().message).toMatch(/[\u4e00-\u9fff]/);
    expect(response.json().fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(getFeedbackRecord(b.t.db, id)).toEqual(before);
  });

  it('refuses malformed requests without a 500: bad JSON, a bad id, an unknown action', async () => {
    const b = await bureau();
    const id = await b.submit();
    const badJson = await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/accept`, headers: { 'content-type': 'application/json' }, payload: '{"version": 1' });
    expect(badJson.statusCode).toBe(400);
    expect((await b.office.inject({ method: 'GET', url: '/api/admin/feedback/abc' })).statusCode).toBe(400);
    expect((await b.office.inject({ method: 'GET', url: '/api/admin/feedback/99999999999999999999' })).statusCode).toBe(400);
    expect((await b.office.inject({ method: 'GET', url: '/api/admin/feedback/424242' })).statusCode).toBe(404);
    const unknown = await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/delete`, payload: { version: 1 } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('没有这项办理操作');
  });

  it('keeps HTML and script in a reply as text', async () => {
    const b = await bureau();
    const id = await b.submit();
    await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/accept`, payload: { version: b.version(id) } });
    await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/assign`, payload: { version: b.version(id), unitId: b.schoolA } });
    const reply = `<script>alert('x')</script> 已核实 ' OR 1=1 -- 👍`;
    const response = await b.handler.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/draft-reply`, payload: { version: b.version(id), reply } });
    expect(response.statusCode).toBe(200);
    expect(response.json().feedback.replyDraft).toBe(reply);
    expect(response.headers['content-type']).toContain('application/json');
  });
});

describe('contact details', () => {
  it('are shown only on request, to the 办公室 and the unit’s 经办人, and every view is audited', async () => {
    const b = await bureau();
    const id = await b.submit({ contactName: '王女士', contactPhone: '13800138000' });
    const view = await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/contact` });
    expect(view.json()).toEqual({ contactName: '王女士', contactPhone: '13800138000', contactEmail: null });
    // Not yet with the unit: the 经办人 cannot see the opinion at all.
    expect((await b.handler.inject({ method: 'POST', url: `/api/admin/feedback/${id}/contact` })).statusCode).toBe(404);
    await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/accept`, payload: { version: b.version(id) } });
    await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/assign`, payload: { version: b.version(id), unitId: b.schoolA } });
    expect((await b.handler.inject({ method: 'POST', url: `/api/admin/feedback/${id}/contact` })).statusCode).toBe(200);
    expect((await b.otherHandler.inject({ method: 'POST', url: `/api/admin/feedback/${id}/contact` })).statusCode).toBe(404);
    const views = b.t.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'contact.view' AND object_id = ?").pluck().get(id);
    expect(views).toBe(2);
  });
});

describe('the inbox and the dashboard', () => {
  it('filters by state, overdue and text (wildcards are text), pages, and keeps a 经办人 to their unit', async () => {
    const b = await bureau();
    const ids = [];
    for (let index = 0; index < 5; index += 1) ids.push(await b.submit({ content: `第${index}条意见：食堂饭菜质量差，价格100%偏高。` }));
    await b.submit({ content: '校车经常迟到，希望改进接送时间安排。' });
    await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${ids[0]}/actions/accept`, payload: { version: b.version(ids[0]!) } });
    await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${ids[0]}/actions/assign`, payload: { version: b.version(ids[0]!), unitId: b.schoolA } });

    const all = (await b.office.inject({ method: 'GET', url: '/api/admin/feedback?pageSize=4' })).json();
    expect(all).toMatchObject({ total: 6, page: 1, pageSize: 4 });
    expect(all.items).toHaveLength(4);
    expect((await b.office.inject({ method: 'GET', url: '/api/admin/feedback?pageSize=4&page=2' })).json().items).toHaveLength(2);
    expect((await b.office.inject({ method: 'GET', url: '/api/admin/feedback?state=pending' })).json().total).toBe(5);
    expect((await b.office.inject({ method: 'GET', url: `/api/admin/feedback?q=${encodeURIComponent('100%')}` })).json().total).toBe(5);
    expect((await b.office.inject({ method: 'GET', url: `/api/admin/feedback?q=${encodeURIComponent("%' OR 1=1 --")}` })).json().total).toBe(0);
    expect((await b.office.inject({ method: 'GET', url: `/api/admin/feedback?q=${encodeURIComponent('校车')}` })).json().total).toBe(1);
    expect((await b.handler.inject({ method: 'GET', url: '/api/admin/feedback' })).json()).toMatchObject({ total: 1, items: [{ id: ids[0] }] });

    // Two days later the pending ones are past their one-working-day acceptance deadline (and
    // the session has long expired: sign in again).
    const later = new Date('2026-11-25T02:00:00.000Z');
    b.setClock(later);
    expect((await b.office.inject({ method: 'GET', url: '/api/admin/dashboard' })).statusCode).toBe(401);
    const office = await signIn(b.t.app, b.officeStaff, { now: later });
    const overdue = (await office.inject({ method: 'GET', url: '/api/admin/feedback?overdue=true' })).json();
    expect(overdue.total).toBe(5);
    expect(overdue.items[0]).toMatchObject({ dueKind: 'accept', dueOn: '2026-11-24', overdue: true });
    const dashboard = (await office.inject({ method: 'GET', url: '/api/admin/dashboard' })).json();
    expect(dashboard.counts).toMatchObject({ pending: 5, overdue: 5 });
    expect(dashboard.byUnit).toEqual([{ unitId: b.schoolA, unitName: '示例县第一中学', open: 1, overdue: 0 }]);
    expect(dashboard.calendar.missingYears).toEqual([2027]);

    const bad = await office.inject({ method: 'GET', url: '/api/admin/feedback?state=lost&from=2026/11/01&pageSize=500' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields.map((f: { field: string }) => f.field).sort()).toEqual(['from', 'pageSize', 'state']);
  });

  it('pages by cursor through the same order as by page number, searches by trigram and by one or two characters, and refuses a bad cursor', async () => {
    const b = await bureau();
    const ids = [];
    for (let index = 0; index < 7; index += 1) ids.push(await b.submit({ content: `第${index}条：${index % 2 === 0 ? '食堂饭菜质量差' : '校车经常迟到'}。` }));
    // Accepting two changes their due date (a generated column): the order changes with it.
    for (const id of [ids[1]!, ids[4]!]) await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/accept`, payload: { version: b.version(id) } });

    const byPage = (await b.office.inject({ method: 'GET', url: '/api/admin/feedback?pageSize=100' })).json();
    expect(byPage).toMatchObject({ total: 7, totalCapped: false, nextCursor: null });
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { id: number }[]; nextCursor: string | null; total: number } = (
        await b.office.inject({ method: 'GET', url: `/api/admin/feedback?pageSize=3${cursor ? `&after=${cursor}` : ''}` })
      ).json();
      expect(page.total).toBe(7);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(byPage.items.map((item: { id: number }) => item.id));
    expect(pages).toBe(3);
    // The accepted ones (due in days) come after the pending ones (due tomorrow).
    expect(seen.slice(-2).sort()).toEqual([ids[1], ids[4]].sort());

    const trigram = (await b.office.inject({ method: 'GET', url: `/api/admin/feedback?q=${encodeURIComponent('饭菜质量')}` })).json();
    expect(trigram).toMatchObject({ total: 4, totalCapped: false });
    const code = getFeedbackRecord(b.t.db, ids[3]!)!.tracking_code;
    expect((await b.office.inject({ method: 'GET', url: `/api/admin/feedback?q=${encodeURIComponent(code.slice(-5).toLowerCase())}` })).json().items.map((item: { id: number }) => item.id)).toEqual([ids[3]]);
    expect((await b.office.inject({ method: 'GET', url: `/api/admin/feedback?q=${encodeURIComponent('校车')}` })).json()).toMatchObject({ total: 3, totalCapped: false });
    expect((await b.office.inject({ method: 'GET', url: `/api/admin/feedback?q=${encodeURIComponent('堂')}` })).json().total).toBe(4);

    for (const after of ['nonsense', Buffer.from('["2026-11-24","x",0]').toString('base64url'), 'x'.repeat(201)]) {
      const bad = await b.office.inject({ method: 'GET', url: `/api/admin/feedback?after=${after}` });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().fields).toEqual([{ field: 'after', message: '翻页位置无效，请从第一页重新查看' }]);
    }
  }, 60_000);
});

describe('settings', () => {
  it('enters a year of the holiday calendar, refusing a make-up day on a weekday, and deadlines stop being provisional', async () => {
    const b = await bureau();
    const bad = await b.sysadmin.inject({
      method: 'PUT',
      url: '/api/admin/calendar/2027',
      payload: { notice: '国办发明电〔2026〕X号', days: [{ date: '2027-01-04', isWorkingDay: true, name: '元旦' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/2027-01-04/);
    const good = await b.sysadmin.inject({
      method: 'PUT',
      url: '/api/admin/calendar/2027',
      payload: { notice: '测试用安排', days: [{ date: '2027-01-01', isWorkingDay: false, name: '元旦' }] },
    });
    expect(good.statusCode, good.body).toBe(200);
    const calendar = (await b.sysadmin.inject({ method: 'GET', url: '/api/admin/calendar' })).json();
    expect(calendar.missingYears).toEqual([]);
    expect(calendar.years.find((y: { year: number }) => y.year === 2027)).toMatchObject({ coverage: 'table', notice: '测试用安排' });
    expect(b.t.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'calendar.save'").pluck().get()).toBe(1);
  });

  it('keeps reply templates per category and a category’s deadlines', async () => {
    const b = await bureau();
    const created = await b.office.inject({ method: 'POST', url: '/api/admin/reply-templates', payload: { category: 'fees', title: '收费答复', body: '您好！经核实，……' } });
    expect(created.statusCode).toBe(201);
    await b.office.inject({ method: 'POST', url: '/api/admin/reply-templates', payload: { category: null, title: '通用', body: '您好！' } });
    const forFees = (await b.handler.inject({ method: 'GET', url: '/api/admin/reply-templates?category=fees' })).json();
    expect(forFees.templates.map((t: { title: string }) => t.title)).toEqual(['收费答复', '通用']);
    expect((await b.office.inject({ method: 'POST', url: '/api/admin/reply-templates', payload: { category: 'nope', title: 'x', body: 'y' } })).statusCode).toBe(400);

    const changed = await b.sysadmin.inject({ method: 'PATCH', url: '/api/admin/categories/fees', payload: { replyWorkingDays: 3 } });
    expect(changed.statusCode).toBe(200);
    const id = await b.submit({ category: 'fees' });
    await b.office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/accept`, payload: { version: b.version(id) } });
    expect(getFeedbackRecord(b.t.db, id)!.reply_due_on).toBe('2026-11-26');
    await b.sysadmin.inject({ method: 'PATCH', url: '/api/admin/categories/fees', payload: { isActive: false } });
    const refused = await b.t.inject({ method: 'POST', url: '/api/feedback', payload: await withProofOfWork(makeFeedbackSubmission({ category: 'fees' })) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fields).toEqual([{ field: 'category', message: '意见类别不在可选范围内' }]);
  });
});

describe('the audit log', () => {
  it('is filtered for the 系统管理员 and exported as CSV with formulas defused', async () => {
    const b = await bureau();
    await b.sysadmin.inject({ method: 'POST', url: '/api/admin/units', payload: { code: 'S99', name: '=HYPERLINK("x")学校', kind: 'school' } });
    const list = (await b.sysadmin.inject({ method: 'GET', url: '/api/admin/audit?action=unit' })).json();
    expect(list.entries).toHaveLength(1);
    expect(list.entries[0]).toMatchObject({ action: 'unit.create', actionLabel: '新增单位', objectType: 'unit' });
    const csv = await b.sysadmin.inject({ method: 'GET', url: '/api/admin/audit.csv?action=unit' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.startsWith('\uFEFF编号,时间,操作人,操作')).toBe(true);
    expect(csv.body).toContain('新增单位');
    expect(csv.body).not.toMatch(/,=HYPERLINK/);
    expect((await b.office.inject({ method: 'GET', url: '/api/admin/audit' })).statusCode).toBe(403);
  });

  it('cannot be changed or deleted, even by the database user', async () => {
    const b = await bureau();
    expect(() => b.t.db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/);
    expect(() => b.t.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });
});
