// Prints the current second-factor code of a demo account, so the demo can be tried without an
// authenticator app. Refuses to run on any database but the demo bureau's.
// Usage: npm run demo-code -- <account>
import { existsSync } from 'node:fs';
import { openDatabase } from '../db/open.ts';
import { currentDemoCode } from '../server/auth/demo-code.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { DecryptionError, deriveKey } from '../server/crypto.ts';

function main(): number {
  const username = process.argv[2];
  if (!username || username.startsWith('-')) {
    process.stderr.write('usage: npm run demo-code -- <account>   (prints the current 6-digit code of a demo account)\n');
    return username === '--help' || username === '-h' ? 0 : 1;
  }
  const config = loadConfig();
  if (!existsSync(config.databasePath)) {
    process.stderr.write(`数据库不存在 / no database at ${config.databasePath}; run npm start first\n`);
    return 1;
  }
  const db = openDatabase(config.databasePath, { migrate: false });
  try {
    const result = currentDemoCode(db, deriveKey(config, 'totp'), username, new Date());
    if (!result.ok) {
      process.stderr.write(`${result.message}\n`);
      return 1;
    }
    process.stdout.write(`${result.value.code}\n`);
    process.stderr.write(`${username} 的验证码，${result.value.secondsLeft} 秒内有效 / valid for ${result.value.secondsLeft} s\n`);
    return 0;
  } finally {
    db.close();
  }
}

try {
  process.exitCode = main();
} catch (error) {
  const message =
    error instanceof ConfigError
      ? error.message
      : error instanceof DecryptionError
        ? `无法解密：SECRET_KEY 与写入数据时的不同 / cannot decrypt: ${error.message}`
        : `出错了 / failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}
