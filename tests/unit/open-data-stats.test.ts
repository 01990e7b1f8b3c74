// The dated statistics files: written once a day, never rewritten, each naming the SHA-256 of the
// previous day's JSON; the chain recomputed from the files alone holds, and a changed past file breaks it.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import { resolveBureauProfile } from '../../server/domain/bureau-profile.ts';
import { brokenLink, listOpenDataDays, writeDailyStatistics } from '../../server/open-data-stats.ts';
import { insertFeedbackRow, insertUnit } from '../fixtures/factories.ts';
import { tempDirForTest } from '../helpers/temp.ts';

const BUREAU = resolveBureauProfile({
  name: '示例县教育局',
  columnTitle: '作风整改进行时',
  columnDescription: '公开作风整改台账。',
  siteCode: '',
  icp: '',
  psb: '',
  address: '',
  phone: '',
  hotlines: [],
  email: '',
  officeHours: '',
  theme: { accent: '#b3261e', accentDark: '#8c1d18', accentTint: '#fbeceb', headerMuted: '#ffe9e7' },
});
const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('open data: the day\'s statistics', () => {
  it('writes one JSON and one CSV a day, never rewrites them, and chains each day to the one before', () => {
    const dir = tempDirForTest('portal-opendata-');
    const db = openDatabase(':memory:');
    insertUnit(db, { code: 'SA', name: '=HYPERLINK("x")第一中学' });
    insertFeedbackRow(db, { status: 'pending' });
    const day1 = buildPublicSnapshot(db, BUREAU, new Date('2026-12-01T02:00:00.000Z'));
    writeDailyStatistics(dir, day1, '2026-12-01');
    const first = readFileSync(join(dir, '2026-12-01.json'), 'utf8');
    expect(JSON.parse(first)).toMatchObject({ format: 1, date: '2026-12-01', previous: null, statistics: { feedback: { received: 1 } } });

    // Later the same day, more opinions: the day's file stays as it was.
    insertFeedbackRow(db, { status: 'pending' });
    writeDailyStatistics(dir, buildPublicSnapshot(db, BUREAU, new Date('2026-12-01T09:00:00.000Z')), '2026-12-01');
    expect(readFileSync(join(dir, '2026-12-01.json'), 'utf8')).toBe(first);

    // Two days on (no rebuild on 12-02): the link goes to the last day that has a file.
    const days = writeDailyStatistics(dir, buildPublicSnapshot(db, BUREAU, new Date('2026-12-03T02:00:00.000Z')), '2026-12-03');
    const third = JSON.parse(readFileSync(join(dir, '2026-12-03.json'), 'utf8'));
    expect(third.previous).toEqual({ date: '2026-12-01', sha256: hash(join(dir, '2026-12-01.json')) });
    expect(third.statistics.feedback.received).toBe(2);
    expect(days.map((day) => day.date)).toEqual(['2026-12-01', '2026-12-03']);
    expect(days[1]!.csvSha256).toBe(hash(join(dir, '2026-12-03.csv')));
    expect(brokenLink(days)).toBeNull();

    // The CSV: BOM, the chain in its head rows, and a unit name that looks like a formula defused.
    const csv = readFileSync(join(dir, '2026-12-03.csv'), 'utf8');
    expect(csv.startsWith('\ufeffscope,key,label,figure,value\r\n')).toBe(true);
    expect(csv).toContain(`meta,previous,前一日文件,previousSha256,${third.previous.sha256}`);
    expect(csv).toContain(`all,,全部,received,2`);
    expect(csv).toContain(`unit,SA,"'=HYPERLINK(""x"")第一中学",received,0`);

    // Someone edits a past figure: the next day's recorded hash no longer matches.
    writeFileSync(join(dir, '2026-12-01.json'), first.replace('"received": 1', '"received": 9'));
    expect(brokenLink(listOpenDataDays(dir))).toBe('2026-12-03');
  });
});
