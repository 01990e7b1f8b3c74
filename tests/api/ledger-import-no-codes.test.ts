// Bureau sheets without a 编号 column (issue 16, points 1–3): codes given in the sheet's order by
// LEDGER_CODE_PATTERN, next month's version mapped back onto the same items by each matching rule
// (and every weaker match reported), the progress column as dated progress updates, a line per row
// in the report, the export writing the codes back; through the import itself and the admin route.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.ts';
import { openDatabase } from '../../db/open.ts';
import { getItemRecordByCode, itemStateOf, listItemUpdates } from '../../db/queries/ledger.ts';
import { defaultItemCodePattern, type ItemCodePattern, parseItemCodePattern } from '../../server/domain/item-code-pattern.ts';
import { ledgerXlsx } from '../../server/ledger/export.ts';
import { formatImportReport, type ImportReport, importLedgerFile } from '../../server/ledger/import.ts';
import { readLedgerFile } from '../../server/ledger/read-file.ts';
import { bureauGbkCsv, bureauXlsx, monthOneRows, monthTwoRows, PROBLEMS } from '../fixtures/bureau-sheets.ts';
import { insertStaffRow, insertUnit } from '../fixtures/factories.ts';
import { createStaff, signIn } from '../helpers/admin.ts';
import { buildTestApp } from '../helpers/app.ts';

const NOW = new Date('2026-11-24T02:00:00.000Z');
const NEXT_MONTH = new Date('2026-12-22T02:00:00.000Z');
const BUREAU = '示例县教育局';

function units(db: Db): void {
  insertUnit(db, { code: 'D01', name: '办公室', kind: 'department' });
  insertUnit(db, { code: 'D03', name: '基础教育科', kind: 'department' });
  insertUnit(db, { code: 'D04', name: '计划财务科', kind: 'department' });
  insertUnit(db, { code: 'S03', name: '示例县实验小学', kind: 'school' });
}

function ledger(pattern: ItemCodePattern = defaultItemCodePattern) {
  const db = openDatabase(':memory:');
  units(db);
  const staff = insertStaffRow(db, { roles: ['ledger'] });
  return {
    db,
    run: (bytes: Uint8Array, options: { dryRun?: boolean; now?: Date; fileName?: string } = {}) =>
      importLedgerFile(db, staff, bytes, {
        fileName: options.fileName ?? '整改台账.xlsx',
        dryRun: options.dryRun ?? false,
        skipBadRows: false,
        now: options.now ?? NOW,
        bureauName: BUREAU,
        codePattern: pattern,
      }),
    codes: () => db.prepare<[], { code: string }>('SELECT code FROM rectification_items ORDER BY id').all().map((row) => row.code),
    item: (code: string) => itemStateOf(getItemRecordByCode(db, code)!),
    updates: (code: string) => listItemUpdates(db, getItemRecordByCode(db, code)!.id),
  };
}

const lines = (report: ImportReport) => formatImportReport(report).split('\n');
const rowLines = (report: ImportReport) => lines(report).filter((line) => /^第\d+行：/.test(line));

