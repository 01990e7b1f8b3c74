// The nightly rebuild renders only what changed: Astro's incremental build (astro.config.mjs)
// copies a page from the last build when its cacheKey (site/src/lib/page-cache.ts) is unchanged.
// A page shown stale would be a wrong public record, so each input of a page's key (item pages,
// the ledger's filter pages) is changed here and the page must be rendered again; an unchanged
// page must be reused. Reuse is proven, not inferred from equal bytes: a marker is written into
// the cached copy of each page before the next build, and only a page copied from the cache still
// carries it. The reply pages and the numbered pages of 留言选登's lists are written from their
// frames after Astro's pages (site/decisions/008): never from the cache, each build afresh.
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicSnapshot } from '../../db/public-snapshot-schema.ts';
import { buildPagesFromSnapshot } from '../../scripts/rebuild.ts';
import { REPLIES_PAGE_SIZE } from '../../site/src/consts.ts';
import { numberedPageCount } from '../../site/src/lib/replies.ts';
import { demoSnapshot, scaleSnapshot } from '../fixtures/scaled-snapshot.ts';
import { writeSnapshotFiles } from '../fixtures/snapshot-files.ts';
import { testConfig } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

const NOW = new Date('2026-11-26T04:00:00.000Z');
const MARKER = '<!-- copied from the build cache -->';

const S = REPLIES_PAGE_SIZE;
/** The paths of a list's numbered pages, oldest first. */
const numberedPaths = (first: string, count: number, numbered = first) => Array.from({ length: numberedPageCount(count, S) }, (_, at) => `${numbered}/${at + 1}`);

