import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './open.ts';

export const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Reads `NNN_name.sql` files; the number is the schema version the file brings the database to. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d+)_([\w-]+)\.sql$/.exec(file);
      if (!match) throw new Error(`Migration file name "${file}" must look like 001_name.sql`);
      return { version: Number(match[1]), name: file, sql: readFileSync(join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 1, 2, 3… without gaps; found ${migration.name} at position ${index + 1}`);
    }
  });
  return migrations;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The database could not be brought to this code's schema; it was left as it was. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface MigrateOptions {
  /**
   * Called before the first change, when the database already has a schema (not for a new,
   * empty one): the place to copy it (server/backups.ts does). Runs outside any transaction.
   */
  beforeChange?: (db: Db, from: number, to: number) => void;
}

/**
 * Applies every migration newer than PRAGMA user_version, all of them in one transaction together
 * with the version bump: a migration that fails leaves the database as it was before the upgrade,
 * not half-way. Returns the versions applied.
 */
export function migrate(db: Db, dir: string = MIGRATIONS_DIR, options: MigrateOptions = {}): number[] {
  const migrations = loadMigrations(dir);
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new MigrationError(
      `Database schema version ${current} is newer than this code knows (${latest}); update the code (git pull) before opening this database, or restore a backup made by this version`,
    );
  }
  const pending = migrations.filter((migration) => migration.version > current);
  if (pending.length === 0) return [];
  if (current > 0) options.beforeChange?.(db, current, latest);
  // SQLite's table-rebuild procedure: foreign keys off (outside the transaction, where the pragma
  // is a no-op) while any pending migration rebuilds tables, then every reference checked before
  // the COMMIT.
  const rebuildsTables = pending.some((migration) => FOREIGN_KEYS_OFF.test(migration.sql));
  if (rebuildsTables) db.pragma('foreign_keys = OFF');
  let running: Migration | undefined;
  try {
    db.transaction(() => {
      for (const migration of pending) {
        running = migration;
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      }
      running = undefined;
      if (rebuildsTables) {
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`the migrations left ${broken.length} broken foreign key reference(s)`);
      }
    })();
  } catch (error) {
    throw new MigrationError(
      `Upgrading the database from schema ${current} to ${latest} failed${running ? ` in ${running.name}` : ''}: ${(error as Error).message}. ` +
        `Nothing was changed: the database is still at schema ${current}.`,
      { cause: error },
    );
  } finally {
    if (rebuildsTables) db.pragma('foreign_keys = ON');
  }
  return pending.map((migration) => migration.version);
}

/** A migration that rebuilds tables says so on a line of its own: `-- migrate: foreign_keys=off`. */
const FOREIGN_KEYS_OFF = /^-- migrate: foreign_keys=off$/m;
