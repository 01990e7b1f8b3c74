import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { tempDirForTest } from '../helpers/temp.ts';

function migrationsDir(files: Record<string, string>): string {
  const dir = join(tempDirForTest('portal-migrations-'), 'migrations');
  mkdirSync(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe('migrations', () => {
  it('bring a new database to the latest version with the pragmas a durable store needs', () => {
    const db = openDatabase(join(tempDirForTest(), 'portal.db'));
    expect(schemaVersion(db)).toBe(loadMigrations().length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['units', 'rectification_items', 'item_updates', 'feedback', 'feedback_events', 'users', 'audit_log', 'mail_outbox']),
    );
    db.close();
  });

  it('apply nothing the second time', () => {
    const path = join(tempDirForTest(), 'portal.db');
    openDatabase(path).close();
    const db = openDatabase(path, { migrate: false });
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('apply only the new ones, in order', () => {
    const db = openDatabase(':memory:', { migrate: false });
    const dir = migrationsDir({ '001_a.sql': 'CREATE TABLE a (x);', '002_b.sql': 'CREATE TABLE b (x);' });
    expect(migrate(db, dir)).toEqual([1, 2]);
    writeFileSync(join(dir, '003_c.sql'), 'CREATE TABLE c (x);');
    expect(migrate(db, dir)).toEqual([3]);
    expect(schemaVersion(db)).toBe(3);
  });

  it('roll back a failing migration whole and keep the previous version', () => {
    const db = openDatabase(':memory:', { migrate: false });
    const dir = migrationsDir({
      '001_a.sql': 'CREATE TABLE a (x);',
      '002_broken.sql': 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);',
    });
    expect(() => migrate(db, dir)).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
  });

  it.each([
    ['a gap in the numbers', { '001_a.sql': 'SELECT 1;', '003_c.sql': 'SELECT 1;' }, /without gaps/],
    ['a badly named file', { '001_a.sql': 'SELECT 1;', 'two.sql': 'SELECT 1;' }, /must look like/],
  ])('refuse %s', (_name, files, message) => {
    const db = openDatabase(':memory:', { migrate: false });
    expect(() => migrate(db, migrationsDir(files))).toThrow(message);
  });

  it('refuse a database newer than the code', () => {
    const db = openDatabase(':memory:', { migrate: false });
    db.pragma('user_version = 99');
    expect(() => migrate(db)).toThrow(/newer than this code knows/);
  });
});
