import Database from 'better-sqlite3';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { hashSecret, TRACKING_CODE_PATTERN } from '../../server/domain/tracking-code.ts';
import { insertItem, insertUnit, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { buildTestApp } from '../helpers/app.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';
import { trackingQrSvg } from '../../server/tracking-link.ts';
import { TEST_CONTACTS } from '../helpers/contacts.ts';

const HAN = /[\u4e00-\u9fff]/;

function postFeedback(inject: Awaited<ReturnType<typeof buildTestApp>>['inject'], body: unknown) {
  return withProofOfWork(body).then((payload) => inject({ method: 'POST', url: '/api/feedback', payload: payload as object }));
}

function counts(db: Database.Database) {
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return { feedback: one('SELECT count(*) AS n FROM feedback'), events: one('SELECT count(*) AS n FROM feedback_events') };
}

describe('POST /api/feedback', () => {
  it('says when to come back (the reply due at the latest) and gives the own tracking link and its QR code', async () => {
    const { inject, app, db, config } = await buildTestApp({ now: () => new Date('2026-11-26T03:00:00Z') });
    const response = await postFeedback(inject, makeFeedbackSubmission());
    expect(response.statusCode).toBe(201);
    const body = response.json() as { trackingCode: string; secret: string; replyDueBy: string; trackingUrl: string; trackingQrSvg: string };
    const row = db.prepare('SELECT f.accept_due_on, c.reply_working_days FROM feedback f JOIN feedback_categories c ON c.code = f.category WHERE tracking_code = ?').get(body.trackingCode) as {
      accept_due_on: string;
      reply_working_days: number;
    };
    // Accepted on the last day allowed, then the category's reply period: the latest the reply is due.
    expect(body.replyDueBy).toBe(app.workCalendar().addWorkingDays(row.accept_due_on, row.reply_working_days).date);
    expect(body.replyDueBy > row.accept_due_on).toBe(true);
    // Code and secret in the fragment, which no server sees.
    expect(body.trackingUrl).toBe(`${config.publicBaseUrl}/track/#code=${body.trackingCode}&secret=${body.secret}`);
    expect(body.trackingQrSvg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    // Drawn from that link, as the posters' are (QR version and size follow the text's length).
    expect(body.trackingQrSvg).toBe(await trackingQrSvg(body.trackingUrl));
  });

  it('gives a bot that filled the honeypot a receipt of the same shape', async () => {
    const { inject, db } = await buildTestApp({ now: () => new Date('2026-11-26T03:00:00Z') });
    const response = await postFeedback(inject, { ...makeFeedbackSubmission(), website: 'http://spam.example' });
    expect(response.statusCode).toBe(201);
    expect(Object.keys(response.json()).sort()).toEqual(['replyDueBy', 'secret', 'status', 'statusLabel', 'submittedAt', 'trackingCode', 'trackingQrSvg', 'trackingUrl']);
    expect(counts(db)).toEqual({ feedback: 0, events: 0 });
  });

  it('answers 201 with a tracking code only after the row and its first event are committed', async () => {
    const { inject, config } = await buildTestApp({ now: () => new Date('2026-11-26T03:00:00Z') });
    const response = await postFeedback(inject, makeFeedbackSubmission());
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.trackingCode).toMatch(TRACKING_CODE_PATTERN);
    expect(body.trackingCode.startsWith('FK20261126-')).toBe(true);
    expect(body).toMatchObject({ status: 'pending', statusLabel: '待受理', submittedAt: '2026-11-26T03:00:00.000Z' });

    // A second, independent connection sees the committed row.
    const reader = new Database(config.databasePath, { readonly: true });
    const row = reader.prepare('SELECT * FROM feedback WHERE tracking_code = ?').get(body.trackingCode) as Record<string, unknown>;
    expect(row).toMatchObject({
      role: 'parent',
      category: 'teaching',
      status: 'pending',
      contact_sealed: 1,
      is_anonymous: 0,
      consent_to_publish: 1,
    });
    // Contact details are stored sealed (AES-256-GCM) and open with the configured key.
    expect(row.contact_name).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('王女士');
    expect(JSON.stringify(row)).not.toContain('13800138000');
    expect(TEST_CONTACTS.open(row as never)).toEqual({ name: '王女士', phone: '13800138000', email: null });
    expect(row.secret_hash).toBe(hashSecret(body.secret));
    expect(JSON.stringify(row)).not.toContain(body.secret);
    const events = reader.prepare('SELECT actor_kind, from_status, to_status FROM feedback_events WHERE feedback_id = ?').all(row.id);
    expect(events).toEqual([{ actor_kind: 'public', from_status: null, to_status: 'pending' }]);
    reader.close();
  });

  it('stores an anonymous opinion without any contact details', async () => {
    const { inject, db } = await buildTestApp();
    const response = await postFeedback(inject, makeFeedbackSubmission({ anonymous: true, contactName: undefined, contactPhone: undefined }));
    expect(response.statusCode).toBe(201);
    const row = db.prepare('SELECT is_anonymous, contact_name, contact_phone, contact_email FROM feedback').get();
    expect(row).toEqual({ is_anonymous: 1, contact_name: null, contact_phone: null, contact_email: null });
  });

  it('links the opinion to a published ledger item and a unit by their codes', async () => {
    const { inject, db } = await buildTestApp();
    const unitId = insertUnit(db, { code: 'S01', name: '示例县实验小学' });
    const itemId = insertItem(db, { code: 'ZG-2026-01' });
    const response = await postFeedback(inject, makeFeedbackSubmission({ itemCode: 'ZG-2026-01', unitCode: 'S01' }));
    expect(response.statusCode).toBe(201);
    expect(db.prepare('SELECT item_id, unit_id FROM feedback').get()).toEqual({ item_id: itemId, unit_id: unitId });
  });

  it.each([
    ['an unknown item', { itemCode: 'ZG-NOPE' }, 'itemCode'],
    ['an unknown unit', { unitCode: 'NOPE' }, 'unitCode'],
  ])('rejects %s with a field error and writes nothing', async (_name, overrides, field) => {
    const { inject, db } = await buildTestApp();
    insertItem(db, { code: 'ZG-HIDDEN', isPublished: false });
    const response = await postFeedback(inject, makeFeedbackSubmission(overrides));
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([{ field, message: expect.stringMatching(HAN) }]);
    expect(counts(db)).toEqual({ feedback: 0, events: 0 });
  });

  it('does not let the public link an unpublished ledger item', async () => {
    const { inject, db } = await buildTestApp();
    insertItem(db, { code: 'ZG-HIDDEN', isPublished: false });
    const response = await postFeedback(inject, makeFeedbackSubmission({ itemCode: 'ZG-HIDDEN' }));
    expect(response.statusCode).toBe(400);
    expect(counts(db).feedback).toBe(0);
  });

  const megabyte = 'x'.repeat(1024 * 1024);
  it.each<[string, { payload: string; contentType?: string }, number, string | null]>([
    ['malformed JSON', { payload: '{"role": "parent", ' }, 400, null],
    ['an empty body', { payload: '' }, 400, null],
    ['JSON null', { payload: 'null' }, 400, ''],
    ['a JSON array', { payload: '[1,2,3]' }, 400, ''],
    ['a JSON string', { payload: '"我有意见"' }, 400, ''],
    ['a 1 MB body', { payload: JSON.stringify(makeFeedbackSubmission({ content: megabyte })) }, 413, null],
    ['a form-encoded body', { payload: 'role=parent&content=abc', contentType: 'application/x-www-form-urlencoded' }, 415, null],
    ['a wrong role', { payload: JSON.stringify(makeFeedbackSubmission({ role: 'admin' })) }, 400, 'role'],
    ['a number as role', { payload: JSON.stringify(makeFeedbackSubmission({ role: 3 })) }, 400, 'role'],
    ['a missing category', { payload: JSON.stringify(makeFeedbackSubmission({ category: undefined })) }, 400, 'category'],
    ['empty content', { payload: JSON.stringify(makeFeedbackSubmission({ content: '' })) }, 400, 'content'],
    ['whitespace-only content', { payload: JSON.stringify(makeFeedbackSubmission({ content: ' \n\t　 ' })) }, 400, 'content'],
    ['too short content', { payload: JSON.stringify(makeFeedbackSubmission({ content: '太短了' })) }, 400, 'content'],
    ['too long content', { payload: JSON.stringify(makeFeedbackSubmission({ content: '长'.repeat(2001) })) }, 400, 'content'],
    ['content as an object', { payload: JSON.stringify(makeFeedbackSubmission({ content: { text: '内容内容内容内容内容' } })) }, 400, 'content'],
    ['anonymous as a string', { payload: JSON.stringify(makeFeedbackSubmission({ anonymous: 'false' })) }, 400, 'anonymous'],
    ['missing consent', { payload: JSON.stringify(makeFeedbackSubmission({ consentToPublish: undefined })) }, 400, 'consentToPublish'],
    ['a bad phone number', { payload: JSON.stringify(makeFeedbackSubmission({ contactPhone: '12345' })) }, 400, 'contactPhone'],
    ['a bad e-mail', { payload: JSON.stringify(makeFeedbackSubmission({ contactEmail: 'not-an-email' })) }, 400, 'contactEmail'],
    ['a too long name', { payload: JSON.stringify(makeFeedbackSubmission({ contactName: '名'.repeat(21) })) }, 400, 'contactName'],
    ['contacts on an anonymous opinion', { payload: JSON.stringify(makeFeedbackSubmission({ anonymous: true })) }, 400, 'contactPhone'],
    ['a field the form does not have', { payload: JSON.stringify(makeFeedbackSubmission({ status: 'published' })) }, 400, ''],
    ['SQL in a code field', { payload: JSON.stringify(makeFeedbackSubmission({ itemCode: "x' OR '1'='1" })) }, 400, 'itemCode'],
  ])('answers %s with a Chinese %i that names the field, and stores nothing', async (_name, request, status, field) => {
    const { inject, db } = await buildTestApp();
    // A body that passes the schema reaches the checks after the proof of work: it carries one.
    const passesSchema = field === 'itemCode' || field === 'unitCode';
    const response = await inject({
      method: 'POST',
      url: '/api/feedback',
      payload: passesSchema ? JSON.stringify(await withProofOfWork(JSON.parse(request.payload))) : request.payload,
      headers: { 'content-type': request.contentType ?? 'application/json' },
    });
    expect(response.statusCode).toBe(status);
    const body = response.json();
    expect(body.message).toMatch(HAN);
    if (field !== null) {
      expect(body.fields).toContainEqual({ field, message: expect.stringMatching(HAN) });
    }
    expect(counts(db)).toEqual({ feedback: 0, events: 0 });
  });

  it.each([
    ['HTML and script', '<script>alert("xss")</script><img src=x onerror=alert(1)> 学校食堂问题请处理'],
    ['emoji and mixed scripts', '老师辛苦了👍🏻，但是 homework 太多了😢，每天写到 23:00 以后。Ελληνικά ﷺ'],
    ['SQL-ish text', "Robert'); DROP TABLE feedback;-- 请核查收费问题 ' OR 1=1 --"],
    ['full-width spaces and line breaks', '　　尊敬的领导：\r\n　　您好！学校周边交通拥堵，请协调解决。\r\n'],
  ])('stores %s exactly as plain text', async (_name, content) => {
    const { inject, db } = await buildTestApp();
    const response = await postFeedback(inject, makeFeedbackSubmission({ content }));
    expect(response.statusCode).toBe(201);
    const stored = db.prepare('SELECT content FROM feedback').get() as { content: string };
    expect(stored.content).toBe(content.replace(/\r\n/g, '\n').trim());
    expect(counts(db)).toEqual({ feedback: 1, events: 1 });
  });

  it('strips control characters from the text', async () => {
    const { inject, db } = await buildTestApp();
    const response = await postFeedback(inject, makeFeedbackSubmission({ content: '请关注\u0000校车\u0007安全问题，谢谢领导' }));
    expect(response.statusCode).toBe(201);
    expect(db.prepare('SELECT content FROM feedback').get()).toEqual({ content: '请关注校车安全问题，谢谢领导' });
  });

  it.each([
    ['ten zero-width spaces', '\u200B'.repeat(10)],
    ['soft hyphens and word joiners', '\u00AD\u2060'.repeat(10)],
    ['invisible characters around spaces', ' \u200B\u3000\uFEFF\n\u200D\u00AD '.repeat(4)],
    ['lone surrogates', '\uDFFF'.repeat(6) + '\uD800'.repeat(6)],
  ])('refuses content made of %s as empty and counts nothing', async (_name, content) => {
    const { inject, db } = await buildTestApp();
    const response = await postFeedback(inject, makeFeedbackSubmission({ content }));
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([{ field: 'content', message: '请填写意见内容' }]);
    expect(counts(db)).toEqual({ feedback: 0, events: 0 });
  });

  it('counts only visible characters towards the minimum length', async () => {
    const { inject, db } = await buildTestApp();
    const response = await postFeedback(inject, makeFeedbackSubmission({ content: `太短了${'\u200B'.repeat(20)}` }));
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([{ field: 'content', message: expect.stringContaining('至少需要') }]);
    expect(counts(db).feedback).toBe(0);
  });

  it('stores text without invisible characters or broken surrogates, and keeps emoji sequences', async () => {
    const { inject, db } = await buildTestApp();
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    const content = `\u200B学校\u00AD食堂\uD83D的饭菜\u2060质量需要改进，家长们很关心${family}\uFEFF`;
    const response = await postFeedback(inject, makeFeedbackSubmission({ content }));
    expect(response.statusCode).toBe(201);
    const stored = (db.prepare('SELECT content FROM feedback').get() as { content: string }).content;
    expect(stored).toBe(`学校食堂的饭菜质量需要改进，家长们很关心${family}`);
    expect(stored).not.toContain('\uFFFD');
  });

  it('limits submissions per client with a Chinese 429', async () => {
    const { inject, db } = await buildTestApp({ env: { FEEDBACK_RATE_LIMIT_PER_HOUR: '2' } });
    for (let i = 0; i < 2; i++) expect((await postFeedback(inject, makeFeedbackSubmission())).statusCode).toBe(201);
    const limited = await postFeedback(inject, makeFeedbackSubmission());
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(HAN);
    expect(counts(db).feedback).toBe(2);
  });

  it('keeps contact details out of the logs', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const { inject } = await buildTestApp({ logger: { level: 'trace', stream } });
    await postFeedback(inject, makeFeedbackSubmission({ contactPhone: '13912345678', contactEmail: 'parent@example.com' }));
    await postFeedback(inject, makeFeedbackSubmission({ contactPhone: 'bad-13912345678' }));
    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain('13912345678');
    expect(log).not.toContain('parent@example.com');
    expect(log).not.toContain('127.0.0.1');
  });
});

describe('security headers', () => {
  it('allows only this origin for scripts, styles and connections', async () => {
    const { inject } = await buildTestApp();
    const response = await inject({ method: 'GET', url: '/api/health' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
