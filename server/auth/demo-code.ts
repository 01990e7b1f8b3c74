// The demo's way past the second factor without an authenticator app: the current code of a demo
// account, for scripts/demo-code.ts. Refuses anything but the demo bureau's database.
import type { Db } from '../../db/open.ts';
import { getSetting } from '../../db/queries/reference.ts';
import { findUserByUsername } from '../../db/queries/users.ts';
import { decryptText } from '../crypto.ts';
import { type ActionResult, refused, succeeded } from '../domain/action-result.ts';
import { TOTP_PERIOD_SECONDS, totpCode, totpStep } from './totp.ts';

/** app_settings key the demo seeder sets to 'true'. */
export const DEMO_BUREAU_SETTING = 'demo_bureau';

export function currentDemoCode(db: Db, totpKey: Buffer, username: string, now: Date): ActionResult<{ code: string; secondsLeft: number }> {
  if (getSetting(db, DEMO_BUREAU_SETTING) !== 'true') {
    return refused(
      'forbidden',
      '这不是演示数据库：demo-code 只为示例教育局的演示账号显示验证码。\nRefusing: this database is not the demo bureau (app_settings demo_bureau is not true).',
    );
  }
  const user = findUserByUsername(db, username);
  if (!user) return refused('not_found', `没有名为 ${username} 的账号 / no account named ${username}`);
  if (user.totp_secret_enc === null) {
    return refused('conflict', `${username} 还没有设置身份验证器：登录后按提示设置 / ${username} has no second factor yet; it is set up at sign-in`);
  }
  const secret = decryptText(totpKey, user.totp_secret_enc);
  const secondsLeft = (totpStep(now) + 1) * TOTP_PERIOD_SECONDS - Math.floor(now.getTime() / 1000);
  return succeeded({ code: totpCode(secret, now), secondsLeft });
}
