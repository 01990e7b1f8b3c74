import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { feedbackStats, rectificationStats } from '../../db/queries/statistics.ts';
import type { FeedbackState, ItemStatus } from '../../server/domain/vocabulary.ts';
import { insertFeedbackRow, insertItem } from '../fixtures/factories.ts';

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
