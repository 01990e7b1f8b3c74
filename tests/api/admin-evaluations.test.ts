// 第三方评估 through the admin API: a round, its suggestions, each decided 采纳 (to a new or an
// existing item), 部分采纳 or 不予采纳 with a reason; the counts the report uses; bad input a 400
// naming the field that changes nothing; every action audited.
import { describe, expect, it } from 'vitest';
import { insertUnit } from '../fixtures/factories.ts';
import { createStaff, signIn } from '../helpers/admin.ts';
import { buildTestApp } from '../helpers/app.ts';

const NOW = new Date('2026-11-24T02:00:00.000Z');

function newItem(code: string) {
  return {
    code,
    title: '提高意见反馈渠道知晓率',
    problem: '评估组建议：群众意见反馈渠道知晓率不高。',
    category: 'other',
    measures: '在家长会、校门口公示栏张贴反馈二维码。',
    deadline: '2027-03-31',
    status: 'not_started',
    progress: 0,
  };
}

async function bureau() {
  const t = await buildTestApp({ now: () => NOW });
  insertUnit(t.db, { code: 'D01', name: '办公室', kind: 'department' });
  const office = await signIn(t.app, await createStaff(t.db, { roles: ['office'], now: NOW }), { now: NOW });
  const ledger = await signIn(t.app, await createStaff(t.db, { roles: ['ledger'], now: NOW }), { now: NOW });
  const existing = await ledger.inject({ method: 'POST', url: '/api/admin/ledger/items', payload: { ...newItem('ZG-2026-050'), source: 'third_party', title: '整改信息及时公开', status: 'completed', progress: 100, completedOn: '2026-11-20' } });
  expect(existing.statusCode, existing.body).toBe(201);
  return { t, office, ledger };
}

