// Backups and restores of the database, for `npm run backup` / `npm run restore` and the copy made
// before a migration. A backup is SQLite's online copy, checked before it counts; a restore checks
// the file and the key before it replaces anything, and keeps the database it replaces.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, copyFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DatabaseFileError, inspectDatabaseFile, onlineBackup, recordCounts, sealedSamples } from '../db/backup.ts';
import { migrate, schemaVersion } from '../db/migrate.ts';
import { type Db, openDatabase } from '../db/open.ts';
import type { AppConfig } from './config.ts';
import { decryptText, DecryptionError, deriveKey } from './crypto.ts';
import { runningServerPid } from './pid-file.ts';
import { isStorageFull, megabytes, requireFreeSpace } from './storage.ts';

export { DatabaseFileError };

/** A backup or restore that did not happen, with a message for the operator. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** Backups made by `npm run backup` (counted for BACKUP_KEEP); others (before a migration) are kept. */
const ROUTINE_BACKUP = /^portal-\d{8}T\d{6}\.\d{3}Z\.db$/;

/** 20261205T023000.123Z: sorts by time; milliseconds, so that two backups in one second differ. */
function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '');
}

/** Where the key that opens sealed data comes from, for messages. */
export function secretKeySource(config: AppConfig): string {
  return config.env.SECRET_KEY !== undefined ? 'SECRET_KEY (in .env or the service environment)' : `the key file ${config.secretKeyFile}`;
}

export function secretKeyAdvice(config: AppConfig): string {
  return (
    `SECRET_KEY is not in the backup. Keep a copy of it apart from the backups (a password manager, or on paper in the office safe): ` +
    `without it the second-factor secrets and the submitters' contact details in a backup cannot be read. The key in use is ${secretKeySource(config)}.`
  );
}

export interface BackupResult {
  file: string;
  bytes: number;
  schemaVersion: number;
  counts: ReturnType<typeof recordCounts>;
  /** Older routine backups deleted to keep BACKUP_KEEP. */
  removed: string[];
}

/**
 * Copies the database into BACKUP_DIR as portal-<UTC time>[-<label>].db (portal-20261205T023000.123Z.db) while the server may be
 * running, checks the copy (integrity_check) and, for routine backups, deletes all but the newest
 * BACKUP_KEEP. A copy is written as .partial and renamed only once checked, so a file with the
 * final name is always whole.
 */
export async function backupDatabase(config: AppConfig, options: { now?: Date; label?: string } = {}): Promise<BackupResult> {
  const source = config.databasePath;
  if (!existsSync(source)) throw new BackupError(`there is no database at ${source} to back up (check DATA_DIR and DATABASE_PATH)`);
  const dir = config.backupDir;
  mkdirSync(dir, { recursive: true });
  const size = statSync(source).size + (existsSync(`${source}-wal`) ? statSync(`${source}-wal`).size : 0);
  requireFreeSpace(dir, size + 1024 * 1024, 'the backup', `the size of the database, ${megabytes(size)}`);
  const name = `portal-${stamp(options.now ?? new Date())}${options.label ? `-${options.label}` : ''}.db`;
  const file = join(dir, name);
  const partial = `${file}.partial`;
  try {
    await onlineBackup(source, partial);
    const facts = inspectDatabaseFile(partial);
    renameSync(partial, file);
    const counts = readCounts(file);
    const removed = options.label ? [] : pruneBackups(dir, config.backupKeep);
    return { file, bytes: statSync(file).size, schemaVersion: facts.schemaVersion, counts, removed };
  } catch (error) {
    rmSync(partial, { force: true });
    if (isStorageFull(error)) throw new BackupError(`the disk of ${dir} filled up during the backup; free some space there (or set BACKUP_DIR to a larger disk) and run it again`);
    throw error;
  }
}

function readCounts(file: string): ReturnType<typeof recordCounts> {
  const db = openDatabase(file, { readonly: true, migrate: false });
  try {
    return recordCounts(db);
  } finally {
    db.close();
  }
}

/** Deletes all but the newest `keep` routine backups (and copies left half-written); returns what it deleted. */
function pruneBackups(dir: string, keep: number): string[] {
  const names = readdirSync(dir);
  const stale = names.filter((name) => name.endsWith('.db.partial'));
  const old = names.filter((name) => ROUTINE_BACKUP.test(name)).sort().reverse().slice(keep);
  for (const name of [...stale, ...old]) rmSync(join(dir, name), { force: true });
  return old.map((name) => join(dir, name));
}

