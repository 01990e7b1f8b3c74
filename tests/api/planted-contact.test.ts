// A submitter's contact details leave no copy in the data folder once they must be gone (issue 12,
// point 2). A unique phone number, e-mail and name are planted in an opinion that goes through
// acceptance and assignment (mails to the submitter and to the unit, written as .eml files by the
// default transport), then the submitter withdraws it, or it is closed and CONTACT_RETENTION_DAYS
// pass. Every file under the data folder (database, WAL, shared memory, outbox, the log file) is
// then read as bytes and none may hold any of the three.
import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../server/config.ts';
import { insertUnit, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { type AdminClient, createStaff, signIn, type TestStaff } from '../helpers/admin.ts';
import { buildTestApp, type TestApp, testConfig } from '../helpers/app.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';
import { tempDirForTest } from '../helpers/temp.ts';

// Monday 2026-11-23, 10:00 in Shanghai.
const MONDAY = new Date('2026-11-23T02:00:00.000Z');
const DAY = 86_400_000;
const RETENTION_DAYS = 30;

/** Contact details no other test or fixture uses: random digits, random characters of a name. */
function plantedContact() {
  const digits = String(randomInt(10 ** 7, 10 ** 8));
  const surname = '欧阳司马诸葛上官'[randomInt(0, 8)]!;
  const given = Array.from({ length: 3 }, () => String.fromCodePoint(0x4e00 + randomInt(0, 0x51a0))).join('');
  return {
    contactPhone: `139${digits}`,
    contactEmail: `planted.${digits}@example.com`,
    contactName: `${surname}${given}`,
  };
}

/** Every file under `dir`, recursively, with its bytes. */
function filesUnder(dir: string): Array<{ path: string; bytes: Buffer }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path: relative(dir, path), bytes: readFileSync(path) };
    });
}

/** Where each value occurs in the data folder, as UTF-8 or UTF-16 bytes: `value in file`. */
function findings(dir: string, values: Record<string, string>): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    for (const [label, value] of Object.entries(values)) {
      for (const encoding of ['utf8', 'utf16le'] as const) {
        if (file.bytes.includes(Buffer.from(value, encoding))) found.push(`${label} (${encoding}) in ${file.path}`);
      }
    }
  }
  return found;
}

interface Setting {
  t: TestApp;
  config: AppConfig;
  office: TestStaff;
  handler: TestStaff;
  school: number;
  now: () => Date;
  advance: (ms: number) => void;
  as: (staff: TestStaff) => Promise<AdminClient>;
}

function configFor(dataDir: string): AppConfig {
  return testConfig({ LOG_LEVEL: 'trace', CONTACT_RETENTION_DAYS: String(RETENTION_DAYS) }, dataDir);
}

/** The app on `config`'s data folder, logging every level to a file in it, the default .eml transport. */
function appOn(config: AppConfig, now: () => Date, purgeTimers: boolean): Promise<TestApp> {
  return buildTestApp({
    config,
    now,
    logger: { file: join(config.dataDir, 'portal.log') },
    build: { purgeTimers, mail: { worker: false, scheduler: false } },
  });
}

async function setting(): Promise<Setting> {
  const config = configFor(tempDirForTest('portal-planted-'));
  let now = MONDAY;
  const t = await appOn(config, () => now, false);
  const school = insertUnit(t.db, { name: '示例县第一中学' });
  const office = await createStaff(t.db, { roles: ['office'], now });
  const handler = await createStaff(t.db, { roles: ['handler'], unitId: school, now });
  // Both have an address, so the office and the unit get mails about the opinion.
  for (const staff of [office, handler]) t.db.prepare('UPDATE users SET email = ? WHERE id = ?').run(`${staff.username}@bureau.example.cn`, staff.id);
  return {
    t,
    config,
    office,
    handler,
    school,
    now: () => now,
    advance: (ms) => (now = new Date(now.getTime() + ms)),
    as: (staff) => signIn(t, staff, { now: () => now }),
  };
}

interface Opinion {
  id: number;
  trackingCode: string;
  secret: string;
  /** Unique text in the opinion's content: it stays, and proves the scan reads the database. */
  marker: string;
}

