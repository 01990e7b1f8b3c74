// An upgrade is `git pull` and a start: the server migrates the database, but first copies it
// into BACKUP_DIR and says where; a database it cannot open stops it with a plain message.
// (A failing migration rolling back whole is tested in tests/unit/migrate.test.ts.)
import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { listAudit } from '../../db/queries/audit.ts';
import { countsByState, listInbox } from '../../db/queries/feedback-admin.ts';
import { seedAudit, seedFeedback, seedStaff, seedUnits, TODAY } from '../bench/scale-fixture.ts';
import { inspectDatabaseFile } from '../../db/backup.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { tempDirForTest } from '../helpers/temp.ts';

/** A database as the previous version of the code left it: every migration but the last, and a unit. */
function previousVersionDatabase(dataDir: string): { path: string; version: number } {
  const migrations = loadMigrations();
  const path = join(dataDir, 'portal.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  for (const migration of migrations.slice(0, -1)) {
    db.exec(migration.sql);
    db.pragma(`user_version = ${migration.version}`);
  }
  db.prepare("INSERT INTO units (code, name, kind, created_at) VALUES ('S01', '示例第一中学', 'school', '2026-01-01T00:00:00.000Z')").run();
  db.close();
  return { path, version: migrations.at(-2)!.version };
}

const serverEnv = (dataDir: string) => ({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SECRET_KEY: TEST_SECRET_KEY, SEED_DEMO: 'false', LOG_LEVEL: 'warn' });

describe('upgrading: the server migrates on start', { timeout: 60_000 }, () => {
  it('copies the database into BACKUP_DIR before the migration changes it, and names the copy in the log', async () => {
    const dataDir = tempDirForTest('portal-upgrade-');
    const { path, version } = previousVersionDatabase(dataDir);
    const latest = loadMigrations().at(-1)!.version;
    const server = startServerProcess('server/main.ts', serverEnv(dataDir));
    try {
      await server.ready();
      const copy = /a copy as it was before: (\S+\.db) /.exec(server.output())?.[1];
      expect(copy, server.output()).toBeDefined();
      expect(server.output()).toContain(`upgrading the database from schema ${version} to ${latest}`);
      expect(copy!.startsWith(join(dataDir, 'backups', 'portal-'))).toBe(true);
      expect(copy).toMatch(new RegExp(`-before-schema-${latest}\\.db$`));
      expect(inspectDatabaseFile(copy!).schemaVersion).toBe(version);
      const old = new Database(copy!, { readonly: true });
      expect(old.prepare('SELECT name FROM units').pluck().all()).toEqual(['示例第一中学']);
      old.close();
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const upgraded = new Database(path, { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(latest);
    upgraded.close();

    // The next start has nothing to migrate and copies nothing.
    const again = startServerProcess('server/main.ts', serverEnv(dataDir));
    try {
      await again.ready();
      expect(again.output()).not.toContain('upgrading the database');
      expect(readdirSync(join(dataDir, 'backups'))).toHaveLength(1);
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  });

  it('does not start on a database from a newer version, and says what to do, without a stack trace', async () => {
    const dataDir = tempDirForTest('portal-newer-');
    const db = new Database(join(dataDir, 'portal.db'));
    db.pragma(`user_version = ${loadMigrations().at(-1)!.version + 1}`);
    db.close();
    // npm start (scripts/start.ts, which migrates first) and the server alone.
    const start = startServerProcess('scripts/start.ts', serverEnv(dataDir));
    expect(await start.exited).toBe(1);
    expect(start.output()).toContain('is newer than this code knows');
    expect(start.output()).toContain('the server did not start');
    expect(start.output()).not.toMatch(/\n\s+at /);
    const server = startServerProcess('server/main.ts', serverEnv(dataDir));
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('is newer than this code knows');
    expect(server.output()).toContain('update the code (git pull)');
    expect(server.output()).not.toMatch(/\n\s+at /);
    expect(server.output()).not.toContain('is ready');
    const after = new Database(join(dataDir, 'portal.db'), { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(loadMigrations().at(-1)!.version + 1);
    expect(after.prepare('SELECT count(*) FROM sqlite_schema').pluck().get()).toBe(0);
    after.close();
    expect(existsSync(join(dataDir, 'backups'))).toBe(false);
  });

  it('does not start with another SECRET_KEY than the one the database was written with, and says so', async () => {
    const dataDir = tempDirForTest('portal-key-');
    const first = startServerProcess('server/main.ts', serverEnv(dataDir));
    await first.ready();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const other = startServerProcess('server/main.ts', { ...serverEnv(dataDir), SECRET_KEY: 'a3c5e7092b4d6f8105a7c9e1b3d5f70928e4c6a8b0d2f4e6a1c3e5f7092b4d6f' });
    expect(await other.exited).toBe(1);
    expect(other.output()).toContain('is not the key this database was written with');
    expect(other.output()).not.toMatch(/\n\s+at /);
    expect(other.output()).not.toContain('is ready');
  });

  it('migration 011 backfills what it adds for the opinions and audit entries already there: due dates, search, counters', () => {
    const dataDir = tempDirForTest('portal-upgrade-011-');
    const path = join(dataDir, 'portal.db');
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    for (const migration of loadMigrations().filter((candidate) => candidate.version < 11)) {
      old.exec(migration.sql);
      old.pragma(`user_version = ${migration.version}`);
    }
    const staff = seedStaff(old);
    seedFeedback(old, seedUnits(old), staff, 600);
    seedAudit(old, 250, staff);
    // The due date as the inbox computed it before 011, from the state.
    const dueBefore = old.prepare(`SELECT id, CASE
        WHEN status = 'pending' THEN accept_due_on
        WHEN status IN ('accepted', 'assigned', 'in_review') THEN reply_due_on
        WHEN status = 'replied' AND followup_status = 'open' THEN followup_due_on END AS due FROM feedback ORDER BY id`).all();
    const byState = old.prepare('SELECT status AS state, count(*) AS count FROM feedback GROUP BY status ORDER BY status').all();
    const withLunch = old.prepare("SELECT id FROM feedback WHERE content LIKE '%食堂饭菜%' ORDER BY id").pluck().all();
    old.close();

    const db = openDatabase(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(11);
      expect(db.prepare('SELECT id, due_on AS due FROM feedback ORDER BY id').all()).toEqual(dueBefore);
      const office = { allUnits: true, unitId: null };
      expect([...countsByState(db, office)].sort((a, b) => a.state.localeCompare(b.state))).toEqual(byState);
      expect(withLunch.length).toBeGreaterThan(0);
      const found = listInbox(db, office, { q: '食堂饭菜', page: 1, pageSize: 1000 }, TODAY, TODAY);
      expect(found.rows.map((row) => row.id).sort((a, b) => a - b)).toEqual(withLunch);
      expect(found.total).toBe(withLunch.length);
      expect(listInbox(db, office, { page: 1, pageSize: 1 }, TODAY, TODAY).total).toBe(600);
      expect(listAudit(db, {}, 1, 1).total).toBe(250);
    } finally {
      db.close();
    }
  });
});
