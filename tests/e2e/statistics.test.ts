// The 统计 page and a 群众评议档案 scorecard at 375 px, over the demo bureau built once: charts
// drawn as SVG with their tables, every figure's definition reachable from the home page, no
// horizontal scroll, axe-core clean, also in the 大字 mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import type { Page } from 'playwright-core';
import { wcagViolations } from '../helpers/axe.ts';
import { type Portal, startPortal } from '../helpers/portal.ts';

describe('统计 and 群众评议档案 at 375 px', { timeout: 240_000 }, () => {
  let portal: Portal;
  let baseUrl: string;
  let page: Page;
  let expected: NonNullable<ReturnType<typeof buildPublicSnapshot>['statistics']>;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    portal = await startPortal({
      name: 'stats',
      seed: (db, config) => {
        expected = buildPublicSnapshot(db, config.bureau).statistics!;
      },
    });
    baseUrl = portal.baseUrl;
    const context = await portal.browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  });

  afterAll(() => portal?.close());

  const noHorizontalScroll = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  it('the home page links each headline figure to its definition on the 统计 page', async () => {
    await page.goto(`${baseUrl}/`);
    await page.locator('a[href="/stats/#def-on-time-rate"]').click();
    await page.waitForURL(/\/stats\/#def-on-time-rate$/);
    await expect.poll(() => page.locator('#def-on-time-rate').textContent()).toBe('按期答复率');
    expect(await page.locator('#def-on-time-rate + dd').textContent()).toContain('延期办理的意见单独统计');
  });

  it('shows the figures, the charts with their tables, 数据截至, and passes axe', async () => {
    await page.goto(`${baseUrl}/stats/`);
    await page.getByRole('heading', { level: 1, name: '统计' }).waitFor();
    expect(await page.locator('[data-stat="stats-received"]').textContent()).toBe(String(expected.feedback.received));
    expect(await page.locator('[data-stat="stats-replied"]').textContent()).toBe(String(expected.feedback.replied));
    expect(await page.getByTestId('data-as-of').count()).toBe(1);
    const charts = page.getByRole('img');
    expect(await charts.count()).toBeGreaterThanOrEqual(3);
    const monthly = page.getByRole('table', { name: /每月收到和答复的意见/ });
    const lastMonth = expected.byMonth.at(-1)!;
    expect(await monthly.getByRole('row').last().textContent()).toBe(`${Number(lastMonth.key.slice(5))}月${lastMonth.figures.received}${lastMonth.figures.replied}`);
    await noHorizontalScroll();
    expect(await wcagViolations(page)).toEqual([]);
    // 大字: the text-size switch works by a class on <html>; the page still fits.
    await page.evaluate(() => document.documentElement.classList.add('text-large'));
    await noHorizontalScroll();
    expect(consoleErrors).toEqual([]);
  });

  it('a unit with few rated replies is flagged 样本较少 and never ranked; its scorecard says so', async () => {
    const small = expected.byUnit.find((row) => row.key !== '' && row.figures.rated < 10 && row.figures.received > 0)!;
    await page.goto(`${baseUrl}/stats/units/`);
    const ranking = page.getByRole('table', { name: '参加排名的单位' });
    if ((await ranking.count()) > 0) expect(await ranking.textContent()).not.toContain(small.label);
    expect(await page.getByRole('table', { name: /样本较少的单位/ }).textContent()).toContain(small.label);
    await page.getByRole('link', { name: small.label }).first().click();
    await page.getByRole('heading', { level: 1, name: `${small.label}群众评议档案` }).waitFor();
    expect(await page.locator('main').textContent()).toContain('样本较少');
    expect(await page.locator('[data-stat="received"]').textContent()).toBe(String(small.figures.received));
    expect(await page.getByTestId('data-as-of').count()).toBe(1);
    await noHorizontalScroll();
    expect(await wcagViolations(page)).toEqual([]);
  });
});
