// scripts/import-ledger.ts and scripts/export-ledger.ts as an operator runs them, on the demo
// bureau: exit 0 when the file is valid, 1 when it has problems, 2 when it cannot read the file or
// for a wrong call (a dry run alike), never a stack trace; and the sample bureau sheet named in the
// README (no 编号 column) imports cleanly, gets codes and maps back onto the same items.
import { TEST_CONTACTS } from '../helpers/contacts.ts';
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoBureau } from '../../scripts/demo/seed-demo.ts';
import { SAMPLE_LEDGER_CODES, SAMPLE_LEDGER_FILE, sampleLedgerXlsx } from '../../scripts/demo/sample-ledger.ts';
import { openDatabase } from '../../db/open.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import { readLedgerFile } from '../../server/ledger/read-file.ts';
import { TEST_TOTP_KEY } from '../helpers/admin.ts';
import { runScript } from '../helpers/processes.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { tempDir } from '../helpers/temp.ts';

const SAMPLE = join(PROJECT_ROOT, SAMPLE_LEDGER_FILE);
const STACK_TRACE = /\n\s+at /;

describe('the ledger scripts', { timeout: 60_000 }, () => {
  const folder = tempDir('portal-ledger-scripts-');
  const env = { DATA_DIR: folder.path, SECRET_KEY: TEST_SECRET_KEY, LOG_LEVEL: 'silent' };
  const importLedger = (...args: string[]) => runScript('import-ledger.ts', env, args);
  const query = <T>(sql: string): T[] => {
    const db = openDatabase(join(folder.path, 'portal.db'));
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    const db = openDatabase(join(folder.path, 'portal.db'));
    await seedDemoBureau(db, { now: new Date('2026-11-26T04:00:00.000Z'), feedbackCount: 10, totpKey: TEST_TOTP_KEY, contacts: TEST_CONTACTS });
    db.close();
    return () => folder.remove();
  });

  it('ships a sample bureau sheet that is what `npm run ledger-sample` writes', async () => {
    const committed = await readLedgerFile(readFileSync(SAMPLE));
    const fresh = await readLedgerFile(await sampleLedgerXlsx());
    expect(committed.ok && fresh.ok).toBe(true);
    if (committed.ok && fresh.ok) expect(committed.sheets.map((sheet) => sheet.rows)).toEqual(fresh.sheets.map((sheet) => sheet.rows));
    expect(readFileSync(SAMPLE).length).toBeLessThan(50 * 1024);
  });

  it('checks the sample with --dry-run (exit 0, nothing written), then imports it into the demo bureau', async () => {
    const dry = await importLedger(SAMPLE, '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('表头在第 3 行');
    expect(dry.stdout).toContain('已跳过隐藏的工作表“原始记录”');
    expect(dry.stdout).toContain('检查通过，可以正式导入。');
    expect(dry.stdout).toContain('第4行：新建 ZG-2026-015（新编号）');
    expect(dry.stdout).toContain('第8行：新建 ZG-2026-019（新编号）');
    expect(query<{ n: number }>("SELECT count(*) AS n FROM rectification_items WHERE length(code) = 11")).toEqual([{ n: 0 }]);

    const real = await importLedger(SAMPLE);
    expect(real.code, real.stdout + real.stderr).toBe(0);
    expect(real.stdout).toContain('已导入：新增 5 项，更新 0 项，无变化 0 项。');
    const codes = query<{ code: string }>('SELECT code FROM rectification_items WHERE length(code) = 11 ORDER BY id').map((row) => row.code);
    expect(codes).toEqual([...SAMPLE_LEDGER_CODES]);
    const audit = query<{ actor_kind: string; details: string }>("SELECT actor_kind, details FROM audit_log WHERE action = 'ledger.import'");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_kind).toBe('system');
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ file: 'sample-ledger.xlsx', created: 5, via: 'import-ledger' });

    const again = await importLedger(SAMPLE, '--as', 'ledger');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('无变化 5 项');
    expect(again.stdout).toContain('第4行：无变化 ZG-2026-015（按序号和问题描述）');
  });

  it('exports the ledger, and the export imports back unchanged', async () => {
    const out = join(folder.path, '台账.csv');
    const exported = await runScript('export-ledger.ts', env, ['--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^已导出 \d+ 项整改事项到 /);
    expect(readFileSync(out).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const back = await importLedger(out, '--dry-run');
    expect(back.code, back.stdout).toBe(0);
    expect(back.stdout).toMatch(/新增 0、更新 0、无变化 \d+/);
    const xlsx = await runScript('export-ledger.ts', env, ['--format', 'xlsx', '--out', join(folder.path, 'ledger.xlsx')]);
    expect(xlsx.code).toBe(0);
    expect(existsSync(join(folder.path, 'ledger.xlsx'))).toBe(true);
  });

  it('exits 1 with every problem by row and column, and no stack trace, for a bad file', async () => {
    const bad = join(folder.path, 'bad.csv');
    writeFileSync(bad, '编号,问题描述,整改措施,整改时限,责任单位\r\nZG-X-1,问题,措施,明年,体育科\r\n');
    const dry = await importLedger(bad, '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('第2行：问题 ZG-X-1（见下方问题）');
    const result = await importLedger(bad);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('第 2 行 D 列（整改时限）：无法识别的整改时限“明年”');
    expect(result.stdout).toContain('第 2 行 E 列（责任单位）：找不到责任单位“体育科”');
    expect(result.stdout).toContain('未写入任何内容');
    expect(result.stdout + result.stderr).not.toMatch(STACK_TRACE);
  });

  it.each([
    ['a 50 MB file', () => {
      const big = join(folder.path, 'big.xlsx');
      writeFileSync(big, '');
      truncateSync(big, 50 * 1024 * 1024);
      return [big];
    }, 2, /文件过大（50\.0 MB），最大 10\.0 MB/],
    ['a missing file', () => [join(folder.path, 'nope.xlsx')], 2, /找不到文件/],
    ['a missing file, in a dry run', () => [join(folder.path, 'nope.xlsx'), '--dry-run'], 2, /找不到文件/],
    ['a workbook cut in half, in a dry run', () => {
      const cut = join(folder.path, 'cut.xlsx');
      const whole = readFileSync(SAMPLE);
      writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
      return [cut, '--dry-run'];
    }, 2, /文件已损坏/],
    ['a picture renamed .xlsx', () => {
      const png = join(folder.path, 'photo.xlsx');
      writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
      return [png];
    }, 2, /这是图片文件/],
    ['a picture renamed .xlsx, in a dry run', () => {
      const png = join(folder.path, 'photo-dry.xlsx');
      writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
      return [png, '--dry-run'];
    }, 2, /这是图片文件/],
    ['no file at all', () => [], 2, /请指定一个要导入的文件/],
    ['an unknown option', () => ['--force'], 2, /usage: npm run import-ledger/],
    ['--as someone who is not a 台账管理员', () => [SAMPLE, '--as', 'office'], 1, /不是台账管理员/],
  ])('refuses %s', async (_name, args, code, message) => {
    const result = await importLedger(...args());
    expect(result.code).toBe(code);
    expect(result.stdout + result.stderr).toMatch(message);
    expect(result.stdout + result.stderr).not.toMatch(STACK_TRACE);
  });
});
