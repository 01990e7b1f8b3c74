// What `npm start` leaves for a newcomer (scripts/demo/accounts-file.ts) and how the server's log lines
// reach the console (server/log-destination.ts); tests/api/start.test.ts runs the whole start.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoAccountsBox, demoAccountsReminder, writeDemoAccountsFile } from '../../scripts/demo/accounts-file.ts';
import { consoleLine, fileLogStream } from '../../server/log-destination.ts';
import { tempDirForTest } from '../helpers/temp.ts';

describe('the demo accounts file and box', () => {
  it('writes the file with mode 0600, also over a readable one, and a later start names it', () => {
    const dataDir = tempDirForTest();
    expect(demoAccountsReminder(dataDir)).toBeNull();
    writeFileSync(join(dataDir, 'demo-accounts.txt'), 'old', { mode: 0o644 });
    const file = writeDemoAccountsFile(dataDir, 'Demo staff accounts\n  office  pw-1  办公室\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('Demo staff accounts\n  office  pw-1  办公室\n');
    expect(demoAccountsReminder(dataDir)).toContain(file);
  });

  it('boxes the notice with aligned borders, Chinese characters counted two columns, naming the file', () => {
    const box = demoAccountsBox('Demo staff accounts\n  office  pw-1  办公室\n  admin   pw-2  系统管理员', '/srv/data/demo-accounts.txt');
    const lines = box.trim().split('\n');
    const width = (line: string) => [...line].reduce((sum, char) => sum + (/[\u4e00-\u9fff]/.test(char) ? 2 : 1), 0);
    expect(new Set(lines.map(width)).size).toBe(1);
    expect(lines[0]).toMatch(/^╔═+╗$/);
    expect(lines.at(-1)).toMatch(/^╚═+╝$/);
    expect(box).toContain('Saved in /srv/data/demo-accounts.txt');
  });
});

describe('log lines on the console (LOG_FORMAT=file)', () => {
  it.each([
    [{ level: 30, msg: 'request completed' }, null],
    [{ level: 40, msg: 'PUBLIC_BASE_URL is http://localhost:4321' }, 'warning: PUBLIC_BASE_URL is http://localhost:4321'],
    [{ level: 50, msg: 'mail failed', err: { message: 'ECONNREFUSED' } }, 'error: mail failed: ECONNREFUSED'],
    [{ level: 60, msg: 'out of memory' }, 'fatal: out of memory'],
  ])('%j → %s', (record, line) => {
    expect(consoleLine(record)).toBe(line);
  });

  it('appends every line to the file and echoes only warnings and worse', () => {
    const file = join(tempDirForTest(), 'logs', 'portal.log');
    const echoed: string[] = [];
    const stream = fileLogStream(file, (line) => echoed.push(line));
    stream.write(`${JSON.stringify({ level: 30, msg: 'incoming request' })}\n`);
    stream.write(`${JSON.stringify({ level: 40, msg: 'slow disk' })}\n`);
    stream.close();
    expect(readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line).msg)).toEqual(['incoming request', 'slow disk']);
    expect(echoed).toEqual(['warning: slow disk']);
  });
});
