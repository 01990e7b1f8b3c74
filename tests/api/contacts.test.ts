// Contact details are personal information (issue point 8): sealed at rest with AES-256-GCM under a
// key from the configuration, never logged, shown only to the assigned unit's 经办人 and the 办公室
// with every view audited, sealed once at start when they predate encryption, and purged a
// configurable time after the opinion was closed, each purge audited as a system action.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { contactVaultFor } from '../../server/actions/contact-details.ts';
import { purgeExpiredContacts } from '../../server/actions/contact-retention.ts';
import { workCalendar } from '../../db/queries/calendar.ts';
import { DecryptionError } from '../../server/crypto.ts';
import { acceptFeedback, approveReply, assignFeedback, draftReply, rejectFeedback } from '../../server/actions/feedback-steps.ts';
import { insertFeedbackRow, insertUnit, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { createStaff, signIn } from '../helpers/admin.ts';
import { buildTestApp, testConfig } from '../helpers/app.ts';
import { TEST_CONTACTS } from '../helpers/contacts.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';

const MONDAY = new Date('2026-11-23T02:00:00.000Z');
const DAY = 86_400_000;
const CONTACT = { contactName: '陈女士', contactPhone: '13600136000', contactEmail: 'chen.parent@example.com' };

async function setting(env: Record<string, string> = {}, logger?: object) {
  let now = MONDAY;
  const t = await buildTestApp({ env, now: () => now, ...(logger ? { logger } : {}), build: { purgeTimers: false } });
  const schoolA = insertUnit(t.db, { name: '示例县第一中学' });
  const schoolB = insertUnit(t.db, { name: '示例县第二中学' });
  const office = await createStaff(t.db, { roles: ['office'], now });
  const handlerA = await createStaff(t.db, { roles: ['handler'], unitId: schoolA, now });
  const handlerB = await createStaff(t.db, { roles: ['handler'], unitId: schoolB, now });
  const context = () => ({ now, calendar: workCalendar(t.db) });
  const version = (id: number) => (t.db.prepare('SELECT version FROM feedback WHERE id = ?').get(id) as { version: number }).version;
  const submit = async (overrides: Record<string, unknown> = {}) => {
    const response = await t.inject({ method: 'POST', url: '/api/feedback', payload: await withProofOfWork(makeFeedbackSubmission({ ...CONTACT, ...overrides })) });
    expect(response.statusCode).toBe(201);
    const { trackingCode } = response.json() as { trackingCode: string };
    const id = (t.db.prepare('SELECT id FROM feedback WHERE tracking_code = ?').get(trackingCode) as { id: number }).id;
    return { id, target: () => ({ feedbackId: id, version: version(id) }) };
  };
  return { ...t, schoolA, schoolB, office, handlerA, handlerB, context, submit, now: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const contactRow = (db: Awaited<ReturnType<typeof buildTestApp>>['db'], id: number) =>
  db.prepare('SELECT contact_name, contact_phone, contact_email, contact_sealed, contact_email_lookup, contact_purged_at FROM feedback WHERE id = ?').get(id) as Record<string, string | number | null>;

describe('contact details at rest', () => {
  it('are sealed with a key from the configuration, and nothing else can open them', async () => {
    const s = await setting();
    const { id } = await s.submit();
    const row = contactRow(s.db, id);
    for (const column of ['contact_name', 'contact_phone', 'contact_email'] as const) expect(row[column]).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    const raw = JSON.stringify(s.db.prepare('SELECT * FROM feedback').all());
    for (const value of Object.values(CONTACT)) expect(raw).not.toContain(value);
    expect(row.contact_email_lookup).toBe(TEST_CONTACTS.emailLookup('Chen.Parent@Example.com'));
    const sealed = row as unknown as Parameters<typeof TEST_CONTACTS.open>[0];
    expect(TEST_CONTACTS.open(sealed)).toEqual({ name: '陈女士', phone: '13600136000', email: 'chen.parent@example.com' });
    const otherKey = contactVaultFor({ secretKey: Buffer.alloc(32, 9) });
    expect(() => otherKey.open(sealed)).toThrow(DecryptionError);
  });

  it('are shown to the 办公室 and the assigned unit 经办人 only, each view audited', async () => {
    const s = await setting();
    const { id, target } = await s.submit();
    acceptFeedback(s.db, s.office, target(), s.context());
    assignFeedback(s.db, s.office, { ...target(), unitId: s.schoolA }, s.context());
    const view = async (who: typeof s.office) => (await signIn(s.app, who, { now: s.now })).inject({ method: 'POST', url: `/api/admin/feedback/${id}/contact` });
    for (const who of [s.office, s.handlerA]) {
      const response = await view(who);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ contactName: '陈女士', contactPhone: '13600136000', contactEmail: 'chen.parent@example.com' });
    }
    expect((await view(s.handlerB)).statusCode).toBe(404);
    const audited = s.db.prepare("SELECT actor_user_id FROM audit_log WHERE action = 'contact.view' AND object_id = ? ORDER BY id").all(id);
    expect(audited).toEqual([{ actor_user_id: s.office.id }, { actor_user_id: s.handlerA.id }]);
    // The redaction suggestion masks the submitter's name, read from the sealed column.
    const redaction = await (await signIn(s.app, s.office, { now: s.now })).inject({ method: 'GET', url: `/api/admin/feedback/${id}/redaction` });
    expect(redaction.statusCode).toBe(200);
  });

  it('never reach the logs: submission, contact view and mails', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const s = await setting({}, { level: 'trace', stream });
    const { id, target } = await s.submit();
    acceptFeedback(s.db, s.office, target(), s.context());
    assignFeedback(s.db, s.office, { ...target(), unitId: s.schoolA }, s.context());
    await (await signIn(s.app, s.office, { now: s.now })).inject({ method: 'POST', url: `/api/admin/feedback/${id}/contact` });
    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    for (const value of Object.values(CONTACT)) expect(log).not.toContain(value);
  });
});

