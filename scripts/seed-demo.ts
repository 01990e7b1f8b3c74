// Seeds the demo bureau (示例县教育局) into a database, but only into an empty one.
// Usage: node scripts/seed-demo.ts [--db data/portal.db]
import { resolve } from 'node:path';
import { isDatabaseEmpty } from './demo/seed-demo.ts';
import { demoAccountsNotice, seedDemoForConfig } from './demo/seed-for-config.ts';
import { openDatabase } from '../db/open.ts';
import { loadScriptConfig, parseScriptArgs } from './script-start.ts';

async function main(): Promise<number> {
  const parsed = parseScriptArgs({ options: { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }, 'usage: node scripts/seed-demo.ts [--db <path>]\n');
  if (parsed === null) return 2;
  const args = parsed.values;
  if (args.help) {
    process.stdout.write('usage: node scripts/seed-demo.ts [--db <path>]  (default: the configured DATABASE_PATH)\n');
    return 0;
  }
  const config = loadScriptConfig();
  if (config === null) return 1;
  const path = args.db === undefined ? config.databasePath : resolve(args.db);
  const db = openDatabase(path);
  try {
    if (!isDatabaseEmpty(db)) {
      process.stdout.write('database not empty; demo data not seeded\n');
      return 0;
    }
    const counts = await seedDemoForConfig(db, config);
    process.stdout.write(
      `Seeded demo bureau into ${path}: ${counts.units} units, ${counts.items} rectification items, ${counts.updates} item updates, ` +
        `${counts.feedback} feedback, ${counts.events} feedback events\n`,
    );
    process.stdout.write(demoAccountsNotice(counts, `http://localhost:${config.port}/admin/`));
    return 0;
  } finally {
    db.close();
  }
}

process.exitCode = await main();
