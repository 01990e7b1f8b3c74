// `npm run backup`: an online copy of the database (SQLite's backup API; the server may keep
// running) into BACKUP_DIR as portal-<UTC time>.db, checked with integrity_check, keeping the
// newest BACKUP_KEEP. Exit 0 with a report, or 1 with one plain sentence.
// Usage: npm run backup
import { ConfigError, loadConfig } from '../server/config.ts';
import { backupDatabase, secretKeyAdvice } from '../server/backups.ts';
import { megabytes } from '../server/storage.ts';

try {
  if (process.argv.length > 2) throw new ConfigError(`npm run backup takes no arguments (got ${process.argv.slice(2).join(' ')}); BACKUP_DIR and BACKUP_KEEP set where and how many`);
  const config = loadConfig();
  const result = await backupDatabase(config);
  const { feedback, users, rectification_items: items, audit_log: audit } = result.counts;
  process.stdout.write(
    `backup: ${config.databasePath} -> ${result.file}\n` +
      `  ${megabytes(result.bytes)}, schema version ${result.schemaVersion}, integrity_check ok; ${feedback} opinions, ${items} ledger items, ${users} staff accounts, ${audit} audit entries\n` +
      `  kept the newest ${config.backupKeep} backups in ${config.backupDir}${result.removed.length > 0 ? `; removed ${result.removed.join(', ')}` : ''}\n` +
      `  ${secretKeyAdvice(config)}\n`,
  );
} catch (error) {
  // Operators get a sentence, never a stack trace.
  process.stderr.write(`backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
