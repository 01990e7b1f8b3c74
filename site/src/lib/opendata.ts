// 开放数据: the public ledger (items, progress, outcomes) and the published replies as CSV and JSON,
// each column described once here; /opendata/ shows the descriptions, /opendata/<name>.csv|json
// the data. Everything comes from the public snapshot, so nothing unpublished can be in it.
// The replies grow with the opinions (tens of megabytes at a million): their files are streamed
// from the replies file into the built site (writeStreamedOpenData), never made as one string.
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { csvCell } from '../../../server/domain/audit-labels.ts';
import { ITEM_SOURCE_LABELS, ITEM_STATUS_LABELS, OUTCOME_KIND_LABELS, RATING_LABELS, SUBMITTER_ROLE_LABELS } from '../../../server/domain/vocabulary.ts';
import type { PublicReply } from '../../../db/public-snapshot-schema.ts';
import type { PublicSnapshot } from './snapshot.ts';

export type Cell = string | number | boolean | null;

export interface OpenDataColumn {
  key: string;
  label: string;
  description: string;
}

interface OpenDatasetBase {
  name: string;
  title: string;
  description: string;
  columns: readonly OpenDataColumn[];
}

/** A dataset made from the snapshot's core: small, rendered by the page /opendata/[file]. */
export interface SnapshotDataset extends OpenDatasetBase {
  source: 'snapshot';
  rows: (snapshot: PublicSnapshot) => Record<string, Cell>[];
}

/** A dataset of one row per published reply: streamed into the site after the build. */
export interface ReplyDataset extends OpenDatasetBase {
  source: 'replies';
  row: (reply: PublicReply) => Record<string, Cell>;
}

export type OpenDataset = SnapshotDataset | ReplyDataset;

export const OPEN_DATA_LICENCE = { name: '知识共享署名 4.0 国际许可协议（CC BY 4.0）', url: 'https://creativecommons.org/licenses/by/4.0/deed.zh-hans' } as const;
/** Where the statistics files live (written by the statistics work beside these files). */
export const OPEN_DATA_STATS_PATH = '/opendata/stats/';

const column = (key: string, label: string, description: string): OpenDataColumn => ({ key, label, description });

