// Open data files: CSV in UTF-8 with a BOM, the documented columns in order, formula-like cells
// escaped, yes/no for flags; JSON with the same rows, the 数据截至 time and the licence.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publicSnapshotSchema } from '../../db/public-snapshot-schema.ts';
import { OPEN_DATASETS, toCsv, toJson } from '../../site/src/lib/opendata.ts';

const snapshot = publicSnapshotSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/sample-snapshot.json', import.meta.url), 'utf8')));

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

  it.each(OPEN_DATASETS.map((dataset) => [dataset.name, dataset]))('%s: every row has exactly the documented columns, and JSON carries the same rows', (_name, dataset) => {
    const rows = dataset.rows(snapshot);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(dataset.columns.map((column) => column.key).sort());
    const json = JSON.parse(toJson(dataset, snapshot)) as { dataAsOf: string; licence: string; rows: unknown[] };
    expect(json.dataAsOf).toBe(snapshot.generatedAt);
    expect(json.licence).toContain('CC BY 4.0');
    expect(json.rows).toEqual(rows);
    const csv = toCsv(dataset.columns, rows);
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${dataset.columns.map((column) => column.label).join(',')}`);
  });

  it('counts the published ledger and replies of the snapshot', () => {
    const count = (name: string) => OPEN_DATASETS.find((dataset) => dataset.name === name)!.rows(snapshot).length;
    expect(count('ledger-items')).toBe(snapshot.items.length);
    expect(count('ledger-progress')).toBe(snapshot.items.reduce((sum, item) => sum + item.updates.length, 0));
    expect(count('ledger-outcomes')).toBe(snapshot.items.reduce((sum, item) => sum + item.outcomes.length, 0));
    expect(count('replies')).toBe(snapshot.replies.length);
  });
});
