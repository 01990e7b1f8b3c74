// The ledger import on files like the ones bureaus really have, made here with write-excel-file
// (the library the export uses) and as GBK text: their layouts and header words (point 4 of the
// issue), and everything that can be wrong with a file (point 7): a clear report in Chinese, never
// a crash, nothing half-imported.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.ts';
import { openDatabase } from '../../db/open.ts';
import { getItemRecordByCode, itemStateOf, listItemOutcomes } from '../../db/queries/ledger.ts';
import { defaultItemCodePattern } from '../../server/domain/item-code-pattern.ts';
import { addOutcome, createItem } from '../../server/actions/ledger-actions.ts';
import { itemCreateSchema } from '../../server/domain/ledger-input.ts';
import type { StaffUser } from '../../server/domain/staff.ts';
import { ledgerCsv, ledgerXlsx } from '../../server/ledger/export.ts';
import { type ImportReport, importLedgerFile } from '../../server/ledger/import.ts';
import { insertStaffRow, insertUnit } from '../fixtures/factories.ts';
import { encodeGbk, excelDate, formula, merged, type Row, singleSheet, storedZip, workbook } from '../fixtures/ledger-files.ts';

const NOW = new Date('2026-11-24T02:00:00.000Z');
const BUREAU = '示例县教育局';

interface Ledger {
  db: Db;
  staff: StaffUser;
  run(bytes: Uint8Array, options?: { dryRun?: boolean; skipBadRows?: boolean; fileName?: string }): Promise<ImportReport>;
  count(): number;
}

function ledger(): Ledger {
  const db = openDatabase(':memory:');
  insertUnit(db, { code: 'D01', name: '办公室', kind: 'department' });
  insertUnit(db, { code: 'D03', name: '基础教育科', kind: 'department' });
  insertUnit(db, { code: 'D04', name: '计划财务科', kind: 'department' });
  insertUnit(db, { code: 'S03', name: '示例县实验小学', kind: 'school' });
  const staff = insertStaffRow(db, { roles: ['ledger'] });
  return {
    db,
    staff,
    run: (bytes, options = {}) =>
      importLedgerFile(db, staff, bytes, {
        fileName: options.fileName ?? 'ledger.xlsx',
        dryRun: options.dryRun ?? false,
        skipBadRows: options.skipBadRows ?? false,
        now: NOW,
        bureauName: BUREAU,
        codePattern: defaultItemCodePattern,
      }),
    count: () => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM rectification_items').get()!.n,
  };
}

const state = (db: Db, code: string) => itemStateOf(getItemRecordByCode(db, code)!);
const problems = (report: ImportReport) => report.problems.map((problem) => `${problem.row ?? '-'}${problem.column ?? ''} ${problem.message}`);

/** A sheet as a county bureau keeps it: merged title, header on row 2, 序号, its own words, notes. */
function bureauRows(): Row[] {
  const header = ['序号', '编号', '存在问题', '问题类别', '问题来源', '整改措施', '牵头单位', '责任人', '完成时限', '整改状态', '进展情况', '进度', '备注'];
  return [
    merged('示例县教育局作风建设问题整改台账', header.length),
    header,
    [1, 'ZG-2026-101', '会议多、时间长，\n基层反映“一周三天在开会”。', '会议文件', '座谈交流', '1. 合并审批。\n2. 控制时长。', '示例县教育局办公室', '党组成员、副局长 张某某', excelDate('2026-06-30'), '已完成', '已印发会议管理办法。', '100%', ''],
    [2, 'ZG-2026-102', '课后服务内容单一。', '教学管理', '群众点题', '开设兴趣课程。', '县实验小学', '王某某（校长）', '2027年3月31日', '推进中', '已调研。', 0.8, '重点'],
    [null, null, null, null, null, null, null, null, null, null, null, null, null],
    [3, 'ZG-2026-103', '公用经费审批不规范。', '经费使用', '自查自纠', '集体决策。', '计划财务科', '陈某某', '长期坚持', '长期坚持', '', 60, ''],
    [4, 'ZG-2026-104', '课表执行不严。', '教学管理', '巡察反馈', '推门听课。', '局基础教育科', '副局长李某某', '2026/12/31', '整改中', '', '', ''],
    [5, 'ZG-2026-105', '教师招聘信息发布渠道少。', '招生入学', '走访调研', '多渠道发布。', '基础教育科', '', '2026.12.31', '未启动', '', '0', ''],
    merged('注：1. 本表由办公室汇总。2. 完成时限为长期坚持的，每季度报送进展。', header.length),
    merged('填表人：周敏　　审核人：李明', header.length),
  ];
}

