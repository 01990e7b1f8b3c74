// Seeding the demo as the scripts do it: with the configured keys and mail, and a notice to print.
import type { AppConfig } from '../../server/config.ts';
import { deriveKey } from '../../server/crypto.ts';
import { contactVaultFor } from '../../server/actions/contact-details.ts';
import { createMailHooks } from '../../server/mail/notifications.ts';
import { mailSettings } from '../../server/mail/settings.ts';
import type { Db } from '../../db/open.ts';
import { seedDemoBureau, type SeedDemoResult } from './seed-demo.ts';

export async function seedDemoForConfig(db: Db, config: AppConfig): Promise<SeedDemoResult> {
  return seedDemoBureau(db, { totpKey: deriveKey(config, 'totp'), contacts: contactVaultFor(config), mailHooks: createMailHooks(mailSettings(config)) });
}

/** Where to sign in, the demo accounts and how to pass the second factor (npm start keeps it in a file, scripts/demo/accounts-file.ts). */
export function demoAccountsNotice(result: SeedDemoResult, adminUrl: string): string {
  const width = Math.max(...result.staff.accounts.map((account) => account.user.username.length));
  const lines = result.staff.accounts.map(
    ({ user, password }) => `  ${user.username.padEnd(width)}  ${password}  ${user.displayName}`,
  );
  return [
    '',
    `Demo staff accounts — sign in at ${adminUrl}`,
    ...lines,
    'Second factor without an authenticator app: npm run demo-code -- ACCOUNT (e.g. npm run demo-code -- office)',
    '',
  ].join('\n');
}
