import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import { bureauDate } from '../../server/domain/bureau-time.ts';
import { publicSnapshotSchema } from '../../db/public-snapshot-schema.ts';
import { loadConfig } from '../../server/config.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { insertFeedbackRow, insertItem, insertUnit } from '../fixtures/factories.ts';

const bureau = loadConfig({ SECRET_KEY: TEST_SECRET_KEY }).bureau;

describe('buildPublicSnapshot', () => {
  it('carries published ledger items with their published updates, and the figures', () => {
    const db = openDatabase(':memory:');
    const unitId = insertUnit(db, { code: 'D01', name: '办公室', kind: 'department' });
    const itemId = insertItem(db, { code: 'ZG-1', responsibleUnitId: unitId, status: 'in_progress', deadline: '2026-10-01' });
    insertItem(db, { code: 'ZG-HIDDEN', isPublished: false });
    db.prepare("INSERT INTO item_updates (item_id, happened_on, content, progress, created_at) VALUES (?, '2026-09-01', '召开专题会议', 30, 't')").run(itemId);
    db.prepare("INSERT INTO item_updates (item_id, happened_on, content, is_published, created_at) VALUES (?, '2026-09-02', '内部草稿', 0, 't')").run(itemId);
    insertFeedbackRow(db, { status: 'replied' });

    const snapshot = buildPublicSnapshot(db, bureau, new Date('2026-11-26T04:00:00Z'));
    expect(publicSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.generatedAt).toBe('2026-11-26T04:00:00.000Z');
    expect(snapshot.items.map((item) => item.code)).toEqual(['ZG-1']);
    expect(snapshot.items[0]).toMatchObject({ responsibleUnit: '办公室', isOverdue: true });
    expect(snapshot.items[0]!.updates).toEqual([{ date: '2026-09-01', content: '召开专题会议', progress: 30, status: null }]);
    expect(snapshot.itemStats.total).toBe(1);
    expect(snapshot.feedbackStats).toMatchObject({ received: 1, replied: 1 });
  });

  it('never carries contact details, opinion texts or internal notes', () => {
    const db = openDatabase(':memory:');
    insertFeedbackRow(db, {
      status: 'replied',
      rating: 'satisfied',
      content: '我的身份证号110101199003071234，电话13912345678',
      contactName: '李先生',
      contactPhone: '13987654321',
      contactEmail: 'planted.parent@example.com',
    });
    db.prepare("UPDATE feedback SET internal_note = '内部备注：勿外传'").run();
    const json = JSON.stringify(buildPublicSnapshot(db, bureau, new Date('2026-11-26T04:00:00Z')));
    for (const secret of ['110101199003071234', '13912345678', '13987654321', 'planted.parent@example.com', '李先生', '内部备注']) {
      expect(json).not.toContain(secret);
    }
  });

  it('dates the data in the bureau’s time zone', () => {
    expect(bureauDate(new Date('2026-11-25T16:30:00Z'))).toBe('2026-11-26');
    expect(bureauDate(new Date('2026-11-25T15:59:00Z'))).toBe('2026-11-25');
  });
});
