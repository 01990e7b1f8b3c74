// Ledger benchmarks (npm run bench): importing 5,000 rows from .xlsx and CSV, and building the
// public ledger's pages for 1,000 items. Prints figures beside a bare baseline measured in the
// same run (5,000 plain INSERTs; the snapshot alone); not a timed test.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import writeExcelFile from 'write-excel-file/node';
import { openDatabase } from '../../db/open.ts';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import { rebuildSite } from '../../scripts/rebuild.ts';
import { loadConfig } from '../../server/config.ts';
import { precompressSite } from '../../server/site-compression.ts';
import { defaultItemCodePattern } from '../../server/domain/item-code-pattern.ts';
import { addOutcome, addProgressUpdate, createItem } from '../../server/actions/ledger-actions.ts';
import { itemCreateSchema } from '../../server/domain/ledger-input.ts';
import { ITEM_STATUSES } from '../../server/domain/vocabulary.ts';
import { ledgerCsv } from '../../server/ledger/export.ts';
import { importLedgerFile } from '../../server/ledger/import.ts';
import { readBuiltFile } from '../../server/site-gzip-only.ts';

const ROWS = 5000;
const ITEMS = 1000;
const UNITS = ['办公室', '人事科', '基础教育科', '计划财务科', '督导室', '示例县实验小学', '示例县第一中学', '城关镇中心小学'];
const NOW = new Date('2026-11-26T04:00:00.000Z');

function ms(start: number): number {
  return performance.now() - start;
}

function line(name: string, value: string): void {
  console.log(`${name.padEnd(52)} ${value}`);
}

function seedUnitsAndStaff(db: ReturnType<typeof openDatabase>) {
  UNITS.forEach((name, index) => db.prepare("INSERT INTO units (code, name, kind, created_at) VALUES (?, ?, 'department', 't')").run(`U${index}`, name));
  const id = Number(db.prepare("INSERT INTO users (username, display_name, password_hash, created_at, updated_at) VALUES ('bench', '台账', 'x', 't', 't')").run().lastInsertRowid);
  db.prepare("INSERT INTO user_roles (user_id, role) VALUES (?, 'ledger')").run(id);
  return { id, username: 'bench', displayName: '台账', roles: ['ledger' as const], unitId: null };
}

async function bureauWorkbook(rows: number): Promise<Buffer> {
  const header = ['序号', '编号', '存在问题', '问题类别', '问题来源', '整改措施', '牵头单位', '责任人', '完成时限', '整改状态', '进展情况', '进度'];
  const data: unknown[][] = [[{ value: '示例县教育局作风建设问题整改台账', columnSpan: header.length }, ...header.slice(1).map(() => null)], header];
  for (let index = 1; index <= rows; index += 1) {
    data.push([
      index,
      `ZG-B-${String(index).padStart(5, '0')}`,
      `第${index}项问题：会议多、检查多、填表多，基层负担较重。\n群众反映强烈。`,
      '督查检查',
      '座谈交流',
      `1. 清理检查事项。\n2. 合并同类检查。\n3. 每季度通报。`,
      UNITS[index % UNITS.length],
      '副局长 张某某',
      index % 5 === 0 ? '长期坚持' : { value: new Date(Date.UTC(2026, index % 12, 1 + (index % 27))), type: Date, format: 'yyyy-mm-dd' },
      index % 5 === 0 ? '长期坚持' : index % 3 === 0 ? '已完成' : '整改中',
      '已完成阶段性工作。',
      index % 3 === 0 && index % 5 !== 0 ? '100%' : `${(index * 7) % 100}%`,
    ]);
  }
  return writeExcelFile(data as never).toBuffer();
}

