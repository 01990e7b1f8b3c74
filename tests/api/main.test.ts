// server/main.ts as an operator meets it: a bad setting stops start-up naming the variable; a
// running server answers and stops cleanly on SIGTERM.
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { makeFeedbackSubmission } from '../fixtures/factories.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { tempDirForTest } from '../helpers/temp.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';

function startMain(env: Record<string, string>) {
  return startServerProcess('server/main.ts', env);
}

describe('server/main.ts', { timeout: 30_000 }, () => {
  it('refuses to start with an invalid setting and names it', async () => {
    const server = startMain({ DATA_DIR: tempDirForTest(), PORT: 'not-a-port' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT');
    expect(server.output()).toContain('.env.example');
  });

  it('listens, answers, and exits 0 on SIGTERM', async () => {
    // PORT=0 lets the OS choose; the ready line tells us which.
    const server = startMain({ DATA_DIR: tempDirForTest(), PORT: '0', HOST: '127.0.0.1' });
    const port = await server.ready();
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it.each([
    ['file', 'JSON lines in the log file in the data folder, the console quiet', {}],
    ['json', 'JSON lines on standard output (systemd), no log file', { LOG_FORMAT: 'json' }],
  ])('LOG_FORMAT %s: %s', async (format, _what, env: Record<string, string>) => {
    const dataDir = tempDirForTest();
    const server = startMain({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env });
    const port = await server.ready();
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const jsonOnConsole = server.output().split('\n').filter((line) => line.startsWith('{'));
    const logFile = join(dataDir, 'logs', 'portal.log');
    if (format === 'file') {
      expect(jsonOnConsole).toEqual([]);
      expect(readFileSync(logFile, 'utf8')).toMatch(/"url":"\/api\/health".*"msg":"incoming request"/);
    } else {
      expect(jsonOnConsole.some((line) => line.includes('"url":"/api/health"'))).toBe(true);
      expect(existsSync(logFile)).toBe(false);
    }
  });

  it('shows a warning on the console as one plain line, the details in the log file', async () => {
    const dataDir = tempDirForTest();
    const server = startMain({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SEED_DEMO: 'false' });
    await server.ready();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/^warning: PUBLIC_BASE_URL is http:\/\/localhost:4321/m);
    expect(readFileSync(join(dataDir, 'logs', 'portal.log'), 'utf8')).toMatch(/"level":40.*PUBLIC_BASE_URL is/);
  });

  it('refuses an unknown LOG_FORMAT and names it', async () => {
    const server = startMain({ DATA_DIR: tempDirForTest(), LOG_FORMAT: 'pretty' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('LOG_FORMAT');
  });

  it('says which port is taken and how to choose another', async () => {
    const first = startMain({ DATA_DIR: tempDirForTest(), PORT: '0', HOST: '127.0.0.1' });
    const port = await first.ready();
    const second = startMain({ DATA_DIR: tempDirForTest(), PORT: String(port), HOST: '127.0.0.1' });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('keeps an acknowledged opinion when the process is killed right after answering', async () => {
    const dataDir = tempDirForTest();
    const server = startMain({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    const port = await server.ready();
    const response = await fetch(`http://127.0.0.1:${port}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(await withProofOfWork(makeFeedbackSubmission())),
    });
    expect(response.status).toBe(201);
    const { trackingCode } = (await response.json()) as { trackingCode: string };
    server.child.kill('SIGKILL'); // no shutdown hook, no checkpoint: only what was committed survives
    await server.exited;
    const db = new Database(loadConfig({ DATA_DIR: dataDir, SECRET_KEY: TEST_SECRET_KEY }).databasePath);
    const row = db.prepare('SELECT status FROM feedback WHERE tracking_code = ?').get(trackingCode);
    db.close();
    expect(row).toEqual({ status: 'pending' });
  });
});