describe('第三方评估 rounds and suggestions', () => {
  it('records a round, decides each suggestion, counts 提出 / 采纳 / 已落实, and audits every step', async () => {
    const { t, office } = await bureau();
    const round = await office.inject({
      method: 'POST',
      url: '/api/admin/evaluations',
      payload: { title: '2026年作风建设第三方评估', evaluators: '人大代表、政协委员、专家学者 9 人', method: '四不两直、问卷调查', startedOn: '2026-10-12', endedOn: '2026-10-30' },
    });
    expect(round.statusCode, round.body).toBe(201);
    const roundId = (round.json() as { id: number }).id;
    const ids: number[] = [];
    for (const content of ['整改信息公开要更及时。', '提高意见反馈渠道的知晓率。', '减少对学校的重复检查。', '取消所有检查考核。']) {
      const added = await office.inject({ method: 'POST', url: `/api/admin/evaluations/${roundId}/suggestions`, payload: { content } });
      expect(added.statusCode).toBe(201);
      ids.push((added.json() as { id: number }).id);
    }
    const decide = (id: number, payload: Record<string, unknown>) => office.inject({ method: 'POST', url: `/api/admin/evaluations/${roundId}/suggestions/${id}/decision`, payload });

    expect((await decide(ids[0]!, { decision: 'adopted', itemCode: 'ZG-2026-050' })).json()).toMatchObject({ itemCode: 'ZG-2026-050' });
    const made = await decide(ids[1]!, { decision: 'adopted', newItem: newItem('ZG-2026-051') });
    expect(made.statusCode, made.body).toBe(200);
    const item = t.db.prepare<[], { source: string; is_published: number }>("SELECT source, is_published FROM rectification_items WHERE code = 'ZG-2026-051'").get();
    expect(item).toEqual({ source: 'third_party', is_published: 0 });
    expect((await decide(ids[2]!, { decision: 'partly_adopted', reason: '合并检查，保留安全检查。', itemCode: 'ZG-2026-050' })).statusCode).toBe(200);
    expect((await decide(ids[3]!, { decision: 'not_adopted', reason: '安全检查依法必须开展。' })).statusCode).toBe(200);

    const detail = await office.inject({ method: 'GET', url: `/api/admin/evaluations/${roundId}` });
    expect(detail.json().round.counts).toEqual({ suggested: 4, adopted: 3, implemented: 2, notAdopted: 1, pending: 0 });
    expect(detail.json().suggestions.map((row: { decisionLabel: string; item: { code: string } | null }) => [row.decisionLabel, row.item?.code ?? null])).toEqual([
      ['采纳', 'ZG-2026-050'],
      ['采纳', 'ZG-2026-051'],
      ['部分采纳', 'ZG-2026-050'],
      ['不予采纳', null],
    ]);
    expect((await office.inject({ method: 'POST', url: `/api/admin/evaluations/${roundId}/publish` })).statusCode).toBe(200);
    expect((await office.inject({ method: 'POST', url: `/api/admin/evaluations/${roundId}/publish` })).statusCode).toBe(409);
    const list = await office.inject({ method: 'GET', url: '/api/admin/evaluations' });
    expect(list.json().rounds).toEqual([expect.objectContaining({ id: roundId, isPublished: true, counts: expect.objectContaining({ suggested: 4 }) })]);

    const audited = t.db.prepare<[], { action: string; n: number }>("SELECT action, count(*) AS n FROM audit_log WHERE object_type = 'evaluation_round' GROUP BY action ORDER BY action").all();
    expect(audited).toEqual([
      { action: 'evaluation.create', n: 1 },
      { action: 'evaluation.publish', n: 1 },
      { action: 'evaluation.suggestion.add', n: 4 },
      { action: 'evaluation.suggestion.decide', n: 4 },
    ]);
  });

  it.each([
    ['a round without evaluators', 'POST', '/api/admin/evaluations', { title: '评估', startedOn: '2026-10-01' }, 'evaluators', '请填写评估人员'],
    ['a round ending before it starts', 'POST', '/api/admin/evaluations', { title: '评估', evaluators: '专家', startedOn: '2026-10-10', endedOn: '2026-10-01' }, 'endedOn', '结束日期不能早于开始日期'],
    ['not adopted without a reason', 'DECIDE', '', { decision: 'not_adopted' }, 'reason', '不予采纳须说明理由'],
    ['adopted without an item', 'DECIDE', '', { decision: 'adopted' }, 'itemCode', '采纳的建议须落实到一个整改事项'],
    ['partly adopted without a reason', 'DECIDE', '', { decision: 'partly_adopted', itemCode: 'ZG-2026-050' }, 'reason', '部分采纳须说明'],
    ['adopted into a new item with a taken code', 'DECIDE', '', { decision: 'adopted', newItem: newItem('ZG-2026-050') }, 'newItem.code', '已被使用'],
    ['adopted into an item that does not exist', 'DECIDE', '', { decision: 'adopted', itemCode: 'ZG-NONE' }, 'itemCode', '没有编号为 ZG-NONE 的整改事项'],
    ['an unknown decision', 'DECIDE', '', { decision: 'maybe' }, 'decision', '处理结果只能是'],
  ])('refuses %s with a 400 naming the field, and changes nothing', async (_name, method, url, payload, field, message) => {
    const { t, office } = await bureau();
    const round = await office.inject({ method: 'POST', url: '/api/admin/evaluations', payload: { title: '评估', evaluators: '专家', startedOn: '2026-10-01' } });
    const roundId = (round.json() as { id: number }).id;
    const suggestion = await office.inject({ method: 'POST', url: `/api/admin/evaluations/${roundId}/suggestions`, payload: { content: '建议' } });
    const suggestionId = (suggestion.json() as { id: number }).id;
    const before = t.db.prepare('SELECT (SELECT count(*) FROM evaluation_rounds) AS rounds, (SELECT count(*) FROM rectification_items) AS items, (SELECT group_concat(decision) FROM evaluation_suggestions) AS decisions').get();
    const response =
      method === 'DECIDE'
        ? await office.inject({ method: 'POST', url: `/api/admin/evaluations/${roundId}/suggestions/${suggestionId}/decision`, payload })
        : await office.inject({ method: 'POST', url, payload });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.body).toContain(field);
    expect(response.json().message).toContain(message);
    expect(t.db.prepare('SELECT (SELECT count(*) FROM evaluation_rounds) AS rounds, (SELECT count(*) FROM rectification_items) AS items, (SELECT group_concat(decision) FROM evaluation_suggestions) AS decisions').get()).toEqual(before);
  });

  it('answers 404 for a suggestion of another round', async () => {
    const { office } = await bureau();
    const ids = [];
    for (const title of ['甲', '乙']) ids.push(((await office.inject({ method: 'POST', url: '/api/admin/evaluations', payload: { title, evaluators: '专家', startedOn: '2026-10-01' } })).json() as { id: number }).id);
    const suggestion = (await office.inject({ method: 'POST', url: `/api/admin/evaluations/${ids[0]}/suggestions`, payload: { content: '建议' } })).json() as { id: number };
    const response = await office.inject({ method: 'POST', url: `/api/admin/evaluations/${ids[1]}/suggestions/${suggestion.id}/decision`, payload: { decision: 'not_adopted', reason: '不适用' } });
    expect(response.statusCode).toBe(404);
  });
});
