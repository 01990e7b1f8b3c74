// 第三方评估 and 群众点题 in the public snapshot: only published rounds, their figures, and an item
// named only when the item itself is public; never the words of a nomination.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import { publicSnapshotSchema } from '../../db/public-snapshot-schema.ts';
import { loadConfig } from '../../server/config.ts';
import { addSuggestion, createEvaluationRound, decideSuggestion, publishEvaluationRound } from '../../server/actions/evaluation-actions.ts';
import { insertFeedbackRow, insertItem, insertStaffRow } from '../fixtures/factories.ts';
import { insertNomination } from '../../db/queries/topics.ts';
import { createCampaign, decideNomination } from '../../server/actions/topic-actions.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';

const bureau = loadConfig({ SECRET_KEY: TEST_SECRET_KEY }).bureau;
const NOW = new Date('2026-11-24T02:00:00.000Z');

function ok<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('第三方评估 in the public snapshot', () => {
  it('carries published rounds with 提出 / 采纳 / 已落实 and each suggestion, never an unpublished item or round', () => {
    const db = openDatabase(':memory:');
    const office = insertStaffRow(db, { roles: ['office'] });
    insertItem(db, { code: 'ZG-DONE', status: 'completed', progress: 100 });
    insertItem(db, { code: 'ZG-HIDDEN', title: '内部事项', isPublished: false, status: 'completed', progress: 100 });
    const context = { now: NOW };
    const round = ok(createEvaluationRound(db, office, { title: '年度评估', evaluators: '专家', method: '四不两直', startedOn: '2026-10-01', endedOn: null, summary: '' }, context)).id;
    const draft = ok(createEvaluationRound(db, office, { title: '未公开的评估', evaluators: '专家', method: '', startedOn: '2026-10-01', endedOn: null, summary: '' }, context)).id;
    const ids = ['甲建议', '乙建议', '丙建议', '丁建议'].map((content) => ok(addSuggestion(db, office, round, { content }, context)).id);
    ok(addSuggestion(db, office, draft, { content: '未公开的建议' }, context));
    ok(decideSuggestion(db, office, round, ids[0]!, { decision: 'adopted', reason: '', itemCode: 'ZG-DONE' }, context));
    ok(decideSuggestion(db, office, round, ids[1]!, { decision: 'adopted', reason: '', itemCode: 'ZG-HIDDEN' }, context));
    ok(decideSuggestion(db, office, round, ids[2]!, { decision: 'not_adopted', reason: '于法无据' }, context));
    ok(publishEvaluationRound(db, office, round, true, context));

    const snapshot = buildPublicSnapshot(db, bureau, NOW);
    expect(publicSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.evaluations).toHaveLength(1);
    const [published] = snapshot.evaluations;
    expect(published!.counts).toEqual({ suggested: 4, adopted: 2, implemented: 1 });
    expect(published!.suggestions.map((row) => [row.content, row.decision, row.itemCode, row.reason])).toEqual([
      ['甲建议', 'adopted', 'ZG-DONE', ''],
      ['乙建议', 'adopted', null, ''],
      ['丙建议', 'not_adopted', null, '于法无据'],
      ['丁建议', 'pending', null, ''],
    ]);
    expect(JSON.stringify(snapshot)).not.toContain('内部事项');
    expect(JSON.stringify(snapshot)).not.toContain('未公开的');
  });
});

describe('群众点题 in the public snapshot', () => {
  it('carries every campaign with 点题 / 采纳 / 已完成 and its public items, never a nomination’s words', () => {
    const db = openDatabase(':memory:');
    const office = insertStaffRow(db, { roles: ['office'] });
    insertItem(db, { code: 'ZG-DONE', status: 'completed', progress: 100 });
    insertItem(db, { code: 'ZG-HIDDEN', title: '内部事项', isPublished: false });
    const context = { now: NOW };
    const campaign = ok(createCampaign(db, office, { theme: '服务流程点题', description: '', opensOn: '2026-11-01', closesOn: '2026-11-30' }, context)).id;
    const ids = ['第一条点题，电话13912345678', '第二条点题', '第三条点题', '第四条点题'].map((content) => {
      const id = insertFeedbackRow(db, { content });
      insertNomination(db, id, campaign);
      return id;
    });
    ok(decideNomination(db, office, campaign, ids[0]!, { decision: 'adopted', publicReason: '', itemCode: 'ZG-DONE' }, context));
    ok(decideNomination(db, office, campaign, ids[1]!, { decision: 'adopted', publicReason: '', itemCode: 'ZG-DONE' }, context));
    ok(decideNomination(db, office, campaign, ids[2]!, { decision: 'adopted', publicReason: '', itemCode: 'ZG-HIDDEN' }, context));

    const snapshot = buildPublicSnapshot(db, bureau, NOW);
    expect(snapshot.topicCampaigns).toEqual([
      { id: campaign, theme: '服务流程点题', description: '', opensOn: '2026-11-01', closesOn: '2026-11-30', counts: { nominations: 4, adopted: 2, completed: 1 }, items: [{ code: 'ZG-DONE', title: expect.any(String), status: 'completed' }] },
    ]);
    const text = JSON.stringify(snapshot);
    for (const secret of ['13912345678', '第二条点题', '内部事项']) expect(text).not.toContain(secret);
  });
});
