import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from '../../server/auth/common-passwords.ts';
import { CURRENT_SCRYPT, hashPassword, passwordProblem, verifyPassword } from '../../server/auth/passwords.ts';

describe('hashPassword / verifyPassword', () => {
  it('stores scrypt$N$r$p$salt$hash with the current parameters and a fresh salt', async () => {
    const first = await hashPassword('lantern-orchard-river-7');
    const second = await hashPassword('lantern-orchard-river-7');
    const [scheme, N, r, p, salt, hash] = first.split('$');
    expect({ scheme, N: Number(N), r: Number(r), p: Number(p) }).toEqual({ scheme: 'scrypt', ...CURRENT_SCRYPT });
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64url')).toHaveLength(32);
    expect(second).not.toBe(first);
    expect(first).not.toContain('lantern');
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('lantern-orchard-river-7');
    expect(await verifyPassword('lantern-orchard-river-7', stored)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword('lantern-orchard-river-8', stored)).toEqual({ ok: false, needsRehash: false });
  });

  it('asks for a re-hash when the stored parameters are below the current ones', async () => {
    const weak = await hashPassword('lantern-orchard-river-7', { N: 2 ** 10, r: 8, p: 1 });
    expect(weak.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('lantern-orchard-river-7', weak)).toEqual({ ok: true, needsRehash: true });
    // A wrong password never triggers a re-hash.
    expect(await verifyPassword('wrong-password-entirely', weak)).toEqual({ ok: false, needsRehash: false });
  });

  it.each(['', 'plain-text-password', 'scrypt$x$8$1$abc$def', 'scrypt$1048576000$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA', 'bcrypt$2b$10$abc'])(
    'treats an unreadable stored hash (%s) as no match',
    async (stored) => {
      expect(await verifyPassword('anything-at-all-1', stored)).toEqual({ ok: false, needsRehash: false });
    },
  );
});

describe('passwordProblem', () => {
  it.each([
    ['too short', 'Xk9#mPz2', '至少需要 12 个字符'],
    ['11 characters', 'Xk9#mPz2qLw', '至少需要 12 个字符'],
    ['too long', 'x'.repeat(65) + 'Y'.repeat(64), '不能超过 128 个字符'],
    ['control characters', 'lantern\norchard-7', '控制字符'],
    ['digits 1–9 then 0, 1, 2', '123456789012', '常见'],
    ['a keyboard row and two digits', 'qwertyuiop12', '常见'],
    ['woaini1314 and more', 'woaini1314520', '简单'],
    ['a run between two letters', 'a1234567890b', '常见'],
    ['one repeated character', 'aaaaaaaaaaaa', '简单'],
    ['a repeated group', 'abcabcabcabc', '简单'],
    ['a repeated number', '520520520520', '简单'],
    ['a keyboard column run', '1qaz2wsx3edc4rfv', '简单'],
    ['the numeric keypad', '147258369147', '简单'],
    ['a common word with digits', 'password2024!', '简单'],
    ['look-alike letters', 'P@ssw0rd1234', '简单'],
    ['the bureau in pinyin with a year', 'Jiaoyuju@2025!', '简单'],
    ['the user name', 'zhangwei-secret-99', '不能包含用户名'],
    ['the user name in capitals', 'ZHANGWEI-secret-99', '不能包含用户名'],
    ['iloveyou and a year', 'iloveyou2024', '简单'],
  ])('refuses %s', (_name, password, message) => {
    expect(passwordProblem(password, { username: 'zhangwei' })).toContain(message);
  });

  it.each([
    ['words and a digit', 'lantern-orchard-river-7'],
    ['random characters', 'k7$q0Z!mW3x9'],
    ['a passphrase with spaces', 'correct horse battery staple'],
    ['Chinese, emoji and digits', '熊猫🐼竹子🎋山水2024x'],
    ['a Chinese sentence of 12 characters', '春眠不觉晓处处闻啼鸟花落'],
    ['a name and digits not in any list', 'wangxiaoming88'],
  ])('accepts %s', (_name, password) => {
    expect(passwordProblem(password, { username: 'zhangwei' })).toBeNull();
  });

  it('ships a list of a few hundred common passwords, all refused when long enough', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(300);
    const long = COMMON_PASSWORDS.filter((password) => password.length >= 12);
    expect(long.length).toBeGreaterThan(5);
    for (const password of long) expect(passwordProblem(password), password).not.toBeNull();
  });
});