export const OPEN_DATASETS: readonly OpenDataset[] = [
  {
    source: 'snapshot',
    name: 'ledger-items',
    title: '整改事项',
    description: '整改台账中公开的每个整改事项，一行一项。',
    columns: [
      column('code', '事项编号', '整改事项的唯一编号，也是事项网页地址的一部分（/ledger/编号/）。'),
      column('title', '事项名称', '整改事项的标题。'),
      column('problem', '问题描述', '需要整改的问题。'),
      column('category', '问题类别', '问题类别的名称。'),
      column('source', '问题来源', `${Object.values(ITEM_SOURCE_LABELS).join('、')}之一。`),
      column('responsibleUnit', '责任单位', '负责整改的科室或学校；未指定时为空。'),
      column('responsibleLeader', '责任领导', '责任领导的姓名。'),
      column('leaderPost', '领导职务', '责任领导的职务。'),
      column('measures', '整改措施', '整改措施的全文。'),
      column('deadline', '整改时限', 'YYYY-MM-DD；长期坚持的事项为空。'),
      column('status', '整改状态', `${Object.values(ITEM_STATUS_LABELS).join('、')}之一。`),
      column('progress', '整改进度', '0 至 100 的整数（百分比）。'),
      column('isOverdue', '是否逾期', '“是”表示已过整改时限且未完成（按数据截至日计算）。'),
      column('completedOn', '完成时间', 'YYYY-MM-DD；未完成时为空。'),
      column('progressSummary', '完成情况', '整改进展和完成情况的文字说明。'),
      column('updatedOn', '最后更新', 'YYYY-MM-DD，事项最近一次变更的日期。'),
    ],
    rows: (snapshot) =>
      snapshot.items.map((item) => ({
        code: item.code,
        title: item.title,
        problem: item.problem,
        category: item.categoryLabel,
        source: ITEM_SOURCE_LABELS[item.source],
        responsibleUnit: item.responsibleUnit,
        responsibleLeader: item.responsibleLeader,
        leaderPost: item.leaderPost,
        measures: item.measures,
        deadline: item.deadline,
        status: ITEM_STATUS_LABELS[item.status],
        progress: item.progress,
        isOverdue: item.isOverdue,
        completedOn: item.completedOn,
        progressSummary: item.progressSummary,
        updatedOn: item.updatedOn,
      })),
  },
  {
    source: 'snapshot',
    name: 'ledger-progress',
    title: '整改进展',
    description: '各整改事项发布的进展记录，一行一条，按事项和日期排列。已撤回的进展不在其中。',
    columns: [
      column('itemCode', '事项编号', '进展所属的整改事项。'),
      column('date', '进展日期', 'YYYY-MM-DD。'),
      column('content', '进展内容', '进展的文字说明。'),
      column('progress', '进度', '这条进展之后的整改进度（0 至 100）；未填写时为空。'),
      column('status', '状态', '这条进展之后的整改状态；未填写时为空。'),
    ],
    rows: (snapshot) =>
      snapshot.items.flatMap((item) =>
        item.updates.map((update) => ({
          itemCode: item.code,
          date: update.date,
          content: update.content,
          progress: update.progress,
          status: update.status ? ITEM_STATUS_LABELS[update.status] : null,
        })),
      ),
  },
  {
    source: 'snapshot',
    name: 'ledger-outcomes',
    title: '制度成果',
    description: '整改中出台的制度、办法、措施和通报，一行一项。',
    columns: [
      column('itemCode', '事项编号', '成果所属的整改事项。'),
      column('title', '成果名称', '文件或制度的名称。'),
      column('kind', '成果类型', `${Object.values(OUTCOME_KIND_LABELS).join('、')}之一。`),
      column('issuedOn', '印发时间', 'YYYY-MM-DD。'),
      column('url', '链接', '文件全文的网址（http 或 https）；没有时为空。'),
    ],
    rows: (snapshot) =>
      snapshot.items.flatMap((item) => item.outcomes.map((outcome) => ({ itemCode: item.code, title: outcome.title, kind: OUTCOME_KIND_LABELS[outcome.kind], issuedOn: outcome.issuedOn, url: outcome.url }))),
  },
  {
    source: 'replies',
    name: 'replies',
    title: '留言选登',
    description: '经反映人同意并由办公室脱敏后公开的群众意见及答复，一行一条。不含反映人的任何个人信息。',
    columns: [
      column('id', '编号', '留言选登的编号，也是网页地址的一部分（/replies/编号/）。'),
      column('category', '意见类别', '意见类别的名称。'),
      column('role', '反映人身份', `${Object.values(SUBMITTER_ROLE_LABELS).join('、')}之一。`),
      column('unit', '承办单位', '答复的单位；没有时为空。'),
      column('itemCode', '相关事项', '相关整改事项的编号；没有时为空。'),
      column('submittedOn', '提交日期', 'YYYY-MM-DD。'),
      column('repliedOn', '答复日期', 'YYYY-MM-DD。'),
      column('publishedOn', '公开日期', 'YYYY-MM-DD。'),
      column('content', '意见内容', '脱敏后的意见。'),
      column('reply', '答复内容', '公开的答复。'),
      column('rating', '评价', `反映人对答复的评价：${Object.values(RATING_LABELS).join('、')}；未评价时为空。`),
    ],
    row: (reply) => ({
      id: reply.id,
      category: reply.categoryLabel,
      role: SUBMITTER_ROLE_LABELS[reply.role],
      unit: reply.unitName,
      itemCode: reply.itemCode,
      submittedOn: reply.submittedOn,
      repliedOn: reply.repliedOn,
      publishedOn: reply.publishedOn,
      content: reply.content,
      reply: reply.reply,
      rating: reply.rating ? RATING_LABELS[reply.rating] : null,
    }),
  },
] satisfies OpenDataset[];

/** The rows a dataset has, for the listing page. */
export function datasetRowCount(dataset: OpenDataset, snapshot: PublicSnapshot): number {
  return dataset.source === 'replies' ? snapshot.replyCount : dataset.rows(snapshot).length;
}

export function openDataPath(dataset: OpenDataset, format: 'csv' | 'json'): string {
  return `/opendata/${dataset.name}.${format}`;
}

function csvValue(value: Cell): string | number | null {
  if (typeof value === 'boolean') return value ? '是' : '否';
  return value;
}

// Each file is made of these pieces, in memory (toCsv, toJson) or streamed (writeStreamedOpenData),
// so both give the same bytes.

