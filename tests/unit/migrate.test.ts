import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, MigrationError, MIGRATIONS_DIR, schemaVersion } from '../../db/migrate.ts';
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

  it('roll back the whole upgrade when one migration fails: the database stays as it was', () => {
    const db = openDatabase(':memory:', { migrate: false });
    const dir = migrationsDir({ '001_a.sql': 'CREATE TABLE a (x);' });
    migrate(db, dir);
    writeFileSync(join(dir, '002_b.sql'), 'CREATE TABLE b (x);');
    writeFileSync(join(dir, '003_broken.sql'), 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);');
    let error: unknown;
    try {
      migrate(db, dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toBe(
      'Upgrading the database from schema 1 to 3 failed in 003_broken.sql: no such table: nowhere. Nothing was changed: the database is still at schema 1.',
    );
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual(['a']);
  });

  it('call beforeChange once, outside a transaction, before changing a database that has a schema; never for a new one', () => {
    const db = openDatabase(':memory:', { migrate: false });
    const dir = migrationsDir({ '001_a.sql': 'CREATE TABLE a (x);' });
    const calls: Array<[number, number, boolean, boolean]> = [];
    const beforeChange = (seen: typeof db, from: number, to: number) => {
      calls.push([from, to, seen.inTransaction, seen.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'b'").pluck().get() === 0]);
    };
    migrate(db, dir, { beforeChange });
    expect(calls).toEqual([]);
    writeFileSync(join(dir, '002_b.sql'), 'CREATE TABLE b (x);');
    writeFileSync(join(dir, '003_c.sql'), 'CREATE TABLE c (x);');
    expect(migrate(db, dir, { beforeChange })).toEqual([2, 3]);
    expect(migrate(db, dir, { beforeChange })).toEqual([]);
    expect(calls).toEqual([[1, 3, false, true]]);
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

describe('migration 002 (the workflow) on opinions already stored', () => {
  it('keeps every opinion and event, moving 已审核公开 and 已评价 beside the state', () => {
    const dir = migrationsDir({ '001_initial.sql': readFileSync(join(MIGRATIONS_DIR, '001_initial.sql'), 'utf8') });
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, dir);
    const at = '2026-10-01T02:00:00.000Z';
    db.prepare("INSERT INTO units (code, name, kind, created_at) VALUES ('S01', '一中', 'school', ?)").run(at);
    db.prepare("INSERT INTO users (username, display_name, password_hash, role, created_at) VALUES ('old', '旧账号', 'x', 'admin', ?)").run(at);
    const insert = db.prepare(
      `INSERT INTO feedback (tracking_code, secret_hash, role, category, content, is_anonymous, consent_to_publish, status, assigned_unit_id,
         reply_text, public_content, public_reply, rating, submitted_at, accepted_at, replied_at, published_at, rated_at, updated_at)
       VALUES (?, 'h', 'parent', 'fees', '内容', 0, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insert.run('A', 'rated', 1, '答复', '公开意见', '公开答复', 'satisfied', at, at, at, at, at, at);
    insert.run('B', 'published', 1, '答复', '公开意见', '公开答复', null, at, at, at, at, null, at);
    insert.run('C', 'rejected', null, null, null, null, null, at, null, null, null, null, at);
    insert.run('D', 'assigned', 1, null, null, null, null, at, at, null, null, null, at);
    const event = db.prepare('INSERT INTO feedback_events (feedback_id, actor_kind, from_status, to_status, note, at) VALUES (?, ?, ?, ?, ?, ?)');
    event.run(1, 'public', null, 'pending', null, at);
    event.run(1, 'user', 'replied', 'published', '公开', at);
    event.run(1, 'public', 'published', 'rated', '满意', at);
    event.run(3, 'user', 'pending', 'rejected', '不属于本局职责', at);
    event.run(4, 'user', 'accepted', 'assigned', null, at);

    expect(migrate(db)).toContain(2);
    const rows = db.prepare('SELECT tracking_code, status, publication, rating, reject_reason, reject_note, assigned_at FROM feedback ORDER BY id').all();
    expect(rows).toEqual([
      { tracking_code: 'A', status: 'replied', publication: 'published', rating: 'satisfied', reject_reason: null, reject_note: null, assigned_at: null },
      { tracking_code: 'B', status: 'replied', publication: 'published', rating: null, reject_reason: null, reject_note: null, assigned_at: null },
      { tracking_code: 'C', status: 'rejected', publication: 'undecided', rating: null, reject_reason: 'unclear', reject_note: '不属于本局职责', assigned_at: null },
      { tracking_code: 'D', status: 'assigned', publication: 'undecided', rating: null, reject_reason: null, reject_note: null, assigned_at: at },
    ]);
    expect(db.prepare('SELECT action, from_status, to_status, unit_id FROM feedback_events ORDER BY id').all()).toEqual([
      { action: 'submit', from_status: null, to_status: 'pending', unit_id: null },
      { action: 'publish', from_status: 'replied', to_status: 'replied', unit_id: null },
      { action: 'rate', from_status: 'replied', to_status: 'replied', unit_id: null },
      { action: 'reject', from_status: 'pending', to_status: 'rejected', unit_id: null },
      { action: 'assign', from_status: 'accepted', to_status: 'assigned', unit_id: 1 },
    ]);
    expect(db.prepare('SELECT role FROM user_roles').pluck().all()).toEqual(['sysadmin']);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
