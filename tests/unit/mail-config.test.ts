import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, PROJECT_ROOT } from '../../server/config.ts';

function configError(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}


/** Every load carries the test key: this file is about the mail settings. */
const load = (env: Record<string, string | undefined>) => loadConfig({ SECRET_KEY: TEST_SECRET_KEY, ...env });

describe('mail settings', () => {
  it('default to .eml files under data/outbox, from the bureau, with links to localhost', () => {
    const config = load({});
    expect(config.mail).toEqual({
      smtp: null,
      from: { name: '示例县教育局', address: 'noreply@localhost' },
      maxAttempts: 10,
      digestTime: '08:30',
      outboxDir: join(PROJECT_ROOT, 'data', 'outbox'),
    });
    expect(config.publicBaseUrl).toBe('http://localhost:4321');
    expect(load({ BUREAU_NAME: '某市教育局' }).mail.from).toEqual({ name: '某市教育局', address: 'noreply@localhost' });
  });

  it('read SMTP over TLS with a login, keeping the password out of the display form', () => {
    const { smtp } = load({ SMTP_URL: 'smtps://zfzg%40example.edu.cn:p%40ss%3Aword@smtp.example.edu.cn' }).mail;
    expect(smtp).toEqual({
      host: 'smtp.example.edu.cn',
      port: 465,
      secure: true,
      requireTLS: false,
      rejectUnauthorized: true,
      auth: { user: 'zfzg@example.edu.cn', pass: 'p@ss:word' },
      display: 'smtps://zfzg%40example.edu.cn@smtp.example.edu.cn',
    });
  });

  it('read SMTP with STARTTLS, required or not, and a self-signed relay', () => {
    expect(load({ SMTP_URL: 'smtp://relay.intranet:25' }).mail.smtp).toMatchObject({ port: 25, secure: false, requireTLS: false, auth: null });
    expect(load({ SMTP_URL: 'smtp://smtp.example.edu.cn?requireTLS=true' }).mail.smtp).toMatchObject({ port: 587, requireTLS: true });
    expect(load({ SMTP_URL: 'smtp://relay.intranet?tls.rejectUnauthorized=false' }).mail.smtp).toMatchObject({ rejectUnauthorized: false });
  });

  it('read the sender, the attempts, the digest time and the public address', () => {
    const config = load({
      MAIL_FROM: '"示例县教育局作风整改" <zfzg@example.edu.cn>',
      MAIL_MAX_ATTEMPTS: '5',
      MAIL_DIGEST_TIME: 'off',
      PUBLIC_BASE_URL: 'https://www.example.edu.cn/zfzg/',
    });
    expect(config.mail).toMatchObject({ from: { name: '示例县教育局作风整改', address: 'zfzg@example.edu.cn' }, maxAttempts: 5, digestTime: null });
    expect(config.publicBaseUrl).toBe('https://www.example.edu.cn/zfzg');
  });

  it.each([
    ['SMTP_URL', 'http://smtp.example.edu.cn', 'must start with smtp://'],
    ['SMTP_URL', 'smtp.example.edu.cn:465', 'must start with smtp://'],
    ['SMTP_URL', 'smtp://smtp.example.edu.cn?pool=true', 'unknown option "pool"'],
    ['SMTP_URL', 'smtps://smtp.example.edu.cn?requireTLS=true', 'requireTLS is for smtp://'],
    ['SMTP_URL', 'smtp://smtp.example.edu.cn?requireTLS=yes', 'must be true or false'],
    ['SMTP_URL', 'smtp://user:50%@smtp.example.edu.cn', 'broken %-escape'],
    ['MAIL_FROM', '示例县教育局 <noreply@example.edu.cn>\r\nBcc: x@example.com', 'must be one address'],
    ['MAIL_FROM', 'a@example.com, b@example.com', 'must be one address'],
    ['MAIL_MAX_ATTEMPTS', '0', ''],
    ['MAIL_DIGEST_TIME', '8:30', 'must be HH:MM (24-hour, Asia/Shanghai) or off'],
    ['PUBLIC_BASE_URL', 'ftp://example.edu.cn', 'public address of the site'],
    ['PUBLIC_BASE_URL', 'https://example.edu.cn/?x=1', 'must not have a query'],
  ])('stop start-up on %s=%j, naming it', (name, value, message) => {
    const text = configError({ [name]: value });
    expect(text).toContain(name);
    expect(text).toContain(message);
  });

  it('never repeat the SMTP password in an error', () => {
    expect(configError({ SMTP_URL: 'smtp://user:secret-pw@host?bad=1' })).not.toContain('secret-pw');
  });
});
