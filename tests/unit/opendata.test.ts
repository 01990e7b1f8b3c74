// Open data files: CSV in UTF-8 with a BOM, the documented columns in order, formula-like cells
// escaped, yes/no for flags; JSON with the same rows, the 数据截至 time and the licence. The
// replies' files, streamed from the replies file into the site, have the bytes the whole-string
// files had (the reference below is the code that made them before they were streamed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../server/domain/audit-labels.ts';
import { type PublicSnapshot, publicSnapshotCoreSchema } from '../../db/public-snapshot-schema.ts';
import { type Cell, OPEN_DATA_LICENCE, OPEN_DATASETS, type OpenDataColumn, type OpenDataset, openDataPath, toCsv, toJson, writeStreamedOpenData } from '../../site/src/lib/opendata.ts';
import { readPublicReplies, readPublicSnapshot } from '../../site/src/lib/snapshot-file.ts';
import { demoSnapshot } from '../fixtures/scaled-snapshot.ts';
import { writeSnapshotFiles } from '../fixtures/snapshot-files.ts';
import { testConfig } from '../helpers/app.ts';
import { tempDirForTest } from '../helpers/temp.ts';

const snapshot = publicSnapshotCoreSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/sample-snapshot.json', import.meta.url), 'utf8')));
const snapshotDatasets = OPEN_DATASETS.filter((dataset) => dataset.source === 'snapshot');
const replyDataset = OPEN_DATASETS.find((dataset) => dataset.source === 'replies')!;

/** The files as they were made before the replies were streamed: whole strings. */
function referenceCsv(columns: readonly OpenDataColumn[], rows: readonly Record<string, Cell>[]): string {
  const value = (cell: Cell) => (typeof cell === 'boolean' ? (cell ? '是' : '否') : cell);
  const lines = [columns.map((item) => csvCell(item.label)).join(','), ...rows.map((row) => columns.map((item) => csvCell(value(row[item.key] ?? null))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
function referenceJson(dataset: OpenDataset, generatedAt: string, rows: readonly Record<string, Cell>[]): string {
  return JSON.stringify({ dataset: dataset.title, dataAsOf: generatedAt, licence: OPEN_DATA_LICENCE.name, columns: dataset.columns, rows }, null, 1);
}

describe('open data files', () => {
  it('writes CSV with a BOM, the Chinese headers, CRLF lines, and escapes what a spreadsheet would run', () => {
    const csv = toCsv(
      [
        { key: 'text', label: '内容', description: '' },
        { key: 'flag', label: '是否逾期', description: '' },
        { key: 'number', label: '进度', description: '' },
      ],
      [
        { text: '=HYPERLINK("http://evil.example","点我")', flag: true, number: 40 },
        { text: '+1', flag: false, number: null },
        { text: '@SUM(A1)', flag: null, number: 0 },
        { text: '多行\n文字，含逗号', flag: false, number: 100 },
      ],
    );
    expect(csv.startsWith('\uFEFF内容,是否逾期,进度\r\n')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")",是,40\r\n`);
    expect(csv).toContain("'+1,否,\r\n");
    expect(csv).toContain("'@SUM(A1),,0\r\n");
    expect(csv).toContain('"多行\n文字，含逗号",否,100\r\n');
  });

  it.each(snapshotDatasets.map((dataset) => [dataset.name, dataset]))('%s: every row has exactly the documented columns, and JSON carries the same rows', (_name, dataset) => {
    if (dataset.source !== 'snapshot') throw new Error('a dataset of the snapshot');
    const rows = dataset.rows(snapshot);
    expect(toJson(dataset, snapshot)).toBe(referenceJson(dataset, snapshot.generatedAt, rows));
    expect(toCsv(dataset.columns, rows)).toBe(referenceCsv(dataset.columns, rows));
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(dataset.columns.map((column) => column.key).sort());
    const json = JSON.parse(toJson(dataset, snapshot)) as { dataAsOf: string; licence: string; rows: unknown[] };
    expect(json.dataAsOf).toBe(snapshot.generatedAt);
    expect(json.licence).toContain('CC BY 4.0');
    expect(json.rows).toEqual(rows);
    const csv = toCsv(dataset.columns, rows);
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${dataset.columns.map((column) => column.label).join(',')}`);
  });

  it('counts the published ledger of the snapshot', () => {
    const count = (name: string) => snapshotDatasets.find((dataset) => dataset.name === name)!.rows(snapshot).length;
    expect(count('ledger-items')).toBe(snapshot.items.length);
    expect(count('ledger-progress')).toBe(snapshot.items.reduce((sum, item) => sum + item.updates.length, 0));
    expect(count('ledger-outcomes')).toBe(snapshot.items.reduce((sum, item) => sum + item.outcomes.length, 0));
  });

  /** Streams the replies' files of `whole` (written as the rebuild writes it) into a folder; returns their texts. */
  async function streamed(whole: PublicSnapshot): Promise<{ csv: string; json: string }> {
    const dir = tempDirForTest('portal-opendata-');
    const core = await readPublicSnapshot(writeSnapshotFiles(whole, join(dir, 'x.snapshot.json')));
    const written = await writeStreamedOpenData(join(dir, 'site'), core, () => readPublicReplies(core.repliesFile!));
    expect(written).toHaveLength(2);
    const read = (format: 'csv' | 'json') => readFileSync(join(dir, 'site', openDataPath(replyDataset, format)), 'utf8');
    return { csv: read('csv'), json: read('json') };
  }

  it('streams the replies files with the bytes the whole-string files had', { timeout: 60_000 }, async () => {
    const demo = await demoSnapshot(testConfig(), new Date('2026-11-26T04:00:00.000Z'));
    const tricky = { ...demo.replies[0]!, id: 999_999, content: '=SUM(A1)，"引号"\n第二行', reply: '+1\r\n答复' };
    const whole = { ...demo, replies: [...demo.replies, tricky] };
    expect(demo.replies.length).toBeGreaterThan(10);
    if (replyDataset.source !== 'replies') throw new Error('the replies dataset');
    const rows = whole.replies.map(replyDataset.row);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(replyDataset.columns.map((column) => column.key).sort());
    const files = await streamed(whole);
    expect(files.csv).toBe(referenceCsv(replyDataset.columns, rows));
    expect(files.json).toBe(referenceJson(replyDataset, whole.generatedAt, rows));
    expect((JSON.parse(files.json) as { rows: unknown[] }).rows).toHaveLength(whole.replies.length);
  });

  it('streams the replies files of a snapshot without replies as they were: a header, an empty list', async () => {
    const whole = { ...publicSnapshotCoreSchema.parse(snapshot), replies: [] };
    const { repliesFile: _file, replyCount: _count, ...rest } = whole;
    const files = await streamed(rest);
    expect(files.csv).toBe(referenceCsv(replyDataset.columns, []));
    expect(files.json).toBe(referenceJson(replyDataset, snapshot.generatedAt, []));
  });
});
