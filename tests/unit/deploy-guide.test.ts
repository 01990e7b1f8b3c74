// The deployment guide (scripts/deploy/README.md) names only commands that install.sh or the
// tests run; install.sh's dry run names files that exist; make-env.sh writes a .env that the
// server accepts.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../server/config.ts';

const DEPLOY = join(PROJECT_ROOT, 'scripts', 'deploy');
const CODE = '/srv/zuofeng-portal';

function dryRun(): string[] {
  const result = spawnSync('sh', [join(DEPLOY, 'install.sh'), 'zfzg.example.edu.cn', 'it@example.edu.cn'], { encoding: 'utf8', env: { ...process.env, DRY_RUN: '1' } });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n').filter((line) => line.startsWith('+ ')).map((line) => line.slice(2));
}

/**
 * Commands of the guide that neither install.sh nor a test can run as written, each with what the
 * tests do in its place.
 */
const RUN_ELSEWHERE: Record<string, string> = {
  'apt-get update && apt-get install -y git': 'install.sh runs apt-get update and installs git with the rest',
  'git clone <repository URL> /srv/zuofeng-portal': 'fetches the code itself: every test runs in a clone',
  'sudo -u portal -H git pull': 'fetches new code; tests/api/upgrade.test.ts starts the server on a database of the previous version',
  'sudo -u portal -H git checkout <previous version>': 'the way back; tests/api/backup-restore.test.ts restores a copy of an older schema',
  'systemctl restart zuofeng-portal': 'the unit install.sh enables; tests/api/shutdown.test.ts and start.test.ts stop (SIGTERM) and start the server',
  'systemctl stop zuofeng-portal': 'the same',
  'systemctl start zuofeng-portal': 'the same',
  'curl -fsS https://zfzg.example.edu.cn/api/health': 'tests/api/nginx.test.ts fetches /api/health through nginx over TLS',
  'cd /srv/zuofeng-portal': 'the working directory of every script',
};

describe('the deployment guide', () => {
  it('names only commands that install.sh or the tests run', () => {
    const readme = readFileSync(join(DEPLOY, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
    const commands = blocks.flatMap((block) => block.split('\n')).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    expect(commands.length).toBeGreaterThan(5);
    const scripts = Object.keys((JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const installed = new Set(dryRun());
    const unexplained = commands.filter((command) => {
      if (command in RUN_ELSEWHERE || installed.has(command)) return false;
      if (command === `sh ${CODE}/scripts/deploy/install.sh zfzg.example.edu.cn it@example.edu.cn`) return false;
      const npm = /^sudo -u portal -H npm run ([\w-]+)( -- .*)?$/.exec(command);
      return !(npm && scripts.includes(npm[1]!));
    });
    expect(unexplained).toEqual([]);
  });

  it('install.sh copies files that are in the repository, and never writes .env over an existing one', () => {
    const commands = dryRun();
    const sources = commands.flatMap((command) => command.split(/\s+/)).filter((word) => word.startsWith(`${CODE}/scripts/deploy/`));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect(existsSync(join(PROJECT_ROOT, source.slice(CODE.length + 1))), source).toBe(true);
    const script = readFileSync(join(DEPLOY, 'install.sh'), 'utf8');
    expect(script).toMatch(/if \[ ! -f "\$CODE\/\.env" \]; then\n\s+run sudo -u portal -H sh -c "cd \$CODE && sh scripts\/deploy\/make-env.sh \$DOMAIN > \.env && chmod 600 \.env"\nfi/);
  });

  it('make-env.sh writes a .env the server accepts, for the guide\'s folders and a new key each time', () => {
    const make = () => {
      const result = spawnSync('sh', [join(DEPLOY, 'make-env.sh'), 'zfzg.example.edu.cn'], { encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      return parseEnv(result.stdout) as Record<string, string>;
    };
    const env = make();
    const config = loadConfig(env);
    expect(config).toMatchObject({ dataDir: '/var/lib/zuofeng-portal', backupDir: '/var/backups/zuofeng-portal', host: '127.0.0.1', trustProxy: ['127.0.0.1'], seedDemo: false, publicBaseUrl: 'https://zfzg.example.edu.cn', port: 4321 });
    expect(make().SECRET_KEY).not.toBe(env.SECRET_KEY);
  });
});