describe('contact details stored before encryption', () => {
  it('are sealed once when the app starts, audited as a system action', async () => {
    const config = testConfig();
    const db = openDatabase(config.databasePath);
    const plain = insertFeedbackRow(db, { contactName: '赵先生', contactPhone: '13500135000', contactEmail: 'zhao@example.com' });
    const none = insertFeedbackRow(db);
    db.close();

    const t = await buildTestApp({ config, build: { purgeTimers: false } });
    const row = contactRow(t.db, plain);
    expect(row).toMatchObject({ contact_sealed: 1, contact_email_lookup: TEST_CONTACTS.emailLookup('zhao@example.com') });
    expect(row.contact_phone).toMatch(/^v1\./);
    expect(TEST_CONTACTS.open(row as never)).toEqual({ name: '赵先生', phone: '13500135000', email: 'zhao@example.com' });
    expect(contactRow(t.db, none)).toMatchObject({ contact_name: null, contact_sealed: 0 });
    expect(t.db.prepare("SELECT actor_kind, details FROM audit_log WHERE action = 'contact.seal'").all()).toEqual([{ actor_kind: 'system', details: '{"opinions":1}' }]);
    await t.app.close();

    // A second start finds nothing to seal and writes nothing.
    const again = await buildTestApp({ config, build: { purgeTimers: false } });
    expect(again.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'contact.seal'").get()).toEqual({ n: 1 });
    expect(TEST_CONTACTS.open(contactRow(again.db, plain) as never).phone).toBe('13500135000');
  });
});

describe('the retention period', () => {
  it('purges the details of opinions closed more than CONTACT_RETENTION_DAYS ago, and only those', async () => {
    const s = await setting({ CONTACT_RETENTION_DAYS: '30' });
    const answered = await s.submit();
    acceptFeedback(s.db, s.office, answered.target(), s.context());
    assignFeedback(s.db, s.office, { ...answered.target(), unitId: s.schoolA }, s.context());
    draftReply(s.db, s.handlerA, { ...answered.target(), reply: '已核实处理。' }, s.context());
    approveReply(s.db, s.office, answered.target(), s.context());
    const declined = await s.submit();
    rejectFeedback(s.db, s.office, { ...declined.target(), reason: 'unclear', note: '内容不明确。' }, s.context());
    const open = await s.submit();
    const closedAt = s.now();

    s.advance(30 * DAY - 1000);
    expect(purgeExpiredContacts(s.db, { now: s.now(), retentionDays: s.config.contactRetentionDays })).toEqual([]);
    s.advance(2000);
    expect(purgeExpiredContacts(s.db, { now: s.now(), retentionDays: s.config.contactRetentionDays }).sort()).toEqual([answered.id, declined.id].sort());
    for (const id of [answered.id, declined.id]) {
      expect(contactRow(s.db, id)).toMatchObject({ contact_name: null, contact_phone: null, contact_email: null, contact_email_lookup: null, contact_purged_at: s.now().toISOString() });
    }
    expect(contactRow(s.db, open.id).contact_phone).toMatch(/^v1\./);
    const audit = s.db.prepare("SELECT actor_kind, actor_user_id, object_id, reason, details FROM audit_log WHERE action = 'contact.purge' ORDER BY object_id").all() as Record<string, unknown>[];
    expect(audit.map((entry) => entry.object_id)).toEqual([answered.id, declined.id].sort((a, b) => a - b));
    expect(audit[0]).toMatchObject({ actor_kind: 'system', actor_user_id: null, reason: expect.stringContaining('30 天') });
    expect(JSON.parse(audit[0]!.details as string)).toMatchObject({ closedAt: closedAt.toISOString(), retentionDays: 30 });
    // Nothing left to purge the second time.
    expect(purgeExpiredContacts(s.db, { now: s.now(), retentionDays: 30 })).toEqual([]);
    // The tracking page says the details are gone.
    expect(s.db.prepare('SELECT status FROM feedback WHERE id = ?').get(answered.id)).toEqual({ status: 'replied' });
  });

  it('runs in the server process when the app is ready, with its clock, a year by default', async () => {
    const config = testConfig();
    const db = openDatabase(config.databasePath);
    const old = insertFeedbackRow(db, { status: 'rejected', contactPhone: '13400134000' });
    db.prepare("UPDATE feedback SET closed_at = '2025-11-01T00:00:00.000Z' WHERE id = ?").run(old);
    const recent = insertFeedbackRow(db, { status: 'rejected', contactPhone: '13400134001' });
    db.prepare("UPDATE feedback SET closed_at = '2026-06-01T00:00:00.000Z' WHERE id = ?").run(recent);
    db.close();
    expect(config.contactRetentionDays).toBe(365);
    const t = await buildTestApp({ config, now: () => MONDAY });
    await t.app.ready();
    expect(contactRow(t.db, old)).toMatchObject({ contact_phone: null, contact_purged_at: MONDAY.toISOString() });
    expect(contactRow(t.db, recent).contact_phone).toMatch(/^v1\./);
  });
});
