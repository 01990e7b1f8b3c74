import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type MigrateOptions } from './migrate.ts';
import { workCalendar } from './queries/calendar.ts';
import { refreshWorkDayOrdinals } from './queries/statistics-rollup.ts';
import { bureauDate } from '../server/domain/bureau-time.ts';

export type Db = Database.Database;

export interface OpenOptions {
  /** Apply pending migrations after opening (default true). */
  migrate?: boolean;
  readonly?: boolean;
  /** Called before pending migrations change a database that has a schema (see MigrateOptions). */
  beforeMigration?: MigrateOptions['beforeChange'];
}

/**
 * Opens the portal database with the pragmas every connection needs. better-sqlite3 leaves
 * synchronous at NORMAL in WAL mode, which can lose the last commits on power loss; an
 * acknowledged submission must survive, so we ask for FULL.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  // Deleted contact details must not linger in free pages of the file (PIPL): freed space is
  // zeroed. server/privacy-erasure.ts checkpoints the WAL after an erasure for the same reason.
  if (!options.readonly) db.pragma('secure_delete = ON');
  if (options.migrate ?? !options.readonly) {
    try {
      migrate(db, undefined, options.beforeMigration ? { beforeChange: options.beforeMigration } : {});
      // The statistics rollup's working days follow the calendar in force (migration 017): filled
      // on the first open, refreshed when the range moves (once a year) or the calendar changed.
      if (!options.readonly) refreshWorkDayOrdinals(db, workCalendar(db), bureauDate(new Date()));
    } catch (error) {
      db.close();
      throw error;
    }
  }
  return db;
}

/**
 * Keeps the query planner's statistics current (sqlite.org/lang_analyze.html#pragopt): without
 * them the planner may pick a slow index at a million opinions. `opening` also analyses tables
 * that have never been analysed; SQLite bounds the work (analysis_limit), so it is quick on a big file.
 */
export function optimizeDatabase(db: Db, when: 'opening' | 'periodic' | 'closing'): void {
  db.pragma(when === 'opening' ? 'optimize = 0x10002' : 'optimize');
}
