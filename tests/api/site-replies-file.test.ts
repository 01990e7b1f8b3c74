// A build whose replies file has a bad line stops before anything is rendered, with a message that
// names the file and the line (the check runs before Astro reads any route, like the core's).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { publicSnapshotCoreSchema } from '../../db/public-snapshot-schema.ts';
import { buildPagesFromSnapshot } from '../../scripts/rebuild.ts';
import { tempDir } from '../helpers/temp.ts';

describe('the site build and the replies file', { timeout: 300_000 }, () => {
  const folder = tempDir('portal-site-replies-');
  afterAll(() => folder.remove());

  it('fails on a bad line, naming the file and the line, and writes no site', async () => {
    const sample = publicSnapshotCoreSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/sample-snapshot.json', import.meta.url), 'utf8')));
    const core = join(folder.path, 'bad.snapshot.json');
    const replies = join(folder.path, 'bad.snapshot.replies.ndjson');
    const good = { id: 2, category: 'teaching', categoryLabel: '教育教学', role: 'parent', unitCode: null, unitName: null, unitKind: null, itemCode: null, submittedOn: '2026-11-20', repliedOn: '2026-11-21', publishedOn: '2026-11-22', title: '标题', content: '内容', reply: '答复', rating: null };
    writeFileSync(replies, `${JSON.stringify(good)}\n${JSON.stringify({ ...good, id: 1, publishedOn: '22/11/2026' })}\n`);
    writeFileSync(core, JSON.stringify({ ...sample, repliesFile: 'bad.snapshot.replies.ndjson', replyCount: 2 }));
    const out = join(folder.path, 'site');
    await expect(buildPagesFromSnapshot(core, out)).rejects.toThrow(new RegExp(`The replies file ${replies}, line 2, does not match publicReplySchema[^]*publishedOn`));
    expect(existsSync(out)).toBe(false);
    // The same file with the line mended builds.
    writeFileSync(replies, `${JSON.stringify(good)}\n${JSON.stringify({ ...good, id: 1 })}\n`);
    await buildPagesFromSnapshot(core, out);
    expect(readFileSync(join(out, 'replies', '1', 'index.html'), 'utf8')).toContain('标题');
  });
});
