import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR, schemaVersion } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { tempDirForTest } from '../helpers/temp.ts';

/** A database at schema version 3, as it was before the ledger was rebuilt. */
function databaseAtVersion3() {
  const dir = join(tempDirForTest('portal-migrations-'), 'migrations');
  mkdirSync(dir);
  for (const file of ['001_initial.sql', '002_administration.sql', '003_mail_outbox.sql']) copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file));
  const db = openDatabase(':memory:', { migrate: false });
  migrate(db, dir);
  expect(schemaVersion(db)).toBe(3);
  return db;
}

describe('migration 004 (ledger)', () => {
  it('keeps every item, maps categories and sources, splits the leader, turns outcome texts into rows and starts each history', () => {
    const db = databaseAtVersion3();
    db.prepare("INSERT INTO units (code, name, kind, created_at) VALUES ('D01', '办公室', 'department', 't')").run();
    const insert = db.prepare(
      `INSERT INTO rectification_items (code, title, problem, category, source, responsible_unit_id, responsible_leader, measures, deadline,
         status, progress, outcomes, is_published, created_at, updated_at)
       VALUES (?, ?, '问题', ?, ?, ?, ?, '措施', ?, ?, ?, ?, ?, '2026-03-16T01:00:00.000Z', '2026-07-01T01:00:00.000Z')`,
    );
    insert.run('ZG-1', '会议', '会风文风', '巡察反馈', 1, '党组成员、副局长 张某某', '2026-06-30', 'completed', 90,
      '印发《示例县教育局会议管理办法（试行）》（示教办〔2026〕12号）；制定《接待细则》和《关于会议情况的通报》。', 1);
    insert.run('ZG-2', '监督', '群众监督', '座谈交流', null, '王某某', null, 'ongoing', 80, '', 1);
    insert.run('ZG-3', '其他', '', '某种来源', null, '', '2026-01-01', 'in_progress', 10, '没有书名号的成效', 0);
    db.prepare("INSERT INTO item_updates (item_id, happened_on, content, progress, created_at) VALUES (1, '2026-06-28', '完成', 100, 't')").run();
    db.prepare(
      `INSERT INTO feedback (tracking_code, secret_hash, role, category, content, item_id, is_anonymous, consent_to_publish, submitted_at, updated_at)
       VALUES ('FK1', 'h', 'parent', 'other', '意见', 2, 1, 0, 't', 't')`,
    ).run();

    expect(migrate(db)).toContain(4);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT code, category, source, leader_name, leader_post, deadline, is_long_term, status, progress, completed_on, progress_summary, is_published, version FROM rectification_items ORDER BY id').all()).toEqual([
      {
        code: 'ZG-1',
        category: 'meetings',
        source: 'inspection',
        leader_name: '张某某',
        leader_post: '党组成员、副局长',
        deadline: '2026-06-30',
        is_long_term: 0,
        status: 'completed',
        progress: 100,
        completed_on: '2026-06-28',
        progress_summary: '印发《示例县教育局会议管理办法（试行）》（示教办〔2026〕12号）；制定《接待细则》和《关于会议情况的通报》。',
        is_published: 1,
        version: 1,
      },
      { code: 'ZG-2', category: 'legacy_1', source: 'symposium', leader_name: '王某某', leader_post: '', deadline: null, is_long_term: 1, status: 'ongoing', progress: 80, completed_on: null, progress_summary: '', is_published: 1, version: 1 },
      { code: 'ZG-3', category: 'other', source: 'other', leader_name: '', leader_post: '', deadline: '2026-01-01', is_long_term: 0, status: 'in_progress', progress: 10, completed_on: null, progress_summary: '没有书名号的成效', is_published: 0, version: 1 },
    ]);
    expect(db.prepare("SELECT code, label, is_active FROM item_categories WHERE code GLOB 'legacy_*'").all()).toEqual([{ code: 'legacy_1', label: '群众监督', is_active: 1 }]);
    expect(db.prepare('SELECT item_id, title, kind, issued_on FROM item_outcomes ORDER BY id').all()).toEqual([
      { item_id: 1, title: '示例县教育局会议管理办法（试行）', kind: 'method', issued_on: '2026-06-28' },
      { item_id: 1, title: '接待细则', kind: 'rule', issued_on: '2026-06-28' },
      { item_id: 1, title: '关于会议情况的通报', kind: 'notice', issued_on: '2026-06-28' },
    ]);
    const versions = db.prepare<[], { item_id: number; version: number; action: string; data: string }>('SELECT item_id, version, action, data FROM item_versions ORDER BY item_id').all();
    expect(versions.map((row) => [row.item_id, row.version, row.action])).toEqual([[1, 1, 'migrate'], [2, 1, 'migrate'], [3, 1, 'migrate']]);
    expect(JSON.parse(versions[1]!.data)).toMatchObject({ code: 'ZG-2', deadline: null, isPublished: true, leaderName: '王某某' });
    expect(db.prepare('SELECT item_id FROM feedback').get()).toEqual({ item_id: 2 });

    // The new rules hold from now on.
    const add = (values: Record<string, unknown>) =>
      db
        .prepare(
          `INSERT INTO rectification_items (code, title, problem, category, source, measures, deadline, is_long_term, status, progress, completed_on, created_at, updated_at)
           VALUES (@code, 't', 'p', @category, @source, 'm', @deadline, @longTerm, @status, @progress, @completedOn, 't', 't')`,
        )
        .run({ code: `N${Math.random()}`, category: 'other', source: 'other', deadline: '2026-12-31', longTerm: 0, status: 'in_progress', progress: 10, completedOn: null, ...values });
    expect(() => add({})).not.toThrow();
    expect(() => add({ deadline: null, longTerm: 0 })).toThrow(/CHECK/);
    expect(() => add({ deadline: '2026-12-31', longTerm: 1 })).toThrow(/CHECK/);
    expect(() => add({ status: 'completed', progress: 90 })).toThrow(/CHECK/);
    expect(() => add({ completedOn: '2026-11-01' })).toThrow(/CHECK/);
    expect(() => add({ source: '座谈交流' })).toThrow(/CHECK/);
    expect(() => add({ category: 'gossip' })).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO item_outcomes (item_id, title, kind, issued_on, url, created_at) VALUES (1, 'x', 'method', '2026-01-01', 'javascript:alert(1)', 't')").run()).toThrow(/CHECK/);
  });
});