/** Throws a BackupError naming the sealed value the configured key cannot open. */
export function checkSecretKeyOpens(config: AppConfig, file: string): string[] {
  const db = openDatabase(file, { readonly: true, migrate: false });
  try {
    const checked: string[] = [];
    for (const sample of sealedSamples(db)) {
      try {
        decryptText(deriveKey(config, sample.purpose), sample.sealed);
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error;
        throw new BackupError(
          `the configured key (${secretKeySource(config)}) does not open ${sample.what} in ${file}: it is not the key that was in use when the backup was made. ` +
            'Set SECRET_KEY (or SECRET_KEY_FILE) to that key and run the restore again; nothing was replaced.',
        );
      }
      checked.push(sample.what);
    }
    return checked;
  } finally {
    db.close();
  }
}

/**
 * For openDatabase's `beforeMigration`: copies the database as it is (VACUUM INTO: consistent,
 * synchronous, outside the migration's transaction) into BACKUP_DIR as
 * portal-<time>-before-schema-<to>.db, checks the copy, and says where it is. Throws when there
 * is no room for it: no upgrade without a way back.
 */
export function backupBeforeMigration(config: AppConfig, log: (line: string) => void, now: () => Date = () => new Date()) {
  return (db: Db, from: number, to: number): void => {
    mkdirSync(config.backupDir, { recursive: true });
    const size = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    requireFreeSpace(config.backupDir, size + 1024 * 1024, `the upgrade from schema ${from} to ${to}`, `room for a copy of the database, ${megabytes(size)}`);
    const file = join(config.backupDir, `portal-${stamp(now())}-before-schema-${to}.db`);
    try {
      db.prepare('VACUUM INTO ?').run(file);
      inspectDatabaseFile(file);
    } catch (error) {
      rmSync(file, { force: true });
      throw new BackupError(`the upgrade from schema ${from} to ${to} did not start: the copy of the database before it failed (${(error as Error).message}); nothing was changed`);
    }
    log(`upgrading the database from schema ${from} to ${to}; a copy as it was before: ${file} (to go back: the previous code, then npm run restore -- ${file})`);
  };
}

export interface RestoreResult {
  from: string;
  schemaBefore: number;
  schemaAfter: number;
  /** Where the database that was replaced is kept (null when there was none). */
  keptAside: string | null;
  /** The sealed values the key was checked on. */
  keyChecked: string[];
  counts: ReturnType<typeof recordCounts>;
}

/**
 * Replaces the database with a backup: refuses while a server runs on the data folder; checks
 * the file (SQLite, intact, the portal's, not newer than this code) and that the configured key
 * opens its sealed values; copies it beside the database and migrates the copy; only then moves
 * the current database (with its -wal and -shm) aside and the copy into its place.
 */
export function restoreDatabase(config: AppConfig, backupFile: string, options: { now?: Date } = {}): RestoreResult {
  const server = runningServerPid(config.dataDir);
  if (server !== null) {
    throw new BackupError(`a server (pid ${server}) is running on ${config.dataDir}; stop it first (systemctl stop zuofeng-portal), then run the restore again`);
  }
  const facts = inspectDatabaseFile(backupFile);
  const keyChecked = checkSecretKeyOpens(config, backupFile);
  const target = config.databasePath;
  const dataDir = join(target, '..');
  mkdirSync(dataDir, { recursive: true });
  const size = statSync(backupFile).size;
  // The copy, then the migration's writes (a WAL as large as the changes) before the switch.
  requireFreeSpace(dataDir, 2 * size + 1024 * 1024, 'the restore', `twice the size of the backup, ${megabytes(size)}`);
  const incoming = `${target}.restoring`;
  removeDatabaseFiles(incoming);
  let schemaAfter: number;
  let counts: ReturnType<typeof recordCounts>;
  try {
    copyFileSync(backupFile, incoming);
    const db = openDatabase(incoming, { migrate: false });
    try {
      migrate(db);
      schemaAfter = schemaVersion(db);
      counts = recordCounts(db);
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  } catch (error) {
    removeDatabaseFiles(incoming);
    if (isStorageFull(error)) throw new BackupError(`the disk of ${dataDir} filled up during the restore; nothing was replaced. Free some space there and run it again`);
    if (error instanceof DatabaseFileError || error instanceof BackupError) throw error;
    throw new BackupError(`the backup could not be brought to this version's schema (${(error as Error).message}); nothing was replaced`);
  }
  let keptAside: string | null = null;
  if (existsSync(target)) {
    keptAside = `${target}.before-restore-${stamp(options.now ?? new Date())}`;
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(target + suffix)) renameSync(target + suffix, keptAside + suffix);
  }
  rmSync(`${incoming}-wal`, { force: true });
  rmSync(`${incoming}-shm`, { force: true });
  renameSync(incoming, target);
  return { from: backupFile, schemaBefore: facts.schemaVersion, schemaAfter, keptAside, keyChecked, counts };
}

function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

export function describeFile(path: string): string {
  return `${basename(path)} (${megabytes(statSync(path).size)})`;
}
