// The site search in Chromium, over the demo bureau built once by scripts/rebuild.ts and served by
// the real server (its CSP and security headers): Chinese queries (整改, 食堂, 补课, 收费, a school's
// name), the kind filter, replies (indexed in bundles) listed and counted one by one, a query
// without hits answered in Chinese, the page without JavaScript, the
// header link, axe at 375 px. And the budgets: reading pages load no JavaScript but the 大字 switch;
// the search page's JavaScript (its script, Pagefind's script, worker and WebAssembly) is measured
// as the browser receives it, compressed, and printed.
import type { FastifyInstance } from 'fastify';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import type { PublicSnapshot } from '../../db/public-snapshot-schema.ts';
import { createPost, publishPost } from '../../server/actions/post-actions.ts';
import { createStaff } from '../helpers/admin.ts';
import { openAdminPage, type WatchedPage } from '../helpers/admin-browser.ts';
import { wcagViolations } from '../helpers/axe.ts';
import { pageJavaScript } from '../helpers/js-budget.ts';
import { REPLY_BUNDLE_URL_PREFIX } from '../../site/src/integrations/search-index.ts';
import { readBuiltPage } from '../helpers/site.ts';

const SCHOOL = '示例县第二初级中学';
const HOSTILE_TITLE = '恶意内容测试';
const HOSTILE_BODY = '恶意代码 <img src=x onerror="window.hacked=1"> 与 <script>window.hacked=2</script> 只能显示为文字。';
/** The search page lists this many results at most (site/src/scripts/search-page.ts). */
const SHOWN_RESULTS = 20;
/** Result addresses by kind: nothing else may be found. */
const RESULT_PATHS: Record<string, RegExp> = { 整改事项: /^\/ledger\/[^/]+\/$/, 整改信息: /^\/news\/\d+\/$/, 留言选登: /^\/replies\/\d+\/$/ };

interface Found {
  status: string;
  results: { kind: string; title: string; href: string; excerpt: string; marks: string[] }[];
}

