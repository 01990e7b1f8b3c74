// `npm start`: migrate the database, seed the demo bureau into an empty one, serve site + API on
// one port and build the site (before listening only when there is no earlier build to serve). run.mjs has already chosen Node and installed packages.
// The build runs in a child process (server/rebuild-child.ts): Astro's few hundred megabytes are
// returned to the system when it ends, and this process, which goes on serving, stays small.
import { type Db, openDatabase } from '../db/open.ts';
import { MigrationError, schemaVersion } from '../db/migrate.ts';
import { BackupError, backupBeforeMigration } from '../server/backups.ts';
import { LowSpaceError } from '../server/storage.ts';
import { countUsers } from '../db/queries/users.ts';
import { type AppConfig, ConfigError, loadConfig, MissingSecretKeyError } from '../server/config.ts';
import { writeSecretKeyFile } from '../server/crypto.ts';
import { startServer } from '../server/main.ts';
import { RebuildChildError, runRebuildChild } from '../server/rebuild-child.ts';
import { currentBuildInfo } from '../server/site-builds.ts';
import { rebuildOutput } from '../server/log-destination.ts';

/**
 * The first start of the demo on a fresh clone has no SECRET_KEY: it makes one in the key file.
 * Only then: with real data (or SEED_DEMO=false) a missing key is the operator's to supply, since
 * a new key cannot read what an earlier one sealed.
 */
async function loadConfigCreatingDemoKey(): Promise<AppConfig> {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof MissingSecretKeyError) || !error.seedDemo) throw error;
    const { isDatabaseEmpty } = await import('./demo/seed-demo.ts');
    const db = openDatabase(error.databasePath);
    const fresh = isDatabaseEmpty(db) && countUsers(db) === 0;
    db.close();
    if (!fresh) throw error;
    writeSecretKeyFile(error.keyFile);
    console.log(`demo: created a secret key in ${error.keyFile} (for production set SECRET_KEY, see .env.example)`);
    return loadConfig();
  }
}

/**
 * The demo's passwords: a fresh seed writes them to a file only the owner can read and returns the
 * box to print last (showDemoAccounts, once the site is built and served); a later start of the
 * demo just says where the file is. The server's JSON log goes to a file (LOG_FORMAT), so nothing
 * scrolls the box away.
 */
async function keepDemoAccounts(notice: string | null): Promise<string | null> {
  if (!config.seedDemo) return null;
  const { demoAccountsBox, demoAccountsReminder, shownPath, writeDemoAccountsFile } = await import('./demo/accounts-file.ts');
  if (notice === null) return demoAccountsReminder(config.dataDir);
  const file = writeDemoAccountsFile(config.dataDir, notice);
  console.log(`demo staff accounts and passwords saved in ${shownPath(file)} (mode 0600)`);
  return demoAccountsBox(notice, file);
}

function showDemoAccounts(box: string | null): void {
  if (box) console.log(box);
}

let config: AppConfig;
try {
  config = await loadConfigCreatingDemoKey();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

let db: Db;
try {
  // Before a migration changes the database, a copy of it goes to BACKUP_DIR (named here).
  db = openDatabase(config.databasePath, { beforeMigration: backupBeforeMigration(config, (line) => console.log(line)) });
} catch (error) {
  const plain = error instanceof MigrationError || error instanceof BackupError || error instanceof LowSpaceError;
  console.error(plain ? (error as Error).message : error);
  console.error('the server did not start');
  process.exit(1);
}
console.log(`database ${config.databasePath} at schema version ${schemaVersion(db)}`);
let demoNotice: string | null = null;
if (config.seedDemo) {
  // Loaded only when wanted: a production server (SEED_DEMO=false) never holds the demo data.
  const { isDatabaseEmpty } = await import('./demo/seed-demo.ts');
  if (isDatabaseEmpty(db)) {
    const { demoAccountsNotice, seedDemoForConfig } = await import('./demo/seed-for-config.ts');
    const counts = await seedDemoForConfig(db, config);
    console.log(`seeded the demo bureau: ${counts.units} units, ${counts.items} ledger items, ${counts.feedback} opinions, ${counts.staff.accounts.length} staff accounts`);
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    demoNotice = demoAccountsNotice(counts, `http://${shownHost}:${config.port}/admin/`);
  }
}
const demoAccounts = await keepDemoAccounts(demoNotice);
db.close();

// With a build from an earlier run the server listens at once on it and rebuilds in the background
// (a large bureau's build takes minutes); the new build is switched in when it is complete. Only a
// first start, with nothing to serve yet, builds before it listens.
const previousBuild = currentBuildInfo(config.siteDir);
const buildOutput = rebuildOutput(config);
if (!previousBuild) {
  // A stop while the site is being built stops the build (which cleans up) and then this process.
  const stopBuild = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => stopBuild.abort(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    console.log('building the site…');
    const info = await runRebuildChild(config, { signal: stopBuild.signal, ...(buildOutput ? { output: buildOutput } : {}) });
    console.log(`site built: ${info.pages} pages in ${(info.durationMs / 1000).toFixed(1)} s`);
  } catch (error) {
    if (stopBuild.signal.aborted) {
      console.log(`stopped by ${String(stopBuild.signal.reason)} before the server started`);
      process.exit(0);
    }
    console.error(`site build failed: ${error instanceof Error ? error.message : String(error)}`);
    console.error('no earlier build to serve; fix the error above and run npm start again');
    process.exit(1);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

try {
  await startServer(config);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

if (previousBuild) {
  console.log(`serving the build from ${previousBuild.builtAt} while the site is rebuilt in the background`);
  // The server's shutdown (SIGTERM) stops this child like any other rebuild (stopRebuildChildren).
  runRebuildChild(config, buildOutput ? { output: buildOutput } : {}).then(
    (info) => console.log(`site built: ${info.pages} pages in ${(info.durationMs / 1000).toFixed(1)} s; now serving it`),
    (error: unknown) => {
      if (error instanceof RebuildChildError && error.reason === 'stopped') return;
      console.error(`site build failed: ${error instanceof Error ? error.message : String(error)}`);
      console.error(`still serving the build from ${previousBuild.builtAt}`);
    },
  );
}
// The demo's accounts last: after the build and the server's ready line (a first start), or at
// once beside an earlier build being served (its background rebuild says when it is done).
showDemoAccounts(demoAccounts);
