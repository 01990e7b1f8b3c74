import { DEMO_NOMINATION_COUNT } from '../../scripts/demo/demo-topics.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ITEMS, DEMO_UNITS } from '../../scripts/demo/demo-bureau.ts';
import { isDatabaseEmpty, seedDemoBureau, type SeedDemoResult } from '../../scripts/demo/seed-demo.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { TEST_TOTP_KEY } from '../helpers/admin.ts';
import { ACTION_RULES, FEEDBACK_ACTIONS } from '../../server/domain/feedback-workflow.ts';
import { TEST_CONTACTS } from '../helpers/contacts.ts';

const NOW = new Date('2026-11-26T04:00:00.000Z');
const SEED = 20261126;
const PHONE = /1[3-9]\d{9}/;
const DAY = 24 * 60 * 60 * 1000;
/** One whole seed on a busy two-core machine, with room to spare (see the determinism test). */
const SEED_TIMEOUT_MS = 60_000;

/** Every step the workflow allows, as 'action:from>to' (the submitter's rating keeps the state). */
const ALLOWED_STEPS = new Set([
  'submit:null>pending',
  'rate:replied>replied',
  ...FEEDBACK_ACTIONS.flatMap((action) => ACTION_RULES[action].from.map((from) => `${action}:${from}>${ACTION_RULES[action].to ?? from}`)),
]);

interface FeedbackRecord {
  id: number;
  tracking_code: string;
  secret_hash: string;
  role: string;
  content: string;
  is_anonymous: number;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  contact_sealed: 0 | 1;
  consent_to_publish: number;
  status: string;
  publication: string;
  extension_days: number | null;
  urge_count: number;
  followup_status: string | null;
  public_content: string | null;
  public_reply: string | null;
  submitted_at: string;
  accepted_at: string | null;
  replied_at: string | null;
  published_at: string | null;
  rated_at: string | null;
  updated_at: string;
}

interface EventRecord {
  feedback_id: number;
  action: string;
  actor_user_id: number | null;
  actor_kind: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  at: string;
}

let workDir: string;
const openDbs: Db[] = [];

function freshDatabase(name: string): Db {
  const db = openDatabase(join(workDir, `${name}.db`));
  openDbs.push(db);
  return db;
}

/** The rows with their contact details opened: sealing uses a fresh random IV each time. */
function feedbackRows(db: Db): FeedbackRecord[] {
  return db
    .prepare<[], FeedbackRecord>('SELECT * FROM feedback ORDER BY id')
    .all()
    .map((row) => {
      const contact = TEST_CONTACTS.open(row);
      return { ...row, contact_name: contact.name, contact_phone: contact.phone, contact_email: contact.email };
    });
}

function eventRows(db: Db): EventRecord[] {
  return db.prepare<[], EventRecord>('SELECT * FROM feedback_events ORDER BY feedback_id, at, id').all();
}