async function submit(s: Setting, contact: Record<string, string>): Promise<Opinion> {
  const marker = `PLANTED-CONTENT-${randomInt(10 ** 8, 10 ** 9)}`;
  const payload = makeFeedbackSubmission({ ...contact, content: `孩子所在班级的体育课经常被占用，希望学校按课表开齐开足体育课。${marker}` });
  const response = await s.t.inject({ method: 'POST', url: '/api/feedback', payload: await withProofOfWork(payload) });
  expect(response.statusCode, response.body).toBe(201);
  const receipt = response.json() as { trackingCode: string; secret: string };
  const { id } = s.t.db.prepare('SELECT id FROM feedback WHERE tracking_code = ?').get(receipt.trackingCode) as { id: number };
  return { id, marker, ...receipt };
}

async function act(s: Setting, staff: TestStaff, opinion: Opinion, slug: string, body: Record<string, unknown> = {}): Promise<void> {
  const { version } = s.t.db.prepare('SELECT version FROM feedback WHERE id = ?').get(opinion.id) as { version: number };
  const response = await (await s.as(staff)).inject({ method: 'POST', url: `/api/admin/feedback/${opinion.id}/actions/${slug}`, payload: { version, ...body } });
  expect(response.statusCode, `${slug}: ${response.body}`).toBe(200);
}

/** Submitted, accepted, assigned to the school, every queued mail written as an .eml file. */
async function plantAndAssign(s: Setting, contact: Record<string, string>): Promise<Opinion> {
  const opinion = await submit(s, contact);
  await act(s, s.office, opinion, 'accept', { note: '已受理', notePublic: true });
  await act(s, s.office, opinion, 'assign', { unitId: s.school, note: '请核实', notePublic: false });
  const summary = await s.t.app.mailWorker.runOnce();
  expect(summary.retried + summary.failed).toBe(0);
  const sent = s.t.db.prepare("SELECT audience FROM mail_outbox WHERE feedback_id = ? AND status = 'sent' ORDER BY id").all(opinion.id) as Array<{ audience: string }>;
  // The submitter's receipt and acceptance, the office's and the unit's notices.
  expect(new Set(sent.map((mail) => mail.audience))).toEqual(new Set(['submitter', 'office', 'unit_handler']));
  const emlFiles = readdirSync(s.config.mail.outboxDir).filter((name) => name.endsWith('.eml'));
  expect(emlFiles.length).toBe(sent.length);

  // The details were there: both the office and the unit's 经办人 can open them, each view audited.
  for (const staff of [s.office, s.handler]) {
    const view = await (await s.as(staff)).inject({ method: 'POST', url: `/api/admin/feedback/${opinion.id}/contact` });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toEqual(contact);
  }
  // The log file exists and has lines: the scan below covers it.
  expect(readFileSync(join(s.config.dataDir, 'portal.log'), 'utf8')).toContain('"msg"');
  // Before erasure the scan finds the one copy that is allowed until then: the submitter's address
  // on the .eml files of the mails sent to them. The rest is sealed, and staff mails carry none.
  const before = findings(s.config.dataDir, contact);
  expect(before.length).toBeGreaterThan(0);
  for (const finding of before) expect(finding).toMatch(/^contactEmail \(utf8\) in outbox[/][^/]+\.eml$/);
  return opinion;
}

function expectNoCopies(s: Setting, opinion: Opinion, contact: Record<string, string>): void {
  const dataDir = s.config.dataDir;
  // The scan sees what the folder keeps: the opinion's content is still in the database.
  expect(findings(dataDir, { content: opinion.marker }).length).toBeGreaterThan(0);
  expect(findings(dataDir, contact)).toEqual([]);
}