describe('the rebuild reuses the item and ledger list pages whose inputs did not change, and writes the reply pages and reply lists afresh', { timeout: 600_000 }, () => {
  const folder = tempDir('portal-incremental-');
  const cacheDir = join(folder.path, 'astro-cache');
  let base: PublicSnapshot;
  let build = 0;
  /** Reads a page of the last build. */
  let lastBuild: (path: string) => string;
  /** The category every other reply is in (two numbered pages), and another. */
  let category: { code: string; label: string };
  let otherCategory: { code: string; label: string };

  /** Builds a snapshot with the kept cache; returns a reader of the built pages. */
  async function buildSite(snapshot: PublicSnapshot): Promise<(path: string) => string> {
    build += 1;
    const file = writeSnapshotFiles(snapshot, join(folder.path, `snapshot-${build}.json`));
    const site = join(folder.path, `site-${build}`);
    await buildPagesFromSnapshot(file, site, { cacheDir });
    lastBuild = (path) => readFileSync(join(site, path, 'index.html'), 'utf8');
    return lastBuild;
  }

  /** Marks the cached copy of every ledger item's page. */
  function markCachedItems(snapshot: PublicSnapshot): void {
    for (const item of snapshot.items) {
      const cached = join(cacheDir, 'dist', 'ledger', item.code, 'index.html');
      expect(existsSync(cached), cached).toBe(true);
      appendFileSync(cached, MARKER);
    }
  }

  /** Marks the cached copy of these pages (paths in the site, without index.html). */
  function markCached(paths: readonly string[]): void {
    for (const path of paths) {
      const cached = join(cacheDir, 'dist', path, 'index.html');
      expect(existsSync(cached), cached).toBe(true);
      appendFileSync(cached, MARKER);
    }
  }

  /** Every filter page of the ledger in the last build (by status, category, unit, source, 逾期). */
  function ledgerListPaths(): string[] {
    const root = join(cacheDir, 'dist');
    return ['category', 'status', 'unit', 'source', 'overdue'].flatMap((kind) =>
      readdirSync(join(root, 'ledger', kind), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name === 'index.html')
        .map((entry) => entry.parentPath.slice(root.length + 1)),
    );
  }

  /** The numbered pages of 留言选登 and of its category's list, by path. */
  const replyListPages = (snapshot: PublicSnapshot) => {
    const inCategory = snapshot.replies.filter((reply) => reply.category === category.code).length;
    const paths = [...numberedPaths('replies', snapshot.replies.length, 'replies/page'), ...numberedPaths(`replies/category/${category.code}`, inCategory)];
    return new Map(paths.map((path) => [path, lastBuild(path)]));
  };

  const nextDay = (snapshot: PublicSnapshot, days: number): PublicSnapshot => ({ ...snapshot, generatedAt: new Date(NOW.getTime() + days * 86_400_000).toISOString() });

  beforeAll(async () => {
    const demo = await demoSnapshot(testConfig({}, folder.path), NOW);
    // Four numbered pages of replies, the newest not full; every other reply in one category (two
    // numbered pages, the newest not full), the others in another.
    const scaled = scaleSnapshot(demo, { items: demo.items.length, replies: 3 * S + 5 });
    category = { code: demo.replies[0]!.category, label: demo.replies[0]!.categoryLabel };
    otherCategory = demo.categories.find((known) => known.code !== category.code)!;
    base = {
      ...scaled,
      replies: scaled.replies.map((reply, at) => {
        const { code, label } = at % 2 === 0 ? category : otherCategory;
        return { ...reply, category: code, categoryLabel: label };
      }),
    };
    expect(numberedPageCount(base.replies.filter((reply) => reply.category === category.code).length, S)).toBe(2);
    expect(base.replies.length).toBeGreaterThan(3);
    expect(base.replies.some((reply) => reply.itemCode !== null)).toBe(true);
    const page = await buildSite(base);
    expect(page(`replies/${base.replies[0]!.id}`)).not.toContain(MARKER);
  }, 600_000);

  afterAll(() => folder.remove());

  it('writes every reply page again from its frame, never from the cache: the edited reply and the one about a retitled item show the change', async () => {
    const [edited, ...rest] = base.replies;
    const linked = rest.find((reply) => reply.itemCode !== null)!;
    const untouched = rest.find((reply) => reply !== linked && reply.itemCode !== linked.itemCode)!;
    const retitled = `${linked.itemCode} 的新标题`;
    const next: PublicSnapshot = {
      ...nextDay(base, 1),
      replies: base.replies.map((reply) => (reply === edited ? { ...reply, reply: `${reply.reply}（补充答复）` } : reply)),
      items: base.items.map((item) => (item.code === linked.itemCode ? { ...item, title: retitled } : item)),
    };
    // The reply pages are written after Astro's pages (site/decisions/008): Astro's cache holds
    // none of them, so none can be shown stale from it.
    expect(existsSync(join(cacheDir, 'dist', 'replies', String(untouched.id)))).toBe(false);
    const before = lastBuild(`replies/${untouched.id}`);
    const page = await buildSite(next);
    expect(page(`replies/${untouched.id}`)).toBe(before);
    expect(page(`replies/${edited!.id}`)).toContain('（补充答复）');
    expect(page(`replies/${linked.id}`)).toContain(retitled);
    // The list's first address has no key: it shows the new data.
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

  it('writes the numbered pages of the lists a new reply joins afresh: the newest shows it, the older ones stay as they were', async () => {
    const total = base.replies.length;
    const inCategory = base.replies.filter((reply) => reply.category === category.code).length;
    // The new reply fills the newest numbered pages without opening one.
    expect(numberedPageCount(total + 1, S)).toBe(numberedPageCount(total, S));
    expect(numberedPageCount(inCategory + 1, S)).toBe(numberedPageCount(inCategory, S));
    const model = base.replies.find((reply) => reply.unitCode !== null && reply.category === category.code)!;
    const unit = model.unitCode!;
    const inUnit = base.replies.filter((reply) => reply.unitCode === unit).length;
    const newest = { ...model, id: Math.max(...base.replies.map((reply) => reply.id)) + 1, title: '今晚新公开的一条留言', publishedOn: '2026-11-27' };
    const next: PublicSnapshot = { ...nextDay(base, 1), replies: [newest, ...base.replies] };
    const all = numberedPaths('replies', total, 'replies/page');
    const ofCategory = numberedPaths(`replies/category/${category.code}`, inCategory);
    const ofUnit = numberedPaths(`replies/unit/${unit}`, inUnit);
    const before = new Map([...all, ...ofCategory, ...ofUnit].map((path) => [path, lastBuild(path)]));
    // Astro's cache holds none of them: they cannot be shown stale from it.
    expect(existsSync(join(cacheDir, 'dist', 'replies', 'page'))).toBe(false);
    expect(existsSync(join(cacheDir, 'dist', 'replies', 'category', category.code, '1'))).toBe(false);
    const page = await buildSite(next);
    for (const path of ['replies', `replies/category/${category.code}`, `replies/unit/${unit}`]) expect(page(path), path).toContain(newest.title);
    for (const path of [all.at(-1)!, ofCategory.at(-1)!, ...ofUnit.slice(-1)]) expect(page(path), path).toContain(newest.title);
    // Nothing an older numbered page shows moved: no count, no number of pages.
    expect(all.length).toBeGreaterThan(2);
    for (const path of [...all.slice(0, -1), ...ofCategory.slice(0, -1), ...ofUnit.slice(0, -1)]) expect(page(path), path).toBe(before.get(path));
    base = next;
  });

  it('writes an older numbered page again when one of its replies, its filter label or its page links change', async () => {
    const total = base.replies.length;
    // Its own reply: the oldest reply of the other category is on page 1.
    const edited = base.replies.findLast((reply) => reply.category === otherCategory.code)!;
    expect(total - 1 - base.replies.indexOf(edited)).toBeLessThan(S);
    // Its label: the category's name changes in the bureau's list (its replies' records do not).
    const relabelled = `${category.label}（更名）`;
    // Its links: enough new replies (in the other category) for one more numbered page, which page 3 links to.
    const pages = numberedPageCount(total, S);
    const added = pages * S + 1 - total;
    const firstId = Math.max(...base.replies.map((reply) => reply.id)) + 1;
    const model = base.replies.find((reply) => reply.category === otherCategory.code)!;
    const newer = Array.from({ length: added }, (_, at) => ({ ...model, id: firstId + added - 1 - at, publishedOn: '2026-11-28' }));
    expect(numberedPageCount(total + added, S)).toBe(pages + 1);
    const next: PublicSnapshot = {
      ...nextDay(base, 2),
      categories: base.categories.map((known) => (known.code === category.code ? { ...known, label: relabelled } : known)),
      replies: [...newer, ...base.replies.map((reply) => (reply === edited ? { ...reply, reply: `（补正）${reply.reply}` } : reply))],
    };
    const before = replyListPages(base);
    const page = await buildSite(next);
    expect(before.get('replies/page/1')).not.toContain('答复：（补正）');
    expect(page('replies/page/1')).toContain('答复：（补正）');
    expect(page(`replies/category/${category.code}/1`)).toContain(relabelled);
    expect(before.get(`replies/page/${pages - 1}`)).not.toContain(`href="/replies/page/${pages + 1}/"`);
    expect(page(`replies/page/${pages - 1}`)).toContain(`href="/replies/page/${pages + 1}/"`);
    // Page 2 shows none of these: its replies, label and links are as they were.
    expect(pages - 1).toBeGreaterThan(2);
    expect(page('replies/page/2')).toBe(before.get('replies/page/2'));
    base = next;
  });

  it('renders again the ledger filter pages that list an item whose progress changed, and copies the others', async () => {
    const edited = base.items.find((item) => item.status === 'in_progress' && item.progress <= 90)!;
    const progress = edited.progress + 7;
    const next: PublicSnapshot = { ...nextDay(base, 1), items: base.items.map((item) => (item === edited ? { ...item, progress } : item)) };
    const lists = ledgerListPaths();
    const listing = (html: string) => html.includes(`data-item-code="${edited.code}"`);
    const before = new Map(lists.map((path) => [path, readFileSync(join(cacheDir, 'dist', path, 'index.html'), 'utf8')]));
    markCached(lists);
    const page = await buildSite(next);
    const withItem = lists.filter((path) => listing(before.get(path)!));
    expect(withItem.length).toBeGreaterThanOrEqual(3);
    expect(withItem.length).toBeLessThan(lists.length);
    for (const path of lists) {
      const html = page(path);
      if (listing(before.get(path)!)) {
        expect(html, path).not.toContain(MARKER);
        const card = html.slice(html.indexOf(`data-item-code="${edited.code}"`));
        expect(card.slice(0, card.indexOf('</article>')), path).toContain(`${progress}%`);
      } else expect(html, path).toContain(MARKER);
      // The day its items last changed, not 数据截至 (which moves every night).
      expect(html, path).not.toContain('数据截至');
    }
    base = next;
  });

  it('renders again the ledger filter pages that list an item whose last change moved to a later day, and shows that day', async () => {
    const edited = base.items.find((item) => item.updatedOn < '2026-11-27')!;
    const next: PublicSnapshot = { ...nextDay(base, 1), items: base.items.map((item) => (item === edited ? { ...item, updatedOn: '2026-11-27' } : item)) };
    const lists = ledgerListPaths();
    const before = new Map(lists.map((path) => [path, readFileSync(join(cacheDir, 'dist', path, 'index.html'), 'utf8')]));
    markCached(lists);
    const page = await buildSite(next);
    for (const path of lists) {
      if (before.get(path)!.includes(`data-item-code="${edited.code}"`)) {
        expect(page(path), path).not.toContain(MARKER);
        expect(page(path), path).toContain('本页事项最近更新于 <time datetime="2026-11-27"');
      } else expect(page(path), path).toContain(MARKER);
    }
    base = next;
  });

  it("renders every ledger filter page again when the filter bar's counts change (an item completed)", async () => {
    const edited = base.items.find((item) => item.status === 'in_progress')!;
    const next: PublicSnapshot = {
      ...nextDay(base, 1),
      items: base.items.map((item) => (item === edited ? { ...item, status: 'completed', progress: 100, completedOn: '2026-11-27', isOverdue: false } : item)),
    };
    const lists = ledgerListPaths();
    markCached(lists);
    const page = await buildSite(next);
    for (const path of lists) expect(page(path), path).not.toContain(MARKER);
    base = next;
  });

  it('renders every page with a key again when the frame changes (the bureau profile)', async () => {
    const renamed = '示范县教育局（更名）';
    const next: PublicSnapshot = { ...nextDay(base, 2), bureau: { ...base.bureau, name: renamed } };
    markCachedItems(base);
    const lists = ledgerListPaths();
    markCached(lists);
    const replyLists = [...replyListPages(base).keys()];
    const page = await buildSite(next);
    for (const path of lists) {
      expect(page(path), path).not.toContain(MARKER);
      expect(page(path), path).toContain(renamed);
    }
    for (const path of replyLists) expect(page(path), path).toContain(renamed);
    for (const reply of base.replies) expect(page(`replies/${reply.id}`)).toContain(renamed);
    for (const item of base.items) expect(page(`ledger/${item.code}`)).toContain(renamed);
    base = next;
  });

  it('drops the whole cache after a build that did not finish', async () => {
    markCachedItems(base);
    // What a build leaves while it writes into the cache, and a killed one leaves behind.
    writeFileSync(join(cacheDir, 'unfinished-build'), '12345');
    const page = await buildSite(nextDay(base, 3));
    for (const item of base.items) expect(page(`ledger/${item.code}`)).not.toContain(MARKER);
    expect(existsSync(join(cacheDir, 'unfinished-build'))).toBe(false);
  });
});
