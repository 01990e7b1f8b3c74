import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export function findUnitIdByCode(db: Db, code: string): number | undefined {
  return statement<[string], { id: number }>(db, 'SELECT id FROM units WHERE code = ?').get(code)?.id;
}

/** Only published items can be linked from the public form. */
export function findPublishedItemIdByCode(db: Db, code: string): number | undefined {
  return statement<[string], { id: number }>(db, 'SELECT id FROM rectification_items WHERE code = ? AND is_published = 1').get(code)?.id;
}

export function getSetting(db: Db, key: string): string | undefined {
  return statement<[string], { value: string }>(db, 'SELECT value FROM app_settings WHERE key = ?').get(key)?.value;
}

/** Stores the value unless the key already has one; returns the value in force. */
export function getOrCreateSetting(db: Db, key: string, create: () => string): string {
  statement(db, 'INSERT OR IGNORE INTO app_settings (key, value) VALUES (?, ?)').run(key, create());
  return getSetting(db, key)!;
}
