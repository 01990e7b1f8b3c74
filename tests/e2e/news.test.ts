// 整改信息, feeds and sitemap in Chromium, over the demo bureau built once: the public list, a post
// with its 更正 note and earlier text, a PDF attachment served from this origin, the count on the home
// page, related posts on an item page, a hostile post rendered harmless; the RSS feeds and the sitemap
// parsed back; and the 办公室 writing, previewing, publishing, correcting and withdrawing a post.
import type { FastifyInstance } from 'fastify';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import { DEMO_POSTS } from '../../scripts/demo/demo-posts.ts';
import { DEMO_BUREAU_PROFILE } from '../../server/bureau-profile-file.ts';
import { addProgressUpdate } from '../../server/actions/ledger-actions.ts';
import { createPost, publishPost } from '../../server/actions/post-actions.ts';
import { currentLink } from '../../server/site-builds.ts';
import { createStaff, type TestStaff } from '../helpers/admin.ts';
import { openAdminPage, signInThroughForm, type WatchedPage } from '../helpers/admin-browser.ts';
import { wcagViolations } from '../helpers/axe.ts';

const HOSTILE_TITLE = '恶意内容测试';
// The demo bureau in another colour, from the operator's own profile file (<DATA_DIR>/bureau.json).
const GREEN_THEME = { accent: '#0a5c36', accentDark: '#063d24', accentTint: '#e6f2ec', headerMuted: '#e9f7ef' };
const FORMULA = '=HYPERLINK("http://evil.example","点我")';