/** UTF-8 with a BOM (so that Excel reads the Chinese), CRLF lines, the Chinese labels as headers. */
function csvHead(columns: readonly OpenDataColumn[]): string {
  return `\uFEFF${columns.map((item) => csvCell(item.label)).join(',')}\r\n`;
}

/** One row, formula-like cells escaped. */
function csvLine(columns: readonly OpenDataColumn[], row: Record<string, Cell>): string {
  return `${columns.map((item) => csvCell(csvValue(row[item.key] ?? null))).join(',')}\r\n`;
}

export function toCsv(columns: readonly OpenDataColumn[], rows: readonly Record<string, Cell>[]): string {
  return csvHead(columns) + rows.map((row) => csvLine(columns, row)).join('');
}

/**
 * The JSON file cut around its rows: `JSON.stringify({ …, rows }, null, 1)`, whose rows sit at
 * depth 2 (each line of a row indented by two more spaces, rows separated by ",\n").
 */
function jsonParts(dataset: OpenDataset, generatedAt: string): { head: string; row: (row: Record<string, Cell>) => string; tail: (rows: number) => string } {
  const whole = JSON.stringify({ dataset: dataset.title, dataAsOf: generatedAt, licence: OPEN_DATA_LICENCE.name, columns: dataset.columns, rows: 0 }, null, 1);
  const head = whole.slice(0, whole.lastIndexOf('0'));
  return {
    head,
    // JSON.stringify escapes line breaks inside strings: every "\n" here is between fields.
    row: (row) => `  ${JSON.stringify(row, null, 1).replaceAll('\n', '\n  ')}`,
    tail: (rows) => (rows === 0 ? '[]\n}' : '\n ]\n}'),
  };
}

/** The same rows as JSON, with the 数据截至 time and the licence. */
export function toJson(dataset: SnapshotDataset, snapshot: PublicSnapshot): string {
  const rows = dataset.rows(snapshot);
  const parts = jsonParts(dataset, snapshot.generatedAt);
  return rows.length === 0 ? parts.head + parts.tail(0) : `${parts.head}[\n${rows.map(parts.row).join(',\n')}${parts.tail(rows.length)}`;
}

/** Bytes written to an open data file at a time. */
const WRITE_SIZE = 1 << 20;

/**
 * Gathers the many small pieces of a file into writes of about a megabyte, in one buffer: each
 * piece is garbage once copied. Joining them as a string kept every piece alive until the write,
 * long enough for V8 to move it to the old generation: at a million opinions the build's heap grew
 * by some 80 MB while these files were written.
 */
async function writeInPieces(path: string, fill: (write: (text: string) => Promise<void>) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, 'w');
  try {
    const buffer = Buffer.allocUnsafe(WRITE_SIZE);
    let used = 0;
    await fill(async (text) => {
      const bytes = Buffer.byteLength(text);
      if (used + bytes > buffer.length && used > 0) {
        await file.write(buffer, 0, used);
        used = 0;
      }
      if (bytes > buffer.length) await file.write(text);
      else used += buffer.write(text, used);
    });
    if (used > 0) await file.write(buffer, 0, used);
  } finally {
    await file.close();
  }
}

/**
 * Writes the CSV and JSON files of the datasets made from the replies into a built site, streaming
 * the replies from `replies` (lib/snapshot-file.ts readPublicReplies). Returns the files written.
 */
export async function writeStreamedOpenData(outDir: string, snapshot: PublicSnapshot, replies: () => AsyncIterable<PublicReply>): Promise<string[]> {
  const written: string[] = [];
  for (const dataset of OPEN_DATASETS) {
    if (dataset.source !== 'replies') continue;
    const csvPath = join(outDir, openDataPath(dataset, 'csv'));
    await writeInPieces(csvPath, async (write) => {
      await write(csvHead(dataset.columns));
      for await (const reply of replies()) await write(csvLine(dataset.columns, dataset.row(reply)));
    });
    const jsonPath = join(outDir, openDataPath(dataset, 'json'));
    const parts = jsonParts(dataset, snapshot.generatedAt);
    await writeInPieces(jsonPath, async (write) => {
      await write(parts.head);
      let rows = 0;
      for await (const reply of replies()) {
        await write(`${rows === 0 ? '[\n' : ',\n'}${parts.row(dataset.row(reply))}`);
        rows += 1;
      }
      await write(parts.tail(rows));
    });
    written.push(csvPath, jsonPath);
  }
  return written;
}
