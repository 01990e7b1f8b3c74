// DATA_DIR on another filesystem than the checkout, as in most installs (/var/lib for data, /srv
// for code): a tmpfs here. The site builds (nothing is renamed across disks), is served, and the
// database is backed up and restored there.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { currentBuildInfo } from '../../server/site-builds.ts';
import { pidFile } from '../../server/pid-file.ts';
import { runScript } from '../helpers/processes.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { mountTmpfs, type Tmpfs, tmpfsUnavailable } from '../helpers/tmpfs.ts';
import { readBuiltPage } from '../helpers/site.ts';

describe.skipIf(tmpfsUnavailable !== null)(`the data folder on another disk (a tmpfs${tmpfsUnavailable ? `; skipped: ${tmpfsUnavailable}` : ''})`, { timeout: 180_000 }, () => {
  let disk: Tmpfs;
  beforeAll(() => {
    disk = mountTmpfs(512 * 1024 * 1024);
  });
  afterAll(() => disk?.unmount());

  it('builds the site, serves it, backs the database up while serving, and restores it after the server stopped', async () => {
    const dataDir = join(disk.path, 'data');
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'true', SECRET_KEY: TEST_SECRET_KEY, MIN_FREE_SPACE_MB: '16' };
    const server = startServerProcess('scripts/start.ts', env, { readyTimeoutMs: 170_000 });
    try {
      const port = await server.ready();
      expect(server.output()).not.toContain('EXDEV');
      const info = currentBuildInfo(loadConfig(env).siteDir);
      expect(info).not.toBeNull();
      expect(readBuiltPage(join(dataDir, 'site', 'builds', info!.id, 'index.html'))).toContain('</html>');
      expect(existsSync(join(dataDir, 'site', 'builds', info!.id, '.prerender'))).toBe(false);
      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('示例县教育局');

      const made = await runScript('backup.ts', env);
      expect(made.code, made.stderr).toBe(0);
      const file = /-> (\S+\.db)\n/.exec(made.stdout)![1]!;
      expect(file.startsWith(join(dataDir, 'backups'))).toBe(true);
      const refused = await runScript('restore.ts', env, [file]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('is running on');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(existsSync(pidFile(dataDir))).toBe(false);
    const restored = await runScript('restore.ts', env, [readdirSync(join(dataDir, 'backups')).map((name) => join(dataDir, 'backups', name))[0]!]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/kept as .*portal\.db\.before-restore-/);
  });
});
