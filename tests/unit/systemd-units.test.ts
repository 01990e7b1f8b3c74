// The systemd units of scripts/deploy/systemd/: `systemd-analyze verify` without a warning where
// the machine has systemd, and the settings the deployment guide relies on.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { tempDirForTest } from '../helpers/temp.ts';

const UNITS = join(PROJECT_ROOT, 'scripts', 'deploy', 'systemd');
const NAMES = ['zuofeng-portal.service', 'zuofeng-portal-backup.service', 'zuofeng-portal-backup.timer'];
const analyze = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).stdout.trim();

/** `Key=value` lines of a unit file (the last one wins, as in systemd; ReadWritePaths is split). */
function settings(name: string): Record<string, string> {
  const entries = readFileSync(join(UNITS, name), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Za-z]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}

describe('systemd units', () => {
  it.skipIf(!analyze)(`systemd-analyze verify finds nothing to say${analyze ? '' : ' (skipped: systemd-analyze is not installed; apt-get install -y systemd)'}`, () => {
    const dir = tempDirForTest('portal-units-');
    for (const name of NAMES) {
      // Where this machine has no /usr/bin/node, the check uses the Node running the tests.
      const text = readFileSync(join(UNITS, name), 'utf8');
      if (existsSync('/usr/bin/node')) copyFileSync(join(UNITS, name), join(dir, name));
      else writeFileSync(join(dir, name), text.replaceAll('/usr/bin/node', process.execPath));
    }
    const result = spawnSync(analyze, ['verify', '--man=no', ...NAMES.map((name) => join(dir, name))], { encoding: 'utf8' });
    expect(result.stderr + result.stdout).toBe('');
    expect(result.status).toBe(0);
    const calendar = spawnSync(analyze, ['calendar', settings('zuofeng-portal-backup.timer').OnCalendar!], { encoding: 'utf8' });
    expect(calendar.status, calendar.stderr).toBe(0);
  });

  it('run the npm tasks of run.mjs, hardened, with the data and backup folders of the guide', () => {
    const run = readFileSync(join(PROJECT_ROOT, 'scripts', 'run.mjs'), 'utf8');
    for (const [name, task] of [['zuofeng-portal.service', 'start'], ['zuofeng-portal-backup.service', 'backup']] as const) {
      const unit = settings(name);
      expect(unit.ExecStart).toBe(`/usr/bin/node scripts/run.mjs ${task}`);
      expect(run).toMatch(new RegExp(`^  ${task}: \\[`, 'm'));
      expect(unit).toMatchObject({ User: 'portal', WorkingDirectory: '/srv/zuofeng-portal', StateDirectory: 'zuofeng-portal', NoNewPrivileges: 'yes', ProtectSystem: 'strict', ProtectHome: 'yes', PrivateTmp: 'yes' });
      expect(unit.ReadWritePaths!.split(' ').map((path) => path.replace(/^-/, ''))).toEqual(['/srv/zuofeng-portal', '/var/backups/zuofeng-portal']);
    }
    expect(settings('zuofeng-portal.service')).toMatchObject({ Restart: 'on-failure', KillMode: 'mixed' });
    expect(settings('zuofeng-portal-backup.timer')).toMatchObject({ Persistent: 'true' });
  });
});
