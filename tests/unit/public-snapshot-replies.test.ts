// 留言选登 in the public snapshot: only opinions the 办公室 published with the submitter's consent,
// only their redacted texts, the reply unit and the dates; nothing about the submitter.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import { publicSnapshotSchema } from '../../db/public-snapshot-schema.ts';
import { loadConfig } from '../../server/config.ts';
import { insertFeedbackRow, insertItem, insertUnit } from '../fixtures/factories.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';

const bureau = loadConfig({ SECRET_KEY: TEST_SECRET_KEY }).bureau;
const AT = new Date('2026-11-26T04:00:00Z');

describe('published replies in the snapshot', () => {
  it('carry the redacted texts, the unit, the dates, the rating and the ledger item', () => {
    const db = openDatabase(':memory:');
    const school = insertUnit(db, { code: 'S01', name: '示例县第一中学' });
    const itemId = insertItem(db, { code: 'ZG-2026-03' });
    const published = insertFeedbackRow(db, {
      status: 'replied',
      published: true,
      rating: 'satisfied',
      content: '原文：我是王小明的家长，电话13912345678',
      contactName: '王女士',
      contactPhone: '13912345678',
      submittedAt: '2026-11-19T17:00:00.000Z',
    });
    db.prepare('UPDATE feedback SET reply_unit_id = ?, item_id = ?, title = ? WHERE id = ?').run(school, itemId, '标题里的王小明', published);
    insertFeedbackRow(db, { status: 'replied', published: false });
    const withheld = insertFeedbackRow(db, { status: 'replied', published: false });
    db.prepare("UPDATE feedback SET publication = 'withheld' WHERE id = ?").run(withheld);
    // Published once, then reopened after a 不满意 follow-up: not shown until answered again.
    const reopened = insertFeedbackRow(db, { status: 'replied', published: true });
    db.prepare("UPDATE feedback SET status = 'assigned', assigned_unit_id = ? WHERE id = ?").run(school, reopened);

    const snapshot = buildPublicSnapshot(db, bureau, AT, { publicBaseUrl: 'https://zfzg.example.edu.cn', contactRetentionDays: 180 });
    expect(publicSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.channel).toEqual({ publicBaseUrl: 'https://zfzg.example.edu.cn', contactRetentionDays: 180 });
    expect(snapshot.categories.map((category) => category.code)).toContain('teaching');
    expect(snapshot.replies).toEqual([
      {
        id: published,
        category: 'teaching',
        categoryLabel: '教育教学',
        role: 'parent',
        unitCode: 'S01',
        unitName: '示例县第一中学',
        unitKind: 'school',
        itemCode: 'ZG-2026-03',
        // 17:00 UTC is 01:00 the next day in Beijing.
        submittedOn: '2026-11-20',
        repliedOn: '2026-11-20',
        publishedOn: '2026-11-20',
        // The title the 办公室 set, never the submitter's own.
        title: '公开的标题',
        content: '公开版本：个人信息已隐去。',
        reply: '已核实并答复。',
        rating: 'satisfied',
      },
    ]);
    const json = JSON.stringify(snapshot);
    for (const secret of ['13912345678', '王女士', '王小明', '原文']) expect(json).not.toContain(secret);
  });

  it('gives a reply published before titles existed a heading from its redacted text, never cut through a mask', () => {
    const db = openDatabase(':memory:');
    const masked = '孩子在学校食堂吃饭，饭菜分量少质量一般，希望公开账目，我的电话139****5678，盼回复。';
    const legacy = insertFeedbackRow(db, { status: 'replied', published: true });
    db.prepare('UPDATE feedback SET public_title = NULL, public_content = ? WHERE id = ?').run(masked, legacy);
    const short = insertFeedbackRow(db, { status: 'replied', published: true });
    db.prepare('UPDATE feedback SET public_title = NULL, public_content = ? WHERE id = ?').run('校门口车辆乱停。', short);

    const replies = buildPublicSnapshot(db, bureau, AT).replies;
    // 40 characters end inside "139****5678": the heading stops before the number.
    expect(Array.from(masked).slice(0, 40).join('')).toMatch(/139\*{4}56$/);
    expect(replies.find((reply) => reply.id === legacy)!.title).toBe('孩子在学校食堂吃饭，饭菜分量少质量一般，希望公开账目，我的电话……');
    expect(replies.find((reply) => reply.id === short)!.title).toBe('校门口车辆乱停。');
  });

  it('reads a snapshot written before replies existed', () => {
    const db = openDatabase(':memory:');
    const { channel: _channel, categories: _categories, replies: _replies, ...old } = buildPublicSnapshot(db, bureau, AT);
    const parsed = publicSnapshotSchema.parse(old);
    expect(parsed.replies).toEqual([]);
    expect(parsed.channel.contactRetentionDays).toBe(365);
  });
});
