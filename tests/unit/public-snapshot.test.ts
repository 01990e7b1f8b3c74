import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import { bureauDate } from '../../server/domain/bureau-time.ts';
import { publicSnapshotSchema } from '../../db/public-snapshot-schema.ts';
import { loadConfig } from '../../server/config.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { insertFeedbackRow, insertItem, insertStaffRow, insertUnit } from '../fixtures/factories.ts';
import { getItemRecord } from '../../db/queries/ledger.ts';
import { addOutcome, addProgressUpdate, createItem, publishItem, updateItem, withdrawItem } from '../../server/actions/ledger-actions.ts';
import { itemCreateSchema } from '../../server/domain/ledger-input.ts';

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

describe('the ledger in the public snapshot', () => {
  const NOW = new Date('2026-11-26T04:00:00Z');

  it('shows outcomes, published opinions and a history of public fields, and nothing of unpublished items', async () => {
    const db = openDatabase(':memory:');
    const unitId = insertUnit(db, { code: 'D01', name: '办公室', kind: 'department' });
    const otherUnit = insertUnit(db, { code: 'D02', name: '人事科', kind: 'department' });
    const ledger = insertStaffRow(db, { roles: ['ledger'] });
    const make = (code: string, isPublished: boolean) => {
      const result = createItem(
        db,
        ledger,
        itemCreateSchema.parse({
          code,
          title: '规范公务接待',
          problem: '接待不规范。',
          category: 'reception',
          source: 'online',
          unitId,
          leaderName: '张某某',
          leaderPost: '副局长',
          measures: '旧措施里的内部说法',
          deadline: '2026-12-31',
          status: 'not_started',
          progress: 0,
          isPublished,
        }),
        { now: new Date('2026-03-16T01:00:00Z') },
      );
      if (!result.ok) throw new Error(result.message);
      return result.value.id;
    };
    const id = make('ZG-1', true);
    make('ZG-HIDDEN', false);
    const at = (iso: string) => ({ now: new Date(iso) });
    const version = () => getItemRecord(db, id)!.version;
    expect(updateItem(db, ledger, id, { version: version(), measures: '三单两公开。', unitId: otherUnit }, at('2026-04-01T01:00:00Z')).ok).toBe(true);
    expect(addProgressUpdate(db, ledger, id, { date: '2026-05-01', content: '印发细则。', progress: 60 }, at('2026-05-01T02:00:00Z')).ok).toBe(true);
    expect(addOutcome(db, ledger, id, { title: '公务接待实施细则', kind: 'rule', issuedOn: '2026-05-01', url: 'https://www.example.edu.cn/x.html' }, at('2026-05-01T03:00:00Z')).ok).toBe(true);
    expect(withdrawItem(db, ledger, id, { reason: '内部原因：领导批示' }, at('2026-05-02T01:00:00Z')).ok).toBe(true);
    expect(publishItem(db, ledger, id, at('2026-05-03T01:00:00Z')).ok).toBe(true);
    // One published opinion about the item, one that is not published.
    const published = insertFeedbackRow(db, { status: 'replied', published: true, contactPhone: '13811112222' });
    const unpublished = insertFeedbackRow(db, { status: 'replied', content: '未公开的意见，电话13933334444' });
    db.prepare('UPDATE feedback SET item_id = ? WHERE id IN (?, ?)').run(id, published, unpublished);

    const snapshot = buildPublicSnapshot(db, bureau, NOW);
    expect(snapshot.items.map((item) => item.code)).toEqual(['ZG-1']);
    const item = snapshot.items[0]!;
    expect(item).toMatchObject({
      categoryLabel: '公务接待',
      responsibleUnit: '人事科',
      responsibleUnitCode: 'D02',
      responsibleLeader: '张某某',
      leaderPost: '副局长',
      status: 'in_progress',
      progress: 60,
      createdOn: '2026-03-16',
      outcomes: [{ title: '公务接待实施细则', kind: 'rule', issuedOn: '2026-05-01', url: 'https://www.example.edu.cn/x.html' }],
      opinions: [{ publishedOn: '2026-11-20', content: '公开版本：个人信息已隐去。', reply: '已核实并答复。' }],
    });
    expect(item.history).toEqual([
      { date: '2026-03-16', kind: 'created', changes: [] },
      {
        date: '2026-04-01',
        kind: 'changed',
        changes: [
          { field: 'unitId', label: '责任单位', from: '办公室', to: '人事科' },
          { field: 'measures', label: '整改措施', from: null, to: null },
        ],
      },
      {
        date: '2026-05-01',
        kind: 'progress',
        changes: [
          { field: 'status', label: '整改状态', from: '未启动', to: '整改中' },
          { field: 'progress', label: '整改进度', from: '0%', to: '60%' },
          { field: 'update', label: '进展更新', from: null, to: '2026-05-01' },
        ],
      },
      { date: '2026-05-01', kind: 'outcome', changes: [{ field: 'outcome', label: '制度成果', from: null, to: '公务接待实施细则' }] },
    ]);
    expect(snapshot.itemCategories).toEqual([{ code: 'reception', label: '公务接待' }]);
    const json = JSON.stringify(snapshot);
    for (const secret of ['ZG-HIDDEN', '旧措施里的内部说法', '内部原因', '13811112222', '13933334444', '未公开的意见']) expect(json).not.toContain(secret);
  });
});
