// Bad input on the opinion form (issue point 9), beyond tests/api/feedback.test.ts: every field
// with wrong types, over-long and empty values, emoji, zero-width characters (stripped), full-width
// punctuation (kept), HTML and script (kept as text), SQL-like strings. Never a 500, never half
// stored: a 400 leaves no row, no event, no mail and no spent challenge behind.
import { describe, expect, it } from 'vitest';
import { countUsedChallenges } from '../../db/queries/proof-of-work.ts';
import { insertUnit, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { buildTestApp } from '../helpers/app.ts';
import { TEST_CONTACTS } from '../helpers/contacts.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';

const HAN = /[\u4e00-\u9fff]/;

function counts(db: Awaited<ReturnType<typeof buildTestApp>>['db']) {
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    feedback: one('SELECT count(*) AS n FROM feedback'),
    events: one('SELECT count(*) AS n FROM feedback_events'),
    mails: one('SELECT count(*) AS n FROM mail_outbox'),
    challenges: countUsedChallenges(db),
  };
}

const FIELDS = ['role', 'category', 'title', 'content', 'itemCode', 'unitCode', 'anonymous', 'contactName', 'contactPhone', 'contactEmail', 'consentToPublish', 'isUnder14'];
const VALUES: [string, unknown][] = [
  ['null', null],
  ['a number', 42],
  ['a negative float', -1.5],
  ['true', true],
  ['an array', ['a', 'b']],
  ['an object', { $gt: '' }],
  ['an empty string', ''],
  ['blanks', '   \t\n　'],
  ['zero-width characters', '\u200B\u200C\uFEFF\u2060'],
  ['emoji', '👍🏻👨‍👩‍👧😢'],
  ['HTML and script', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
  ['SQL', "'; DROP TABLE feedback; --"],
  ['10,000 characters', '字'.repeat(10_000)],
  ['full-width punctuation', '（一）、“二”：《三》！？；……'],
  ['control characters', '\u0000\u0007\u001B'],
];

describe('every field with every kind of bad value', () => {
  it('answers 201 or a Chinese 400, never a 500, and a 400 stores nothing', async () => {
    const { inject, db } = await buildTestApp({ env: { FEEDBACK_RATE_LIMIT_PER_HOUR: '100000' } });
    insertUnit(db, { code: 'S01' });
    for (const field of FIELDS) {
      for (const [name, value] of VALUES) {
        const before = counts(db);
        const body = await withProofOfWork(makeFeedbackSubmission({ [field]: value }));
        const response = await inject({ method: 'POST', url: '/api/feedback', payload: body });
        const label = `${field} = ${name}`;
        expect([201, 400], label).toContain(response.statusCode);
        if (response.statusCode === 400) {
          expect(response.json().message, label).toMatch(HAN);
          expect(counts(db), label).toEqual(before);
        } else {
          expect(counts(db).feedback, label).toBe(before.feedback + 1);
        }
      }
    }
  });
});

describe('text fields', () => {
  it('strip zero-width characters, keep full-width punctuation, emoji and HTML as text in the title', async () => {
    const { inject, db } = await buildTestApp();
    const title = '\u200B关于“周六\u2060补课”的问题（急）！<b>👍</b>\uFEFF';
    const response = await inject({ method: 'POST', url: '/api/feedback', payload: await withProofOfWork(makeFeedbackSubmission({ title })) });
    expect(response.statusCode).toBe(201);
    expect(db.prepare('SELECT title FROM feedback').get()).toEqual({ title: '关于“周六补课”的问题（急）！<b>👍</b>' });
  });

  it('refuses an over-long title with a message naming the limit', async () => {
    const { inject, db } = await buildTestApp();
    const response = await inject({ method: 'POST', url: '/api/feedback', payload: await withProofOfWork(makeFeedbackSubmission({ title: '长'.repeat(51) })) });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([{ field: 'title', message: '标题不能超过 50 个字' }]);
    expect(counts(db).feedback).toBe(0);
  });

  it('keep contact details exactly, full-width characters in a name included', async () => {
    const { inject, db } = await buildTestApp();
    const response = await inject({
      method: 'POST',
      url: '/api/feedback',
      payload: await withProofOfWork(makeFeedbackSubmission({ contactName: '欧阳·女士', contactEmail: 'O.Yang+school@example.com' })),
    });
    expect(response.statusCode).toBe(201);
    const row = db.prepare('SELECT contact_name, contact_phone, contact_email, contact_sealed FROM feedback').get();
    expect(TEST_CONTACTS.open(row as never)).toEqual({ name: '欧阳·女士', phone: '13800138000', email: 'O.Yang+school@example.com' });
  });
});

describe('a student under 14', () => {
  it('is recorded, with the contact fields holding a guardian’s details', async () => {
    const { inject, db } = await buildTestApp();
    const response = await inject({
      method: 'POST',
      url: '/api/feedback',
      payload: await withProofOfWork(makeFeedbackSubmission({ role: 'student', isUnder14: true, contactName: '小明的妈妈' })),
    });
    expect(response.statusCode).toBe(201);
    expect(db.prepare('SELECT role, is_under_14 FROM feedback').get()).toEqual({ role: 'student', is_under_14: 1 });
  });

  it.each([
    ['a parent', { role: 'parent', isUnder14: true }, 'isUnder14'],
    ['a string', { role: 'student', isUnder14: 'yes' }, 'isUnder14'],
  ])('is refused for %s', async (_name, overrides, field) => {
    const { inject, db } = await buildTestApp();
    const response = await inject({ method: 'POST', url: '/api/feedback', payload: await withProofOfWork(makeFeedbackSubmission(overrides)) });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toContainEqual({ field, message: expect.stringMatching(HAN) });
    expect(counts(db).feedback).toBe(0);
  });

  it('cannot be stored for another role, even past the API', async () => {
    const { db } = await buildTestApp();
    expect(() =>
      db
        .prepare(
          `INSERT INTO feedback (tracking_code, secret_hash, role, category, content, is_anonymous, consent_to_publish, is_under_14, submitted_at, updated_at)
           VALUES ('FK20261123-AAAA', 'x', 'parent', 'teaching', '内容内容内容内容内容', 1, 0, 1, 'now', 'now')`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
  });
});
