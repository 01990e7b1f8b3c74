// scripts/create-admin.ts and scripts/demo-code.ts as an operator runs them: real processes,
// plain messages and exit codes, never a stack trace.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { currentDemoCode, DEMO_BUREAU_SETTING } from '../../server/auth/demo-code.ts';
import { totpCode } from '../../server/auth/totp.ts';
import { createStaff, TEST_TOTP_KEY } from '../helpers/admin.ts';
import { runScript } from '../helpers/processes.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { tempDirForTest } from '../helpers/temp.ts';

const STRONG = 'orchard-lantern-river-7';

function env(dataDir: string): Record<string, string> {
  return { DATA_DIR: dataDir, SECRET_KEY: TEST_SECRET_KEY, LOG_LEVEL: 'silent' };
}

describe('scripts/create-admin.ts', { timeout: 30_000 }, () => {
  it('refuses a weak password with exit 1 and a clear message, creating nothing', async () => {
    const dataDir = tempDirForTest();
    const result = await runScript('create-admin.ts', env(dataDir), ['--username', 'admin', '--display-name', '系统管理员', '--password', 'woaini1314520']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('密码太弱 / password too weak');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const db = openDatabase(join(dataDir, 'portal.db'));
    expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
    db.close();
  });

  it('creates a 系统管理员 with a good password', async () => {
    const dataDir = tempDirForTest();
    const result = await runScript('create-admin.ts', env(dataDir), ['--username', 'admin', '--display-name', '系统管理员', '--password', STRONG]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('已创建系统管理员 admin');
    const db = openDatabase(join(dataDir, 'portal.db'));
    const user = db.prepare('SELECT id, username, display_name, must_change_password, totp_secret_enc, password_hash FROM users').get() as Record<string, unknown>;
    expect(user).toMatchObject({ username: 'admin', display_name: '系统管理员', must_change_password: 0, totp_secret_enc: null });
    expect(String(user.password_hash)).not.toContain(STRONG);
    expect(db.prepare('SELECT role FROM user_roles WHERE user_id = ?').all(user.id)).toEqual([{ role: 'sysadmin' }]);
    expect(db.prepare("SELECT actor_kind, action FROM audit_log WHERE object_type = 'user'").all()).toEqual([{ actor_kind: 'system', action: 'user.created' }]);
    db.close();

    const again = await runScript('create-admin.ts', env(dataDir), ['--username', 'ADMIN', '--display-name', '另一位', '--password', STRONG]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('已被使用');
  });

  it.each([
    ['a missing value without a terminal', ['--username', 'admin', '--display-name', '管理员'], 'missing: --password'],
    ['an invalid user name', ['--username', 'a b', '--display-name', '管理员', '--password', STRONG], '--username'],
    ['markup in the name', ['--username', 'admin', '--display-name', '<b>x</b>', '--password', STRONG], '--display-name'],
    ['an unknown option', ['--user', 'admin'], 'usage:'],
  ])('explains %s and exits 1', async (_name, args, message) => {
    const result = await runScript('create-admin.ts', env(tempDirForTest()), args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops with the configuration message when SECRET_KEY is missing', async () => {
    const result = await runScript('create-admin.ts', { ...env(tempDirForTest()), SECRET_KEY: '' }, ['--username', 'admin', '--display-name', '管理员', '--password', STRONG]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SECRET_KEY');
    expect(result.stderr).toContain("randomBytes(32).toString('hex')");
  });
});

describe('demo codes', () => {
  it('gives the current code of a demo account, only on the demo database', async () => {
    const dataDir = tempDirForTest();
    const db = openDatabase(join(dataDir, 'portal.db'));
    const staff = await createStaff(db, { roles: ['office'], username: 'demo.office' });
    const now = new Date();
    expect(currentDemoCode(db, TEST_TOTP_KEY, 'demo.office', now)).toMatchObject({ ok: false, message: expect.stringContaining('不是演示数据库') });
    db.prepare('INSERT INTO app_settings (key, value) VALUES (?, ?)').run(DEMO_BUREAU_SETTING, 'true');
    expect(currentDemoCode(db, TEST_TOTP_KEY, 'demo.office', now)).toEqual({ ok: true, value: { code: staff.code(now), secondsLeft: expect.any(Number) } });
    expect(currentDemoCode(db, TEST_TOTP_KEY, 'nobody', now)).toMatchObject({ ok: false });
    db.close();

    const result = await runScript('demo-code.ts', env(dataDir), ['demo.office']);
    expect(result.code).toBe(0);
    const printed = result.stdout.trim();
    const after = new Date();
    expect([totpCode(staff.totpSecret, now), totpCode(staff.totpSecret, after)]).toContain(printed);
  }, 30_000);

  it('refuses to run on a database that is not the demo', async () => {
    const dataDir = tempDirForTest();
    const db = openDatabase(join(dataDir, 'portal.db'));
    await createStaff(db, { roles: ['office'], username: 'real.person' });
    db.close();
    const result = await runScript('demo-code.ts', env(dataDir), ['real.person']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('not the demo bureau');
  }, 30_000);
});
