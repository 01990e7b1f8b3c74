// What a clerk with forty opinions a day needs: the inbox's view exported (xlsx, CSV with BOM,
// formula-escaped, contacts only for those who may see them, audited), accept / assign / urge on
// several at once (each its own audited step, each refused on its own), and per-unit templates.
import { describe, expect, it } from 'vitest';
import { getFeedbackRecord } from '../../db/queries/feedback-records.ts';
import { readLedgerFile } from '../../server/ledger/read-file.ts';
import { insertUnit, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { createStaff, signIn } from '../helpers/admin.ts';
import { buildTestApp } from '../helpers/app.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';

// Monday 2026-11-23, 10:00 in Shanghai.
const NOW = new Date('2026-11-23T02:00:00.000Z');
const FORMULA = '=HYPERLINK("http://evil.example","点我")';

async function bureau() {
  let clock = NOW;
  const t = await buildTestApp({ now: () => clock });
  const schoolA = insertUnit(t.db, { name: '示例县第一中学' });
  const schoolB = insertUnit(t.db, { name: '示例县实验小学' });
  const officeStaff = await createStaff(t.db, { roles: ['office'], now: NOW });
  const office = await signIn(t.app, officeStaff, { now: NOW });
  const handler = await signIn(t.app, await createStaff(t.db, { roles: ['handler'], unitId: schoolA, now: NOW }), { now: NOW });
  const otherHandler = await signIn(t.app, await createStaff(t.db, { roles: ['handler'], unitId: schoolB, now: NOW }), { now: NOW });
  const submit = async (overrides: Record<string, unknown> = {}) => {
    const response = await t.inject({ method: 'POST', url: '/api/feedback', payload: await withProofOfWork(makeFeedbackSubmission(overrides)) });
    expect(response.statusCode, response.body).toBe(201);
    const { trackingCode } = response.json() as { trackingCode: string };
    return t.db.prepare<[string], { id: number }>('SELECT id FROM feedback WHERE tracking_code = ?').get(trackingCode)!.id;
  };
  const version = (id: number) => getFeedbackRecord(t.db, id)!.version;
  const step = async (id: number, action: string, body: Record<string, unknown> = {}) => {
    const response = await office.inject({ method: 'POST', url: `/api/admin/feedback/${id}/actions/${action}`, payload: { version: version(id), ...body } });
    expect(response.statusCode, response.body).toBe(200);
  };
  const audits = (action: string) =>
    t.db.prepare<[string], { objectId: number | null; details: string | null; actor: number }>('SELECT object_id AS objectId, details, actor_user_id AS actor FROM audit_log WHERE action = ? ORDER BY id').all(action);
  return { t, schoolA, schoolB, office, officeStaff, handler, otherHandler, submit, version, step, audits, setClock: (at: Date) => (clock = at) };
}

async function sheetRows(payload: Buffer) {
  const read = await readLedgerFile(payload);
  if (!read.ok) throw new Error(read.message);
  return read.sheets[0]!;
}

describe('the inbox export', () => {
  it('exports the filtered view as CSV with BOM and as xlsx, formulas escaped, without contacts unless asked, and audits each', async () => {
    const b = await bureau();
    const pending = await b.submit({ content: `${FORMULA} 食堂饭菜太贵了，希望公开价格。`, contactPhone: '13911112222' });
    const accepted = await b.submit({ content: '学校周六组织补课，每人收费三百元。' });
    await b.step(accepted, 'accept');

    const csv = await b.office.inject({ method: 'GET', url: '/api/admin/feedback/export.csv?state=pending' });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.rawPayload.toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")`);
    expect(text).not.toContain('补课');
    expect(text).not.toContain('13911112222');
    expect(text.split('\r\n')[0]).not.toContain('联系电话');
    const csvSheet = await sheetRows(csv.rawPayload);
    expect(csvSheet.rows).toHaveLength(2);

    const xlsx = await b.office.inject({ method: 'GET', url: '/api/admin/feedback/export.xlsx?q=%E8%A1%A5%E8%AF%BE' });
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await sheetRows(xlsx.rawPayload);
    // Title, header, the one opinion that mentions 补课.
    expect(sheet.rows).toHaveLength(3);
    const header = sheet.rows[1]!;
    const row = sheet.rows[2]!;
    expect(row[header.indexOf('意见内容')]).toBe('学校周六组织补课，每人收费三百元。');
    expect(row[header.indexOf('状态')]).toBe('已受理');
    expect(sheet.formulas.size).toBe(0);

    // The formula opinion in a workbook: text, never a formula.
    const all = await sheetRows((await b.office.inject({ method: 'GET', url: '/api/admin/feedback/export.xlsx' })).rawPayload);
    expect(all.formulas.size).toBe(0);
    expect(all.rows.some((cells) => typeof cells[3] === 'string' && cells[3].startsWith('=HYPERLINK'))).toBe(true);

    const exports = b.audits('feedback.export');
    expect(exports).toHaveLength(3);
    expect(JSON.parse(exports[0]!.details!)).toMatchObject({ format: 'csv', filters: { state: 'pending' }, rows: 1, withContacts: false, contactRows: 0 });
    // The search text is not kept in the log.
    expect(exports[1]!.details).not.toContain('补课');
    expect(JSON.parse(exports[1]!.details!)).toMatchObject({ format: 'xlsx', rows: 1 });
  });

  it('fills contact columns only where the reader may see the contact details', async () => {
    const b = await bureau();
    const withA = await b.submit({ contactPhone: '13900000001' });
    const movedToB = await b.submit({ contactPhone: '13900000002' });
    const anonymous = await b.submit({ anonymous: true, contactName: undefined, contactPhone: undefined });
    for (const id of [withA, movedToB, anonymous]) {
      await b.step(id, 'accept');
      await b.step(id, 'assign', { unitId: b.schoolA });
    }
    await b.step(movedToB, 'reassign', { unitId: b.schoolB, reason: '属乙校管理' });

    const office = (await b.office.inject({ method: 'GET', url: '/api/admin/feedback/export.csv?contacts=true' })).body;
    expect(office).toContain('13900000001');
    expect(office).toContain('13900000002');

    // The 经办人 of 甲校 still sees the opinion that moved to 乙校, but no longer its contact details.
    const handler = (await b.handler.inject({ method: 'GET', url: '/api/admin/feedback/export.csv?contacts=true' })).body;
    expect(handler.split('\r\n').filter((line) => line.startsWith('ZF') || /^[A-Z0-9]{6,}/.test(line))).toHaveLength(3);
    expect(handler).toContain('13900000001');
    expect(handler).not.toContain('13900000002');
    const other = (await b.otherHandler.inject({ method: 'GET', url: '/api/admin/feedback/export.csv?contacts=true' })).body;
    expect(other).toContain('13900000002');
    expect(other).not.toContain('13900000001');

    const exports = b.audits('feedback.export').map((entry) => JSON.parse(entry.details!));
    expect(exports.map((entry) => entry.contactRows)).toEqual([2, 1, 1]);
    for (const entry of b.audits('feedback.export')) expect(entry.details).not.toMatch(/139000000/);
  });

  it.each([
    ['state=nonsense', '办理状态'],
    ['from=2026-13', '开始日期'],
    ['contacts=yes', 'contacts'],
    ['page=2', '不支持的查询条件'],
  ])('refuses ?%s with a 400 naming the field, and writes no audit entry', async (query, words) => {
    const b = await bureau();
    const response = await b.office.inject({ method: 'GET', url: `/api/admin/feedback/export.csv?${query}` });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.body).toContain(words);
    expect(b.audits('feedback.export')).toHaveLength(0);
  });
});

