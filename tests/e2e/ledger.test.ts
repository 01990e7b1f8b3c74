// The public ledger in Chromium at 375 px, built once from the demo bureau: the filters are links
// to pre-rendered pages and work with JavaScript off, an item page shows everything the issue
// asks for, the reading pages carry no script, and the print stylesheet drops the navigation.
import type { FastifyInstance } from 'fastify';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import type { AppConfig } from '../../server/config.ts';
import { insertFeedbackRow } from '../fixtures/factories.ts';
import { wcagViolations } from '../helpers/axe.ts';
import { readBuiltPage } from '../helpers/site.ts';

const PLANTED = ['13955556666', '13977778888'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

describe('the public ledger at 375 px', { timeout: 180_000 }, () => {
  let portal: Portal;
  let config: AppConfig;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    portal = await startPortal({
      name: 'ledger',
      host: '127.0.0.1',
      app: {},
      seed: (db) => {
        // Opinions about an item: one unpublished with a phone number, one published whose original
        // words hold another; only the office's redacted public version may reach the item page.
        const itemId = db.prepare<[], { id: number }>("SELECT id FROM rectification_items WHERE code = 'ZG-2026-07'").get()!.id;
        const hidden = insertFeedbackRow(db, { status: 'replied', content: `音乐课被占，请回电${PLANTED[0]}` });
        const shown = insertFeedbackRow(db, { status: 'replied', published: true, content: `体育课被占，我的电话${PLANTED[1]}` });
        db.prepare('UPDATE feedback SET item_id = ? WHERE id IN (?, ?)').run(itemId, hidden, shown);
      },
    });
    ({ app, browser, baseUrl } = portal);
    config = portal.config;
  });

  afterAll(async () => {
    await portal?.close();
  });

  async function phone(javaScriptEnabled: boolean): Promise<BrowserContext> {
    return browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN', deviceScaleFactor: 2, javaScriptEnabled });
  }

  it('filters by 逾期, status, category, unit and source with JavaScript off, through links', async () => {
    const context = await phone(false);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/ledger/`);
    const total = await page.locator('main .item-card').count();
    expect(total).toBeGreaterThanOrEqual(14);

    await page.getByRole('navigation', { name: '筛选整改事项' }).getByRole('link', { name: /^逾期/ }).click();
    await page.waitForURL(`${baseUrl}/ledger/overdue/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('逾期的整改事项');
    const overdue = await page.locator('main .item-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-item-code')));
    expect(overdue).toContain('ZG-2026-07');
    for (const code of overdue) expect(await page.locator(`[data-item-code="${code}"] [data-overdue]`).count()).toBe(1);
    expect(await page.getByRole('link', { name: /^逾期/ }).getAttribute('aria-current')).toBe('page');

    await page.getByRole('link', { name: /^已完成/ }).click();
    await page.waitForURL(`${baseUrl}/ledger/status/completed/`);
    const completed = await page.locator('main .item-card .badge--completed').count();
    expect(completed).toBe(await page.locator('main .item-card').count());
    expect(completed).toBeGreaterThan(0);

    // Long lists fold into <details>, which open without a script.
    await page.getByText('按类别', { exact: true }).click();
    await page.getByRole('link', { name: /^会议文件/ }).click();
    await page.waitForURL(`${baseUrl}/ledger/category/meetings/`);
    expect(await page.locator('main .item-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-item-code')))).toEqual(['ZG-2026-01']);

    await page.getByText('按责任单位', { exact: true }).click();
    await page.getByRole('link', { name: /^督导室/ }).click();
    await page.waitForURL(`${baseUrl}/ledger/unit/D05/`);
    expect(await page.getByTestId('filter-count').textContent()).toMatch(/^共 \d+ 项/);
    // A filter page shows the day its items last changed, not 数据截至 (which moves every night).
    const shownCodes = await page.locator('main .item-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-item-code')));
    const latest = portal.snapshot().items.filter((item) => shownCodes.includes(item.code)).reduce((day, item) => (item.updatedOn > day ? item.updatedOn : day), '');
    expect(await page.getByTestId('list-updated-on').getAttribute('datetime')).toBe(latest);
    expect(await page.getByTestId('data-as-of').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // By source: 第三方评估 and 群众点题 items are one click from the ledger, and each item links to its source.
    await page.getByText('按来源', { exact: true }).click();
    await page.getByRole('link', { name: /^第三方评估/ }).click();
    await page.waitForURL(`${baseUrl}/ledger/source/third_party/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('问题来源：第三方评估');
    const thirdParty = await page.locator('main .item-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-item-code')));
    expect(thirdParty.length).toBeGreaterThan(0);
    await page.goto(`${baseUrl}/ledger/${thirdParty[0]}/`);
    await page.getByRole('link', { name: '第三方评估', exact: true }).click();
    await page.waitForURL(`${baseUrl}/ledger/source/third_party/`);
    // On a source page its group is open already.
    await page.getByRole('link', { name: /^群众点题/ }).click();
    await page.waitForURL(`${baseUrl}/ledger/source/public_topic/`);
    expect(await page.locator('main .item-card').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('shows an item: problem, measures, unit and leader, deadline, progress, status, timeline, outcomes, opinions, history', async () => {
    const context = await phone(false);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/ledger/ZG-2026-07/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('开齐开足国家课程');
    const main = page.locator('main');
    const text = await main.innerText();
    for (const part of ['存在问题', '整改措施', '基础教育科', '李某某', '副局长', '2026年10月31日', '（已逾期）', '整改中', '整改进展', '制度成果', '相关群众意见', '变更记录']) {
      expect(text, part).toContain(part);
    }
    expect(await page.getByRole('progressbar').first().getAttribute('value')).toBe('70');
    expect(await main.locator('.timeline li').count()).toBe(4);
    expect(text).toContain('《关于全县中小学课程开设情况自查抽查结果的通报》');
    expect(text).toContain('整改时限：2026年9月30日 → 2026年10月31日');
    // Each related opinion under its published title (a link to its page).
    expect(text).toContain('公开的标题');
    for (const planted of PLANTED) expect(text).not.toContain(planted);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    await page.goto(`${baseUrl}/ledger/outcomes/`);
    const outcomes = page.locator('main .outcome');
    expect(await outcomes.count()).toBeGreaterThanOrEqual(10);
    await outcomes.filter({ hasText: '会议管理办法' }).getByRole('link', { name: /ZG-2026-01/ }).click();
    await page.waitForURL(`${baseUrl}/ledger/ZG-2026-01/`);
    await context.close();
  });

  it('follows a 第三方评估 round from the ledger to its suggestions and items, and back', async () => {
    const context = await phone(false);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/ledger/`);
    await page.getByRole('link', { name: /^第三方评估（/ }).click();
    await page.waitForURL(`${baseUrl}/evaluations/`);
    await page.getByRole('link', { name: '2026年度作风建设第三方评估' }).click();
    await page.waitForURL(new RegExp(`^${baseUrl}/evaluations/\\d+/$`));
    const roundUrl = page.url();
    expect(await page.getByTestId('evaluation-counts').innerText()).toMatch(/^提出建议 5 条，采纳 4 条，已落实 [1-4] 条。$/);
    const text = await page.locator('main').innerText();
    expect(text).toContain('不予采纳');
    expect(text).toContain('理由：办学质量评价是法定职责');
    expect(text).toContain('部分采纳');
    await page.getByRole('link', { name: /^ZG-2026-12 / }).click();
    await page.waitForURL(`${baseUrl}/ledger/ZG-2026-12/`);
    await page.getByRole('link', { name: '2026年度作风建设第三方评估' }).click();
    await page.waitForURL(roundUrl);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await context.close();
  });

  it('keeps the reading pages free of scripts and personal data', async () => {
    const site = join(config.siteDir, 'current');
    // Pages larger than a block are stored only as index.html.gz (site/decisions/006).
    const pages = filesUnder(join(site, 'ledger')).filter((file) => file.endsWith('.html') || file.endsWith('.html.gz')).map((file) => file.replace(/\.gz$/, ''));
    expect(pages.length).toBeGreaterThanOrEqual(14 + 4 + 3);
    for (const file of pages) {
      const html = readBuiltPage(file);
      // The one script a reading page may carry remembers the 大字 choice (the switch itself works
      // without it); nothing else runs on a reading page.
      expect(html.replaceAll('<script src="/text-size.js"></script>', ''), file).not.toMatch(/<script\b/i);
      for (const planted of PLANTED) expect(html, file).not.toContain(planted);
    }
  });

  it.each(['/ledger/overdue/', '/ledger/status/in_progress/', '/ledger/category/meetings/', '/ledger/source/third_party/', '/evaluations/', '/ledger/outcomes/', '/ledger/table/', '/ledger/ZG-2026-01/'])(
    'has no WCAG 2.1 A/AA violations on %s at 375 px',
    async (path) => {
      // bypassCSP only lets the test inject axe-core (from node_modules, not a CDN).
      const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN', bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${baseUrl}${path}`);
      const violations = await wcagViolations(page);
      expect(violations).toEqual([]);
      await context.close();
    },
  );

  it('prints without navigation or filters, and the 台账总表 on landscape pages', async () => {
    const context = await phone(true);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/ledger/`);
    const display = (selector: string) => page.locator(selector).first().evaluate((element) => getComputedStyle(element).display);
    expect(await display('.site-nav')).not.toBe('none');
    expect(await display('.ledger-filters')).not.toBe('none');
    await page.emulateMedia({ media: 'print' });
    expect(await display('.site-nav')).toBe('none');
    expect(await display('.ledger-filters')).toBe('none');
    expect(await page.locator('.item-card').first().evaluate((element) => getComputedStyle(element).breakInside)).toBe('avoid');
    await page.goto(`${baseUrl}/ledger/table/`);
    expect(await page.locator('.ledger-table-page').evaluate((element) => getComputedStyle(element).getPropertyValue('page'))).toBe('ledger-table');
    expect(await page.locator('.ledger-table tbody tr').count()).toBe(await page.evaluate(() => Number(document.querySelector('caption')?.textContent?.match(/\d+/)?.[0])));
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.length).toBeGreaterThan(10_000);
    await context.close();
  });
});
