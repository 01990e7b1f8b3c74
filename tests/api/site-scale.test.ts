// The pages of a bureau with years of data, built once by Astro from the demo's snapshot scaled up
// (tests/fixtures/scaled-snapshot.ts): long lists come in pages, each page links a bounded window
// of the others, the opinion form does not carry the whole ledger and an item's page does not list
// every opinion about it; a reply page fits one disk block and the replies reach the search index
// in bundles. What the rebuild benchmark (tests/bench/rebuild-scale.ts) found, as rules.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPagesFromSnapshot } from '../../scripts/rebuild.ts';
import type { PublicSnapshot } from '../../db/public-snapshot-schema.ts';
import { FORM_ITEM_CHOICE_LIMIT, LEDGER_INDEX_GROUP_SIZE, LEDGER_PAGE_SIZE, LEDGER_STATUS_ORDER, RELATED_REPLIES_LIMIT, REPLIES_PAGE_SIZE } from '../../site/src/consts.ts';
import { demoSnapshot, scaleSnapshot } from '../fixtures/scaled-snapshot.ts';
import { themeCss } from '../../server/domain/bureau-profile.ts';
import { REPLIES_PER_BUNDLE } from '../../site/src/integrations/search-index.ts';
import { REPLY_ANCHORS_PATH, THEME_CSS_PATH } from '../../site/src/consts.ts';
import { writeSnapshotFiles } from '../fixtures/snapshot-files.ts';
import { numberedPageCount } from '../../site/src/lib/replies.ts';
import { testConfig } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

const NOW = new Date('2026-11-26T04:00:00.000Z');
/** A disk block: what a page of a bare Astro site takes, and what a reply page may take. */
const DISK_BLOCK = 4096;
/** Numbered links a page of a list may carry: first, last, two each side of it, two gaps. */
const MAX_PAGE_LINKS = 9;

/** Text of a reply that must reach its page as text, wherever it stands (title, description, body). */
const HOSTILE = {
  title: '<script>alert("t")</script> & \'引号\'',
  content: '<img src=x onerror=alert(1)>"属性"\n第二段 &amp; 😀',
  reply: '</p><script>alert(2)</script>\n答复第二段',
  categoryLabel: '收费&"经费"',
};

const itemCards = (html: string) => html.match(/class="item-card__code"/g)?.length ?? 0;
const pageNumberLinks = (html: string) => html.match(/aria-label="第 \d+ 页"/g)?.length ?? 0;

function htmlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name === 'index.html')
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the built pages of a large bureau', { timeout: 600_000 }, () => {
  const folder = tempDir('portal-site-scale-');
  let site = '';
  let snapshot: PublicSnapshot;

  beforeAll(async () => {
    const config = testConfig({}, folder.path);
    const base = await demoSnapshot(config, NOW);
    // Enough for several pages of every list, few enough for a quick build.
    const scaled = scaleSnapshot(base, { items: 4 * LEDGER_PAGE_SIZE + 7, replies: 12 * REPLIES_PAGE_SIZE + 3 });
    // One item that many opinions are about.
    const popular = scaled.items[0]!.code;
    const replies = scaled.replies.map((reply, index) => (index < RELATED_REPLIES_LIMIT + 5 ? { ...reply, itemCode: popular } : reply));
    // The oldest reply carries markup and quotes in each text the public or staff typed, about no
    // item and answered by no unit (the bureau); the one before it is about an item and a unit.
    const last = replies.at(-1)!;
    replies[replies.length - 1] = { ...last, title: HOSTILE.title, content: HOSTILE.content, reply: HOSTILE.reply, categoryLabel: HOSTILE.categoryLabel, itemCode: null, unitCode: null, unitName: null };
    snapshot = { ...scaled, replies };
    const file = writeSnapshotFiles(snapshot, join(folder.path, 'snapshot.json'));
    site = join(folder.path, 'site');
    await buildPagesFromSnapshot(file, site);
  }, 600_000);

  afterAll(() => folder.remove());

  it('shows the start of each status on /ledger/ and links to the rest', () => {
    const html = readFileSync(join(site, 'ledger', 'index.html'), 'utf8');
    expect(itemCards(html)).toBeLessThanOrEqual(LEDGER_STATUS_ORDER.length * LEDGER_INDEX_GROUP_SIZE);
    const longest = LEDGER_STATUS_ORDER.map((status) => ({ status, count: snapshot.items.filter((item) => item.status === status).length })).sort((a, b) => b.count - a.count)[0]!;
    expect(longest.count).toBeGreaterThan(LEDGER_INDEX_GROUP_SIZE);
    expect(html).toContain(`href="/ledger/status/${longest.status}/"`);
    expect(html).toContain(`查看全部 ${longest.count} 项`);
  });

  it('splits every ledger filter into pages of at most LEDGER_PAGE_SIZE items that together hold them all', () => {
    const ledger = join(site, 'ledger');
    for (const kind of ['status', 'category', 'unit', 'source']) {
      for (const value of readdirSync(join(ledger, kind))) {
        const first = readFileSync(join(ledger, kind, value, 'index.html'), 'utf8');
        const total = Number(/data-testid="filter-count">共 (\d+) 项/.exec(first)?.[1]);
        const pages = Math.max(1, Math.ceil(total / LEDGER_PAGE_SIZE));
        let shown = 0;
        for (let page = 1; page <= pages; page += 1) {
          const html = page === 1 ? first : readFileSync(join(ledger, kind, value, String(page), 'index.html'), 'utf8');
          expect(itemCards(html), `${kind}/${value} page ${page}`).toBeLessThanOrEqual(LEDGER_PAGE_SIZE);
          shown += itemCards(html);
        }
        expect(shown, `${kind}/${value}`).toBe(total);
        expect(existsSync(join(ledger, kind, value, String(pages + 1))), `${kind}/${value}`).toBe(false);
      }
    }
    // The scaled ledger has a filter long enough for several pages.
    const all = readdirSync(join(ledger, 'category')).map((value) => readdirSync(join(ledger, 'category', value)).filter((name) => /^\d+$/.test(name)).length);
    expect(Math.max(...all)).toBeGreaterThan(0);
  });

  it('links at most a window of page numbers from each page of a list', () => {
    const lists = htmlFilesUnder(join(site, 'replies')).concat(htmlFilesUnder(join(site, 'ledger')));
    const replyPages = numberedPageCount(snapshot.replies.length, REPLIES_PAGE_SIZE);
    expect(replyPages).toBeGreaterThan(MAX_PAGE_LINKS);
    for (const file of lists) expect(pageNumberLinks(readFileSync(file, 'utf8')), file).toBeLessThanOrEqual(MAX_PAGE_LINKS);
  });

  it('numbers the pages of 留言选登 from the oldest reply, and going 较早 from the newest misses none', () => {
    const read = (path: string) => readFileSync(join(site, path, 'index.html'), 'utf8');
    const shown = (html: string) => {
      const list = html.slice(html.indexOf('<ol class="reply-list">'));
      return [...list.slice(0, list.indexOf('</ol>')).matchAll(/href="\/replies\/(\d+)\/"/g)].map((match) => Number(match[1]));
    };
    const older = (html: string) => /<a href="([^"]+)" rel="next">较早<\/a>/.exec(html)?.[1];
    const ids = snapshot.replies.map((reply) => reply.id); // newest first, as the replies file
    const pages = numberedPageCount(ids.length, REPLIES_PAGE_SIZE);
    // The first address: the newest replies, with the list's count.
    const first = read('replies');
    expect(shown(first)).toEqual(ids.slice(0, REPLIES_PAGE_SIZE));
    expect(first).toContain(`共 ${ids.length} 条`);
    // Page 1 holds the oldest replies, newest first within it; the newest page the rest.
    expect(shown(read('replies/page/1'))).toEqual(ids.slice(-REPLIES_PAGE_SIZE));
    expect(shown(read(`replies/page/${pages}`))).toEqual(ids.slice(0, ids.length - (pages - 1) * REPLIES_PAGE_SIZE));
    expect(existsSync(join(site, 'replies', 'page', String(pages + 1)))).toBe(false);
    // Following 较早 from the first address reaches page 1 and shows every reply, in order.
    const seen: number[] = [];
    let html = first;
    let path: string | undefined = '/replies/';
    const visited: string[] = [];
    while (path !== undefined) {
      visited.push(path);
      expect(visited.length, visited.join(' ')).toBeLessThanOrEqual(pages + 1);
      html = read(path);
      for (const id of shown(html)) if (!seen.includes(id)) seen.push(id);
      path = older(html);
    }
    expect(visited.at(-1)).toBe('/replies/page/1/');
    expect(seen).toEqual(ids);
    // A numbered page shows nothing that moves with newer replies: no count, no last page; it says how it is numbered.
    const middle = read(`replies/page/${Math.floor(pages / 2)}`);
    expect(middle).not.toMatch(/共 ?\d+ ?[条页]/);
    expect(middle).not.toContain(`href="/replies/page/${pages}/"`);
    expect(middle).toContain('第 1 页为最早');
    expect(middle).toContain(`<h1>留言选登（第 ${Math.floor(pages / 2)} 页）</h1>`);
    // The same on a filter's numbered pages, whose 较早 chain also misses nothing.
    const category = snapshot.replies[0]!.category;
    const inCategory = snapshot.replies.filter((reply) => reply.category === category).map((reply) => reply.id);
    expect(numberedPageCount(inCategory.length, REPLIES_PAGE_SIZE)).toBeGreaterThan(1);
    const categorySeen: number[] = [];
    for (path = `/replies/category/${category}/`; path !== undefined; path = older(html)) {
      html = read(path);
      for (const id of shown(html)) if (!categorySeen.includes(id)) categorySeen.push(id);
    }
    expect(categorySeen).toEqual(inCategory);
    expect(shown(read(`replies/category/${category}/1`))).toEqual(inCategory.slice(-REPLIES_PAGE_SIZE));
    expect(read(`replies/category/${category}/1`)).not.toMatch(/（\d+）/);
  });

  it('asks for the item code on the opinion form instead of listing every item', () => {
    expect(snapshot.items.length).toBeGreaterThan(FORM_ITEM_CHOICE_LIMIT);
    const html = readFileSync(join(site, 'feedback', 'index.html'), 'utf8');
    expect(html).toMatch(/<input[^>]*name="itemCode"/);
    expect(html).not.toContain(snapshot.items.at(-1)!.code);
  });

  it("lists at most RELATED_REPLIES_LIMIT opinions on an item's page", () => {
    const counts = new Map<string, number>();
    for (const reply of snapshot.replies) if (reply.itemCode) counts.set(reply.itemCode, (counts.get(reply.itemCode) ?? 0) + 1);
    const [code, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expect(count).toBeGreaterThan(RELATED_REPLIES_LIMIT);
    const html = readFileSync(join(site, 'ledger', encodeURIComponent(code), 'index.html'), 'utf8');
    const section = html.slice(html.indexOf('id="related-replies-heading"'));
    expect(section.slice(0, section.indexOf('</section>')).match(/href="\/replies\/\d+\/"/g)).toHaveLength(RELATED_REPLIES_LIMIT);
  });

  it('keeps every reply page, the demo\'s and their copies, within one disk block, drawn in the theme from /theme.css', () => {
    const sizes = snapshot.replies.map((reply) => ({ id: reply.id, bytes: statSync(join(site, 'replies', String(reply.id), 'index.html')).size }));
    const largest = sizes.reduce((max, page) => (page.bytes > max.bytes ? page : max));
    expect(largest.bytes, `/replies/${largest.id}/`).toBeLessThanOrEqual(DISK_BLOCK);
    // The bureau's colours come from one stylesheet every page links, not from each page's head.
    const html = readFileSync(join(site, 'replies', String(largest.id), 'index.html'), 'utf8');
    expect(html).toContain(`<link rel="stylesheet" href="${THEME_CSS_PATH}">`);
    expect(html).not.toContain('<style');
    expect(readFileSync(join(site, THEME_CSS_PATH), 'utf8')).toBe(themeCss(snapshot.bureau.theme));
  });

  it('writes a page for every reply from the reply frame, each value escaped where it stands, and leaves no frame behind', () => {
    for (const reply of snapshot.replies) expect(existsSync(join(site, 'replies', String(reply.id), 'index.html')), `/replies/${reply.id}/`).toBe(true);
    expect(existsSync(join(site, 'shell', 'reply'))).toBe(false);
    const placeholders = htmlFilesUnder(site).filter((file) => readFileSync(file, 'utf8').includes('__ZFZG_REPLY_'));
    expect(placeholders).toEqual([]);

    const hostile = snapshot.replies.at(-1)!;
    const html = readFileSync(join(site, 'replies', String(hostile.id), 'index.html'), 'utf8');
    // Text: Astro's escaping (& < > ' ").
    expect(html).toContain('<h1>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &#39;引号&#39;</h1>');
    expect(html).toContain('<title>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &#39;引号&#39; - 留言选登 - ');
    expect(html).toContain('<div class="prose"><p>&lt;img src=x onerror=alert(1)&gt;&quot;属性&quot;</p><p>第二段 &amp;amp; 😀</p></div>');
    expect(html).toContain('<h2>答复</h2><p>' + snapshot.bureau.name + '，');
    expect(html).toContain('<p>&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;</p><p>答复第二段</p>');
    expect(html).toContain('>收费&amp;&quot;经费&quot;</a></li>');
    // Attributes: Astro's escaping of a double-quoted value (& and ").
    expect(html).toContain('<meta name="description" content="<img src=x one……">');
    expect(html).toContain('<meta property="og:description" content="<img src=x one……">');
    expect(html).toContain(`<meta property="og:url" content="${snapshot.channel.publicBaseUrl}/replies/${hostile.id}/">`);
    expect(html).not.toContain('相关整改事项');
    // Inside a double-quoted attribute value "<" is text (Astro leaves it so); outside the values
    // the markup never stands as markup.
    expect(html.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script>alert|<img /);

    // A reply about an item and answered by a unit links both.
    const linked = snapshot.replies.find((reply) => reply.itemCode !== null && reply.unitCode !== null)!;
    const linkedHtml = readFileSync(join(site, 'replies', String(linked.id), 'index.html'), 'utf8');
    expect(linkedHtml).toContain(`<p>相关整改事项：<a href="/ledger/${linked.itemCode}/">${linked.itemCode} `);
    expect(linkedHtml).toContain(`<a href="/replies/unit/${linked.unitCode}/">`);
    expect(linkedHtml).toContain(`<a href="/replies/category/${linked.category}/">`);
  });

  it('writes every numbered page of every reply list from the list frame, escaped, lists them in the sitemap, and leaves no frame behind', () => {
    const S = REPLIES_PAGE_SIZE;
    const lists = [
      { path: '/replies/page/', count: snapshot.replies.length },
      ...[...new Set(snapshot.replies.map((reply) => reply.category))].map((code) => ({ path: `/replies/category/${code}/`, count: snapshot.replies.filter((reply) => reply.category === code).length })),
      ...snapshot.units
        .filter((unit) => snapshot.replies.some((reply) => reply.unitCode === unit.code))
        .map((unit) => ({ path: `/replies/unit/${unit.code}/`, count: snapshot.replies.filter((reply) => reply.unitCode === unit.code).length })),
    ];
    const numbered = lists.flatMap((list) => Array.from({ length: numberedPageCount(list.count, S) }, (_, at) => `${list.path}${at + 1}/`));
    expect(numbered.length).toBeGreaterThan(numberedPageCount(snapshot.replies.length, S) + 1);
    for (const path of numbered) expect(existsSync(join(site, path, 'index.html')), path).toBe(true);
    for (const list of lists) expect(existsSync(join(site, `${list.path}${numberedPageCount(list.count, S) + 1}`)), list.path).toBe(false);
    expect(existsSync(join(site, 'shell', 'reply-list'))).toBe(false);
    expect(htmlFilesUnder(site).filter((file) => readFileSync(file, 'utf8').includes('__ZFZG_LIST_'))).toEqual([]);
    // Each in the sitemap (files of their own beside the reply pages'), once.
    const locs = readdirSync(site)
      .filter((name) => /^sitemap-.+\.xml$/.test(name) && name !== 'sitemap-index.xml')
      .flatMap((name) => [...readFileSync(join(site, name), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!));
    for (const path of numbered) expect(locs.filter((loc) => loc === `${snapshot.channel.publicBaseUrl}${path}`), path).toHaveLength(1);
    // The oldest reply (markup and quotes in its texts) on page 1, escaped as Astro escapes.
    const page1 = readFileSync(join(site, 'replies', 'page', '1', 'index.html'), 'utf8');
    expect(page1).toContain(`<a href="/replies/${snapshot.replies.at(-1)!.id}/">&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &#39;引号&#39;</a>`);
    expect(page1).toContain('收费&amp;&quot;经费&quot; · ');
    expect(page1).toContain(`<meta property="og:url" content="${snapshot.channel.publicBaseUrl}/replies/page/1/">`);
    expect(page1.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script>alert|<img /);
  });

  it('indexes every reply once, in bundles, and says where each starts', () => {
    const deltas = JSON.parse(readFileSync(join(site, REPLY_ANCHORS_PATH), 'utf8')) as Record<string, number[]>;
    const bundles = Object.entries(deltas);
    expect(bundles).toHaveLength(Math.ceil(snapshot.replies.length / REPLIES_PER_BUNDLE));
    const ids: number[] = [];
    for (const [page, list] of bundles) {
      // Each bundle is one fragment of the replies' own index (merged by the search page).
      expect(existsSync(join(site, 'pagefind', 'replies', 'fragment', `${page}.pf_fragment`)), page).toBe(true);
      let location = 0;
      let id = 0;
      for (let at = 0; at < list.length; at += 2) {
        if (at > 0) expect(list[at], `${page} locations ascend`).toBeGreaterThan(0);
        location += list[at]!;
        id += list[at + 1]!;
        ids.push(id);
      }
      expect(location).toBeGreaterThan(0);
    }
    expect(ids.sort((a, b) => a - b)).toEqual(snapshot.replies.map((reply) => reply.id).sort((a, b) => a - b));
    // The reply pages themselves are not read: the main index has one fragment per item and post,
    // the replies' index one per bundle; neither keeps Pagefind's ready-made interfaces.
    expect(readdirSync(join(site, 'pagefind', 'fragment'))).toHaveLength(snapshot.items.length + snapshot.posts.length);
    expect(readdirSync(join(site, 'pagefind', 'replies', 'fragment'))).toHaveLength(bundles.length);
    for (const folder of ['pagefind', 'pagefind/replies']) expect(readdirSync(join(site, folder)).filter((name) => name.startsWith('pagefind-ui')), folder).toEqual([]);
  });
});