const dir = mkdtempSync(join(tmpdir(), 'portal-bench-ledger-'));
try {
  console.log(`Ledger: import ${ROWS} rows, build pages for ${ITEMS} items; Node ${process.version}`);

  // Baseline: 5,000 plain inserts of the same texts, one transaction, the same pragmas.
  const bare = new Database(join(dir, 'bare.db'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = FULL');
  bare.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT UNIQUE, problem TEXT, measures TEXT)');
  const insert = bare.prepare('INSERT INTO t (code, problem, measures) VALUES (?, ?, ?)');
  let start = performance.now();
  bare.transaction(() => {
    for (let index = 0; index < ROWS; index += 1) insert.run(`ZG-${index}`, '问题'.repeat(20), '措施'.repeat(20));
  })();
  line('baseline: 5,000 plain INSERTs in one transaction', `${ms(start).toFixed(0)} ms`);
  bare.close();

  const workbook = await bureauWorkbook(ROWS);
  line('bureau-style .xlsx with 5,000 rows', `${(workbook.length / 1024).toFixed(0)} KB`);

  const xlsxDb = openDatabase(join(dir, 'xlsx.db'));
  const staff = seedUnitsAndStaff(xlsxDb);
  const options = { fileName: 'bench.xlsx', skipBadRows: false, now: NOW, bureauName: '示例县教育局', codePattern: defaultItemCodePattern };
  start = performance.now();
  const dry = await importLedgerFile(xlsxDb, staff, workbook, { ...options, dryRun: true });
  const dryMs = ms(start);
  line('import .xlsx, dry run (read, parse, check)', `${dryMs.toFixed(0)} ms  (${((ROWS / dryMs) * 1000).toFixed(0)} rows/s, ${dry.problems.length} problems)`);
  start = performance.now();
  const real = await importLedgerFile(xlsxDb, staff, workbook, { ...options, dryRun: false });
  const realMs = ms(start);
  line('import .xlsx, real (+ rows, versions, audit, fsync)', `${realMs.toFixed(0)} ms  (${((ROWS / realMs) * 1000).toFixed(0)} rows/s, created ${real.result?.created.length ?? 0})`);
  start = performance.now();
  const again = await importLedgerFile(xlsxDb, staff, workbook, { ...options, dryRun: false });
  line('import the same .xlsx again (all unchanged)', `${ms(start).toFixed(0)} ms  (unchanged ${again.result?.unchanged.length ?? 0})`);

  const csv = Buffer.from(ledgerCsv(xlsxDb));
  const csvDb = openDatabase(join(dir, 'csv.db'));
  const csvStaff = seedUnitsAndStaff(csvDb);
  start = performance.now();
  const fromCsv = await importLedgerFile(csvDb, csvStaff, csv, { ...options, fileName: 'bench.csv', dryRun: false });
  line(`import the export as CSV (${(csv.length / 1024).toFixed(0)} KB)`, `${ms(start).toFixed(0)} ms  (created ${fromCsv.result?.created.length ?? 0})`);
  xlsxDb.close();
  csvDb.close();

  // Pages for 1,000 items, each with updates, an outcome and a history.
  const config = loadConfig({ DATA_DIR: join(dir, 'site-data'), LOG_LEVEL: 'silent', NIGHTLY_REBUILD_TIME: 'off', SECRET_KEY: randomBytes(32).toString('hex') });
  const db = openDatabase(config.databasePath);
  const actor = seedUnitsAndStaff(db);
  start = performance.now();
  db.transaction(() => {
    for (let index = 1; index <= ITEMS; index += 1) {
      const status = ITEM_STATUSES[index % ITEM_STATUSES.length]!;
      const created = createItem(
        db,
        actor,
        itemCreateSchema.parse({
          code: `ZG-P-${String(index).padStart(4, '0')}`,
          title: `整改事项第${index}项：精简会议文件`,
          problem: '会议多、文件多。\n基层负担重。',
          category: ['meetings', 'inspections', 'teaching', 'funds', 'service'][index % 5],
          source: 'symposium',
          unitId: (index % UNITS.length) + 1,
          leaderName: '张某某',
          leaderPost: '副局长',
          measures: '1. 合并会议。\n2. 压缩文件。',
          deadline: index % 7 === 0 ? null : `2026-${String((index % 12) + 1).padStart(2, '0')}-15`,
          status,
          progress: status === 'completed' ? 100 : (index * 7) % 100,
          isPublished: true,
        }),
        { now: new Date('2026-03-01T02:00:00Z') },
      );
      if (!created.ok) throw new Error(created.message);
      addProgressUpdate(db, actor, created.value.id, { date: '2026-05-01', content: '召开专题会议，部署整改。' }, { now: new Date('2026-05-01T02:00:00Z') });
      addOutcome(db, actor, created.value.id, { title: `管理办法第${index}号`, kind: 'method', issuedOn: '2026-06-01' }, { now: new Date('2026-06-01T02:00:00Z') });
    }
  })();
  line(`${ITEMS} items through the named actions (+ update, outcome)`, `${ms(start).toFixed(0)} ms`);
  start = performance.now();
  const snapshot = buildPublicSnapshot(db, config.bureau, NOW);
  line('public snapshot of the 1,000 items', `${ms(start).toFixed(0)} ms  (${(JSON.stringify(snapshot).length / 1024 / 1024).toFixed(1)} MB JSON)`);
  db.close();
  start = performance.now();
  const info = await rebuildSite(config, { now: NOW, logLevel: 'error' });
  const buildMs = ms(start);
  const ledgerPages = snapshot.items.length + 4 + snapshot.itemCategories.length + new Set(snapshot.items.map((item) => item.responsibleUnitCode)).size + 4;
  line('rebuild: snapshot, Astro build, .br/.gz, switch', `${(buildMs / 1000).toFixed(1)} s for ${info.pages} pages (${(buildMs / info.pages).toFixed(1)} ms/page; ~${ledgerPages} ledger pages)`);
  start = performance.now();
  await precompressSite(join(config.siteDir, 'current'));
  line('  of which .br/.gz at maximum quality (measured again)', `${(ms(start) / 1000).toFixed(1)} s`);
  // Stored only as .gz when larger than a block (site/decisions/006): the page as Astro wrote it.
  const itemPage = readBuiltFile(join(config.siteDir, 'current', 'ledger', 'ZG-P-0001', 'index.html'))!;
  line('one item page', `${(itemPage.length / 1024).toFixed(1)} KB HTML, ${itemPage.toString('utf8').includes('<script') ? 'with' : 'no'} script`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