describe('整改信息 on the site and in the admin app', { timeout: 240_000 }, () => {
  let portal: Portal;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let office: TestStaff;
  let hostileId: number;
  let siteDir: string;
  const watched: WatchedPage[] = [];

  const publishedCount = () => app.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM posts WHERE state = 'published'").get()!.n;

  // axe-core runs in the page, so the pages it checks have JavaScript on (they carry none of their own).
  async function phone(javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN', javaScriptEnabled });
    return context.newPage();
  }

  beforeAll(async () => {
    portal = await startPortal({
      name: 'news',
      prepare: (dataDir) => writeFileSync(join(dataDir, 'bureau.json'), JSON.stringify({ ...JSON.parse(readFileSync(DEMO_BUREAU_PROFILE, 'utf8')), theme: GREEN_THEME })),
      seed: async (db) => {
        office = await createStaff(db, { roles: ['office'], username: 'e2e-office', displayName: '测试办公室' });
        const created = createPost(
          db,
          office,
          { title: HOSTILE_TITLE, postDate: '2026-11-20', body: '<script>window.hacked=1</script>\n\n[点我](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n[正常链接](https://www.example.edu.cn/)' },
          { now: new Date() },
        );
        if (!created.ok) throw new Error(created.message);
        hostileId = created.value.id;
        const published = publishPost(db, office, hostileId, { version: created.value.version }, { now: new Date() });
        if (!published.ok) throw new Error(published.message);
        // A progress line a spreadsheet would run as a formula, for the open data files.
        const ledgerStaff = await createStaff(db, { roles: ['ledger'], username: 'e2e-ledger' });
        const itemId = db.prepare<[], { id: number }>("SELECT id FROM rectification_items WHERE code = 'ZG-2026-01'").get()!.id;
        const update = addProgressUpdate(db, ledgerStaff, itemId, { date: '2026-11-01', content: FORMULA }, { now: new Date() });
        if (!update.ok) throw new Error(update.message);
      },
    });
    ({ app, browser, baseUrl } = portal);
    siteDir = portal.config.siteDir;
  });

  afterAll(async () => {
    for (const page of watched) expect(page.consoleErrors).toEqual([]);
    await portal?.close();
  });

  it('lists every published post, counts them on the home page, and links the column from the navigation', async () => {
    const page = await phone();
    await page.goto(`${baseUrl}/`);
    const count = publishedCount();
    // The demo's dozen published posts (one withdrawn) and the planted one.
    expect(count).toBe(DEMO_POSTS.filter((post) => !post.withdrawal).length + 1);
    expect(await page.getByText(/^共发布整改信息/).textContent()).toBe(`共发布整改信息 ${count} 条`);
    await page.getByRole('navigation', { name: '栏目导航' }).getByRole('link', { name: '整改信息' }).click();
    await page.waitForURL(`${baseUrl}/news/`);
    expect(await page.locator('.post-card').count()).toBe(count);
    expect(await page.getByRole('link', { name: '关于学校收费公示的提醒（已撤回）' }).count()).toBe(0);
    // The one script a reading page may carry remembers the 大字 choice.
    expect(await page.locator('script').evaluateAll((scripts) => scripts.map((script) => script.getAttribute('src')))).toEqual(['/text-size.js']);
    expect(await wcagViolations(page)).toEqual([]);
  });

  it("draws the pages in the bureau profile's colours, over the stylesheet's defaults", async () => {
    const page = await phone();
    await page.goto(`${baseUrl}/news/`);
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)).join(', ')})`;
    const drawn = await page.evaluate(() => ({
      header: getComputedStyle(document.querySelector('.site-header')!).backgroundColor,
      bureau: getComputedStyle(document.querySelector('.site-header__bureau')!).color,
      link: getComputedStyle(document.querySelector('.post-card a')!).color,
    }));
    expect(drawn).toEqual({ header: rgb(GREEN_THEME.accent), bureau: rgb(GREEN_THEME.headerMuted), link: rgb(GREEN_THEME.accent) });
    // The admin app's frame too.
    await page.goto(`${baseUrl}/admin/`);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')!).backgroundColor)).toBe(rgb(GREEN_THEME.accent));
  });

  it('shows a corrected post with its 更正 note, the earlier text, its related item and a PDF attachment from this origin', async () => {
    const page = await phone();
    await page.goto(`${baseUrl}/news/`);
    await page.getByRole('link', { name: '关于示例县第二初级中学教师违规组织学生有偿补课问题的通报' }).click();
    const note = page.getByRole('complementary', { name: '更正说明' });
    expect(await note.textContent()).toContain('应为“取消其当年评优评先资格”');
    expect(await page.locator('.post__body').textContent()).toContain('取消其当年评优评先资格');
    await page.getByText(/更正前：/).click();
    expect(await page.locator('.post__earlier .prose').textContent()).toContain('取消其三年内评优评先资格');
    await page.getByRole('link', { name: /ZG-2026-08/ }).click();
    await page.waitForURL(`${baseUrl}/ledger/ZG-2026-08/`);
    await expect.poll(() => page.getByRole('region', { name: '相关整改信息' }).getByRole('link').allTextContents()).toContain('关于示例县第二初级中学教师违规组织学生有偿补课问题的通报');

    await page.goto(`${baseUrl}/news/`);
    await page.getByRole('link', { name: /会议管理办法（试行）》印发/ }).click();
    const attachment = page.getByRole('link', { name: '示例县教育局会议管理办法（试行）.pdf' });
    const href = await attachment.getAttribute('href');
    expect(href).toMatch(/^\/news\/files\/\d+-[0-9a-f]{12}\.pdf$/);
    const response = await fetch(`${baseUrl}${href}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('renders a hostile post as harmless text with JavaScript on', async () => {
    const page = await phone();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${baseUrl}/news/${hostileId}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(HOSTILE_TITLE);
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    expect(await page.locator('.post__body script, .post__body img, .post__body [onerror]').count()).toBe(0);
    expect(await page.locator('.post__body a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(['https://www.example.edu.cn/']);
    expect(await page.locator('.post__body').textContent()).toContain('点我');
    expect(errors).toEqual([]);
  });

  /** The path of every page of the live build ('/', '/news/3/', …). */
  function builtPages(): string[] {
    const root = currentLink(siteDir);
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name === 'index.html' || entry.name === 'index.html.gz' ? [join(dir, entry.name)] : [],
      );
    // A page larger than a block is stored only as index.html.gz (site/decisions/006).
    return walk(root).map((file) => `/${relative(root, file).replace(/index\.html(\.gz)?$/, '')}`);
  }

  /** The XML at a path, parsed by the browser's own parser: its root element's name and the texts of `select`. */
  async function parseXml(path: string, select: string): Promise<{ root: string; texts: string[]; errors: number }> {
    const response = await fetch(`${baseUrl}${path}`);
    expect(response.status, path).toBe(200);
    const text = await response.text();
    const page = await phone();
    return page.evaluate(
      ([xml, selector]) => {
        const doc = new DOMParser().parseFromString(xml!, 'application/xml');
        return { root: doc.documentElement.nodeName, texts: [...doc.querySelectorAll(selector!)].map((node) => node.textContent ?? ''), errors: doc.getElementsByTagName('parsererror').length };
      },
      [text, select],
    );
  }

  it('serves RSS 2.0 feeds of posts, progress and published replies with absolute links, each linked from the pages', async () => {
    const base = 'http://localhost:4321';
    const posts = app.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM posts WHERE state = 'published'").get()!.n;
    const replies = app.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM feedback WHERE publication = 'published' AND public_reply IS NOT NULL").get()!.n;
    const updates = app.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM item_updates u JOIN rectification_items i ON i.id = u.item_id WHERE u.is_published = 1 AND i.is_published = 1').get()!.n;
    for (const [path, expected] of [['/news/rss.xml', posts], ['/ledger/rss.xml', updates], ['/replies/rss.xml', replies]] as const) {
      const feed = await parseXml(path, 'channel > item > link');
      expect(feed.errors, path).toBe(0);
      expect(feed.root).toBe('rss');
      expect(feed.texts.length, path).toBe(Math.min(expected, 50));
      expect(feed.texts.length, path).toBeGreaterThan(0);
      for (const link of feed.texts) {
        expect(link.startsWith(`${base}/`), link).toBe(true);
        const response = await fetch(`${baseUrl}${new URL(link).pathname}`);
        expect(response.status, link).toBe(200);
      }
    }
    const titles = await parseXml('/news/rss.xml', 'channel > item > title');
    expect(titles.texts).toContain('关于示例县第二初级中学教师违规组织学生有偿补课问题的通报（已更正）');
    const page = await phone();
    await page.goto(`${baseUrl}/ledger/`);
    const alternates = await page.locator('link[rel="alternate"][type="application/rss+xml"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(alternates).toEqual(['/news/rss.xml', '/ledger/rss.xml', '/replies/rss.xml']);
  });

  it('lists every public page in the sitemap and nothing private; robots.txt keeps crawlers out of the staff app', async () => {
    const index = await parseXml('/sitemap-index.xml', 'sitemap > loc');
    expect(index.root).toBe('sitemapindex');
    const listed = new Set<string>();
    for (const loc of index.texts) {
      const sitemap = await parseXml(new URL(loc).pathname, 'url > loc');
      expect(sitemap.errors).toBe(0);
      for (const url of sitemap.texts) listed.add(new URL(url).pathname);
    }
    const built = builtPages();
    const publicPages = built.filter((path) => !/^\/(admin|shell|track)\//.test(path));
    expect([...listed].sort()).toEqual(publicPages.sort());
    expect(publicPages).toContain(`/news/${hostileId}/`);
    for (const path of listed) expect(path).not.toMatch(/^\/(admin|shell|track|api)\//);

    const robots = await (await fetch(`${baseUrl}/robots.txt`)).text();
    expect(robots).toContain('Disallow: /admin/');
    expect(robots).toContain('Disallow: /api/');
    expect(robots).toContain('Sitemap: http://localhost:4321/sitemap-index.xml');
  });

  it('gives every public page a title, a description and an Open Graph card with absolute addresses and a same-origin image', async () => {
    const base = 'http://localhost:4321';
    const pages = builtPages().filter((path) => !/^\/(admin|shell)\//.test(path));
    const images = new Set<string>();
    for (const path of pages) {
      const html = await (await fetch(`${baseUrl}${path}`)).text();
      const meta = (property: string) => html.match(new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)"`))?.[1];
      expect(html.match(/<title>([^<]+)<\/title>/)?.[1], path).toBeTruthy();
      expect(meta('description'), path).toBeTruthy();
      expect(meta('og:title'), path).toBeTruthy();
      expect(meta('og:description'), path).toBe(meta('description'));
      expect(meta('og:url'), path).toBe(`${base}${path}`);
      images.add(meta('og:image')!);
      // WeChat's card takes its image from the itemprop.
      expect(html.match(/<meta itemprop="image" content="([^"]*)"/)?.[1], path).toBe(meta('og:image'));
    }
    expect([...images]).toEqual([`${base}/share.png`]);
    const image = await fetch(`${baseUrl}/share.png`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    // A post's card describes the post.
    const post = await (await fetch(`${baseUrl}/news/${hostileId}/`)).text();
    expect(post).toContain(`<meta property="og:title" content="${HOSTILE_TITLE}"`);
  });

  it('offers the published ledger and replies as CSV and JSON, each column described, with the licence and 数据截至', async () => {
    const page = await phone();
    await page.goto(`${baseUrl}/`);
    await page.getByRole('contentinfo').getByRole('link', { name: '开放数据' }).click();
    await page.waitForURL(`${baseUrl}/opendata/`);
    expect(await page.getByText('许可协议').textContent()).toContain('CC BY 4.0');
    expect(await page.locator('.data-as-of').count()).toBe(1);
    expect(await page.getByRole('link', { name: '统计数据文件' }).getAttribute('href')).toBe('/opendata/stats/');
    const counts: Record<string, number> = {
      'ledger-items': app.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM rectification_items WHERE is_published = 1').get()!.n,
      'ledger-progress': app.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM item_updates u JOIN rectification_items i ON i.id = u.item_id WHERE u.is_published = 1 AND i.is_published = 1').get()!.n,
      'ledger-outcomes': app.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM item_outcomes o JOIN rectification_items i ON i.id = o.item_id WHERE i.is_published = 1').get()!.n,
      replies: app.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM feedback WHERE publication = 'published' AND public_reply IS NOT NULL").get()!.n,
    };
    for (const [name, expected] of Object.entries(counts)) {
      const section = page.getByRole('region', { name: { 'ledger-items': '整改事项', 'ledger-progress': '整改进展', 'ledger-outcomes': '制度成果', replies: '留言选登' }[name]!, exact: true });
      const labels = await section.locator('tbody th').allTextContents();
      const csvResponse = await fetch(`${baseUrl}/opendata/${name}.csv`);
      expect(csvResponse.headers.get('content-type')).toMatch(/^text\/csv/);
      const bytes = Buffer.from(await csvResponse.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const csv = bytes.toString('utf8').slice(1);
      expect(csv.split('\r\n')[0]).toBe(labels.join(','));
      const json = (await (await fetch(`${baseUrl}/opendata/${name}.json`)).json()) as { rows: Record<string, unknown>[]; dataAsOf: string };
      expect(json.rows.length, name).toBe(expected);
      expect(Object.keys(json.rows[0] ?? {})).toEqual(await section.locator('tbody td code').allTextContents());
    }
    const progress = Buffer.from(await (await fetch(`${baseUrl}/opendata/ledger-progress.csv`)).arrayBuffer()).toString('utf8');
    expect(progress).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(progress).not.toContain(`,"=HYPERLINK`);
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('lets the 办公室 write, preview, publish, correct and withdraw a post in the admin app', async () => {
    const admin = await openAdminPage(browser, baseUrl);
    watched.push(admin);
    const { page } = admin;
    page.setDefaultTimeout(15_000);
    await signInThroughForm(page, baseUrl, office);
    await page.getByRole('navigation', { name: '管理功能' }).getByRole('link', { name: '整改信息' }).click();
    await page.getByRole('button', { name: '新建整改信息' }).click();
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => page.locator('#post-new-title-error').textContent()).toContain('请填写标题');

    await page.getByLabel('标题').fill('食堂整改专项检查情况');
    await page.getByRole('textbox', { name: '正文' }).fill('## 检查情况\n\n- 全县 **12** 所学校食堂\n\n<script>x</script>');
    await page.getByRole('button', { name: '预览正文' }).click();
    const preview = page.getByRole('region', { name: '正文预览' });
    await expect.poll(() => preview.locator('h3').textContent()).toBe('检查情况');
    expect(await preview.locator('strong').textContent()).toBe('12');
    expect(await preview.locator('script').count()).toBe(0);
    await page.getByLabel(/ZG-2026-13/).check();
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('heading', { level: 1, name: '食堂整改专项检查情况' }).waitFor();
    const post = () => app.db.prepare<[], { id: number; state: string; body: string }>("SELECT id, state, body FROM posts WHERE title = '食堂整改专项检查情况'").get();
    expect(post()?.state).toBe('draft');

    await page.getByRole('button', { name: '发布', exact: true }).click();
    await expect.poll(() => post()?.state).toBe('published');
    await page.getByRole('button', { name: '更正' }).click();
    await page.getByRole('textbox', { name: '正文' }).fill('## 检查情况\n\n- 全县 **13** 所学校食堂');
    await page.getByRole('button', { name: '发布更正' }).click();
    await expect.poll(() => page.locator('[id$="-note-error"]').textContent()).toContain('请填写更正说明');
    await page.getByLabel('更正说明').fill('学校数量应为13所。');
    await page.getByRole('button', { name: '发布更正' }).click();
    await expect.poll(() => post()?.body).toContain('**13**');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已发布更正');

    await page.getByRole('button', { name: '撤回' }).click();
    await page.getByLabel('撤回理由').fill('数据待核实');
    await page.getByRole('button', { name: '撤回', exact: true }).last().click();
    await expect.poll(() => post()?.state).toBe('withdrawn');
    expect(await page.getByRole('list').filter({ hasText: '更正：学校数量应为13所。' }).count()).toBe(1);
    expect(await wcagViolations(page)).toEqual([]);
  });
});
