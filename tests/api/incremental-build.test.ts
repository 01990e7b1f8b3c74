// The nightly rebuild renders only what changed: Astro's incremental build (astro.config.mjs)
// copies a page from the last build when its cacheKey (site/src/lib/page-cache.ts) is unchanged.
// A page shown stale would be a wrong public record, so each input of a reply page's key is
// changed here and the page must be rendered again; an unchanged page must be reused. Reuse is
// proven, not inferred from equal bytes: a marker is written into the cached copy of each page
// before the next build, and only a page copied from the cache still carries it.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicSnapshot } from '../../db/public-snapshot-schema.ts';
import { buildPagesFromSnapshot } from '../../scripts/rebuild.ts';
import { demoSnapshot } from '../fixtures/scaled-snapshot.ts';
import { writeSnapshotFiles } from '../fixtures/snapshot-files.ts';
import { testConfig } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

const NOW = new Date('2026-11-26T04:00:00.000Z');
const MARKER = '<!-- copied from the build cache -->';

describe('the rebuild reuses the reply and item pages whose inputs did not change', { timeout: 600_000 }, () => {
  const folder = tempDir('portal-incremental-');
  const cacheDir = join(folder.path, 'astro-cache');
  let base: PublicSnapshot;
  let build = 0;

  /** Builds a snapshot with the kept cache; returns a reader of the built pages. */
  async function buildSite(snapshot: PublicSnapshot): Promise<(path: string) => string> {
    build += 1;
    const file = writeSnapshotFiles(snapshot, join(folder.path, `snapshot-${build}.json`));
    const site = join(folder.path, `site-${build}`);
    await buildPagesFromSnapshot(file, site, { cacheDir });
    return (path) => readFileSync(join(site, path, 'index.html'), 'utf8');
  }

  /** Marks the cached copy of every reply page: a page built from that copy shows the marker. */
  function markCachedReplies(snapshot: PublicSnapshot): void {
    for (const reply of snapshot.replies) {
      const cached = join(cacheDir, 'dist', 'replies', String(reply.id), 'index.html');
      expect(existsSync(cached), cached).toBe(true);
      appendFileSync(cached, MARKER);
    }
  }

  /** Marks the cached copy of every ledger item's page. */
  function markCachedItems(snapshot: PublicSnapshot): void {
    for (const item of snapshot.items) {
      const cached = join(cacheDir, 'dist', 'ledger', item.code, 'index.html');
      expect(existsSync(cached), cached).toBe(true);
      appendFileSync(cached, MARKER);
    }
  }

  const nextDay = (snapshot: PublicSnapshot, days: number): PublicSnapshot => ({ ...snapshot, generatedAt: new Date(NOW.getTime() + days * 86_400_000).toISOString() });

  beforeAll(async () => {
    base = await demoSnapshot(testConfig({}, folder.path), NOW);
    expect(base.replies.length).toBeGreaterThan(3);
    expect(base.replies.some((reply) => reply.itemCode !== null)).toBe(true);
    const page = await buildSite(base);
    expect(page(`replies/${base.replies[0]!.id}`)).not.toContain(MARKER);
  }, 600_000);

  afterAll(() => folder.remove());

  it('copies unchanged reply pages and renders again the one whose text or linked item changed', async () => {
    const [edited, ...rest] = base.replies;
    const linked = rest.find((reply) => reply.itemCode !== null)!;
    const untouched = rest.find((reply) => reply !== linked && reply.itemCode !== linked.itemCode)!;
    const retitled = `${linked.itemCode} 的新标题`;
    const next: PublicSnapshot = {
      ...nextDay(base, 1),
      replies: base.replies.map((reply) => (reply === edited ? { ...reply, reply: `${reply.reply}（补充答复）` } : reply)),
      items: base.items.map((item) => (item.code === linked.itemCode ? { ...item, title: retitled } : item)),
    };
    markCachedReplies(base);
    const page = await buildSite(next);
    expect(page(`replies/${untouched.id}`)).toContain(MARKER);
    expect(page(`replies/${edited!.id}`)).not.toContain(MARKER);
    expect(page(`replies/${edited!.id}`)).toContain('（补充答复）');
    expect(page(`replies/${linked.id}`)).not.toContain(MARKER);
    expect(page(`replies/${linked.id}`)).toContain(retitled);
    // Pages without a key are always rendered: the list shows the new data.
    expect(page('replies')).not.toContain(MARKER);
    base = next;
  });

  it('copies unchanged item pages and renders again those whose record, related replies or posts changed', async () => {
    const postItem = base.posts.flatMap((post) => post.items.map((item) => item.code))[0]!;
    const replied = base.replies.find((reply) => reply.itemCode !== null && reply.itemCode !== postItem)!;
    const repliedItem = replied.itemCode!;
    const edited = base.items.find((item) => item.code !== postItem && item.code !== repliedItem)!;
    const untouched = base.items.find(
      (item) => ![postItem, repliedItem, edited.code].includes(item.code) && !base.posts.some((post) => post.items.some((linked) => linked.code === item.code) || post.outcomes.some((outcome) => outcome.itemCode === item.code)),
    )!;
    expect(untouched).toBeDefined();
    const next: PublicSnapshot = {
      ...nextDay(base, 1),
      items: base.items.map((item) => (item === edited ? { ...item, progressSummary: `${item.progressSummary}（阶段小结）` } : item)),
      replies: base.replies.map((reply) => (reply === replied ? { ...reply, title: `${reply.title}（已更正）` } : reply)),
      posts: base.posts.map((post) => (post.items.some((item) => item.code === postItem) ? { ...post, title: `${post.title}（修订）` } : post)),
    };
    markCachedItems(base);
    const page = await buildSite(next);
    expect(page(`ledger/${untouched.code}`)).toContain(MARKER);
    expect(page(`ledger/${edited.code}`)).not.toContain(MARKER);
    expect(page(`ledger/${edited.code}`)).toContain('（阶段小结）');
    expect(page(`ledger/${repliedItem}`)).not.toContain(MARKER);
    expect(page(`ledger/${repliedItem}`)).toContain('（已更正）');
    expect(page(`ledger/${postItem}`)).not.toContain(MARKER);
    expect(page(`ledger/${postItem}`)).toContain('（修订）');
    // The list of the ledger has no key: it shows the new 数据截至.
    expect(page('ledger')).not.toContain(MARKER);
    base = next;
  });

  it('renders every reply page again when the frame changes (the bureau profile)', async () => {
    const renamed = '示范县教育局（更名）';
    const next: PublicSnapshot = { ...nextDay(base, 2), bureau: { ...base.bureau, name: renamed } };
    markCachedReplies(base);
    markCachedItems(base);
    const page = await buildSite(next);
    for (const reply of base.replies) {
      expect(page(`replies/${reply.id}`)).not.toContain(MARKER);
      expect(page(`replies/${reply.id}`)).toContain(renamed);
    }
    for (const item of base.items) expect(page(`ledger/${item.code}`)).toContain(renamed);
    base = next;
  });

  it('drops the whole cache after a build that did not finish', async () => {
    markCachedReplies(base);
    // What a build leaves while it writes into the cache, and a killed one leaves behind.
    writeFileSync(join(cacheDir, 'unfinished-build'), '12345');
    const page = await buildSite(nextDay(base, 3));
    for (const reply of base.replies) expect(page(`replies/${reply.id}`)).not.toContain(MARKER);
    expect(existsSync(join(cacheDir, 'unfinished-build'))).toBe(false);
  });
});
