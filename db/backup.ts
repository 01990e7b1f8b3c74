// Copies of the database file: SQLite's online backup (safe while the server writes), and the
// checks a copy must pass before anyone relies on it or restores it.
import Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { loadMigrations } from './migrate.ts';
import type { Db } from './open.ts';

/** A copy that cannot be used, with a message for the operator (no stack trace needed). */
export class DatabaseFileError extends Error {
  override name = 'DatabaseFileError';
}

const SQLITE_HEADER = 'SQLite format 3\u0000';
/** Tables every portal database has since the first migration. */
const PORTAL_TABLES = ['users', 'feedback', 'audit_log', 'app_settings'];

/**
 * Copies the live database at `sourcePath` into `targetPath` with SQLite's backup API: a
 * consistent snapshot even while the server writes (it restarts on a change until it gets one).
 * Opens its own connection and never migrates.
 */
export async function onlineBackup(sourcePath: string, targetPath: string): Promise<void> {
  const source = new Database(sourcePath, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(targetPath);
  } finally {
    source.close();
  }
  // The copy carries the source's WAL mode; as a rollback-journal file it is one self-contained
  // file that opens read-only anywhere (a WAL file needs a writable folder for its -shm).
  const copy = new Database(targetPath, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

export interface DatabaseFileFacts {
  schemaVersion: number;
  /** The schema version this code brings a database to. */
  latestVersion: number;
}

function readHeader(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks that `path` is a whole portal database this code can open: an SQLite file, intact
 * (integrity_check), with the portal's tables, at a schema version not newer than this code's.
 * Throws DatabaseFileError saying what is wrong. Opens it read-only.
 */
export function inspectDatabaseFile(path: string): DatabaseFileFacts {
  let header: string;
  try {
    header = readHeader(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DatabaseFileError(`${path} does not exist`);
    if (code === 'EISDIR') throw new DatabaseFileError(`${path} is a folder, not a backup file`);
    throw new DatabaseFileError(`cannot read ${path} (${code ?? String(error)})`);
  }
  if (header !== SQLITE_HEADER) throw new DatabaseFileError(`${path} is not an SQLite database (a portal backup is one)`);
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const problems = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((row) => row.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new DatabaseFileError(`${path} is damaged (integrity_check: ${problems.slice(0, 3).join('; ')})`);
    }
    const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
    const missing = PORTAL_TABLES.filter((table) => !tables.has(table));
    if (missing.length > 0) throw new DatabaseFileError(`${path} is an SQLite database but not the portal's (no ${missing.join(', ')} table)`);
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const latestVersion = loadMigrations().at(-1)?.version ?? 0;
    if (schemaVersion > latestVersion) {
      throw new DatabaseFileError(
        `${path} is from a newer version of the portal (schema ${schemaVersion}; this code knows up to ${latestVersion}): update the code (git pull) and run the restore again`,
      );
    }
    return { schemaVersion, latestVersion };
  } catch (error) {
    if (error instanceof DatabaseFileError) throw error;
    const code = (error as { code?: string }).code;
    throw new DatabaseFileError(`${path} cannot be read as a database (${code ?? (error as Error).message})`);
  } finally {
    db?.close();
  }
}

/** A value sealed under SECRET_KEY, to check that a key opens the data. */
export interface SealedSample {
  purpose: 'totp' | 'contact-details' | 'key-check';
  /** What it is, for the message: "the second-factor secret of account admin". */
  what: string;
  sealed: string;
}

/** One sealed second-factor secret and one sealed contact detail, where the database has them. */
export function sealedSamples(db: Db): SealedSample[] {
  const samples: SealedSample[] = [];
  // Stored by the server the first time it opens a database (server/key-check.ts).
  const check = db.prepare("SELECT value FROM app_settings WHERE key = 'secret_key_check'").pluck().get() as string | undefined;
  if (check !== undefined) samples.push({ purpose: 'key-check', what: 'the key check value the server stored', sealed: check });
  // A backup from an older schema may predate the sealed columns (then nothing there is sealed).
  const columns = (table: string) => new Set((db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((column) => column.name));
  const user = !columns('users').has('totp_secret_enc') ? undefined : db.prepare('SELECT username, totp_secret_enc FROM users WHERE totp_secret_enc IS NOT NULL ORDER BY id LIMIT 1').get() as
    | { username: string; totp_secret_enc: string }
    | undefined;
  if (user) samples.push({ purpose: 'totp', what: `the second-factor secret of account ${user.username}`, sealed: user.totp_secret_enc });
  const sample = !columns('feedback').has('contact_sealed') ? undefined : db
    .prepare('SELECT tracking_code, coalesce(contact_name, contact_phone, contact_email) AS sealed FROM feedback WHERE contact_sealed = 1 AND coalesce(contact_name, contact_phone, contact_email) IS NOT NULL ORDER BY id LIMIT 1')
    .get() as { tracking_code: string; sealed: string } | undefined;
  if (sample) samples.push({ purpose: 'contact-details', what: `the contact details of feedback ${sample.tracking_code}`, sealed: sample.sealed });
  return samples;
}

/** Row counts of the tables an operator recognises, for the scripts' reports. */
export function recordCounts(db: Db): Record<'feedback' | 'users' | 'rectification_items' | 'audit_log', number> {
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return { feedback: count('feedback'), users: count('users'), rectification_items: count('rectification_items'), audit_log: count('audit_log') };
}
