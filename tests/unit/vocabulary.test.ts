import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { FEEDBACK_CATEGORIES, FEEDBACK_STATES, ITEM_STATUSES, SUBMITTER_ROLES } from '../../server/domain/vocabulary.ts';
import { insertFeedbackRow, insertItem } from '../fixtures/factories.ts';

// The code lists in vocabulary.ts and the CHECK constraints in the migrations must agree.
describe('vocabulary and schema constraints', () => {
  const db = openDatabase(':memory:');

  it.each(SUBMITTER_ROLES)('accepts role %s', (role) => expect(() => insertFeedbackRow(db, { role })).not.toThrow());
  it.each(FEEDBACK_CATEGORIES)('accepts category %s', (category) => expect(() => insertFeedbackRow(db, { category })).not.toThrow());
  it.each(FEEDBACK_STATES)('accepts state %s', (status) => expect(() => insertFeedbackRow(db, { status })).not.toThrow());
  it.each(ITEM_STATUSES)('accepts item status %s', (status) => expect(() => insertItem(db, { status })).not.toThrow());

  it.each([
    ['an unknown role', () => insertFeedbackRow(db, { role: 'admin' as never })],
    ['an unknown state', () => insertFeedbackRow(db, { status: 'lost' as never })],
    ['publishing without consent', () => insertFeedbackRow(db, { status: 'replied', published: true, consent: false })],
    ['publishing before a reply', () => insertFeedbackRow(db, { status: 'assigned', published: true })],
    ['a reply under review without a unit', () => db.prepare("UPDATE feedback SET status = 'in_review', reply_draft = 'x' WHERE id = ?").run(insertFeedbackRow(db))],
    ['an unknown item status', () => insertItem(db, { status: 'done' as never })],
    ['progress over 100%', () => insertItem(db, { progress: 101 })],
    ['a malformed deadline', () => insertItem(db, { deadline: '2026/12/31' })],
  ])('rejects %s', (_name, insert) => {
    expect(insert).toThrow(/CHECK constraint failed/);
  });

  it('rejects a category that is not in the category table', () => {
    expect(() => insertFeedbackRow(db, { category: 'gossip' as never })).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('rejects contact details on an anonymous opinion', () => {
    expect(() =>
      db
        .prepare(
          `INSERT INTO feedback (tracking_code, secret_hash, role, category, content, is_anonymous, contact_phone,
             consent_to_publish, submitted_at, updated_at) VALUES ('X1', 'h', 'parent', 'other', '内容', 1, '13800138000', 0, 't', 't')`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
  });
});
