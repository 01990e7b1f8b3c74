// Seeds the demo bureau (示例县教育局) into a database, but only into an empty one.
// Usage: node scripts/seed-demo.ts [--db data/portal.db]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isDatabaseEmpty, seedDemoBureau } from '../db/demo/seed-demo.ts';
import { openDatabase } from '../db/open.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..');

function main(): number {
  let args;
  try {
    args = parseArgs({ options: { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\nusage: node scripts/seed-demo.ts [--db <path>]\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write('usage: node scripts/seed-demo.ts [--db <path>]  (default: data/portal.db in the repository)\n');
    return 0;
  }
  const path = args.db === undefined ? resolve(REPO_ROOT, 'data/portal.db') : resolve(args.db);
  const db = openDatabase(path);
  try {
    if (!isDatabaseEmpty(db)) {
      process.stdout.write('database not empty; demo data not seeded\n');
      return 0;
    }
    const counts = seedDemoBureau(db);
    process.stdout.write(
      `Seeded demo bureau into ${path}: ${counts.units} units, ${counts.items} rectification items, ${counts.updates} item updates, ` +
        `${counts.feedback} feedback, ${counts.events} feedback events\n`,
    );
    return 0;
  } finally {
    db.close();
  }
}

process.exitCode = main();
