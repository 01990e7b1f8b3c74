// scripts/mail-test.ts as an operator runs it: one mail through the configured transport, a plain
// answer, exit 1 with a hint (never a stack trace) when it cannot send.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { runScript } from '../helpers/processes.ts';
import { startSmtpServer } from '../helpers/smtp-server.ts';
import { tempDirForTest } from '../helpers/temp.ts';

describe('npm run mail-test', { timeout: 30_000 }, () => {
  it('sends one test mail through SMTP, with a login', async () => {
    const smtp = await startSmtpServer({ auth: { user: 'zfzg', pass: 'p@ss' } });
    const result = await runScript('mail-test.ts', { DATA_DIR: tempDirForTest(), SMTP_URL: `smtp://zfzg:p%40ss@127.0.0.1:${smtp.port}`, MAIL_FROM: 'zfzg@example.edu.cn' }, ['head@school.example.cn']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^test mail <zfzg\\.\\S+@example\\.edu\\.cn> sent via SMTP smtp://zfzg@127\\.0\\.0\\.1:${smtp.port} \\(STARTTLS when offered\\): 250`));
    expect(result.stdout).not.toContain('p@ss');
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ rcptTo: ['head@school.example.cn'], mailFrom: 'zfzg@example.edu.cn', subject: '测试邮件：示例县教育局作风整改进行时' });
    expect(smtp.received[0]!.text).toContain('能正常看到这段中文，说明邮件服务配置正确。');
  });

  it('says what went wrong and what to check, and exits 1', async () => {
    const smtp = await startSmtpServer();
    await smtp.close();
    const result = await runScript('mail-test.ts', { DATA_DIR: tempDirForTest(), SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }, ['head@school.example.cn']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`could not send the test mail via SMTP smtp://127.0.0.1:${smtp.port}`);
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).toContain('Nothing answered at that host and port');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a wrong login with a hint about the password', async () => {
    const smtp = await startSmtpServer({ auth: { user: 'zfzg', pass: 'right' } });
    const result = await runScript('mail-test.ts', { DATA_DIR: tempDirForTest(), SMTP_URL: `smtp://zfzg:wrong@127.0.0.1:${smtp.port}` }, ['head@school.example.cn']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('check the user name and password in SMTP_URL');
  });

  it('refuses something that is not an address', async () => {
    const result = await runScript('mail-test.ts', { DATA_DIR: tempDirForTest() }, ['not-an-address']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"not-an-address" is not an e-mail address; usage: npm run mail-test -- someone@example.edu.cn');
  });

  it('writes an .eml file under data/outbox when no SMTP server is configured', async () => {
    const dataDir = tempDirForTest();
    const result = await runScript('mail-test.ts', { DATA_DIR: dataDir }, ['head@school.example.cn']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`sent via files in ${join(dataDir, 'outbox')}`);
    const [file] = readdirSync(join(dataDir, 'outbox'));
    const parsed = await simpleParser(readFileSync(join(dataDir, 'outbox', file!)));
    expect(parsed.subject).toBe('测试邮件：示例县教育局作风整改进行时');
    expect(parsed.from?.text).toBe('"示例县教育局" <noreply@localhost>');
  });
});