describe('bulk steps', () => {
  it('accepts several at once: each its own event and audit entry, a refused one listed with its reason', async () => {
    const b = await bureau();
    const first = await b.submit();
    const second = await b.submit();
    const already = await b.submit();
    await b.step(already, 'accept');
    const response = await b.office.inject({ method: 'POST', url: '/api/admin/feedback/bulk/accept', payload: { ids: [first, already, second, 999999] } });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ succeeded: 2, failed: 2 });
    expect(body.results.map((r: { id: number; ok: boolean; stateLabel: string | null }) => [r.id, r.ok, r.stateLabel])).toEqual([
      [first, true, '已受理'],
      [already, false, '已受理'],
      [second, true, '已受理'],
      [999999, false, null],
    ]);
    expect(body.results[1].message).toMatch(/已受理|不能/);
    expect(body.results[3].message).toBe('意见不存在或您无权查看');
    for (const id of [first, second]) expect(getFeedbackRecord(b.t.db, id)!.status).toBe('accepted');
    const acceptEvents = b.t.db.prepare<[], { feedbackId: number }>("SELECT feedback_id AS feedbackId FROM feedback_events WHERE action = 'accept' ORDER BY id").all();
    expect(acceptEvents.map((event) => event.feedbackId)).toEqual([already, first, second]);
    expect(b.audits('feedback.accept').map((entry) => entry.objectId)).toEqual([already, first, second]);
  });

  it('assigns several to one unit and urges those that are due; the others are refused on their own', async () => {
    const b = await bureau();
    const ids = [await b.submit(), await b.submit(), await b.submit()];
    await b.office.inject({ method: 'POST', url: '/api/admin/feedback/bulk/accept', payload: { ids: ids.slice(0, 2) } });
    const assigned = (await b.office.inject({ method: 'POST', url: '/api/admin/feedback/bulk/assign', payload: { ids, unitId: b.schoolA, note: '请于期限内答复' } })).json();
    expect(assigned.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true, false]);
    expect(assigned.results[2]).toMatchObject({ stateLabel: '待受理' });
    for (const id of ids.slice(0, 2)) expect(getFeedbackRecord(b.t.db, id)!.assigned_unit_id).toBe(b.schoolA);

    // Not yet due: 督办 is refused for each; once overdue it goes through for each.
    const early = (await b.office.inject({ method: 'POST', url: '/api/admin/feedback/bulk/urge', payload: { ids: ids.slice(0, 2) } })).json();
    expect(early).toMatchObject({ succeeded: 0, failed: 2 });
    expect(early.results[0].message).toContain('即将到期或已逾期');
    const later = new Date('2026-12-10T02:00:00.000Z');
    b.setClock(later);
    const office = await signIn(b.t.app, b.officeStaff, { now: later });
    const urged = (await office.inject({ method: 'POST', url: '/api/admin/feedback/bulk/urge', payload: { ids } })).json();
    expect(urged).toMatchObject({ succeeded: 2, failed: 1 });
    for (const id of ids.slice(0, 2)) expect(getFeedbackRecord(b.t.db, id)!.urge_count).toBe(1);
    expect(b.audits('feedback.urge')).toHaveLength(2);
  });

  it.each([
    [{ ids: [] }, 'accept', '请至少选择一条意见'],
    [{ ids: [1, 1] }, 'accept', '重复'],
    [{ ids: ['x'] }, 'accept', '意见编号'],
    [{ ids: [1] }, 'assign', '请选择承办单位'],
    [{ ids: [1], bogus: true }, 'accept', '不支持的字段'],
    [{ ids: [1] }, 'reject', '批量办理只能是'],
  ])('refuses %j for %s with a 400 in Chinese and changes nothing', async (payload, action, words) => {
    const b = await bureau();
    const id = await b.submit();
    const response = await b.office.inject({ method: 'POST', url: `/api/admin/feedback/bulk/${action}`, payload });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.body).toContain(words);
    expect(getFeedbackRecord(b.t.db, id)!.status).toBe('pending');
  });

  it('is the 办公室’s: a 经办人 is refused', async () => {
    const b = await bureau();
    const id = await b.submit();
    const response = await b.handler.inject({ method: 'POST', url: '/api/admin/feedback/bulk/accept', payload: { ids: [id] } });
    expect(response.statusCode).toBe(403);
    expect(getFeedbackRecord(b.t.db, id)!.status).toBe('pending');
  });
});

