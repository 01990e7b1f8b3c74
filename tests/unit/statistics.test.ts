import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import { feedbackStats, rectificationStats, topicCampaignStats } from '../../db/queries/statistics.ts';
import { insertNomination } from '../../db/queries/topics.ts';
import { loadConfig } from '../../server/config.ts';
import { createCampaign, decideNomination } from '../../server/actions/topic-actions.ts';
import type { FeedbackState, ItemStatus } from '../../server/domain/vocabulary.ts';
import { insertFeedbackRow, insertItem, insertStaffRow } from '../fixtures/factories.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';

describe('feedbackStats', () => {
  it.each<[string, FeedbackState[], { received: number; accepted: number; replied: number; replyRate: number | null }]>([
    ['nothing yet', [], { received: 0, accepted: 0, replied: 0, replyRate: null }],
    ['only pending', ['pending', 'pending'], { received: 2, accepted: 0, replied: 0, replyRate: null }],
    ['rejected ones are received but not accepted', ['rejected', 'accepted'], { received: 2, accepted: 1, replied: 0, replyRate: 0 }],
    [
      'replied opinions count whatever their publication or rating; withdrawn ones are not accepted',
      ['pending', 'accepted', 'assigned', 'in_review', 'replied', 'replied', 'rejected', 'withdrawn'],
      { received: 8, accepted: 5, replied: 2, replyRate: 2 / 5 },
    ],
  ])('%s', (_name, states, expected) => {
    const db = openDatabase(':memory:');
    for (const status of states) insertFeedbackRow(db, { status });
    expect(feedbackStats(db)).toMatchObject(expected);
  });
});

describe('feedbackStats: on time and extended', () => {
  it.each([
    ['replied on the due date', '2026-11-30T09:00:00.000Z', '2026-11-30', null, { onTimeRate: 1, extended: 0 }],
    // 2026-11-30T17:00Z is already 12-01 in Shanghai.
    ['replied the evening after, in Shanghai', '2026-11-30T17:00:00.000Z', '2026-11-30', null, { onTimeRate: 0, extended: 0 }],
    ['replied within an extension: counted apart, not on time', '2026-12-03T02:00:00.000Z', '2026-12-04', 3, { onTimeRate: 0, extended: 1 }],
  ] as const)('%s', (_name, repliedAt, dueOn, extension, expected) => {
    const db = openDatabase(':memory:');
    const id = insertFeedbackRow(db, { status: 'replied' });
    db.prepare('UPDATE feedback SET replied_at = ?, reply_due_on = ?, extension_days = ?, extension_reason = ? WHERE id = ?').run(
      repliedAt,
      dueOn,
      extension,
      extension ? '需核实' : null,
      id,
    );
    expect(feedbackStats(db)).toMatchObject(expected);
  });

  it('has no on-time rate before any reply', () => {
    const db = openDatabase(':memory:');
    insertFeedbackRow(db, { status: 'assigned' });
    expect(feedbackStats(db)).toMatchObject({ onTimeRate: null, extended: 0 });
  });
});

describe('rectificationStats', () => {
  it('counts published items by status and finds the overdue ones', () => {
    const db = openDatabase(':memory:');
    const rows: [ItemStatus, string | null, boolean][] = [
      ['completed', '2026-01-01', true],
      ['ongoing', null, true],
      ['in_progress', '2026-11-25', true], // overdue on 2026-11-26
      ['in_progress', '2026-11-26', true], // due today: not overdue
      ['not_started', '2026-03-01', true], // overdue
      ['completed', '2025-01-01', false], // unpublished: not counted
    ];
    for (const [status, deadline, isPublished] of rows) insertItem(db, { status, deadline, isPublished });
    expect(rectificationStats(db, '2026-11-26')).toEqual({
      total: 5,
      notStarted: 1,
      inProgress: 2,
      completed: 1,
      ongoing: 1,
      overdue: 2,
      completionRate: 2 / 5,
    });
  });

  it('has no completion rate for an empty ledger', () => {
    expect(rectificationStats(openDatabase(':memory:'), '2026-11-26').completionRate).toBeNull();
  });
});

describe('topicCampaignStats', () => {
  it('counts 点题 / 采纳 / 已完成 per campaign and over all, an item once however many nominations joined it', () => {
    const db = openDatabase(':memory:');
    const office = insertStaffRow(db, { roles: ['office'] });
    const context = { now: new Date('2026-11-24T02:00:00.000Z') };
    insertItem(db, { code: 'ZG-X', status: 'completed', progress: 100 });
    insertItem(db, { code: 'ZG-Y', status: 'in_progress', isPublished: false });
    insertItem(db, { code: 'ZG-Z', status: 'completed', progress: 100 });
    const campaign = (theme: string, opensOn: string) => {
      const made = createCampaign(db, office, { theme, description: '', opensOn, closesOn: opensOn.replace(/-\d\d$/, '-28') }, context);
      if (!made.ok) throw new Error(made.message);
      return made.value.id;
    };
    /** One nomination per entry: an item code (采纳), '未采纳', or null (not decided yet). */
    const nominate = (campaignId: number, decisions: (string | null)[]) => {
      for (const decision of decisions) {
        const feedbackId = insertFeedbackRow(db, { content: '希望改进的问题' });
        insertNomination(db, feedbackId, campaignId);
        if (decision === null) continue;
        const input = decision === '未采纳' ? { decision: 'not_adopted' as const, publicReason: '不属于教育局职责' } : { decision: 'adopted' as const, publicReason: '', itemCode: decision };
        const decided = decideNomination(db, office, campaignId, feedbackId, input, context);
        if (!decided.ok) throw new Error(decided.message);
      }
    };
    const may = campaign('五月点题', '2026-05-01');
    const november = campaign('十一月点题', '2026-11-01');
    const december = campaign('十二月点题', '2026-12-01');
    // 五月: 5 nominations; X twice, Y (unpublished, still counted: its submitter was told) → 采纳 2, 已完成 1.
    nominate(may, ['ZG-X', 'ZG-X', 'ZG-Y', '未采纳', null]);
    // 十一月: 3 nominations; X again (joined from another campaign) and Z → 采纳 2, 已完成 2.
    nominate(november, ['ZG-X', 'ZG-Z', null]);
    // 十二月: none yet.
    // Over all: 8 nominations; items X, Y, Z → 采纳 3; X and Z → 已完成 2.
    const expected = {
      campaigns: 3,
      nominations: 8,
      adopted: 3,
      completed: 2,
      byCampaign: [
        { campaignId: december, theme: '十二月点题', nominations: 0, adopted: 0, completed: 0 },
        { campaignId: november, theme: '十一月点题', nominations: 3, adopted: 2, completed: 2 },
        { campaignId: may, theme: '五月点题', nominations: 5, adopted: 2, completed: 1 },
      ],
    };
    expect(topicCampaignStats(db)).toEqual(expected);

    // The snapshot carries the same figures, and each campaign's page reads them.
    const snapshot = buildPublicSnapshot(db, loadConfig({ SECRET_KEY: TEST_SECRET_KEY }).bureau, context.now);
    expect(snapshot.topicStats).toEqual(expected);
    expect(snapshot.topicCampaigns.map((row) => [row.id, row.counts])).toEqual(
      expected.byCampaign.map(({ campaignId, nominations, adopted, completed }) => [campaignId, { nominations, adopted, completed }]),
    );
  });

  it('is all zeros before any campaign', () => {
    expect(topicCampaignStats(openDatabase(':memory:'))).toEqual({ campaigns: 0, nominations: 0, adopted: 0, completed: 0, byCampaign: [] });
  });
});
