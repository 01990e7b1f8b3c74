// Exports the whole ledger (published or not) in the import's columns.
// Usage: npm run export-ledger -- [--format xlsx|csv] [--out FILE] [--db PATH]
// Without --out the file is written to the current folder as 整改台账-YYYYMMDD.xlsx (or .csv).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '../db/open.ts';
import { countItems } from '../db/queries/ledger-lists.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { bureauDate } from '../server/domain/bureau-time.ts';
import { ledgerCsv, ledgerXlsx } from '../server/ledger/export.ts';
import { loadScriptConfig, parseScriptArgs } from './script-start.ts';

const USAGE = 'usage: npm run export-ledger -- [--format xlsx|csv] [--out 文件] [--db 数据库文件]\n';

async function main(): Promise<number> {
  const parsed = parseScriptArgs({ options: { format: { type: 'string' }, out: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }, USAGE);
  if (parsed === null) return 2;
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = values.format ?? (values.out?.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx');
  if (format !== 'xlsx' && format !== 'csv') {
    process.stderr.write(`--format 只能是 xlsx 或 csv。\n${USAGE}`);
    return 2;
  }
  const config = loadScriptConfig();
  if (config === null) return 1;
  const now = new Date();
  // npm runs scripts in the project folder; a relative name means the folder npm was called from.
  const out = resolve(process.env.INIT_CWD ?? process.cwd(), values.out ?? `整改台账-${bureauDate(now).replaceAll('-', '')}.${format}`);
  const db = openDatabase(values.db === undefined ? config.databasePath : resolve(values.db));
  try {
    const content = format === 'xlsx' ? await ledgerXlsx(db, config.bureau.name, now) : ledgerCsv(db);
    writeFileSync(out, content);
    process.stdout.write(`已导出 ${countItems(db)} 项整改事项到 ${out}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`导出失败：${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    db.close();
  }
}

process.exitCode = await main();
