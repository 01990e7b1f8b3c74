// `npm run backup` and `npm run restore` as an operator runs them (the scripts in their own
// processes): the restore drill, and every way a restore must refuse without replacing anything.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../db/migrate.ts';
import { pidFile } from '../../server/pid-file.ts';
import { insertItem, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { createStaff, signIn } from '../helpers/admin.ts';
import { buildTestApp, testConfig, type TestApp } from '../helpers/app.ts';
import { TEST_CONTACTS } from '../helpers/contacts.ts';
import { type ProcessResult, runScript } from '../helpers/processes.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { tempDirForTest } from '../helpers/temp.ts';
import { fillDisk, mountTmpfs, tmpfsUnavailable } from '../helpers/tmpfs.ts';

const OTHER_KEY = 'a3c5e7092b4d6f8105a7c9e1b3d5f70928e4c6a8b0d2f4e6a1c3e5f7092b4d6f';

const counts = (db: Database.Database) =>
  Object.fromEntries(['feedback', 'feedback_events', 'users', 'rectification_items', 'audit_log'].map((table) => [table, db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()]));

function env(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { DATA_DIR: dataDir, SECRET_KEY: TEST_SECRET_KEY, LOG_LEVEL: 'silent', ...extra };
}

const backup = (dataDir: string, extra: Record<string, string> = {}) => runScript('backup.ts', env(dataDir, extra));
const restore = (dataDir: string, file: string, extra: Record<string, string> = {}) => runScript('restore.ts', env(dataDir, extra), [file]);

function backupFileOf(result: ProcessResult): string {
  const file = /-> (\S+\.db)\n/.exec(result.stdout)?.[1];
  if (!file) throw new Error(`no backup file in: ${result.stdout}${result.stderr}`);
  return file;
}

/** A plain sentence, exit 1, no stack trace. */
function expectRefusal(result: ProcessResult, message: string | RegExp): void {
  expect(result.code, result.stdout + result.stderr).toBe(1);
  expect(result.stderr).toMatch(typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe('');
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A data folder with opinions (with sealed contacts), staff with second factors, a ledger item and audit entries. */
async function populatedApp(dataDir: string): Promise<{ app: TestApp; trackingCodes: string[] }> {
  const app = await buildTestApp({ config: testConfig({}, dataDir) });
  const admin = await createStaff(app.db, { roles: ['sysadmin'], username: 'drill-admin' });
  await createStaff(app.db, { roles: ['office'] });
  insertItem(app.db);
  const trackingCodes: string[] = [];
  for (const phone of ['13800138001', '13800138002']) {
    const response = await app.inject({ method: 'POST', url: '/api/feedback', payload: (await withProofOfWork(makeFeedbackSubmission({ contactPhone: phone }))) as object });
    expect(response.statusCode).toBe(201);
    trackingCodes.push(response.json().trackingCode);
  }
  await signIn(app.app, admin); // audit entries: sign-in
  return { app, trackingCodes };
}

describe('npm run backup / npm run restore', { timeout: 60_000 }, () => {
  it('drill: a backup made while the server writes, an emptied data folder, a restore: the same records, a staff sign-in works, a sealed contact opens', async () => {
    const dataDir = tempDirForTest('portal-drill-');
    const { app, trackingCodes } = await populatedApp(dataDir);
    // The server still holds the database open with recent commits in its WAL.
    expect(existsSync(`${app.config.databasePath}-wal`)).toBe(true);
    const before = counts(app.db);

    const made = await backup(dataDir);
    expect(made.code, made.stderr).toBe(0);
    const file = backupFileOf(made);
    expect(file.startsWith(join(dataDir, 'backups', 'portal-'))).toBe(true);
    expect(made.stdout).toContain('integrity_check ok');
    expect(made.stdout).toContain(`${before.feedback} opinions`);
    expect(made.stdout).toContain('SECRET_KEY is not in the backup');
    expect(made.stdout).toContain('SECRET_KEY (in .env or the service environment)');
    await app.app.close();

    // Off-site copy, then the server's disk is lost.
    const offsite = join(tempDirForTest('portal-offsite-'), 'copy.db');
    copyFileSync(file, offsite);
    for (const name of readdirSync(dataDir)) rmSync(join(dataDir, name), { recursive: true, force: true });

    const restored = await restore(dataDir, offsite);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('there was no database before');
    expect(restored.stdout).toMatch(/SECRET_KEY checked: it opens the key check value the server stored and the second-factor secret of account drill-admin and the contact details of feedback/);

    const again = await buildTestApp({ config: app.config });
    expect(counts(again.db)).toEqual(before);
    const admin = again.db.prepare("SELECT id FROM users WHERE username = 'drill-admin'").get() as { id: number };
    expect(admin).toBeDefined();
    const row = again.db.prepare('SELECT contact_name, contact_phone, contact_email, contact_sealed FROM feedback WHERE tracking_code = ?').get(trackingCodes[1]) as never;
    expect(TEST_CONTACTS.open(row).phone).toBe('13800138002');
    const session = await again.inject({ method: 'POST', url: '/api/admin/login', headers: { origin: 'http://localhost' }, payload: { username: 'drill-admin', password: 'lantern-orchard-river-7' } });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toEqual({ stage: 'totp' });
  });

  it('keeps the newest BACKUP_KEEP routine backups and says which it removed', async () => {
    const dataDir = tempDirForTest('portal-keep-');
    testConfig({}, dataDir);
    const files: string[] = [];
    for (let run = 0; run < 3; run += 1) {
      const result = await backup(dataDir, { BACKUP_KEEP: '2', BACKUP_DIR: join(dataDir, 'copies') });
      expect(result.code, result.stderr).toBe(0);
      files.push(backupFileOf(result));
      if (run === 2) expect(result.stdout).toContain(`removed ${files[0]}`);
    }
    expect(readdirSync(join(dataDir, 'copies')).sort()).toEqual(files.slice(1).map((file) => file.split('/').at(-1)).sort());
  });

  it('restores over a database, keeping it aside, and migrates a backup from an older schema', async () => {
    const dataDir = tempDirForTest('portal-older-');
    const { app } = await populatedApp(dataDir);
    await app.app.close();
    // A backup from the first version of the schema: only the first migration applied.
    const old = join(tempDirForTest('portal-old-backup-'), 'old.db');
    const oldDb = new Database(old);
    oldDb.exec(loadMigrations()[0]!.sql);
    oldDb.pragma('user_version = 1');
    oldDb.close();
    const current = digest(app.config.databasePath);

    const result = await restore(dataDir, old);
    expect(result.code, result.stderr).toBe(0);
    const latest = loadMigrations().at(-1)!.version;
    expect(result.stdout).toContain(`schema version 1 migrated to ${latest}`);
    expect(result.stdout).toContain('the backup holds nothing sealed');
    const aside = /kept as (\S+)\n/.exec(result.stdout)![1]!;
    expect(digest(aside)).toBe(current);
    const restored = new Database(app.config.databasePath, { readonly: true });
    expect(restored.pragma('user_version', { simple: true })).toBe(latest);
    expect(restored.prepare('SELECT count(*) FROM feedback').pluck().get()).toBe(0);
    restored.close();
  });

  describe('refuses bad input with a plain message, exit 1 and nothing replaced', () => {
    async function setting() {
      const dataDir = tempDirForTest('portal-refuse-');
      const { app } = await populatedApp(dataDir);
      const made = await backup(dataDir);
      expect(made.code, made.stderr).toBe(0);
      await app.app.close();
      const database = app.config.databasePath;
      const unchanged = () => {
        expect(digest(database)).toBe(before);
        expect(readdirSync(dataDir).filter((name) => name.includes('restor'))).toEqual([]);
      };
      const before = digest(database);
      return { dataDir, file: backupFileOf(made), unchanged, scratch: tempDirForTest('portal-bad-') };
    }

    it('a missing file, a folder, a file that is not SQLite, a damaged one, one from a newer schema, no file at all', async () => {
      const { dataDir, file, unchanged, scratch } = await setting();
      expectRefusal(await restore(dataDir, join(scratch, 'nothing.db')), `${join(scratch, 'nothing.db')} does not exist`);
      expectRefusal(await restore(dataDir, scratch), 'is a folder, not a backup file');
      writeFileSync(join(scratch, 'notes.db'), '这不是数据库\n');
      expectRefusal(await restore(dataDir, join(scratch, 'notes.db')), 'is not an SQLite database');
      const damaged = join(scratch, 'damaged.db');
      const bytes = readFileSync(file);
      writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length / 2)));
      expectRefusal(await restore(dataDir, damaged), /damaged\.db (is damaged|cannot be read as a database)/);
      const newer = join(scratch, 'newer.db');
      copyFileSync(file, newer);
      const db = new Database(newer);
      db.pragma(`user_version = ${loadMigrations().at(-1)!.version + 1}`);
      db.close();
      expectRefusal(await restore(dataDir, newer), 'is from a newer version of the portal');
      const noFile = await runScript('restore.ts', env(dataDir), []);
      expect(noFile.code).toBe(2);
      expect(noFile.stderr).toContain('usage: npm run restore -- <backup file>');
      unchanged();
    });

    it('the wrong SECRET_KEY, named before anything is replaced', async () => {
      const { dataDir, file, unchanged } = await setting();
      expectRefusal(await restore(dataDir, file, { SECRET_KEY: OTHER_KEY }), /does not open the key check value the server stored in .*: it is not the key that was in use/);
      unchanged();
      // A backup from before the key check (or with the check removed) is still caught on a sealed value.
      const db = new Database(file);
      db.prepare("DELETE FROM app_settings WHERE key = 'secret_key_check'").run();
      db.close();
      expectRefusal(await restore(dataDir, file, { SECRET_KEY: OTHER_KEY }), /does not open the second-factor secret of account drill-admin in .*: it is not the key that was in use/);
      unchanged();
    });

    it('while the server runs', async () => {
      const { dataDir, file, unchanged } = await setting();
      // This test's own process stands in for a running server.
      writeFileSync(pidFile(dataDir), `${process.pid}\n`);
      expectRefusal(await restore(dataDir, file), `a server (pid ${process.pid}) is running on ${dataDir}; stop it first`);
      unchanged();
      // A pid file left by a server that is gone does not block a restore.
      writeFileSync(pidFile(dataDir), '999999999\n');
      expect((await restore(dataDir, file)).code).toBe(0);
    });
  });

  describe.skipIf(tmpfsUnavailable !== null)(`a full disk (a real tmpfs${tmpfsUnavailable ? `; skipped: ${tmpfsUnavailable}` : ''})`, () => {
    it('a backup onto a full disk and a restore onto a full data disk fail plainly and leave nothing behind', async () => {
      const disk = mountTmpfs(8 * 1024 * 1024);
      try {
        const source = tempDirForTest('portal-full-source-');
        const { app } = await populatedApp(source);
        await app.app.close();
        const freeDisk = fillDisk(disk.path);
        const backupDir = join(disk.path, 'backups');
        expectRefusal(await backup(source, { BACKUP_DIR: backupDir }), /backup failed: the backup did not start: only [\d.]+ MB free on the disk of/);
        expect(existsSync(backupDir) ? readdirSync(backupDir) : []).toEqual([]);
        freeDisk();

        const made = await backup(source, { BACKUP_DIR: backupDir });
        expect(made.code, made.stderr).toBe(0);
        const target = join(disk.path, 'data');
        mkdirSync(target);
        const again = fillDisk(disk.path);
        try {
          expectRefusal(await restore(target, backupFileOf(made)), /restore failed: the restore did not start: only [\d.]+ MB free/);
          expect(readdirSync(target)).toEqual([]);
        } finally {
          again();
        }
      } finally {
        disk.unmount();
      }
    });
  });
});
