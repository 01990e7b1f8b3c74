// The site's view of the replies file (site/src/lib/replies-file.ts): read once into an index of
// byte ranges, each record read back by its range (multi-byte text included), every line checked,
// and a bad line named by file and number.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PublicReply, replyLine } from '../../db/public-snapshot-schema.ts';
import { indexReplies, readRepliesAt } from '../../site/src/lib/replies-file.ts';
import { readPublicReplies } from '../../site/src/lib/snapshot-file.ts';
import { tempDirForTest } from '../helpers/temp.ts';

function reply(id: number, overrides: Partial<PublicReply> = {}): PublicReply {
  return {
    id,
    category: id % 2 ? 'teaching' : 'canteen',
    categoryLabel: id % 2 ? '教育教学' : '食堂管理',
    role: 'parent',
    unitCode: id % 3 ? 'S01' : null,
    unitName: id % 3 ? '示例县第一中学' : null,
    unitKind: id % 3 ? 'school' : null,
    itemCode: id % 4 ? null : 'ZG-2026-01',
    submittedOn: '2026-11-20',
    repliedOn: '2026-11-21',
    publishedOn: `2026-11-${String(10 + (id % 15)).padStart(2, '0')}`,
    title: `第${id}条：关于“课后服务”的意见`,
    content: `意见内容，含换行\n和引号"，编号 ${id}。`.repeat(1 + (id % 5)),
    reply: '已核实并答复。',
    rating: id % 2 ? 'satisfied' : null,
    ...overrides,
  };
}

function writeReplies(replies: readonly PublicReply[]): string {
  const file = join(tempDirForTest('portal-replies-file-'), 'x.snapshot.replies.ndjson');
  writeFileSync(file, replies.map(replyLine).join(''));
  return file;
}

describe('the replies file at build time', () => {
  const replies = Array.from({ length: 3_000 }, (_, index) => reply(3_000 - index));

  it('reads every reply in order, one at a time', async () => {
    const read: PublicReply[] = [];
    for await (const item of readPublicReplies(writeReplies(replies))) read.push(item);
    expect(read).toEqual(replies);
  });

  it('indexes ids, byte ranges and the filter fields, and reads any record back by its range', async () => {
    const index = await indexReplies(writeReplies(replies), replies.length);
    expect(index.count).toBe(replies.length);
    expect([...index.ids]).toEqual(replies.map((item) => item.id));
    expect(index.categories).toEqual([
      { code: 'canteen', label: '食堂管理' },
      { code: 'teaching', label: '教育教学' },
    ]);
    expect(index.units).toEqual(['S01']);
    const positions = [0, 1, 1_234, 2_999, 17];
    expect(await readRepliesAt(index, positions)).toEqual(positions.map((at) => replies[at]));
  });

  it('names the file and the line of a line that is not JSON, or not a reply', async () => {
    const notJson = writeReplies(replies.slice(0, 5));
    appendFileSync(notJson, '{"id": 7,\n');
    await expect(indexReplies(notJson, 6)).rejects.toThrow(`The replies file ${notJson}, line 6, is not valid JSON`);
    const notReply = writeReplies([reply(2), { ...reply(1), rating: 'great' as PublicReply['rating'] }]);
    await expect(indexReplies(notReply, 2)).rejects.toThrow(new RegExp(`The replies file ${notReply}, line 2, does not match publicReplySchema[^]*rating`));
  });

  it('refuses a file cut short, or one that does not hold the replies its snapshot counts', async () => {
    const file = writeReplies(replies.slice(0, 10));
    await expect(indexReplies(file, 11)).rejects.toThrow('has 10 lines; its snapshot counts 11 replies');
    await expect(indexReplies(file, 9)).rejects.toThrow('has more lines than the 9 replies its snapshot counts');
    appendFileSync(file, '{"id": 1');
    await expect(indexReplies(file, 11)).rejects.toThrow('ends in the middle of line 11');
  });
});
