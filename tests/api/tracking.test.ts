// The tracking page's API and its plain-HTML twin (issue point 4): code + secret show the state and
// the public steps with their dates, never internal notes; the reply is rated once within 20
// working days; withdrawing deletes the contact details at once; wrong secrets are limited per
// code and per address, and the answer never reveals whether a code exists.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.ts';
import { workCalendar } from '../../db/queries/calendar.ts';
import {
  acceptFeedback,
  approveReply,
  assignFeedback,
  draftReply,
  extendFeedback,
  handBackFeedback,
  rejectFeedback,
  returnReply,
  urgeFeedback,
} from '../../server/actions/feedback-steps.ts';
import type { StaffUser } from '../../server/domain/staff.ts';
import { insertStaffRow, insertUnit, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { buildTestApp } from '../helpers/app.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';

const HAN = /[\u4e00-\u9fff]/;
// Monday 2026-11-23, 10:00 in Shanghai.
const MONDAY = new Date('2026-11-23T02:00:00.000Z');
const DAY = 86_400_000;

async function setting(env: Record<string, string> = {}) {
  let now = MONDAY;
  const t = await buildTestApp({ env, now: () => now });
  const school = insertUnit(t.db, { code: 'S01', name: '示例县第一中学' });
  const office = insertStaffRow(t.db, { roles: ['office'] });
  const handler = insertStaffRow(t.db, { roles: ['handler'], unitId: school });
  const context = () => ({ now, calendar: workCalendar(t.db) });
  const version = (id: number) => (t.db.prepare('SELECT version FROM feedback WHERE id = ?').get(id) as { version: number }).version;
  const submit = async (overrides: Record<string, unknown> = {}) => {
    const response = await t.inject({ method: 'POST', url: '/api/feedback', payload: await withProofOfWork(makeFeedbackSubmission(overrides)) });
    expect(response.statusCode).toBe(201);
    const receipt = response.json() as { trackingCode: string; secret: string };
    const id = (t.db.prepare('SELECT id FROM feedback WHERE tracking_code = ?').get(receipt.trackingCode) as { id: number }).id;
    return { ...receipt, id, target: () => ({ feedbackId: id, version: version(id) }) };
  };
  const track = (path: string, payload: object, remoteAddress?: string) =>
    t.inject({ method: 'POST', url: `/api/track${path}`, payload, ...(remoteAddress ? { remoteAddress } : {}) });
  return { ...t, school, office, handler, context, submit, track, advance: (ms: number) => (now = new Date(now.getTime() + ms)), now: () => now };
}

function ok(result: { ok: boolean }) {
  expect(result).toMatchObject({ ok: true });
}

/** Through the whole workflow with internal notes at every step that has one. */
async function replied(s: Awaited<ReturnType<typeof setting>>, office: StaffUser, handler: StaffUser, db: Db) {
  const opinion = await s.submit({ title: '周六补课', content: '学校周六组织补课并收费，<b>请核实</b>。' });
  ok(acceptFeedback(db, office, { ...opinion.target(), note: '已受理，将转交学校核实。' }, s.context()));
  ok(assignFeedback(db, office, { ...opinion.target(), unitId: s.school, note: '请学校三日内核实。' }, s.context()));
  ok(handBackFeedback(db, handler, { ...opinion.target(), reason: 'INTERNAL-HANDBACK 不归本校管' }, s.context()));
  ok(assignFeedback(db, office, { ...opinion.target(), unitId: s.school }, s.context()));
  ok(extendFeedback(db, office, { ...opinion.target(), days: 3, reason: 'INTERNAL-EXTEND 需调取监控' }, s.context()));
  // 督办 only when the (extended) reply deadline is within a working day: Wednesday 2 December.
  s.advance(9 * DAY);
  ok(urgeFeedback(db, office, { ...opinion.target(), note: 'INTERNAL-URGE 请抓紧' }, s.context()));
  ok(draftReply(db, handler, { ...opinion.target(), reply: 'INTERNAL-DRAFT 初稿' }, s.context()));
  ok(returnReply(db, office, { ...opinion.target(), comment: 'INTERNAL-RETURN 请补充退费情况' }, s.context()));
  ok(draftReply(db, handler, { ...opinion.target(), reply: '经核实，学校已停止周六补课并全额退费。' }, s.context()));
  ok(approveReply(db, office, opinion.target(), s.context()));
  return opinion;
}

describe('POST /api/track', () => {
  it('shows a new opinion as 待受理 with its acceptance deadline and one step', async () => {
    const s = await setting();
    const opinion = await s.submit({ unitCode: 'S01' });
    const response = await s.track('', { trackingCode: opinion.trackingCode, secret: opinion.secret });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const view = response.json().opinion;
    expect(view).toMatchObject({
      trackingCode: opinion.trackingCode,
      state: 'pending',
      stateLabel: '待受理',
      unitName: '示例县第一中学',
      categoryLabel: '教育教学',
      due: { kind: 'accept', label: '受理期限', date: '2026-11-24' },
      canRate: false,
      canWithdraw: true,
      hasContact: true,
      contactDeleted: false,
      reply: null,
    });
    expect(view.steps).toEqual([{ action: 'submit', label: '提交意见', at: MONDAY.toISOString(), unitName: null, note: null }]);
    // The answer carries no contact details and no secret.
    expect(response.body).not.toContain('13800138000');
    expect(response.body).not.toContain('王女士');
    expect(response.body).not.toContain(opinion.secret);
  });

  it('takes the code in any case and with spaces, as people type it from a screenshot', async () => {
    const s = await setting();
    const opinion = await s.submit();
    const response = await s.track('', { trackingCode: ` ${opinion.trackingCode.toLowerCase().replace('-', ' - ')} `, secret: ` ${opinion.secret.toUpperCase()} ` });
    expect(response.statusCode).toBe(200);
  });

  it('shows the public steps with dates, the unit, the due date and the reply, and never an internal note', async () => {
    const s = await setting();
    const opinion = await replied(s, s.office, s.handler, s.db);
    const response = await s.track('', { trackingCode: opinion.trackingCode, secret: opinion.secret });
    const view = response.json().opinion;
    expect(view.state).toBe('replied');
    expect(view.title).toBe('周六补课');
    expect(view.steps.map((step: { label: string; unitName: string | null; note: string | null }) => [step.label, step.unitName, step.note])).toEqual([
      ['提交意见', null, null],
      // The 受理 and 转办 notes were not marked 反映人可见; the 延期 shows, its reason does not.
      ['受理', null, null],
      ['转办', '示例县第一中学', null],
      ['转办', '示例县第一中学', null],
      ['延期答复', null, null],
      ['答复', '示例县第一中学', null],
    ]);
    expect(view.reply).toMatchObject({ text: '经核实，学校已停止周六补课并全额退费。', unitName: '示例县第一中学', repliedAt: s.now().toISOString() });
    expect(view.canRate).toBe(true);
    expect(view.rateBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(view.canWithdraw).toBe(false);
    expect(response.body).not.toMatch(/INTERNAL-|已受理，将转交学校核实|请学校三日内核实/);
  });

  it('gives the reason of a 不予受理', async () => {
    const s = await setting();
    const opinion = await s.submit();
    ok(rejectFeedback(s.db, s.office, { ...opinion.target(), reason: 'out_of_scope', note: '请向市场监管部门反映。' }, s.context()));
    const view = (await s.track('', { trackingCode: opinion.trackingCode, secret: opinion.secret })).json().opinion;
    expect(view).toMatchObject({ state: 'rejected', stateLabel: '不予受理', rejection: { reasonLabel: '不属于本局职责', note: '请向市场监管部门反映。' }, canWithdraw: false });
  });

  it('answers an unknown code and a wrong secret identically', async () => {
    const s = await setting();
    const opinion = await s.submit();
    const wrongSecret = await s.track('', { trackingCode: opinion.trackingCode, secret: 'abcdefghjk' });
    const unknownCode = await s.track('', { trackingCode: 'FK20261123-ZZZZ', secret: opinion.secret });
    const nonsense = await s.track('', { trackingCode: "x' OR '1'='1", secret: "' OR 1=1 --" });
    for (const response of [wrongSecret, unknownCode, nonsense]) {
      expect(response.statusCode).toBe(404);
      expect(response.body).toBe(wrongSecret.body);
    }
    expect(wrongSecret.json().message).toBe('查询码或查询密码不正确，请核对后重试');
  });

  it.each<[string, unknown]>([
    ['an empty body', {}],
    ['numbers', { trackingCode: 1, secret: 2 }],
    ['an empty secret', { trackingCode: 'FK20261123-AAAA', secret: '' }],
    ['zero-width characters only', { trackingCode: 'FK20261123-AAAA', secret: '\u200B\u200B' }],
    ['an over-long code', { trackingCode: 'F'.repeat(500), secret: 'abc' }],
    ['an extra field', { trackingCode: 'FK20261123-AAAA', secret: 'abc', admin: true }],
    ['an array', [1, 2]],
  ])('refuses %s with a Chinese 400', async (_name, payload) => {
    const s = await setting();
    const response = await s.track('', payload as object);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(HAN);
  });
});

describe('POST /api/track/rate', () => {
  it('takes one rating of the reply, with a comment, and then shows it', async () => {
    const s = await setting();
    const opinion = await replied(s, s.office, s.handler, s.db);
    const rated = await s.track('/rate', { trackingCode: opinion.trackingCode, secret: opinion.secret, rating: 'basically_satisfied', comment: '退费到账了，<i>谢谢</i>' });
    expect(rated.statusCode).toBe(200);
    expect(rated.json().opinion).toMatchObject({ canRate: false, rating: { rating: 'basically_satisfied', label: '基本满意', comment: '退费到账了，<i>谢谢</i>' } });
    expect(rated.json().opinion.steps.at(-1)).toMatchObject({ label: '评价', note: '基本满意' });
    const again = await s.track('/rate', { trackingCode: opinion.trackingCode, secret: opinion.secret, rating: 'dissatisfied' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/已评价/);
  });

  it('refuses a rating before the reply and after 20 working days', async () => {
    const s = await setting();
    const open = await s.submit();
    const early = await s.track('/rate', { trackingCode: open.trackingCode, secret: open.secret, rating: 'satisfied' });
    expect(early.statusCode).toBe(409);
    const opinion = await replied(s, s.office, s.handler, s.db);
    s.advance(40 * DAY);
    const late = await s.track('/rate', { trackingCode: opinion.trackingCode, secret: opinion.secret, rating: 'satisfied' });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toMatch(/评价期限已过/);
    expect((await s.track('', { trackingCode: opinion.trackingCode, secret: opinion.secret })).json().opinion.canRate).toBe(false);
  });

  it.each<[string, object]>([
    ['no rating', {}],
    ['an unknown rating', { rating: 'great' }],
    ['a number', { rating: 3 }],
    ['an over-long comment', { rating: 'satisfied', comment: '长'.repeat(501) }],
    ['a comment that is an object', { rating: 'satisfied', comment: { text: 'x' } }],
  ])('refuses %s with a Chinese 400 and changes nothing', async (_name, extra) => {
    const s = await setting();
    const opinion = await replied(s, s.office, s.handler, s.db);
    const response = await s.track('/rate', { trackingCode: opinion.trackingCode, secret: opinion.secret, ...extra });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(HAN);
    expect(s.db.prepare('SELECT rating FROM feedback WHERE id = ?').get(opinion.id)).toEqual({ rating: null });
  });

  it('answers a wrong secret with the same 404 as a look-up', async () => {
    const s = await setting();
    const opinion = await replied(s, s.office, s.handler, s.db);
    const response = await s.track('/rate', { trackingCode: opinion.trackingCode, secret: 'wrongsecret', rating: 'dissatisfied' });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('查询码或查询密码不正确，请核对后重试');
  });
});

describe('POST /api/track/withdraw', () => {
  it('withdraws an open opinion and deletes the contact details at once', async () => {
    const s = await setting();
    const opinion = await s.submit({ contactEmail: 'parent@example.com' });
    const response = await s.track('/withdraw', { trackingCode: opinion.trackingCode, secret: opinion.secret });
    expect(response.statusCode).toBe(200);
    expect(response.json().opinion).toMatchObject({ state: 'withdrawn', stateLabel: '已撤回', canWithdraw: false, contactDeleted: true, hasContact: false });
    expect(s.db.prepare('SELECT status, contact_name, contact_phone, contact_email, contact_email_lookup, contact_purged_at, closed_at FROM feedback WHERE id = ?').get(opinion.id)).toEqual({
      status: 'withdrawn',
      contact_name: null,
      contact_phone: null,
      contact_email: null,
      contact_email_lookup: null,
      contact_purged_at: s.now().toISOString(),
      closed_at: s.now().toISOString(),
    });
    expect(s.db.prepare("SELECT actor_kind FROM audit_log WHERE action = 'feedback.withdraw' AND object_id = ?").get(opinion.id)).toEqual({ actor_kind: 'public' });
    const again = await s.track('/withdraw', { trackingCode: opinion.trackingCode, secret: opinion.secret });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(HAN);
  });

  it('cannot withdraw an answered opinion', async () => {
    const s = await setting();
    const opinion = await replied(s, s.office, s.handler, s.db);
    const response = await s.track('/withdraw', { trackingCode: opinion.trackingCode, secret: opinion.secret });
    expect(response.statusCode).toBe(409);
    expect(s.db.prepare('SELECT contact_phone IS NOT NULL AS kept FROM feedback WHERE id = ?').get(opinion.id)).toEqual({ kept: 1 });
  });
});

describe('limits on the tracking page', () => {
  it('limits attempts on one code from many addresses, whether or not the code exists', async () => {
    const s = await setting({ TRACKING_CODE_RATE_LIMIT_PER_HOUR: '3' });
    const opinion = await s.submit();
    for (const code of [opinion.trackingCode, 'FK20261123-ZZZZ']) {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await s.track('', { trackingCode: code, secret: `guess${i}xxxxx` }, `203.0.113.${i}`)).statusCode);
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
    }
    const limited = await s.track('', { trackingCode: opinion.trackingCode, secret: opinion.secret }, '198.51.100.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.json().message).toMatch(/查询次数过多/);
  });

  it('limits one address across codes and across the tracking routes', async () => {
    const s = await setting({ TRACKING_RATE_LIMIT_PER_HOUR: '4' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await s.track('', { trackingCode: `FK20261123-AAA${i + 2}`, secret: 'abcdefghjk' })).statusCode);
    statuses.push((await s.track('/rate', { trackingCode: 'FK20261123-BBBB', secret: 'abcdefghjk', rating: 'satisfied' })).statusCode);
    statuses.push((await s.track('/withdraw', { trackingCode: 'FK20261123-CCCC', secret: 'abcdefghjk' })).statusCode);
    expect(statuses).toEqual([404, 404, 404, 404, 429]);
    // The plain form shares the count.
    const plain = await s.inject({
      method: 'POST',
      url: '/track/result',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'trackingCode=FK20261123-DDDD&secret=abcdefghjk',
    });
    expect(plain.statusCode).toBe(429);
    expect(plain.body).toContain('查询次数过多');
  });
});

describe('the tracking pages without JavaScript', () => {
  const post = (s: Awaited<ReturnType<typeof setting>>, path: string, fields: Record<string, string>) =>
    s.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });

  it('shows the result as an HTML page, with what was typed escaped, and rates from a form', async () => {
    const s = await setting();
    const opinion = await replied(s, s.office, s.handler, s.db);
    const result = await post(s, '/track/result', { trackingCode: opinion.trackingCode, secret: opinion.secret });
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(result.headers['cache-control']).toBe('no-store');
    expect(result.body).toContain('已答复');
    expect(result.body).toContain('经核实，学校已停止周六补课并全额退费。');
    expect(result.body).toContain('学校周六组织补课并收费，&#60;b&#62;请核实&#60;/b&#62;。');
    expect(result.body).not.toContain('<b>请核实</b>');
    expect(result.body).not.toMatch(/INTERNAL-/);
    expect(result.body).toContain('action="/track/rate"');

    const missing = await post(s, '/track/rate', { trackingCode: opinion.trackingCode, secret: opinion.secret });
    expect(missing.statusCode).toBe(409);
    expect(missing.body).toContain('请选择满意、基本满意或不满意');
    const rated = await post(s, '/track/rate', { trackingCode: opinion.trackingCode, secret: opinion.secret, rating: 'satisfied', comment: '<script>x</script>' });
    expect(rated.statusCode).toBe(200);
    expect(rated.body).toContain('感谢您的评价');
    expect(rated.body).toContain('&#60;script&#62;x&#60;/script&#62;');
    expect(rated.body).not.toContain('<script>x</script>');
    expect(rated.body).not.toContain('action="/track/rate"');
  });

  it('answers a wrong code with the same message as the API, and withdraws only when confirmed', async () => {
    const s = await setting();
    const opinion = await s.submit();
    const wrong = await post(s, '/track/result', { trackingCode: opinion.trackingCode, secret: 'nottheone' });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).toContain('查询码或查询密码不正确，请核对后重试');
    expect(wrong.body).toContain('aria-describedby="track-code-hint track-error"');
    const unconfirmed = await post(s, '/track/withdraw', { trackingCode: opinion.trackingCode, secret: opinion.secret });
    expect(unconfirmed.statusCode).toBe(409);
    expect(unconfirmed.body).toContain('请勾选');
    expect(s.db.prepare('SELECT status FROM feedback WHERE id = ?').get(opinion.id)).toEqual({ status: 'pending' });
    const withdrawn = await post(s, '/track/withdraw', { trackingCode: opinion.trackingCode, secret: opinion.secret, confirm: 'yes' });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.body).toContain('已撤回');
    expect(withdrawn.body).toContain('联系方式已按规定删除');
  });
});