describe('a bureau sheet without codes', () => {
  it('dry run: a line per row with the codes it would give, nothing written', async () => {
    const l = ledger();
    const report = await l.run(await bureauXlsx(monthOneRows()), { dryRun: true });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, applied: false, headerRow: 2, counts: { rows: 5, create: 5 } });
    expect(rowLines(report)).toEqual([
      '第3行：新建 ZG-2026-001（新编号）',
      '第4行：新建 ZG-2026-002（新编号）',
      '第5行：新建 ZG-2026-003（新编号）',
      '第6行：新建 ZG-2026-004（新编号）',
      '第7行：新建 ZG-2026-005（新编号）',
    ]);
    expect(lines(report)).toContain('共 5 行事项：有效 5 行（新增 5、更新 0、无变化 0），有问题 0 行。');
    expect(l.codes()).toEqual([]);
  });

  it('imports with codes in the sheet’s order, 完成情况 as the status, 整改进展 as a dated progress update', async () => {
    const l = ledger();
    const report = await l.run(await bureauXlsx(monthOneRows()));
    expect(report.applied).toBe(true);
    expect(report.notices).toContain('“完成情况”列填的是整改状态（如“已完成”“整改中”），已按整改状态导入。');
    expect(l.codes()).toEqual(['ZG-2026-001', 'ZG-2026-002', 'ZG-2026-003', 'ZG-2026-004', 'ZG-2026-005']);
    expect(l.item('ZG-2026-001')).toMatchObject({ problem: PROBLEMS.meetings, status: 'in_progress', progressSummary: '已起草会议管理办法。' });
    expect(l.item('ZG-2026-004')).toMatchObject({ status: 'ongoing', deadline: null });
    expect(l.updates('ZG-2026-001')).toEqual([expect.objectContaining({ date: '2026-11-24', content: '已起草会议管理办法。', status: 'in_progress' })]);
    expect(l.updates('ZG-2026-003')).toEqual([]);
  });

  it('the same sheet again changes nothing: every row matched by 序号 and problem text', async () => {
    const l = ledger();
    const sheet = await bureauXlsx(monthOneRows());
    await l.run(sheet);
    const again = await l.run(sheet);
    expect(again.counts).toMatchObject({ create: 0, update: 0, unchanged: 5 });
    expect(again.rows.map((row) => row.match)).toEqual(['seq_text', 'seq_text', 'seq_text', 'seq_text', 'seq_text']);
    expect(rowLines(again)[0]).toBe('第3行：无变化 ZG-2026-001（按序号和问题描述）');
    expect(l.updates('ZG-2026-001')).toHaveLength(1);
  });

  it('next month’s version updates the same items, by each rule, and reports every weaker match', async () => {
    const l = ledger();
    await l.run(await bureauXlsx(monthOneRows()));
    const dry = await l.run(await bureauXlsx(monthTwoRows()), { dryRun: true, now: NEXT_MONTH });
    expect(dry.problems).toEqual([]);
    expect(dry.rows.map((row) => [row.row, row.action, row.code, row.match])).toEqual([
      [3, 'update', 'ZG-2026-001', 'seq_text'],
      [4, 'update', 'ZG-2026-002', 'seq_similar'],
      [5, 'unchanged', 'ZG-2026-004', 'text'],
      [6, 'update', 'ZG-2026-003', 'similar'],
      [7, 'unchanged', 'ZG-2026-005', 'seq_text'],
      [8, 'create', 'ZG-2026-006', null],
    ]);
    expect(rowLines(dry)).toEqual([
      '第3行：更新 ZG-2026-001（按序号和问题描述）',
      '第4行：更新 ZG-2026-002（按序号和相近的问题描述）',
      '第5行：无变化 ZG-2026-004（按问题描述（序号不同），原序号 4）',
      '第6行：更新 ZG-2026-003（按相近的问题描述（序号不同），原序号 3）',
      '第7行：无变化 ZG-2026-005（按序号和问题描述）',
      '第8行：新建 ZG-2026-006（新编号）',
    ]);
    const weak = dry.notices.filter((notice) => notice.includes('对应到已有事项'));
    expect(weak).toEqual([
      '第 4 行按序号和相近的问题描述对应到已有事项 ZG-2026-002；如不是同一事项，请在表中加“编号”列写明。',
      '第 5 行按问题描述（序号不同）对应到已有事项 ZG-2026-004，序号由 4 变为 3；如不是同一事项，请在表中加“编号”列写明。',
      '第 6 行按相近的问题描述（序号不同）对应到已有事项 ZG-2026-003，序号由 3 变为 4；如不是同一事项，请在表中加“编号”列写明。',
    ]);

    const real = await l.run(await bureauXlsx(monthTwoRows()), { now: NEXT_MONTH });
    expect(real.applied).toBe(true);
    expect(l.codes()).toHaveLength(6);
    expect(l.item('ZG-2026-001')).toMatchObject({ progress: 60, progressSummary: '会议管理办法已印发，完成 60%。' });
    expect(l.updates('ZG-2026-001').map((update) => [update.date, update.content, update.progress])).toEqual([
      ['2026-11-24', '已起草会议管理办法。', 0],
      ['2026-12-22', '会议管理办法已印发，完成 60%。', 60],
    ]);
    expect(l.item('ZG-2026-002').problem).toBe(PROBLEMS.afterSchoolTouched);
    expect(l.item('ZG-2026-003').problem).toBe(PROBLEMS.feesTouched);
    expect(l.updates('ZG-2026-002')).toHaveLength(1);

    // The 序号 and text of this sheet are now the items' keys: the same file again is 序号 + text throughout.
    const third = await l.run(await bureauXlsx(monthTwoRows()), { now: NEXT_MONTH });
    expect(third.rows.map((row) => row.match)).toEqual(['seq_text', 'seq_text', 'seq_text', 'seq_text', 'seq_text', 'seq_text']);
    expect(third.counts.unchanged).toBe(6);
  });

  it('a row unlike any item is new, however its 序号 matches', async () => {
    const l = ledger();
    await l.run(await bureauXlsx(monthOneRows()));
    const [first, ...rest] = monthOneRows();
    const report = await l.run(await bureauXlsx([{ ...first!, problem: '学校食堂食材采购不公开，家长无从监督。' }, ...rest]), { dryRun: true });
    expect(report.rows[0]).toMatchObject({ action: 'create', code: 'ZG-2026-006', match: null });
  });

  it('reads a GBK CSV (序号, 类别, 进展, 状态): the percentage in 进展 sets the progress', async () => {
    const l = ledger();
    const report = await l.run(bureauGbkCsv(), { fileName: '台账.csv' });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ format: 'csv', encoding: expect.stringMatching(/GB/), applied: true });
    expect(l.codes()).toEqual(['ZG-2026-001', 'ZG-2026-002', 'ZG-2026-003']);
    expect(l.item('ZG-2026-001')).toMatchObject({ progress: 40, status: 'in_progress', progressSummary: '已调研，完成 40%', leaderName: '李某某' });
    expect(l.item('ZG-2026-003')).toMatchObject({ status: 'completed', progress: 100 });
    expect(l.updates('ZG-2026-001')).toEqual([expect.objectContaining({ content: '已调研，完成 40%', progress: 40 })]);
    const again = await l.run(bureauGbkCsv(), { fileName: '台账.csv' });
    expect(again.counts.unchanged).toBe(3);
  });

  it('the export writes the codes back, and importing it matches every row by code', async () => {
    const l = ledger();
    await l.run(await bureauXlsx(monthOneRows()));
    const exported = await ledgerXlsx(l.db, BUREAU, NOW);
    const read = await readLedgerFile(exported);
    if (!read.ok) throw new Error(read.message);
    const codesInFile = read.sheets[0]!.rows.flatMap((cells) => cells.filter((cell): cell is string => typeof cell === 'string' && /^ZG-2026-\d{3}$/.test(cell)));
    expect(codesInFile).toEqual(l.codes());
    const back = await l.run(exported);
    expect(back.counts.unchanged).toBe(5);
    expect(back.rows.every((row) => row.match === 'code')).toBe(true);
  });

  it('follows LEDGER_CODE_PATTERN, after the highest code of that form', async () => {
    const parsed = parseItemCodePattern('DC{YYYY}{NNNN}');
    if (!parsed.ok) throw new Error(parsed.message);
    const l = ledger(parsed.pattern);
    await l.run(await bureauXlsx(monthOneRows().slice(0, 2)));
    expect(l.codes()).toEqual(['DC20260001', 'DC20260002']);
    await l.run(await bureauXlsx(monthTwoRows().slice(5)));
    expect(l.codes()).toEqual(['DC20260001', 'DC20260002', 'DC20260003']);
  });
});

