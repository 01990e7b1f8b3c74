// Group commit: pieces queued together share one transaction; each promise settles after the
// COMMIT; a piece that fails is rolled back alone; a failed commit fails the whole group.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../db/group-commit.ts';
import { openDatabase } from '../../db/open.ts';
import { tempDirForTest } from '../helpers/temp.ts';

function setting() {
  const path = join(tempDirForTest(), 'group.db');
  const db = openDatabase(path, { migrate: false });
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE)');
  const insert = db.transaction((value: string) => db.prepare('INSERT INTO t (value) VALUES (?)').run(value).lastInsertRowid);
  return { db, path, insert, group: createGroupCommit(db) };
}

describe('createGroupCommit', () => {
  it('commits pieces queued in the same turn together, and settles them only after the commit', async () => {
    const { db, path, insert, group } = setting();
    const reader = new Database(path, { readonly: true });
    const seen: number[] = [];
    const pieces = ['a', 'b', 'c'].map((value) =>
      group.run(() => insert(value)).then((id) => {
        // Durable by the time the promise settles: another connection sees the row.
        seen.push((reader.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n);
        return id;
      }),
    );
    expect((reader.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(0);
    expect(await Promise.all(pieces)).toEqual([1, 2, 3]);
    expect(seen).toEqual([3, 3, 3]);
    reader.close();
    db.close();
  });

  it('rolls back a failing piece alone', async () => {
    const { db, insert, group } = setting();
    const results = await Promise.allSettled([group.run(() => insert('x')), group.run(() => insert('x')), group.run(() => insert('y'))]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT value FROM t ORDER BY id').pluck().all()).toEqual(['x', 'y']);
    db.close();
  });

  it('fails every piece of a group whose commit fails, and stores none of it', async () => {
    const { db, insert, group } = setting();
    // A deferred foreign key check fails at COMMIT, after every piece has run.
    db.exec('PRAGMA foreign_keys = ON; CREATE TABLE child (parent INTEGER REFERENCES t (id) DEFERRABLE INITIALLY DEFERRED)');
    const orphan = db.transaction(() => db.prepare('INSERT INTO child (parent) VALUES (999)').run());
    const results = await Promise.allSettled([group.run(() => insert('p')), group.run(() => orphan())]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
    db.close();
  });

  it('fails the whole group with that piece\'s error when SQLite rolls back the whole transaction (a full database)', async () => {
    const { db, insert, group } = setting();
    insert('seed');
    db.pragma('wal_checkpoint(TRUNCATE)');
    // The file may not grow: a piece that needs a new page fails with SQLITE_FULL, which ends the
    // transaction instead of the piece's savepoint.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const results = await Promise.allSettled([group.run(() => insert('small')), group.run(() => insert('x'.repeat(64 * 1024))), group.run(() => insert('after'))]);
    expect(results.map((result) => (result.status === 'rejected' ? (result.reason as { code?: string }).code : 'fulfilled'))).toEqual(['SQLITE_FULL', 'SQLITE_FULL', 'SQLITE_FULL']);
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT value FROM t').pluck().all()).toEqual(['seed']);
    db.close();
  });
});