describe('搜索 on the site', { timeout: 300_000 }, () => {
  let portal: Portal;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let siteRoot: string;
  let snapshot: PublicSnapshot;
  const watched: WatchedPage[] = [];

  beforeAll(async () => {
    portal = await startPortal({
      name: 'search',
      seed: async (db) => {
        // A post whose text is markup: the results must show it as text, never run it.
        const office = await createStaff(db, { roles: ['office'], username: 'e2e-search-office' });
        const created = createPost(db, office, { title: HOSTILE_TITLE, postDate: '2026-11-20', body: HOSTILE_BODY }, { now: new Date() });
        if (!created.ok) throw new Error(created.message);
        const published = publishPost(db, office, created.value.id, { version: created.value.version }, { now: new Date() });
        if (!published.ok) throw new Error(published.message);
      },
    });
    ({ app, browser, baseUrl } = portal);
    siteRoot = portal.siteRoot;
    snapshot = portal.snapshot();
  });

  afterAll(async () => {
    for (const page of watched) {
      expect(page.consoleErrors).toEqual([]);
      expect(page.foreignRequests).toEqual([]);
    }
    await portal?.close();
  });

  /** A phone-sized page, watched for console errors (CSP violations among them) and other origins. */
  async function phone(): Promise<Page> {
    const page = await openAdminPage(browser, baseUrl, { width: 375, height: 740 });
    watched.push(page);
    return page.page;
  }

  /** Types a query (and picks a kind) on the search page as a reader does, and reads the answer. */
  async function search(page: Page, query: string, kind?: string): Promise<Found> {
    if (!page.url().startsWith(`${baseUrl}/search/`)) await page.goto(`${baseUrl}/search/`);
    await page.getByLabel('关键词').fill(query);
    await page.getByRole('radio', { name: kind ?? '全部' }).check();
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    return readAnswer(page, query);
  }

  async function readAnswer(page: Page, query: string): Promise<Found> {
    const status = page.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(new RegExp(`(找到 \\d+ 条|没有找到)与“${query}”相关的内容`));
    const results = await page.locator('.search-result').evaluateAll((items) =>
      items.map((item) => ({
        kind: item.querySelector('.search-result__kind')?.textContent ?? '',
        title: item.querySelector('h2')?.textContent ?? '',
        href: item.querySelector('a')?.getAttribute('href') ?? '',
        excerpt: item.querySelector('.search-result__excerpt')?.textContent ?? '',
        marks: [...item.querySelectorAll('.search-result__excerpt mark')].map((mark) => mark.textContent ?? ''),
      })),
    );
    return { status: (await status.textContent()) ?? '', results };
  }

  /** The count the status line gives ("找到 N 条…"). */
  const total = (found: Found) => Number(/找到 (\d+) 条/.exec(found.status)?.[1] ?? 0);
  const path = (href: string) => new URL(href, baseUrl).pathname;

  it('is linked from every page header, and finds ledger items, posts and replies for 整改', async () => {
    const page = await phone();
    await page.goto(`${baseUrl}/ledger/`);
    await page.getByRole('banner').getByRole('link', { name: '搜索' }).click();
    await page.waitForURL(`${baseUrl}/search/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('搜索');

    const found = await search(page, '整改');
    expect(total(found)).toBeGreaterThan(SHOWN_RESULTS);
    expect(found.results).toHaveLength(SHOWN_RESULTS);
    expect(found.status).toContain(`下面列出前 ${SHOWN_RESULTS} 条`);
    for (const result of found.results) {
      expect(path(result.href), result.href).toMatch(RESULT_PATHS[result.kind]!);
      expect(result.title).not.toBe('');
    }
    // Each result opens its page.
    await page.getByRole('link', { name: found.results[0]!.title, exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === path(found.results[0]!.href));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(found.results[0]!.title);
  });

  /** The pages of each kind whose indexed text holds `term`, by the snapshot's own fields. */
  function pagesMentioning(term: string): Record<string, string[]> {
    const items = snapshot.items.filter((item) =>
      [item.title, item.problem, item.measures, item.progressSummary, ...item.outcomes.map((outcome) => outcome.title), ...item.updates.map((update) => update.content)].some((text) => text.includes(term)),
    );
    const posts = snapshot.posts.filter((post) => post.title.includes(term) || post.body.includes(term));
    const replies = snapshot.replies.filter((reply) => reply.content.includes(term) || reply.reply.includes(term));
    return {
      整改事项: items.map((item) => `/ledger/${item.code}/`),
      整改信息: posts.map((post) => `/news/${post.id}/`),
      留言选登: replies.map((reply) => `/replies/${reply.id}/`),
    };
  }

  it.each(['食堂', '补课', '收费'])('finds what the demo says about %s, each result on a page that says it, the words marked', async (term) => {
    const page = await phone();
    const found = await search(page, term);
    const expected = pagesMentioning(term);
    expect(Object.values(expected).flat().length, `the demo mentions ${term}`).toBeGreaterThan(0);
    expect(total(found)).toBeGreaterThanOrEqual(Object.values(expected).flat().length);
    for (const result of found.results) {
      expect(path(result.href)).toMatch(RESULT_PATHS[result.kind]!);
      const html = await (await fetch(`${baseUrl}${path(result.href)}`)).text();
      expect(html, result.href).toContain(term);
    }
    expect(found.results.filter((result) => result.marks.includes(term)).length).toBeGreaterThan(0);
    // Each page that says it is found: kind by kind, where the list shows them all.
    for (const [kind, pages] of Object.entries(expected)) {
      if (pages.length === 0) continue;
      const ofKind = await search(page, term, kind);
      expect(total(ofKind), kind).toBeGreaterThanOrEqual(pages.length);
      if (total(ofKind) > SHOWN_RESULTS) continue;
      const paths = ofKind.results.map((result) => path(result.href));
      for (const wanted of pages) expect(paths, `${kind} ${wanted}`).toContain(wanted);
    }
  });

  it("finds a school's item, posts and replies by its name, and each kind alone with the filter", async () => {
    const page = await phone();
    const found = await search(page, SCHOOL);
    const itemsAboutSchool = snapshot.items.filter((item) => item.title.includes(SCHOOL));
    expect(itemsAboutSchool.length).toBeGreaterThan(0);
    for (const item of itemsAboutSchool) expect(found.results.map((result) => path(result.href))).toContain(`/ledger/${item.code}/`);

    const repliesOfSchool = snapshot.replies.filter((reply) => reply.unitName === SCHOOL);
    expect(repliesOfSchool.length).toBeGreaterThan(0);
    const replies = await search(page, SCHOOL, '留言选登');
    expect(replies.status).toMatch(/^在留言选登中找到 \d+ 条/);
    expect(total(replies)).toBeGreaterThanOrEqual(Math.min(repliesOfSchool.length, SHOWN_RESULTS));
    expect(new Set(replies.results.map((result) => result.kind))).toEqual(new Set(['留言选登']));
    for (const result of replies.results) expect(path(result.href)).toMatch(RESULT_PATHS['留言选登']!);
    // The filter is kept in the address, so a filtered search can be shared.
    expect(new URL(page.url()).searchParams.get('kind')).toBe('留言');

    // The three kinds split the results of a search between them.
    let sum = 0;
    for (const kind of ['整改事项', '整改信息', '留言选登'] as const) {
      const only = await search(page, '整改', kind);
      expect(only.results.length, kind).toBeGreaterThan(0);
      expect(new Set(only.results.map((result) => result.kind)), kind).toEqual(new Set([kind]));
      sum += total(only);
    }
    expect(sum).toBe(total(await search(page, '整改')));

    // Opened from a shared address, the page runs the search at once.
    await page.goto(`${baseUrl}/search/?q=${encodeURIComponent('食堂')}&kind=${encodeURIComponent('事项')}`);
    const shared = await readAnswer(page, '食堂');
    expect(await page.getByRole('radio', { name: '整改事项' }).isChecked()).toBe(true);
    expect(new Set(shared.results.map((result) => result.kind))).toEqual(new Set(['整改事项']));
  });

  it('lists each reply found as a result of its own that opens its page, counted one by one, and never a bundle', async () => {
    const page = await phone();
    // Each reply found is a result of its own, under the reply's title, with an excerpt of its own text.
    const found = await search(page, SCHOOL, '留言选登');
    expect(found.results.length).toBeGreaterThan(0);
    for (const result of found.results) {
      const reply = snapshot.replies.find((candidate) => `/replies/${candidate.id}/` === path(result.href));
      expect(reply, result.href).toBeDefined();
      expect(result.title, result.href).toBe(reply!.title);
      expect(result.marks.length, result.href).toBeGreaterThan(0);
      for (const mark of result.marks) expect([reply!.title, reply!.categoryLabel, reply!.unitName, reply!.content, reply!.reply].join('\n'), result.href).toContain(mark);
    }
    // Replies are counted, not the bundles they are indexed in: every reply listed once, as many as counted.
    const replyTerm = '补课';
    const replies = await search(page, replyTerm, '留言选登');
    const listed = replies.results.map((result) => path(result.href));
    expect(new Set(listed).size).toBe(listed.length);
    if (total(replies) <= SHOWN_RESULTS) expect(listed).toHaveLength(total(replies));
    for (const result of replies.results) expect(result.marks, result.href).toContain(replyTerm);
    // No bundle's address shows, and none is a page of the site.
    const everything = await search(page, '整改');
    for (const result of [...found.results, ...replies.results, ...everything.results]) expect(result.href).not.toContain(REPLY_BUNDLE_URL_PREFIX);
    expect(await page.locator(`a[href*="${REPLY_BUNDLE_URL_PREFIX}"]`).count()).toBe(0);
    expect((await fetch(`${baseUrl}${REPLY_BUNDLE_URL_PREFIX}1/`)).status).toBe(404);
    // A reply's result opens its page.
    await search(page, SCHOOL, '留言选登');
    await page.locator('.search-result a').first().click();
    await page.waitForURL((url) => url.pathname === path(found.results[0]!.href));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(found.results[0]!.title);
  });

  it('answers a query without hits in Chinese, and passes axe at 375 px with results shown', async () => {
    const page = await phone();
    const none = await search(page, '火星探测器');
    expect(none.results).toEqual([]);
    expect(none.status).toBe('没有找到与“火星探测器”相关的内容。请检查错别字、换一个说法或减少关键词后再试，也可以浏览整改台账、整改信息和留言选登。');
    expect(await wcagViolations(page)).toEqual([]);
    await search(page, '补课');
    expect(await page.locator('.search-result').count()).toBeGreaterThan(0);
    expect(await wcagViolations(page)).toEqual([]);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  it('shows markup found in a post as text and runs none of it', async () => {
    const page = await phone();
    const found = await search(page, '恶意代码');
    const hostile = found.results.find((result) => result.title === HOSTILE_TITLE);
    expect(hostile, JSON.stringify(found.results)).toBeDefined();
    expect(hostile!.excerpt).toContain('<img src=x onerror="window.hacked=1">');
    expect(await page.locator('.search-results img, .search-results script, .search-results [onerror]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    // Nor did the build turn the words in the post's description into a script file.
    for (const file of readdirSync(join(siteRoot, '_astro'))) expect(readFileSync(join(siteRoot, '_astro', file)).includes('window.hacked'), file).toBe(false);
  });

  it('says what to do instead when JavaScript is off', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/search/`);
    const notice = page.locator('.notice');
    expect(await notice.textContent()).toContain('搜索需要浏览器启用 JavaScript');
    for (const name of ['整改台账', '整改信息', '留言选登', '办理查询']) expect(await notice.getByRole('link', { name }).count(), name).toBe(1);
    expect(await page.getByLabel('关键词').isVisible()).toBe(false);
    await context.close();
  });

  it('keeps reading pages free of JavaScript and measures what the search page loads, compressed', async () => {
    const reading = ['/', '/ledger/', `/ledger/${snapshot.items[0]!.code}/`, '/news/', `/news/${snapshot.posts[0]!.id}/`, '/replies/', `/replies/${snapshot.replies[0]!.id}/`];
    const page = await phone();
    for (const pagePath of reading) {
      // From the built files: every script the page names, its islands and their imports.
      expect(pageJavaScript(siteRoot, pagePath).map((file) => file.path), pagePath).toEqual(['/text-size.js']);
      const html = readBuiltPage(join(siteRoot, pagePath, 'index.html'));
      expect(html, pagePath).not.toMatch(/<script\b[^>]*type="module"/);
      // And in the browser: what it actually fetched.
      const scripts: string[] = [];
      const collect = (request: { resourceType(): string; url(): string }) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      };
      page.on('request', collect);
      await page.goto(`${baseUrl}${pagePath}`, { waitUntil: 'load' });
      page.off('request', collect);
      expect(scripts, pagePath).toEqual(['/text-size.js']);
    }

    // The search page: every JavaScript or WebAssembly file the browser fetches for a search (its
    // worker's too), measured as the server sends it: the rebuild's brotli and gzip copies
    // (Pagefind's .pagefind files are gzip already and sent as they are).
    const fetched = new Set<string>();
    const warnings: string[] = [];
    page.context().on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (/\.js$|\/wasm\.[\w-]+\.pagefind$/.test(pathname)) fetched.add(pathname);
    });
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(`${baseUrl}/search/`);
    await search(page, '食堂');
    expect([...fetched]).toContain('/pagefind/pagefind.js');
    // Pagefind searched in its worker: it warns when it has to fall back to the page.
    expect([...fetched]).toContain('/pagefind/pagefind-worker.js');
    expect(warnings.filter((text) => text.includes('Pagefind'))).toEqual([]);
    expect([...fetched].some((file) => /\/wasm\.[\w-]+\.pagefind$/.test(file))).toBe(true);
    const sizeOf = (file: string, suffix: string) => {
      try {
        return statSync(join(siteRoot, `${file}${suffix}`)).size;
      } catch {
        return statSync(join(siteRoot, file)).size; // no smaller copy: sent as it is
      }
    };
    const files = [...fetched].map((file) => {
      expect(file).toMatch(/^\/(?:_astro|pagefind)\/|^\/text-size\.js$/);
      return { file, brotli: sizeOf(file, '.br'), gzip: sizeOf(file, '.gz') };
    });
    const brotli = files.reduce((sum, file) => sum + file.brotli, 0);
    const gzip = files.reduce((sum, file) => sum + file.gzip, 0);
    expect(brotli).toBeGreaterThan(0);
    console.log(
      `search page: JavaScript and WebAssembly ${(brotli / 1024).toFixed(1)} KB brotli, ${(gzip / 1024).toFixed(1)} KB gzip\n${files
        .sort((a, b) => b.brotli - a.brotli)
        .map((file) => `  ${file.file} ${(file.brotli / 1024).toFixed(1)} KB brotli, ${(file.gzip / 1024).toFixed(1)} KB gzip`)
        .join('\n')}`,
    );
  });
});
