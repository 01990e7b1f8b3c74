// server/main.ts as an operator meets it: a bad setting stops start-up naming the variable; a
// running server answers and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { tempDirForTest } from '../helpers/temp.ts';

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'server', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NIGHTLY_REBUILD_TIME: 'off', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('server/main.ts', { timeout: 30_000 }, () => {
  it('refuses to start with an invalid setting and names it', async () => {
    const server = startMain({ DATA_DIR: tempDirForTest(), PORT: 'not-a-port' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT');
    expect(server.output()).toContain('.env.example');
  });

  it('listens, answers, and exits 0 on SIGTERM', async () => {
    const server = startMain({ DATA_DIR: tempDirForTest(), PORT: '0', HOST: '127.0.0.1' });
    // PORT=0 lets the OS choose; the log line tells us which.
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listen line in: ${server.output()}`)), 15_000);
      const check = () => {
        const match = /is ready: http:\/\/127\.0\.0\.1:(\d+)\//.exec(server.output());
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        } else setTimeout(check, 50);
      };
      check();
    });
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
