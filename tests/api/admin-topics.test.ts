// 群众点题 through the API, as people meet it: the 办公室 opens a campaign; a parent sends an opinion
// for it through the public form's API (?campaign= preset); the 办公室 marks nominations 采纳 (a new
// item of source 群众点题, or joining an existing one) or 未采纳 with a reason the parent reads on the
// tracking page; counts 点题 / 采纳 / 已完成; bad input a 400 naming the field; every step audited.
import { describe, expect, it } from 'vitest';
import { makeFeedbackSubmission } from '../fixtures/factories.ts';
import { createStaff, signIn } from '../helpers/admin.ts';
import { buildTestApp } from '../helpers/app.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';

const NOW = new Date('2026-11-24T02:00:00.000Z');

function newItem(code: string) {
  return { code, title: '优化转学办理流程', problem: '群众点题：转学要跑好几趟。', category: 'service', measures: '转学网上办理。', deadline: '2027-03-31', status: 'not_started', progress: 0 };
}

async function bureau() {
  const t = await buildTestApp({ now: () => NOW });
  const office = await signIn(t.app, await createStaff(t.db, { roles: ['office'], now: NOW }), { now: NOW });
  const campaign = async (payload: Record<string, unknown>) => office.inject({ method: 'POST', url: '/api/admin/topic-campaigns', payload });
  const nominate = async (campaignId: number | string, content: string) =>
    t.inject({ method: 'POST', url: '/api/feedback', payload: await withProofOfWork(makeFeedbackSubmission({ content, campaign: String(campaignId) })) });
  const track = (trackingCode: string, secret: string) => t.inject({ method: 'POST', url: '/api/track', payload: { trackingCode, secret } });
  return { t, office, campaign, nominate, track };
}