describe('POST /api/admin/ledger/import with a sheet without codes', () => {
  it('answers the rows, their codes and matches; next month’s sheet updates the same items', async () => {
    let clock = NOW;
    const t = await buildTestApp({ now: () => clock });
    units(t.db);
    const staff = await createStaff(t.db, { roles: ['ledger'], now: NOW });
    let session = await signIn(t.app, staff, { now: NOW });
    const send = async (url: string, payload: Buffer) =>
      session.inject({ method: 'POST', url, headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent('整改台账.xlsx') }, payload });

    const dry = await send('/api/admin/ledger/import?dryRun=true', await bureauXlsx(monthOneRows()));
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().report.rows[0]).toEqual({ row: 3, action: 'create', code: 'ZG-2026-001', match: null, assigned: true, seq: '1', previousSeq: null });
    expect((await send('/api/admin/ledger/import', await bureauXlsx(monthOneRows()))).statusCode).toBe(200);
    clock = NEXT_MONTH;
    session = await signIn(t.app, staff, { now: NEXT_MONTH });
    const next = await send('/api/admin/ledger/import', await bureauXlsx(monthTwoRows()));
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json().report).toMatchObject({ applied: true, counts: { create: 1, update: 3, unchanged: 2 } });
    expect(next.json().report.rows.map((row: { match: string | null }) => row.match)).toEqual(['seq_text', 'seq_similar', 'text', 'similar', 'seq_text', null]);

    const broken = await send('/api/admin/ledger/import?dryRun=true', (await bureauXlsx(monthOneRows())).subarray(0, 200));
    expect(broken.statusCode).toBe(200);
    expect(broken.json().report).toMatchObject({ ok: false, unreadable: true });
  });
});
