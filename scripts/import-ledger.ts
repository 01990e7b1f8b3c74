// Imports a ledger sheet (.xlsx or CSV) into the database: the same code as the admin app's upload.
// Usage: npm run import-ledger -- FILE [--dry-run] [--skip-bad-rows] [--as USERNAME] [--db PATH]
// Exit code 0 when the file is valid (and, without --dry-run, imported), 1 when it has problems
// (each printed by row and column; nothing is written unless --skip-bad-rows), 2 when the file
// could not be read (missing, damaged, of another kind, too large) or for a wrong call. A dry run
// exits the same way.
// Never prints a stack trace: every failure is a sentence saying what to do.
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { openDatabase } from '../db/open.ts';
import { findActiveStaffUser, findUserByUsername } from '../db/queries/users.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import type { LedgerActor } from '../server/actions/ledger-writes.ts';
import { hasRole } from '../server/domain/staff.ts';
import { formatImportReport, importLedgerFile, type ImportOptions, rejectedReport } from '../server/ledger/import.ts';
import { LEDGER_IMPORT_MAX_BYTES, tooLargeMessage } from '../server/ledger/read-file.ts';
import { loadScriptConfig, parseScriptArgs } from './script-start.ts';

const USAGE = 'usage: npm run import-ledger -- <文件.xlsx|文件.csv> [--dry-run] [--skip-bad-rows] [--as 用户名] [--db 数据库文件]\n';

async function main(): Promise<number> {
  const parsed = parseScriptArgs(
    {
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        'skip-bad-rows': { type: 'boolean' },
        as: { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
  if (parsed === null) return 2;
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(
      `${USAGE}\n  --dry-run        只检查，不写入\n  --skip-bad-rows  跳过有问题的行，导入其余的行\n  --as 用户名      以该台账管理员的名义记录（默认记为“系统（命令行）”）\n`,
    );
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`请指定一个要导入的文件。\n${USAGE}`);
    return 2;
  }
  // npm runs scripts in the project folder; a relative name means the folder npm was called from.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]!);
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    process.stderr.write(`找不到文件 ${path}，或它不是一个文件。\n`);
    return 2;
  }
  const config = loadScriptConfig();
  if (config === null) return 1;
  const options: ImportOptions = {
    fileName: basename(path),
    dryRun: values['dry-run'] ?? false,
    skipBadRows: values['skip-bad-rows'] ?? false,
    now: new Date(),
    bureauName: config.bureau.name,
    codePattern: config.ledgerCodePattern,
  };
  // A 50 MB file is refused without being read into memory.
  if (size > LEDGER_IMPORT_MAX_BYTES) {
    process.stdout.write(`${formatImportReport(rejectedReport(options, tooLargeMessage(size)))}\n`);
    return 2;
  }
  const bytes = readFileSync(path);
  const db = openDatabase(values.db === undefined ? config.databasePath : resolve(values.db));
  try {
    let actor: LedgerActor = { kind: 'command_line', name: 'import-ledger' };
    if (values.as !== undefined) {
      const user = findUserByUsername(db, values.as);
      const staff = user ? findActiveStaffUser(db, user.id) : undefined;
      if (!staff || !hasRole(staff, 'ledger')) {
        process.stderr.write(`用户 ${values.as} 不存在、已停用或不是台账管理员。\n`);
        return 1;
      }
      actor = staff;
    }
    const report = await importLedgerFile(db, actor, bytes, options);
    process.stdout.write(`${formatImportReport(report)}\n`);
    return report.unreadable ? 2 : report.ok ? 0 : 1;
  } finally {
    db.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  // Nothing a file holds should get here; if something does, say so in one line.
  process.stderr.write(`导入失败：${error instanceof Error ? error.message : String(error)}。未写入任何内容。\n`);
  process.exitCode = 1;
}
