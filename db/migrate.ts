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

/**
 * Applies every migration newer than PRAGMA user_version, each in its own transaction together
 * with the version bump, so a failing migration leaves the database at the previous version.
 * Returns the versions applied.
 */
export function migrate(db: Db, dir: string = MIGRATIONS_DIR): number[] {
  const migrations = loadMigrations(dir);
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`Database schema version ${current} is newer than this code knows (${latest}); update the code before opening this database`);
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const rebuildsTables = FOREIGN_KEYS_OFF.test(migration.sql);
    // SQLite's table-rebuild procedure: foreign keys off (outside the transaction, where the
    // pragma is a no-op), rebuild, then check every reference before committing.
    if (rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`Migration ${migration.name} left ${broken.length} broken foreign key reference(s)`);
        }
        db.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      if (rebuildsTables) db.pragma('foreign_keys = ON');
    }
    applied.push(migration.version);
  }
  return applied;
}

/** A migration that rebuilds tables says so on a line of its own: `-- migrate: foreign_keys=off`. */
const FOREIGN_KEYS_OFF = /^-- migrate: foreign_keys=off$/m;