describe('migration 006 (taking back outcomes and updates)', () => {
  it('keeps every version of every item and lets the two new actions in, and nothing else', () => {
    const dir = join(tempDirForTest('portal-migrations-'), 'migrations');
    mkdirSync(dir);
    for (const file of ['001_initial.sql', '002_administration.sql', '003_mail_outbox.sql', '004_ledger.sql', '005_public_channel.sql']) {
      copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file));
    }
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, dir);
    expect(schemaVersion(db)).toBe(5);
    db.prepare(
      `INSERT INTO rectification_items (code, title, problem, category, source, measures, deadline, status, progress, is_published, created_at, updated_at)
       VALUES ('ZG-1', '会议', '问题', 'meetings', 'self_check', '措施', '2026-06-30', 'in_progress', 40, 1, 't', 't')`,
    ).run();
    const version = db.prepare("INSERT INTO item_versions (item_id, version, action, actor_kind, data, changes, note, at) VALUES (1, ?, ?, 'system', '{}', '[]', ?, 't')");
    version.run(2, 'outcome', null);
    version.run(3, 'withdraw', '核实中');
    const before = db.prepare('SELECT * FROM item_versions ORDER BY id').all();

    expect(migrate(db)).toContain(6);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT * FROM item_versions ORDER BY id').all()).toEqual(before);
    version.run(4, 'outcome_removed', '名称有误');
    version.run(5, 'update_withdrawn', '发错了');
    expect(() => version.run(6, 'deleted', null)).toThrow(/CHECK/);
    // The item still cascades to its versions.
    db.prepare('DELETE FROM rectification_items WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) AS n FROM item_versions').get()).toEqual({ n: 0 });
  });
});