describe('per-unit reply templates', () => {
  it('offers a 经办人 their unit’s templates and the shared ones; the 办公室 chooses', async () => {
    const b = await bureau();
    const create = async (payload: Record<string, unknown>) => {
      const response = await b.office.inject({ method: 'POST', url: '/api/admin/reply-templates', payload });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as number;
    };
    const shared = await create({ category: null, title: '通用', body: '{单位}已核实。' });
    const ownA = await create({ category: null, unitId: b.schoolA, title: '甲校', body: '我校已核实。' });
    const ownB = await create({ category: 'teaching', unitId: b.schoolB, title: '乙校', body: '我校已整改。' });
    const ids = async (client: typeof b.office, query = '') =>
      ((await client.inject({ method: 'GET', url: `/api/admin/reply-templates${query}` })).json().templates as { id: number }[]).map((template) => template.id).sort();

    expect(await ids(b.handler)).toEqual([shared, ownA].sort());
    // Asking for another unit changes nothing for a 经办人.
    expect(await ids(b.handler, `?unitId=${b.schoolB}`)).toEqual([shared, ownA].sort());
    expect(await ids(b.otherHandler, '?category=teaching')).toEqual([shared, ownB].sort());
    expect(await ids(b.office)).toEqual([shared, ownA, ownB].sort());
    expect(await ids(b.office, `?unitId=${b.schoolA}`)).toEqual([shared, ownA].sort());
    expect(await ids(b.office, '?shared=true')).toEqual([shared]);
    const listed = (await b.office.inject({ method: 'GET', url: '/api/admin/reply-templates' })).json().templates;
    expect(listed.find((template: { id: number }) => template.id === ownA)).toMatchObject({ unitId: b.schoolA, unitName: '示例县第一中学' });

    const patched = await b.office.inject({ method: 'PATCH', url: `/api/admin/reply-templates/${ownA}`, payload: { unitId: null } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(await ids(b.otherHandler)).toContain(ownA);
  });

  it.each([
    [{ category: null, unitId: 999999, title: '模板', body: '内容' }, '所属单位不存在'],
    [{ category: null, unitId: 'x', title: '模板', body: '内容' }, '所属单位'],
  ])('refuses %j with a 400 naming the unit', async (payload, words) => {
    const b = await bureau();
    const response = await b.office.inject({ method: 'POST', url: '/api/admin/reply-templates', payload });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.body).toContain(words);
    expect(b.t.db.prepare('SELECT count(*) AS n FROM reply_templates').get()).toEqual({ n: 0 });
  });
});