describe('importing bureaus’ own sheets (point 4)', () => {
  it('reads a bureau sheet: title above the header, 序号, own header words, multi-line cells, Excel and text dates, notes', async () => {
    const l = ledger();
    const report = await l.run(await workbook([{ name: '原始数据', rows: [['编号', '问题描述', '整改措施', '整改时限']], hidden: true }, { name: '台账', rows: bureauRows() }]));
    expect(problems(report)).toEqual([]);
    expect(report).toMatchObject({ ok: true, applied: true, sheet: '台账', headerRow: 2, counts: { rows: 5, create: 5, emptyRows: 1, noteRows: 2 } });
    expect(report.unplacedHeaders).toEqual(['备注（M 列）']);
    expect(report.notices).toEqual(
      expect.arrayContaining([
        '已跳过隐藏的工作表“原始数据”。',
        expect.stringContaining('以下列无法对应到台账字段，未导入：备注（M 列）'),
        expect.stringContaining('已用问题描述的第一句作为标题'),
      ]),
    );
    expect(report.columns.filter((column) => column.field).map((column) => `${column.header}→${column.fieldLabel}`)).toEqual([
      '序号→序号',
      '编号→编号',
      '存在问题→问题描述',
      '问题类别→问题类别',
      '问题来源→问题来源',
      '整改措施→整改措施',
      '牵头单位→责任单位',
      '责任人→责任领导',
      '完成时限→整改时限',
      '整改状态→整改状态',
      '进展情况→完成情况',
      '进度→整改进度',
    ]);
    expect(state(l.db, 'ZG-2026-101')).toMatchObject({
      title: '会议多、时间长，基层反映“一周三天在开会”',
      problem: '会议多、时间长，\n基层反映“一周三天在开会”。',
      category: 'meetings',
      source: 'symposium',
      leaderName: '张某某',
      leaderPost: '党组成员、副局长',
      measures: '1. 合并审批。\n2. 控制时长。',
      deadline: '2026-06-30',
      status: 'completed',
      progress: 100,
      isPublished: false,
    });
    expect(state(l.db, 'ZG-2026-102')).toMatchObject({ leaderName: '王某某', leaderPost: '校长', deadline: '2027-03-31', status: 'in_progress', progress: 80, source: 'public_topic' });
    expect(state(l.db, 'ZG-2026-103')).toMatchObject({ deadline: null, status: 'ongoing', progress: 60, category: 'funds' });
    expect(state(l.db, 'ZG-2026-104')).toMatchObject({ deadline: '2026-12-31', status: 'in_progress', source: 'inspection', leaderPost: '副局长', leaderName: '李某某' });
    expect(state(l.db, 'ZG-2026-105')).toMatchObject({ deadline: '2026-12-31', status: 'not_started', progress: 0, leaderName: '' });
    const units = l.db.prepare<[], { code: string; unit: string }>('SELECT i.code, u.name AS unit FROM rectification_items i JOIN units u ON u.id = i.responsible_unit_id ORDER BY i.code').all();
    expect(units.map((row) => row.unit)).toEqual(['办公室', '示例县实验小学', '计划财务科', '基础教育科', '基础教育科']);
  });

  it('finds the header on row 3 below a title and a line about who filled it in', async () => {
    const l = ledger();
    const report = await l.run(
      await singleSheet([
        merged('整改台账', 5),
        merged('填报单位：办公室　填报日期：2026年11月20日', 5),
        ['问题编号', '问题描述', '整改措施', '责任单位', '整改时限'],
        ['ZG-1', '问题一', '措施一', '办公室', '2026-12-31'],
      ]),
    );
    expect(problems(report)).toEqual([]);
    expect(report).toMatchObject({ headerRow: 3, counts: { create: 1 } });
  });

  it.each([
    ['UTF-8 with a BOM', (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'UTF-8（带 BOM）'],
    ['UTF-8 without a BOM', (text: string) => Buffer.from(text), 'UTF-8'],
    ['GB18030/GBK from Excel on Chinese Windows', encodeGbk, 'GB18030/GBK'],
    ['UTF-16 (Excel “Unicode 文本”, tab separated)', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replaceAll(',', '\t'), 'utf16le')]), 'UTF-16'],
  ])('reads CSV in %s', async (_name, encode, encoding) => {
    const l = ledger();
    const csv = '序号,编号,存在问题,整改措施,责任单位,责任领导,整改时限,整改状态,整改进度\r\n1,ZG-9,"多行\r\n问题",措施,办公室,副局长 张某某,2026年3月31日,整改中,80%\r\n';
    const report = await l.run(encode(csv), { fileName: 'ledger.csv' });
    expect(problems(report)).toEqual([]);
    expect(report).toMatchObject({ format: 'csv', encoding, counts: { create: 1 } });
    expect(state(l.db, 'ZG-9')).toMatchObject({ problem: '多行\n问题', deadline: '2026-03-31', progress: 80, leaderName: '张某某', leaderPost: '副局长' });
  });

  it.each([
    ['80%', ['80%'], [80]],
    ['0.8 (a percentage-formatted cell)', [0.8], [80]],
    ['80', [80], [80]],
    ['a column of fractions, where 1 is 100%', [0.5, 1], [50, 100]],
    ['a column of whole numbers, where 1 is 1%', [60, 1], [60, 1]],
  ])('reads progress written as %s', async (_name, cells, expected) => {
    const l = ledger();
    const rows: Row[] = [['编号', '问题描述', '整改措施', '整改时限', '整改进度'], ...cells.map((cell, index): Row => [`ZG-${index + 1}`, '问题', '措施', '2026-12-31', cell])];
    const report = await l.run(await singleSheet(rows));
    expect(problems(report)).toEqual([]);
    expect(cells.map((_cell, index) => state(l.db, `ZG-${index + 1}`).progress)).toEqual(expected);
  });

  it('creates or updates by code: the second import changes only what the file says', async () => {
    const l = ledger();
    const header = ['编号', '整改事项', '问题描述', '整改措施', '整改时限', '整改状态', '整改进度'];
    await l.run(await singleSheet([header, ['ZG-1', '事项一', '问题', '措施', '2026-12-31', '整改中', '30%'], ['ZG-2', '事项二', '问题', '措施', '长期坚持', '长期坚持', '50%']]));
    const report = await l.run(await singleSheet([['编号', '整改进度'], ['zg-1', '60%'], ['ZG-2', '50%']]));
    expect(problems(report)).toEqual(['2A 编号 zg-1 与已有事项 ZG-1 只差大小写，请写成 ZG-1']);
    const newItem = await l.run(await singleSheet([['编号', '整改进度'], ['ZG-3', '60%']]));
    expect(problems(newItem)).toEqual(['2 缺少“整改时限”列，新事项必须有整改时限', '2 请填写问题描述', '2 请填写整改措施']);
    const fixed = await l.run(await singleSheet([['编号', '整改进度'], ['ZG-1', '60%'], ['ZG-2', '50%']]));
    expect(problems(fixed)).toEqual([]);
    expect(fixed).toMatchObject({ counts: { create: 0, update: 1, unchanged: 1 }, result: { updated: ['ZG-1'], unchanged: ['ZG-2'] } });
    expect(state(l.db, 'ZG-1')).toMatchObject({ title: '事项一', progress: 60, status: 'in_progress' });
    const versions = l.db.prepare<[], { action: string }>("SELECT action FROM item_versions v JOIN rectification_items i ON i.id = v.item_id WHERE i.code = 'ZG-1' ORDER BY v.version").all();
    expect(versions.map((version) => version.action)).toEqual(['import', 'import']);
  });

  it('matches units by name with 县/示例县/局 prefixes and names the ones it does not know', async () => {
    const l = ledger();
    const rows: Row[] = [
      ['编号', '问题描述', '整改措施', '责任单位', '整改时限'],
      ['ZG-1', '问题', '措施', '示例县教育局办公室', '2026-12-31'],
      ['ZG-2', '问题', '措施', '县实验小学', '2026-12-31'],
      ['ZG-3', '问题', '措施', '局计划财务科', '2026-12-31'],
      ['ZG-4', '问题', '措施', '体育科', '2026-12-31'],
    ];
    const report = await l.run(await singleSheet(rows));
    expect(report.problems).toEqual([{ row: 5, column: 'D', header: '责任单位', message: expect.stringMatching(/^找不到责任单位“体育科”。单位须先由系统管理员在“单位”中添加；已有单位：办公室、基础教育科/) }]);
    expect(report.applied).toBe(false);
    const dry = await l.run(await singleSheet(rows.slice(0, 4)), { dryRun: true });
    expect(dry).toMatchObject({ ok: true, applied: false, counts: { create: 3 } });
    expect(l.count()).toBe(0);
  });

  it('reports every problem by row and column, writes nothing, and imports the rest when told to skip bad rows', async () => {
    const l = ledger();
    const rows: Row[] = [
      ['编号', '问题描述', '整改措施', '问题类别', '问题来源', '整改时限', '整改状态', '整改进度', '完成时间'],
      ['ZG-1', '问题', '措施', '会议文件', '座谈交流', '2026-12-31', '整改中', '40%', null],
      ['ZG-2', '问题', '措施', '吃喝', '座谈交流', '2026年13月1日', '差不多', '120%', null],
      ['ZG 3', '', '措施', '会议文件', '巡视组', '', '已完成', '80%', '2026-11-01'],
      ['ZG-4', '问题', '措施', '会议文件', '座谈交流', '2026-12-31', '未启动', '0', '2026-11-01'],
    ];
    const bytes = await singleSheet(rows);
    const report = await l.run(bytes);
    expect(problems(report)).toEqual([
      '3D 无法识别的问题类别“吃喝”，应为会议文件、督查检查、公务接待、教育收费、招生入学、教学管理、经费使用、师德师风、服务流程、其他之一（类别可由系统管理员或台账管理员在“问题类别”中增加）',
      '3F 整改时限“2026年13月1日”不是有效日期，应为日期（如 2026-03-31、2026年3月31日、2026/3/31）或“长期坚持”',
      '3G 无法识别的整改状态“差不多”，应为未启动、整改中、已完成、长期坚持之一',
      '3H 整改进度“120%”超过 100%',
      '4A 编号只能由字母、数字、“-”“_”“.”组成，以字母或数字开头，最多 32 位（如 ZG-2026-001）',
      '4B 请填写问题描述',
      '4E 无法识别的问题来源“巡视组”，应为座谈交流、线上征集、走访调研、民主测评、第三方评估、群众点题、上级督查、自查自纠、其他之一',
      '4F 请填写整改时限：日期（如 2026-12-31），或“长期坚持”',
      '4H 整改状态为“已完成”时，整改进度应为 100%',
      '5I 只有“已完成”的事项才有完成时间',
    ]);
    expect(report).toMatchObject({ ok: false, applied: false, counts: { rows: 4, valid: 1, badRows: 3 } });
    expect(l.count()).toBe(0);

    const skipped = await l.run(bytes, { skipBadRows: true });
    expect(skipped).toMatchObject({ ok: false, applied: true, result: { created: ['ZG-1'] } });
    expect(l.count()).toBe(1);
  });

  it('adds and updates outcomes named in the 制度成果 column, never deleting one', async () => {
    const l = ledger();
    const header = ['编号', '问题描述', '整改措施', '整改时限', '制度成果'];
    const first = await l.run(
      await singleSheet([header, ['ZG-1', '问题', '措施', '2026-12-31', '办法：《会议管理办法》，2026-04-25，https://www.example.edu.cn/a.html\n《接待细则》，2026年5月20日']]),
    );
    expect(problems(first)).toEqual([]);
    const id = getItemRecordByCode(l.db, 'ZG-1')!.id;
    expect(listItemOutcomes(l.db, id)).toEqual([
      expect.objectContaining({ title: '会议管理办法', kind: 'method', issuedOn: '2026-04-25', url: 'https://www.example.edu.cn/a.html' }),
      expect.objectContaining({ title: '接待细则', kind: 'rule', issuedOn: '2026-05-20', url: null }),
    ]);
    const second = await l.run(await singleSheet([header, ['ZG-1', '问题', '措施', '2026-12-31', '通报：《会议情况通报》，2026-06-28']]));
    expect(second.counts.update).toBe(1);
    expect(listItemOutcomes(l.db, id).map((outcome) => outcome.title)).toEqual(['会议管理办法', '接待细则', '会议情况通报']);
    const bad = await l.run(await singleSheet([header, ['ZG-1', '问题', '措施', '2026-12-31', '《没有日期的办法》']]));
    expect(problems(bad)).toEqual(['2E 制度成果“《没有日期的办法》”缺少印发日期，请按“办法：《标题》，2026-04-25”的格式填写，每行一项']);
  });
});