describe('seedDemoBureau', () => {
  let db: Db;
  let result: SeedDemoResult;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'seed-demo-'));
    db = freshDatabase('main');
    expect(isDatabaseEmpty(db)).toBe(true);
    result = await seedDemoBureau(db, { now: NOW, seed: SEED, totpKey: TEST_TOTP_KEY, contacts: TEST_CONTACTS });
  });

  afterAll(() => {
    for (const open of openDbs) open.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('inserts the bureau, its ledger and the requested number of opinions', () => {
    const count = (table: string): number => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? -1;
    const expectedUpdates = DEMO_ITEMS.reduce((sum, item) => sum + item.updates.length, 0);
    expect(result).toMatchObject({ units: DEMO_UNITS.length, items: DEMO_ITEMS.length, updates: expectedUpdates, feedback: 320, events: count('feedback_events') });
    expect(count('units')).toBe(DEMO_UNITS.length);
    expect(count('rectification_items')).toBe(DEMO_ITEMS.length);
    expect(count('item_updates')).toBe(expectedUpdates);
    expect(count('feedback')).toBe(320 + DEMO_NOMINATION_COUNT);
    expect(DEMO_UNITS.filter((unit) => unit.kind === 'school').length).toBeGreaterThanOrEqual(8);
    expect(DEMO_ITEMS.length).toBeGreaterThanOrEqual(13);
    expect(isDatabaseEmpty(db)).toBe(false);
  });

  it('covers every required rectification theme', () => {
    const titles = db.prepare<[], { title: string }>('SELECT title FROM rectification_items').all().map((row) => row.title);
    const themes = [
      '会议合并审批',
      '三严三控',
      '三单两公开',
      '线上接待',
      '督查检查考核',
      '白名单',
      '《教育资源分配管理办法》',
      '《提升教育服务质量若干措施》',
      '《教育系统作风建设警示录》',
      '教学计划执行不严格',
      '补课',
      '违规使用教育经费',
      '最多跑一次',
      '群众点题',
      '第三方评估',
    ];
    for (const theme of themes) {
      expect(titles.some((title) => title.includes(theme)), theme).toBe(true);
    }
  });

  it('keeps a realistic ledger: every status, at least one overdue item, 2–5 dated updates each', () => {
    const items = db
      .prepare<[], { id: number; status: string; deadline: string | null; progress: number }>('SELECT id, status, deadline, progress FROM rectification_items')
      .all();
    expect(new Set(items.map((item) => item.status))).toEqual(new Set(['not_started', 'in_progress', 'completed', 'ongoing']));
    const today = NOW.toISOString().slice(0, 10);
    expect(items.some((item) => item.deadline !== null && item.deadline < today && item.status !== 'completed' && item.status !== 'ongoing')).toBe(true);
    for (const item of items) {
      if (item.status === 'completed') expect(item.progress).toBe(100);
      const updates = db.prepare<[number], { happened_on: string }>('SELECT happened_on FROM item_updates WHERE item_id = ?').all(item.id);
      expect(updates.length).toBeGreaterThanOrEqual(2);
      expect(updates.length).toBeLessThanOrEqual(5);
      for (const update of updates) expect(update.happened_on <= today).toBe(true);
    }
  });

  it('makes the ledger through the 台账管理员’s actions: versions, edits, outcomes, an overdue item, all published', () => {
    const ledgerUser = result.staff.byRole('ledger').id;
    const versions = db.prepare<[], { action: string; actor_user_id: number | null }>('SELECT action, actor_user_id FROM item_versions').all();
    expect(new Set(versions.map((version) => version.actor_user_id))).toEqual(new Set([ledgerUser]));
    const actions = new Set(versions.map((version) => version.action));
    for (const action of ['create', 'publish', 'update', 'progress', 'outcome', 'outcome_removed']) expect(actions.has(action), action).toBe(true);
    const edits = db.prepare<[], { changes: string }>("SELECT changes FROM item_versions WHERE action = 'update'").all().flatMap((row) => JSON.parse(row.changes) as { field: string }[]);
    for (const field of ['measures', 'deadline', 'title', 'leaderName', 'unitId', 'progressSummary']) expect(edits.some((change) => change.field === field), field).toBe(true);
    const outcomes = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM item_outcomes').get()!.n;
    expect(outcomes).toBe(DEMO_ITEMS.reduce((sum, item) => sum + item.outcomes.length, 0));
    expect(outcomes).toBeGreaterThanOrEqual(8);
    const overdue = db.prepare<[{ today: string }], { code: string }>("SELECT code FROM rectification_items WHERE deadline < @today AND status <> 'completed'").all({ today: '2026-11-26' });
    expect(overdue.map((item) => item.code)).toContain('ZG-2026-07');
    expect(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM rectification_items WHERE is_published = 0').get()!.n).toBe(0);
    const audit = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'ledger.item.%'").get()!.n;
    expect(audit).toBe(versions.length);
    for (const item of DEMO_ITEMS) {
      const row = db.prepare<[string], { status: string; progress: number; completed_on: string | null }>('SELECT status, progress, completed_on FROM rectification_items WHERE code = ?').get(item.code)!;
      expect(row, item.code).toMatchObject({ status: item.status, progress: item.progress });
      expect(row.completed_on !== null, item.code).toBe(item.status === 'completed');
    }
  });

  // Two more seeds in one test. A seed's time is mostly its six staff passwords, hashed one after
  // another with scrypt at the product's cost (32 MiB, p = 3): ~0.3 s each on an idle core, past
  // 1.5 s each while other test files fill both cores, so a seed takes 2–10 s and the default 20 s
  // fits one, not two. The statistics add nothing here (the seed builds no snapshot).
  it('is deterministic for the same now and seed (apart from the staff passwords)', { timeout: 2 * SEED_TIMEOUT_MS }, async () => {
    const other = freshDatabase('again');
    await seedDemoBureau(other, { now: NOW, seed: SEED, totpKey: TEST_TOTP_KEY, contacts: TEST_CONTACTS });
    expect(feedbackRows(other)).toEqual(feedbackRows(db));
    expect(eventRows(other)).toEqual(eventRows(db));
    const thirdSeed = freshDatabase('other-seed');
    await seedDemoBureau(thirdSeed, { now: NOW, seed: SEED + 1, totpKey: TEST_TOTP_KEY, contacts: TEST_CONTACTS });
    expect(feedbackRows(thirdSeed)).not.toEqual(feedbackRows(db));
  });

  it('creates one demo account per role, 经办人 for two schools and a 科室, and marks the database as the demo', () => {
    const roles = db.prepare<[], { role: string; unit_kind: string | null }>(
      'SELECT r.role, un.kind AS unit_kind FROM user_roles r JOIN users u ON u.id = r.user_id LEFT JOIN units un ON un.id = u.unit_id',
    ).all();
    for (const role of ['sysadmin', 'office', 'handler', 'ledger']) expect(roles.some((row) => row.role === role), role).toBe(true);
    const handlers = roles.filter((row) => row.role === 'handler');
    expect(handlers.filter((row) => row.unit_kind === 'school')).toHaveLength(2);
    expect(handlers.filter((row) => row.unit_kind === 'department')).toHaveLength(1);
    expect(result.staff.accounts.every((account) => account.password.length >= 12)).toBe(true);
    expect(db.prepare("SELECT value FROM app_settings WHERE key = 'demo_bureau'").pluck().get()).toBe('true');
    const templates = db.prepare<[], { category: string | null }>('SELECT category FROM reply_templates').all();
    expect(templates.some((template) => template.category === null)).toBe(true);
    expect(templates.filter((template) => template.category !== null).length).toBeGreaterThanOrEqual(2);
  });

  it('gives every opinion a history the workflow allows, from its submission to its current state', () => {
    const eventsByFeedback = new Map<number, EventRecord[]>();
    for (const event of eventRows(db)) {
      const list = eventsByFeedback.get(event.feedback_id) ?? [];
      list.push(event);
      eventsByFeedback.set(event.feedback_id, list);
    }
    for (const feedback of feedbackRows(db)) {
      const events = eventsByFeedback.get(feedback.id) ?? [];
      const [first] = events;
      expect(first, feedback.tracking_code).toMatchObject({ action: 'submit', actor_kind: 'public', from_status: null, to_status: 'pending', at: feedback.submitted_at });
      let previous: EventRecord | undefined;
      for (const event of events) {
        const step = `${event.action}:${event.from_status}>${event.to_status}`;
        expect(ALLOWED_STEPS.has(step), `${feedback.tracking_code} ${step}`).toBe(true);
        if (previous) {
          expect(event.from_status).toBe(previous.to_status);
          expect(event.at >= previous.at).toBe(true);
          expect(event.actor_kind).toBe(event.action === 'rate' ? 'public' : 'user');
          if (event.actor_kind === 'user') expect(event.actor_user_id).not.toBeNull();
        }
        expect(event.at <= NOW.toISOString()).toBe(true);
        previous = event;
      }
      expect(previous?.to_status).toBe(feedback.status);
      expect(previous?.at).toBe(feedback.updated_at);
      const at = (action: string) => events.find((event) => event.action === action)?.at ?? null;
      expect(feedback.accepted_at).toBe(at('accept'));
      expect(feedback.published_at).toBe(feedback.publication === 'published' ? at('publish') : null);
      if (feedback.status === 'rejected') expect(events.at(-1)?.note).toBeTruthy();
      if (feedback.replied_at) {
        const days = (Date.parse(feedback.replied_at) - Date.parse(feedback.submitted_at)) / DAY;
        expect(days).toBeGreaterThan(0);
        expect(days).toBeLessThanOrEqual(40);
      }
    }
  });

  it('shows the whole workflow: overdue, extended, urged, returned for changes, under review, withheld, followed up', () => {
    const rows = feedbackRows(db);
    const today = '2026-11-26';
    expect(rows.some((row) => row.status === 'in_review')).toBe(true);
    expect(rows.some((row) => ['assigned', 'in_review'].includes(row.status) && row.extension_days === null)).toBe(true);
    expect(db.prepare("SELECT count(*) FROM feedback WHERE status IN ('assigned', 'in_review') AND reply_due_on < ?").pluck().get(today)).toBeGreaterThan(0);
    expect(rows.filter((row) => row.extension_days !== null).length).toBeGreaterThan(3);
    expect(rows.filter((row) => row.urge_count > 0).length).toBeGreaterThan(3);
    expect(rows.some((row) => row.publication === 'withheld')).toBe(true);
    expect(rows.some((row) => row.followup_status === 'explained')).toBe(true);
    expect(rows.some((row) => row.followup_status === 'reopened')).toBe(true);
    const actions = new Set(eventRows(db).map((event) => event.action));
    for (const action of ['return_reply', 'reassign', 'urge', 'extend', 'publish', 'withhold', 'rate', 'reject']) expect(actions.has(action), action).toBe(true);
  });

  it('has a realistic mix of states, roles, anonymity and consent', () => {
    const rows = feedbackRows(db);
    const share = (predicate: (row: FeedbackRecord) => boolean) => rows.filter(predicate).length / rows.length;
    expect(share((row) => row.is_anonymous === 1)).toBeGreaterThan(0.18);
    expect(share((row) => row.is_anonymous === 1)).toBeLessThan(0.32);
    expect(share((row) => row.consent_to_publish === 1)).toBeGreaterThan(0.5);
    expect(share((row) => row.consent_to_publish === 1)).toBeLessThan(0.7);
    expect(share((row) => row.status === 'rejected')).toBeGreaterThan(0.01);
    expect(share((row) => row.status === 'rejected')).toBeLessThan(0.08);
    expect(share((row) => row.role === 'parent')).toBeGreaterThan(0.4);
    for (const state of ['pending', 'rejected', 'assigned', 'in_review', 'replied']) expect(rows.some((row) => row.status === state), state).toBe(true);
    for (const row of rows) {
      const hasContact = row.contact_name !== null || row.contact_phone !== null || row.contact_email !== null;
      expect(hasContact).toBe(row.is_anonymous === 0);
      expect(row.tracking_code).toMatch(/^FK\d{8}-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}$/);
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(rows.map((row) => row.tracking_code)).size).toBe(rows.length);
  });

  it('publishes only with consent and never a phone number', () => {
    const rows = feedbackRows(db);
    const published = rows.filter((row) => row.publication === 'published');
    expect(published.length).toBeGreaterThan(0);
    for (const row of published) {
      expect(row.consent_to_publish).toBe(1);
      expect(row.public_content).not.toBeNull();
      expect(row.public_reply).not.toBeNull();
    }
    for (const row of rows) {
      if (row.publication !== 'published') {
        expect(row.public_content).toBeNull();
        expect(row.public_reply).toBeNull();
      }
      expect(row.public_content ?? '').not.toMatch(PHONE);
      expect(row.public_reply ?? '').not.toMatch(PHONE);
    }
    // Some opinions carry personal details in their text; their public versions must be redacted.
    const withPhoneInText = db.prepare<[], { content: string; public_content: string | null }>("SELECT content, public_content FROM feedback WHERE content GLOB '*1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*'").all();
    expect(withPhoneInText.length).toBeGreaterThan(0);
    expect(withPhoneInText.some((row) => row.public_content?.includes('***'))).toBe(true);
  });

  it('stores markup, emoji and mixed scripts as they were written', () => {
    const contents = feedbackRows(db).map((row) => row.content);
    expect(contents.some((content) => content.includes("<script>alert('xss')</script>"))).toBe(true);
    expect(contents.some((content) => /\p{Extended_Pictographic}/u.test(content))).toBe(true);
    expect(contents.some((content) => content.includes('English'))).toBe(true);
  });

  it('refuses to seed a database that already has data', async () => {
    await expect(seedDemoBureau(db, { now: NOW, seed: SEED, totpKey: TEST_TOTP_KEY, contacts: TEST_CONTACTS })).rejects.toThrow(/already has units/);
    expect(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM feedback').get()?.n).toBe(320 + DEMO_NOMINATION_COUNT);
  });
});
