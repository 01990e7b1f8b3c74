// `npm run restore -- FILE`: replaces the database with a backup. Refuses while the server runs;
// checks the file and that SECRET_KEY opens its sealed data before anything is replaced; keeps
// the current database aside; migrates a backup from an older version. Exit 0 with a report, 1
// with one plain sentence (nothing replaced), 2 for a wrong call.
// Usage: npm run restore -- /var/backups/zuofeng-portal/portal-20261205T023000Z.db
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { restoreDatabase } from '../server/backups.ts';

const USAGE = 'usage: npm run restore -- <backup file>   (stop the server first)';

let file: string;
try {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new Error(positionals.length === 0 ? 'which backup file?' : 'one backup file at a time');
  file = resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]!);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}

try {
  const config = loadConfig();
  const result = restoreDatabase(config, file);
  const { feedback, users, rectification_items: items, audit_log: audit } = result.counts;
  process.stdout.write(
    `restored ${result.from} -> ${config.databasePath}\n` +
      `  schema version ${result.schemaBefore}${result.schemaAfter !== result.schemaBefore ? ` migrated to ${result.schemaAfter}` : ''}; ${feedback} opinions, ${items} ledger items, ${users} staff accounts, ${audit} audit entries\n` +
      `  SECRET_KEY checked: ${result.keyChecked.length > 0 ? `it opens ${result.keyChecked.join(' and ')}` : 'the backup holds nothing sealed'}\n` +
      `  ${result.keptAside ? `the database it replaced is kept as ${result.keptAside}` : 'there was no database before'}\n` +
      '  start the server again (npm start or systemctl start zuofeng-portal); it rebuilds the site from the restored data\n',
  );
} catch (error) {
  // Operators get a sentence, never a stack trace.
  process.stderr.write(`restore failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