describe('bad input: a clear report, never a crash, nothing half-imported (point 7)', () => {
  const only = (report: ImportReport) => {
    expect(report.applied).toBe(false);
    expect(report.problems).toHaveLength(1);
    return report.problems[0]!.message;
  };

  it.each([
    ['an empty file', () => Buffer.alloc(0), /文件是空的/],
    ['a damaged .xlsx (cut in half)', async () => (await singleSheet([['编号']])).subarray(0, 300), /文件已损坏，或不是有效的 Excel 工作簿/],
    ['an old .xls renamed', () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), /旧版 Excel 97-2003（\.xls）/],
    ['a PDF renamed .xlsx', () => Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'), /PDF 文件/],
    ['a picture renamed .xlsx', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), /图片文件/],
    ['a Word document renamed .xlsx', () => storedZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' }), /Word 文档/],
    ['a plain ZIP archive', () => storedZip({ 'readme.txt': 'hello' }), /压缩包/],
    ['a ZIP that would unpack to 300 MB', () => storedZip({ 'xl/workbook.xml': '<workbook/>' }, 300 * 1024 * 1024), /解压后有 300\.0 MB/],
    ['binary noise', () => Buffer.concat([Buffer.from([0, 1, 2, 3]), randomBytes(2000)]), /无法识别的文件/],
    ['a 50 MB file', () => Buffer.alloc(50 * 1024 * 1024, 0x41), /^文件过大（50\.0 MB），最大 10\.0 MB/],
    ['a CSV with a quote that never closes', () => Buffer.from('编号,问题描述\r\nZG-1,"没有闭合\r\n'), /第 2 行有一个引号/],
  ])('%s', async (_name, make, message) => {
    const l = ledger();
    expect(only(await l.run(await make()))).toMatch(message);
    expect(l.count()).toBe(0);
  });

  it('says when it cannot find a header; a sheet without the code column is not refused', async () => {
    const l = ledger();
    expect(only(await l.run(await singleSheet([['姓名', '电话'], ['张三', '123']])))).toMatch(/^找不到表头：前 30 行中没有一行能认出至少 3 个列名/);
    const noCodes = await l.run(await singleSheet([['序号', '存在问题', '整改措施', '完成时限'], [1, '问题', '措施', '2026-12-31']]));
    expect(noCodes).toMatchObject({ ok: true, applied: true, rows: [{ row: 2, action: 'create', code: 'ZG-2026-001', assigned: true }] });
  });

  it('uses the cached result of a formula, and refuses one that has none', async () => {
    const l = ledger();
    const rows: Row[] = [
      ['编号', '问题描述', '整改措施', '整改时限', '整改进度'],
      ['ZG-1', '问题', '措施', '2026-12-31', formula('=B9*100')],
      ['ZG-2', '问题', '措施', '2026-12-31', formula('=B10*100')],
    ];
    const report = await l.run(await workbook([{ name: '台账', rows, cachedValues: { E2: 80 } }]));
    expect(report.problems).toEqual([
      { row: 3, column: 'E', header: '整改进度', message: expect.stringMatching(/^该单元格是公式，但文件里没有它的计算结果/) },
    ]);
    expect(report.notices).toContain('1 个单元格是公式（如 E2），已按 Excel 保存的计算结果导入。');
    expect(l.count()).toBe(0);
    const fixed = await l.run(await workbook([{ name: '台账', rows: rows.slice(0, 2), cachedValues: { E2: 80 } }]));
    expect(fixed.applied).toBe(true);
    expect(state(l.db, 'ZG-1').progress).toBe(80);
  });

  it('gives a merged cell’s value to every row it covers', async () => {
    const l = ledger();
    const report = await l.run(
      await singleSheet([
        ['编号', '问题描述', '整改措施', '责任单位', '整改时限'],
        ['ZG-1', '问题', '措施', { value: '办公室', rowSpan: 3 }, '2026-12-31'],
        ['ZG-2', '问题', '措施', null, '2026-12-31'],
        ['ZG-3', '问题', '措施', null, '2026-12-31'],
      ]),
    );
    expect(problems(report)).toEqual([]);
    expect(report.notices).toContain('合并单元格的内容已填入它覆盖的每一行（2 个单元格），如同每行都写了一遍。');
    expect(l.db.prepare('SELECT count(DISTINCT responsible_unit_id) AS units, count(*) AS items FROM rectification_items').get()).toEqual({ units: 1, items: 3 });
  });

  it('refuses a ledger that lives only in a hidden sheet, and says how to fix it', async () => {
    const l = ledger();
    const rows: Row[] = [['编号', '问题描述', '整改措施', '整改时限'], ['ZG-1', '问题', '措施', '2026-12-31']];
    const report = await l.run(await workbook([{ name: '说明', rows: [['请看第二页']] }, { name: '台账', rows, hidden: true }]));
    expect(only(report)).toBe('台账在隐藏的工作表“台账”中，可见的工作表里找不到表头。请在 Excel 中取消隐藏该工作表（或把台账移到第一个工作表）后再导入。');
  });

  it('skips empty rows and refuses a code that appears twice in one file, both rows', async () => {
    const l = ledger();
    const rows: Row[] = [
      ['编号', '问题描述', '整改措施', '整改时限'],
      ['ZG-1', '问题一', '措施', '2026-12-31'],
      [null, null, null, null],
      ['', '  ', '', ''],
      ['ZG-2', '问题二', '措施', '2026-12-31'],
      ['zg-1', '问题三', '措施', '2026-12-31'],
    ];
    const report = await l.run(await singleSheet(rows));
    expect(problems(report)).toEqual(['2A 编号 ZG-1 在第 6 行再次出现', '6A 编号 zg-1 与第 2 行重复；一个编号只能出现一次']);
    expect(report.counts).toMatchObject({ rows: 3, emptyRows: 2, badRows: 2, valid: 1 });
    const skipped = await l.run(await singleSheet(rows), { skipBadRows: true });
    expect(skipped.result).toEqual({ created: ['ZG-2'], updated: [], unchanged: [] });
  });

  it('never throws, whatever the bytes', async () => {
    const l = ledger();
    const xlsx = await singleSheet([['编号', '问题描述', '整改措施', '整改时限'], ['ZG-1', '问题', '措施', '2026-12-31']]);
    for (let round = 0; round < 30; round += 1) {
      const noise = Buffer.from(xlsx);
      for (let flip = 0; flip < 20; flip += 1) noise[Math.floor(Math.random() * noise.length)] = Math.floor(Math.random() * 256);
      const report = await l.run(noise);
      expect(report.applied || report.problems.length > 0).toBe(true);
    }
  });
});

