// Creates a 系统管理员 account (the first one after installing, or another one when all are
// locked out). The person sets up the second factor at their first sign-in.
// Usage: npm run create-admin -- --username NAME --display-name 姓名 --password '…'
//        npm run create-admin            (asks on the terminal; the password is not shown)
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { openDatabase } from '../db/open.ts';
import { displayNameSchema, usernameSchema } from '../server/auth/account-input.ts';
import { createStaffAccount } from '../server/auth/accounts.ts';
import { passwordProblem } from '../server/auth/passwords.ts';
import { ConfigError, loadConfig } from '../server/config.ts';

const USAGE = 'usage: npm run create-admin -- --username <用户名> --display-name <姓名> --password <密码>\n' +
  '       (on a terminal, missing values are asked for; the password is typed without echo)';

/** A problem the operator can fix: printed as is, without a stack trace. */
class Refusal extends Error {}

async function ask(question: string): Promise<string> {
  const lines = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await lines.question(question);
  } finally {
    lines.close();
  }
}

/** Reads a line from the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          finish();
          return resolve(value);
        }
        if (character === '\u0003' || character === '\u0004') {
          finish();
          return reject(new Refusal('已取消 / cancelled'));
        }
        if (character === '\u007f' || character === '\b') value = [...value].slice(0, -1).join('');
        else if (character >= ' ') value += character;
      }
    };
    stdin.on('data', onData);
  });
}

function check<T extends z.ZodType>(schema: T, value: string, flag: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Refusal(`${flag}: ${parsed.error.issues.map((issue) => issue.message).join('；')}`);
  return parsed.data;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: { username: { type: 'string' }, 'display-name': { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (error) {
    throw new Refusal(`${(error as Error).message}\n${USAGE}`);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  const interactive = process.stdin.isTTY === true;
  const missing = (['username', 'display-name', 'password'] as const).filter((flag) => args[flag] === undefined);
  if (missing.length > 0 && !interactive) {
    throw new Refusal(`缺少参数 / missing: ${missing.map((flag) => `--${flag}`).join(' ')}\n${USAGE}`);
  }

  const username = check(usernameSchema, args.username ?? (await ask('用户名 / username: ')), '--username');
  const displayName = check(displayNameSchema, args['display-name'] ?? (await ask('姓名 / display name: ')), '--display-name');
  let password = args.password;
  if (password === undefined) {
    for (let attempt = 1; password === undefined; attempt++) {
      const first = await askHidden('密码 / password (至少 12 个字符 / at least 12 characters): ');
      const problem = passwordProblem(first, { username });
      if (problem) {
        if (attempt >= 3) throw new Refusal(`密码太弱 / password too weak: ${problem}`);
        process.stdout.write(`密码太弱 / password too weak: ${problem}\n`);
        continue;
      }
      if ((await askHidden('再输入一次 / again: ')) !== first) throw new Refusal('两次输入的密码不一致 / the passwords do not match');
      password = first;
    }
  }

  if (!existsSync(config.dataDir)) process.stdout.write(`creating ${config.dataDir}\n`);
  const db = openDatabase(config.databasePath);
  try {
    const result = await createStaffAccount(db, { username, displayName, roles: ['sysadmin'], password, mustChangePassword: false }, null, new Date());
    if (!result.ok) {
      const prefix = result.field === 'password' ? '密码太弱 / password too weak' : result.error === 'conflict' ? '无法创建 / cannot create' : '输入有误 / invalid input';
      throw new Refusal(`${prefix}: ${result.message}`);
    }
    process.stdout.write(
      `已创建系统管理员 ${result.value.username}（${result.value.displayName}）。首次登录时请用手机上的身份验证器扫码设置第二重验证。\n` +
        `Created sysadmin ${result.value.username} in ${config.databasePath}; the second factor (TOTP) is set up at the first sign-in.\n`,
    );
    return 0;
  } finally {
    db.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  // Operators get a sentence, never a stack trace.
  const message = error instanceof Refusal || error instanceof ConfigError ? error.message : `出错了 / failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}
