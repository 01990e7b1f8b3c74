// 第三方评估 in the public snapshot: only published rounds, their figures, and an item named only
// when the item itself is public.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import { publicSnapshotSchema } from '../../db/public-snapshot-schema.ts';
import { loadConfig } from '../../server/config.ts';
import { addSuggestion, createEvaluationRound, decideSuggestion, publishEvaluationRound } from '../../server/domain/evaluation-actions.ts';
import { insertItem, insertStaffRow } from '../fixtures/factories.ts';
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