describe('export → import is lossless (point 5)', () => {
  it.each(['xlsx', 'csv'] as const)('gives the same ledger back through %s', async (format) => {
    const source = ledger();
    const unitId = source.db.prepare<[], { id: number }>("SELECT id FROM units WHERE code = 'S03'").get()!.id;
    const make = (overrides: Record<string, unknown>) => {
      const result = createItem(
        source.db,
        source.staff,
        itemCreateSchema.parse({
          code: 'ZG-1',
          title: '标题',
          problem: '问题\n第二行',
          category: 'meetings',
          source: 'online',
          measures: '1. 措施\n2. 措施',
          deadline: '2026-12-31',
          status: 'in_progress',
          progress: 1,
          ...overrides,
        }),
        { now: NOW },
      );
      if (!result.ok) throw new Error(result.message);
      return result.value.id;
    };
    const first = make({ unitId, leaderName: '张某某', leaderPost: '党组成员、副局长', progressSummary: '=SUM(A1) 不是公式\n-5 也不是', isPublished: true });
    make({ code: 'ZG-2', deadline: null, status: 'ongoing', progress: 0, title: '@提醒 "引号", 逗号' });
    make({ code: 'ZG-3', status: 'completed', progress: 100, completedOn: '2026-11-01', category: 'other', source: 'other' });
    addOutcome(source.db, source.staff, first, { title: '会议管理办法（试行）', kind: 'method', issuedOn: '2026-04-25', url: 'https://www.example.edu.cn/a.html?x=1&y=2' }, { now: NOW });
    addOutcome(source.db, source.staff, first, { title: '关于会议情况的通报', kind: 'notice', issuedOn: '2026-06-28' }, { now: NOW });

    const bytes = format === 'xlsx' ? await ledgerXlsx(source.db, BUREAU, NOW) : Buffer.from(ledgerCsv(source.db));
    const target = ledger();
    const report = await target.run(bytes, { fileName: `export.${format}` });
    expect(problems(report)).toEqual([]);
    expect(report.counts.create).toBe(3);
    for (const code of ['ZG-1', 'ZG-2', 'ZG-3']) expect(state(target.db, code)).toEqual(state(source.db, code));
    const outcomes = (db: Db) => listItemOutcomes(db, getItemRecordByCode(db, 'ZG-1')!.id).map(({ id: _id, ...outcome }) => outcome);
    expect(outcomes(target.db)).toEqual(outcomes(source.db));

    const again = await source.run(bytes);
    expect(again.counts).toMatchObject({ unchanged: 3, update: 0, create: 0 });
  });
});
