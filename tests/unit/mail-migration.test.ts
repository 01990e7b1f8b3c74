import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR, schemaVersion } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { tempDirForTest } from '../helpers/temp.ts';

/** A database at schema version 2, as it was before the mail outbox was rebuilt. */
function databaseAtVersion2() {
  const dir = join(tempDirForTest('portal-migrations-'), 'migrations');
  mkdirSync(dir);
  for (const file of ['001_initial.sql', '002_administration.sql']) copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file));
  const db = openDatabase(':memory:', { migrate: false });
  migrate(db, dir);
  expect(schemaVersion(db)).toBe(2);
  return db;
}

describe('migration 003 (mail outbox)', () => {
  it('keeps every earlier row, gives each a Message-ID, and makes line breaks in subjects impossible', () => {
    const db = databaseAtVersion2();
    const insert = db.prepare(
      `INSERT INTO mail_outbox (to_address, subject, body_text, status, attempts, next_attempt_at, last_error, created_at, sent_at)
       VALUES (?, ?, '正文', ?, ?, '2026-11-01T00:00:00.000Z', ?, '2026-11-01T00:00:00.000Z', ?)`,
    );
    insert.run('a@example.com', '待发送', 'queued', 0, null, null);
    insert.run('b@example.com', '已发送', 'sent', 1, null, null);
    insert.run('c@example.com', '失败\r\n第二行', 'failed', 5, 'ECONNREFUSED', null);
    expect(migrate(db)).toContain(3);

    const rows = db.prepare('SELECT id, kind, audience, to_address, subject, status, attempts, last_error, sent_at, message_id FROM mail_outbox ORDER BY id').all();
    expect(rows).toEqual([
      expect.objectContaining({ id: 1, kind: 'legacy', audience: 'operator', to_address: 'a@example.com', subject: '待发送', status: 'queued', sent_at: null }),
      expect.objectContaining({ id: 2, status: 'sent', attempts: 1, sent_at: '2026-11-01T00:00:00.000Z' }),
      expect.objectContaining({ id: 3, subject: '失败  第二行', status: 'failed', attempts: 5, last_error: 'ECONNREFUSED' }),
    ]);
    const ids = rows.map((row) => (row as { message_id: string }).message_id);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^<outbox-\d+\.[0-9a-f]{16}@zfzg\.invalid>$/);

    const add = (values: Record<string, unknown>) =>
      db
        .prepare(
          `INSERT INTO mail_outbox (kind, audience, to_address, subject, body_text, message_id, status, claimed_by, claimed_at, feedback_id,
             next_attempt_at, created_at, updated_at)
           VALUES (@kind, @audience, @to, @subject, 'x', @messageId, @status, @claimedBy, @claimedAt, @feedbackId, 't', 't', 't')`,
        )
        .run({ kind: 'test_kind', audience: 'office', to: 'x@example.com', subject: 's', messageId: `<${Math.random()}@x>`, status: 'queued', claimedBy: null, claimedAt: null, feedbackId: null, ...values });
    expect(() => add({})).not.toThrow();
    expect(() => add({ subject: 'a\nb' })).toThrow(/CHECK/);
    expect(() => add({ to: 'x@example.com\r\nBcc: y@example.com' })).toThrow(/CHECK/);
    expect(() => add({ to: 'x@example.com, y@example.com' })).toThrow(/CHECK/);
    expect(() => add({ kind: 'Bad Kind' })).toThrow(/CHECK/);
    expect(() => add({ status: 'sending' })).toThrow(/CHECK/); // a claim needs its owner and time
    expect(() => add({ status: 'sending', claimedBy: 'host:1:a', claimedAt: 't' })).not.toThrow();
    expect(() => add({ audience: 'submitter' })).toThrow(/CHECK/); // a submitter's mail names its opinion
    expect(() => add({ messageId: ids[0] })).toThrow(/UNIQUE/);
  });
});
