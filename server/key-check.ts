// A value sealed under SECRET_KEY and stored in the database the first time a server opens it, so
// that a wrong key is named at once (the server refuses to start; a restore refuses the backup)
// rather than found later, when a contact or a second-factor secret will not open.
import type { Db } from '../db/open.ts';
import { getOrCreateSetting } from '../db/queries/reference.ts';
import { ConfigError, type AppConfig } from './config.ts';
import { decryptText, deriveKey, encryptText } from './crypto.ts';

export const KEY_CHECK_SETTING = 'secret_key_check';
const KEY_CHECK_TEXT = 'zuofeng-portal secret key check';

export function keyCheckOpens(config: Pick<AppConfig, 'secretKey'>, sealed: string): boolean {
  try {
    return decryptText(deriveKey(config, 'key-check'), sealed) === KEY_CHECK_TEXT;
  } catch {
    return false;
  }
}

/** Stores the key check on first use; throws a ConfigError when the configured key is not the database's. */
export function ensureSecretKeyMatches(db: Db, config: AppConfig): void {
  const sealed = getOrCreateSetting(db, KEY_CHECK_SETTING, () => encryptText(deriveKey(config, 'key-check'), KEY_CHECK_TEXT));
  if (!keyCheckOpens(config, sealed)) {
    throw new ConfigError(
      `SECRET_KEY: the configured key (${config.env.SECRET_KEY !== undefined ? 'SECRET_KEY' : config.secretKeyFile}) is not the key this database was written with, ` +
        `so its contact details and second-factor secrets cannot be read. Set SECRET_KEY to the key that was in use (see your key backup), or restore a backup made with this key.`,
    );
  }
}