describe('群众点题 campaigns', () => {
  it('takes nominations through the form while open, and the decisions reach the counts and the tracking page', async () => {
    const { t, office, campaign, nominate, track } = await bureau();
    const open = await campaign({ theme: '教育服务流程点题', opensOn: '2026-11-01', closesOn: '2026-11-30' });
    expect(open.statusCode, open.body).toBe(201);
    const id = (open.json() as { id: number }).id;
    const closed = (await campaign({ theme: '已结束的点题', opensOn: '2026-10-01', closesOn: '2026-10-31' })).json() as { id: number };

    const sent = [];
    for (const content of ['转学手续要跑好几趟，希望能网上办理。', '入学报名材料太多，希望精简证明材料。', '建议取消所有考试，减轻孩子负担。']) {
      const response = await nominate(id, content);
      expect(response.statusCode, response.body).toBe(201);
      sent.push(response.json() as { trackingCode: string; secret: string });
    }
    const late = await nominate(closed.id, '活动结束后才看到，也想点题。');
    expect(late.statusCode).toBe(400);
    expect(late.json().message).toContain('现在不在征集期内');
    const unknown = await nominate(999, '没有这个活动。没有这个活动。');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().fields).toEqual([expect.objectContaining({ field: 'campaign' })]);

    const detail = await office.inject({ method: 'GET', url: `/api/admin/topic-campaigns/${id}` });
    const nominations = detail.json().nominations as { feedbackId: number; trackingCode: string }[];
    expect(nominations.map((row) => row.trackingCode)).toEqual(sent.map((row) => row.trackingCode));
    const decide = (feedbackId: number, payload: Record<string, unknown>) => office.inject({ method: 'POST', url: `/api/admin/topic-campaigns/${id}/nominations/${feedbackId}/decision`, payload });

    const made = await decide(nominations[0]!.feedbackId, { decision: 'adopted', newItem: newItem('ZG-2026-060') });
    expect(made.json()).toEqual({ feedbackId: nominations[0]!.feedbackId, itemId: expect.any(Number), itemCode: 'ZG-2026-060' });
    expect(t.db.prepare("SELECT source, is_published AS isPublished FROM rectification_items WHERE code = 'ZG-2026-060'").get()).toEqual({ source: 'public_topic', isPublished: 0 });
    expect((await decide(nominations[1]!.feedbackId, { decision: 'adopted', itemCode: 'ZG-2026-060' })).statusCode).toBe(200);
    expect((await decide(nominations[2]!.feedbackId, { decision: 'not_adopted', publicReason: '考试安排由省里统一规定，已要求各校控制考试次数。' })).statusCode).toBe(200);

    const counted = await office.inject({ method: 'GET', url: '/api/admin/topic-campaigns' });
    expect(counted.json().campaigns.find((row: { id: number }) => row.id === id)).toMatchObject({ isOpen: true, counts: { nominations: 3, adopted: 1, completed: 0, notAdopted: 1, pending: 0 } });

    const declined = await track(sent[2]!.trackingCode, sent[2]!.secret);
    expect(declined.json().opinion.topic).toEqual({
      campaignId: id,
      theme: '教育服务流程点题',
      decision: 'not_adopted',
      decisionLabel: '未采纳',
      publicReason: '考试安排由省里统一规定，已要求各校控制考试次数。',
      itemCode: null,
    });
    const adopted = await track(sent[0]!.trackingCode, sent[0]!.secret);
    // The item is not public yet: the parent is told it was adopted, without its code.
    expect(adopted.json().opinion.topic).toMatchObject({ decision: 'adopted', publicReason: null, itemCode: null });

    const audited = t.db.prepare<[], { action: string; n: number }>("SELECT action, count(*) AS n FROM audit_log WHERE object_type = 'topic_campaign' GROUP BY action ORDER BY action").all();
    expect(audited).toEqual([
      { action: 'topic.create', n: 2 },
      { action: 'topic.nomination.decide', n: 3 },
    ]);
  });

  it('takes a nomination from the plain form post (no JavaScript), the campaign carried by its hidden field', async () => {
    const { t, campaign } = await bureau();
    const id = ((await campaign({ theme: '教育服务流程点题', opensOn: '2026-11-01', closesOn: '2026-11-30' })).json() as { id: number }).id;
    const closed = ((await campaign({ theme: '已结束的点题', opensOn: '2026-10-01', closesOn: '2026-10-31' })).json() as { id: number }).id;
    const post = (fields: Record<string, string>) =>
      t.inject({ method: 'POST', url: '/feedback/submit', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
    const opinion = { role: 'parent', category: 'service', content: '转学手续要跑好几趟，希望能网上办理。', anonymous: 'on' };

    const sent = await post({ ...opinion, campaign: String(id) });
    expect(sent.statusCode, sent.body).toBe(200);
    const code = /data-testid="tracking-code">([^<]+)</.exec(sent.body)?.[1];
    const nomination = t.db
      .prepare<[string], { campaign_id: number }>('SELECT n.campaign_id FROM topic_nominations n JOIN feedback f ON f.id = n.feedback_id WHERE f.tracking_code = ?')
      .get(code!);
    expect(nomination).toEqual({ campaign_id: id });

    // A closed or unknown campaign: a Chinese 400 page, and nothing stored.
    for (const [campaignId, message] of [
      [String(closed), '现在不在征集期内'],
      ['999', '该群众点题活动不存在'],
    ] as const) {
      const refused = await post({ ...opinion, content: '活动结束后才看到，也想点题。', campaign: campaignId });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(message);
    }
    expect(t.db.prepare('SELECT count(*) AS n FROM feedback').get()).toEqual({ n: 1 });
  });

  it.each([
    ['a campaign closing before it opens', { theme: '点题', opensOn: '2026-11-10', closesOn: '2026-11-01' }, 'closesOn', '截止日期不能早于开始日期'],
    ['a campaign without a theme', { opensOn: '2026-11-10', closesOn: '2026-11-30' }, 'theme', '请填写点题主题'],
  ])('refuses %s with a 400 naming the field, and creates nothing', async (_name, payload, field, message) => {
    const { t, campaign } = await bureau();
    const response = await campaign(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([expect.objectContaining({ field, message: expect.stringContaining(message) })]);
    expect(t.db.prepare('SELECT count(*) AS n FROM topic_campaigns').get()).toEqual({ n: 0 });
  });

  it.each([
    ['未采纳 without a reason', { decision: 'not_adopted' }, 'publicReason'],
    ['采纳 without an item', { decision: 'adopted' }, 'itemCode'],
    ['采纳 into an item that does not exist', { decision: 'adopted', itemCode: 'ZG-NONE' }, 'itemCode'],
  ])('refuses a decision: %s', async (_name, payload, field) => {
    const { t, office, campaign, nominate } = await bureau();
    const id = ((await campaign({ theme: '点题', opensOn: '2026-11-01', closesOn: '2026-11-30' })).json() as { id: number }).id;
    expect((await nominate(id, '希望学校食堂公开食材采购。')).statusCode).toBe(201);
    const feedbackId = t.db.prepare<[], { feedback_id: number }>('SELECT feedback_id FROM topic_nominations').get()!.feedback_id;
    const response = await office.inject({ method: 'POST', url: `/api/admin/topic-campaigns/${id}/nominations/${feedbackId}/decision`, payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([expect.objectContaining({ field })]);
    expect(t.db.prepare('SELECT decision FROM topic_nominations').get()).toEqual({ decision: 'pending' });
  });
});
