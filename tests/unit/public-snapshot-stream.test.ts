// The snapshot as the rebuild writes it: the core, and the published replies handed out as NDJSON
// in pieces straight from the database cursor. Same replies, same order, same core as the
// in-memory snapshot; and one read transaction, so a reply changed while the file is being
// written does not show up half-way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../db/open.ts';
import { buildPublicSnapshot, buildPublicSnapshotCore } from '../../db/public-snapshot.ts';
import { type PublicSnapshot, replyLine } from '../../db/public-snapshot-schema.ts';
import { seedDemoForConfig } from '../../scripts/demo/seed-for-config.ts';
import type { AppConfig } from '../../server/config.ts';
import { testConfig } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

const NOW = new Date('2026-11-26T04:00:00.000Z');
const CHANNEL = { publicBaseUrl: 'https://zfzg.example.edu.cn', contactRetentionDays: 180 };

describe('the streamed public snapshot', () => {
  const folder = tempDir('portal-snapshot-stream-');
  let config: AppConfig;
  let db: Db;

  beforeAll(async () => {
    config = testConfig({}, folder.path);
    db = openDatabase(config.databasePath);
    await seedDemoForConfig(db, config);
  }, 60_000);

  afterAll(() => {
    db.close();
    folder.remove();
  });

  function streamed(chunkChars?: number, onChunk?: (index: number) => void) {
    const chunks: string[] = [];
    const core = buildPublicSnapshotCore(
      db,
      config.bureau,
      NOW,
      CHANNEL,
      'x.snapshot.replies.ndjson',
      (chunk) => {
        onChunk?.(chunks.length);
        chunks.push(chunk);
      },
      chunkChars,
    );
    return { core, chunks };
  }

  it('writes the in-memory snapshot: the same core, the same replies in the same order, in whole lines', () => {
    const whole = buildPublicSnapshot(db, config.bureau, NOW, CHANNEL);
    expect(whole.replies.length).toBeGreaterThan(50);
    const { core, chunks } = streamed(4_000);
    const { replies, ...rest } = whole;
    expect(core).toEqual({ ...rest, repliesFile: 'x.snapshot.replies.ndjson', replyCount: replies.length });
    expect(chunks.join('')).toBe(replies.map(replyLine).join(''));
    // Pieces of about chunkChars, each made of whole lines: never the whole list at once.
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
    // With the default piece size the demo fits in one.
    expect(streamed().chunks).toHaveLength(1);
  });

  it('reads the core and every reply in one transaction: a change made while writing is not in the files', () => {
    const before: PublicSnapshot = buildPublicSnapshot(db, config.bureau, NOW, CHANNEL);
    const last = before.replies.at(-1)!;
    // A reply about an item is also on the item's page (the core's items[].opinions).
    const aboutItem = before.replies.slice(1, -1).find((reply) => reply.itemCode !== null)!;
    const other = openDatabase(config.databasePath);
    try {
      const { core, chunks } = streamed(4_000, (index) => {
        if (index !== 0) return;
        // Another connection, as the server would: a reply near the end of the list is edited
        // and one about a ledger item is withdrawn, both committed while the first piece is being
        // written, before the core (read after the replies) is read.
        other.prepare('UPDATE feedback SET public_reply = ? WHERE id = ?').run('改动后的答复', last.id);
        other.prepare("UPDATE feedback SET publication = 'withheld' WHERE id = ?").run(aboutItem.id);
      });
      const { replies, ...rest } = before;
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.join('')).toBe(replies.map(replyLine).join(''));
      expect(core).toEqual({ ...rest, repliesFile: 'x.snapshot.replies.ndjson', replyCount: replies.length });
    } finally {
      other.close();
    }
    // The changes are there for the next snapshot.
    const after = buildPublicSnapshot(db, config.bureau, NOW, CHANNEL);
    expect(after.replies.length).toBe(before.replies.length - 1);
    expect(after.replies.find((reply) => reply.id === last.id)!.reply).toBe('改动后的答复');
    const opinions = (snapshot: PublicSnapshot) => snapshot.items.find((item) => item.code === aboutItem.itemCode)!.opinions.length;
    expect(opinions(after)).toBe(opinions(before) - 1);
  });
});
