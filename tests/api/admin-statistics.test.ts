// The staff export of the 群众评议档案 by period (GET /api/admin/statistics/scorecards.xlsx|csv):
// the same figures as the public scorecards, opinions submitted in the period only, CSV with a
// BOM and formula-like cells guarded, audited; bad dates get a 400 naming the field.
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import type { StaffRole } from '../../server/domain/staff.ts';
import { insertFeedbackRow, insertUnit } from '../fixtures/factories.ts';
import { createStaff, signIn } from '../helpers/admin.ts';
import { buildTestApp } from '../helpers/app.ts';

const NOW = new Date('2026-12-05T02:00:00.000Z');

async function exportApp(role: StaffRole = 'office') {
  const t = await buildTestApp({ now: () => NOW });
  const school = insertUnit(t.db, { code: 'SX', name: '=1+2 第一中学', kind: 'school' });
  // Two answered in November (one 满意), one in October: the period picks November only.
  insertFeedbackRow(t.db, { status: 'replied', assignedUnitId: school, rating: 'satisfied', submittedAt: '2026-11-10T02:00:00.000Z' });
  insertFeedbackRow(t.db, { status: 'replied', assignedUnitId: school, submittedAt: '2026-11-30T15:30:00.000Z' }); // 11-30 23:30 in Shanghai
  insertFeedbackRow(t.db, { status: 'replied', assignedUnitId: school, submittedAt: '2026-10-31T15:30:00.000Z' }); // 10-31 23:30 in Shanghai
  t.db.prepare('UPDATE feedback SET reply_unit_id = assigned_unit_id').run();
  const staff = await createStaff(t.db, { roles: [role], now: NOW });
  return { ...t, client: await signIn(t.app, staff, { now: NOW }), staff };
}

describe('GET /api/admin/statistics/scorecards', () => {
  it('exports the period as CSV with a BOM, figures per unit, formula guarded, and audits it', async () => {
    const { client, db, staff } = await exportApp();
    const response = await client.inject({ method: 'GET', url: '/api/admin/statistics/scorecards.csv?from=2026-11-01&to=2026-11-30' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toContain('scorecards-2026-11-01-2026-11-30.csv');
    const lines = response.body.split('\r\n');
    expect(lines[0]).toBe('\uFEFF单位,类型,收到意见,已受理,已答复,答复率,按期答复率,逾期答复,延期办理,答复用时中位数（工作日）,满意率,已评价,不满意,回访,督办,样本较少');
    const row = lines.find((line) => line.includes('第一中学'))!;
    expect(row.startsWith("'=1+2 第一中学,学校,2,")).toBe(true);
    expect(row).toContain(',100.0%,1,0,0,0,是');
    expect(db.prepare("SELECT actor_user_id AS actor, details FROM audit_log WHERE action = 'statistics.export'").all()).toEqual([
      { actor: staff.id, details: JSON.stringify({ format: 'csv', from: '2026-11-01', to: '2026-11-30' }) },
    ]);
  });

  it('exports the same figures as .xlsx; by default this year to today', async () => {
    const { client } = await exportApp('sysadmin');
    // The admin app's form sends empty date fields when none is chosen.
    const response = await client.inject({ method: 'GET', url: '/api/admin/statistics/scorecards.xlsx?from=&to=' });
    expect(response.statusCode).toBe(200);
    const [sheet] = (await readXlsxFile(response.rawPayload)) as unknown as { sheet: string; data: unknown[][] }[];
    expect(sheet!.sheet).toBe('群众评议档案');
    const rows = sheet!.data;
    expect(String(rows[0]![0])).toContain('2026-01-01 至 2026-12-05');
    const school = rows.find((row) => row[0] === '=1+2 第一中学')!;
    expect(school.slice(1, 5)).toEqual(['学校', 3, 3, 3]);
  });

  it.each([
    ['from=2026-13-01', 'from', '开始日期不是有效的日期'],
    ['from=yesterday', 'from', '开始日期应为日期'],
    ['from=2026-12-01&to=2026-11-01', 'from', '开始日期不能晚于结束日期'],
    ['unit=SX', '', '不支持的参数：unit'],
  ])('answers 400 to %s, naming the field', async (query, _field, message) => {
    const { client, db } = await exportApp();
    const response = await client.inject({ method: 'GET', url: `/api/admin/statistics/scorecards.csv?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(message);
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'statistics.export'").get()).toEqual({ n: 0 });
  });
});