describe('planted contact details in the data folder', () => {
  it('are gone from every file after the submitter withdraws the opinion by code and secret', async () => {
    const s = await setting();
    const contact = plantedContact();
    const opinion = await plantAndAssign(s, contact);

    const withdrawn = await s.t.inject({ method: 'POST', url: '/api/track/withdraw', payload: { trackingCode: opinion.trackingCode, secret: opinion.secret } });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const view = await (await s.as(s.office)).inject({ method: 'POST', url: `/api/admin/feedback/${opinion.id}/contact` });
    expect(view.json()).toEqual({ contactName: null, contactPhone: null, contactEmail: null });

    // While the server still runs (the WAL was checkpointed by the withdrawal itself) …
    expectNoCopies(s, opinion, contact);
    // … and once it has stopped.
    await s.t.app.close();
    expectNoCopies(s, opinion, contact);
  });

  it(`are gone from every file once the opinion has been closed for CONTACT_RETENTION_DAYS (${RETENTION_DAYS})`, async () => {
    const s = await setting();
    const contact = plantedContact();
    const opinion = await plantAndAssign(s, contact);
    await act(s, s.handler, opinion, 'draft-reply', { reply: '经核实，学校已按课表开齐体育课。' });
    await act(s, s.office, opinion, 'approve-reply');
    expect(await s.t.app.mailWorker.runOnce()).toMatchObject({ retried: 0, failed: 0 });

    // A day short of the period, the server restarting purges nothing.
    s.advance((RETENTION_DAYS - 1) * DAY);
    await s.t.app.close();
    const early = await appOn(s.config, s.now, true);
    await early.app.ready();
    expect(early.db.prepare('SELECT contact_purged_at FROM feedback WHERE id = ?').get(opinion.id)).toEqual({ contact_purged_at: null });
    await early.app.close();

    // Past the period, the purge at start (then hourly) removes them and every copy.
    s.advance(2 * DAY);
    const later = await appOn(s.config, s.now, true);
    await later.app.ready();
    expect(later.db.prepare('SELECT contact_purged_at FROM feedback WHERE id = ?').get(opinion.id)).toEqual({ contact_purged_at: s.now().toISOString() });
    expectNoCopies(s, opinion, contact);
    await later.app.close();
    expectNoCopies(s, opinion, contact);
  });

  it('are gone from the SMS files too: a phone and no e-mail, told by SMS that the reply came, then purged', async () => {
    const s = await setting();
    const { contactPhone, contactName } = plantedContact();
    const contact = { contactPhone, contactName };
    const opinion = await submit(s, contact);
    await act(s, s.office, opinion, 'accept', { note: '已受理', notePublic: true });
    await act(s, s.office, opinion, 'assign', { unitId: s.school, note: '请核实', notePublic: false });
    await act(s, s.handler, opinion, 'draft-reply', { reply: '经核实，学校已按课表开齐体育课。' });
    await act(s, s.office, opinion, 'approve-reply');
    expect(await s.t.app.mailWorker.runOnce()).toMatchObject({ retried: 0, failed: 0 });
    // Queued with the number sealed, sent through the file transport (no gateway configured).
    const queued = s.t.db.prepare('SELECT status, sealed_phone, body_text FROM sms_outbox WHERE feedback_id = ?').get(opinion.id) as { status: string; sealed_phone: string; body_text: string };
    expect(queued.status).toBe('queued');
    expect(queued.sealed_phone).toMatch(/^v1\./);
    expect(queued.body_text).toBe(`您反映的意见已有答复，请凭查询码到 ${s.config.publicBaseUrl}/track/ 查看。`);
    expect(await s.t.app.smsWorker.runOnce()).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    expect(s.t.db.prepare('SELECT status, sealed_phone FROM sms_outbox WHERE feedback_id = ?').get(opinion.id)).toEqual({ status: 'sent', sealed_phone: null });
    // The one copy allowed until the purge: the number on the message's file.
    const before = findings(s.config.dataDir, contact);
    expect(before).toEqual([expect.stringMatching(/^contactPhone \(utf8\) in sms-outbox[/]sms-\d+\.txt$/)]);

    s.advance((RETENTION_DAYS + 1) * DAY);
    await s.t.app.close();
    const later = await appOn(s.config, s.now, true);
    await later.app.ready();
    expect(later.db.prepare('SELECT contact_purged_at FROM feedback WHERE id = ?').get(opinion.id)).toEqual({ contact_purged_at: s.now().toISOString() });
    expectNoCopies(s, opinion, contact);
    await later.app.close();
    expectNoCopies(s, opinion, contact);
  });
});
