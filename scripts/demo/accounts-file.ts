// The demo's staff passwords, kept where a newcomer finds them again: a file in the data folder
// that only its owner (and root) can read, and a box printed as the last thing `npm start` says,
// after the site is built, so that no log line scrolls it away.
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';

export const DEMO_ACCOUNTS_FILE = 'demo-accounts.txt';

export function demoAccountsPath(dataDir: string): string {
  return join(dataDir, DEMO_ACCOUNTS_FILE);
}

/** The path as an operator types it: relative to the project when the data folder is inside it. */
export function shownPath(path: string): string {
  const fromRoot = relative(PROJECT_ROOT, path);
  return fromRoot.startsWith('..') || fromRoot === '' ? path : fromRoot;
}

/** Writes the notice to <dataDir>/demo-accounts.txt with mode 0600 (also when the file was there). */
export function writeDemoAccountsFile(dataDir: string, notice: string): string {
  const path = demoAccountsPath(dataDir);
  writeFileSync(path, `${notice.trim()}\n`, { mode: 0o600 });
  // writeFileSync's mode applies only to a new file.
  chmodSync(path, 0o600);
  return path;
}

/** Columns a terminal gives a character: two for Chinese characters and full-width forms. */
function columns(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return width;
}

/** The notice in a box whose last line says where the file is. */
export function demoAccountsBox(notice: string, file: string): string {
  const lines = [...notice.trim().split('\n'), '', `Saved in ${shownPath(file)} (readable only by this user and root).`];
  const width = Math.max(...lines.map(columns));
  const top = `╔${'═'.repeat(width + 2)}╗`;
  const bottom = `╚${'═'.repeat(width + 2)}╝`;
  return ['', top, ...lines.map((line) => `║ ${line}${' '.repeat(width - columns(line))} ║`), bottom, ''].join('\n');
}

/** On a later start of the demo: one line saying where the accounts are, or null when the file is gone. */
export function demoAccountsReminder(dataDir: string): string | null {
  const path = demoAccountsPath(dataDir);
  return existsSync(path) ? `demo staff accounts and passwords: ${shownPath(path)}` : null;
}
