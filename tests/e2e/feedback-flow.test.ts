// The walking skeleton end to end: a parent sends an opinion from the built site on a phone-sized
// screen, the API stores it, a rebuild runs, and the home page's received count goes up by one.
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import type { AppConfig } from '../../server/config.ts';
import { wcagViolations } from '../helpers/axe.ts';
import { readBuiltPage } from '../helpers/site.ts';

const WECHAT_USER_AGENT =
  'Mozilla/5.0 (Linux; Android 14; V2309A Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.103 Mobile Safari/537.36 XWEB/1300333 MMWEBSDK/20241103 MMWEBID/1234 MicroMessenger/8.0.55.2780(0x28003737) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';


describe('feedback from the site to the home page figures', { timeout: 180_000 }, () => {
  let portal: Portal;
  let config: AppConfig;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;

  async function receivedCount(page: Page): Promise<number> {
    await page.goto(`${baseUrl}/`);
    const text = await page.locator('[data-stat="feedback-received"]').textContent();
    return Number(text?.trim());
  }

  beforeAll(async () => {
    portal = await startPortal({
      name: 'feedback',
      host: '127.0.0.1',
      app: {},
    });
    ({ app, browser, baseUrl } = portal);
    config = portal.config;
  });

  afterAll(async () => {
    await portal?.close();
  });

  it('takes an opinion on a 375 px screen and counts it after the rebuild', async () => {
    // WeChat's in-app browser on Android identifies itself like this.
    const context = await browser.newContext({
      viewport: { width: 375, height: 740 },
      locale: 'zh-CN',
      deviceScaleFactor: 2,
      userAgent: WECHAT_USER_AGENT,
    });
    const page = await context.newPage();
    const foreignRequests: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(baseUrl) && !request.url().startsWith('data:')) foreignRequests.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    const before = await receivedCount(page);
    expect(before).toBeGreaterThan(100); // the demo bureau's opinions

    await page.goto(`${baseUrl}/feedback/`);
    // Every form control has an accessible name.
    const unnamed = await page.locator('form').evaluate((form) =>
      [...form.querySelectorAll('input, select, textarea, button')]
        .filter((control) => {
          const element = control as HTMLInputElement;
          const labelled = (element.labels?.length ?? 0) > 0 || element.getAttribute('aria-label') || element.getAttribute('aria-labelledby');
          return !labelled && !(control.tagName === 'BUTTON' && control.textContent?.trim());
        })
        .map((control) => control.outerHTML),
    );
    expect(unnamed).toEqual([]);
    await page.locator('form[novalidate]').waitFor();
    await page.getByRole('radio', { name: '家长' }).check();
    await page.getByLabel('意见类别').selectOption({ label: '减负与补课' });
    await page.getByLabel('意见内容').fill('孩子所在班级每周六被要求到校“自愿”补课，希望教育局核实并制止。');
    await page.getByLabel('手机号码').fill('13700001111');
    await page.getByRole('checkbox', { name: /同意/ }).check();
    await page.getByRole('button', { name: '提交意见' }).click();

    const code = page.getByTestId('tracking-code');
    await expect.poll(() => code.textContent(), { timeout: 10_000 }).toMatch(/^FK\d{8}-[A-Z2-9]{4}$/);
    expect(await page.getByTestId('tracking-secret').textContent()).toMatch(/^[a-z2-9]{10}$/);
    // Nothing scrolls sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // The home page shows the old count until the site is rebuilt.
    expect(await receivedCount(page)).toBe(before);
    await portal.rebuild();
    expect(await receivedCount(page)).toBe(before + 1);

    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('shows the form errors from the server next to the field, in Chinese', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', javaScriptEnabled: true });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/feedback/`);
    // The island's own checks are under test: let it take over first (until then the browser's apply).
    await page.locator('form[novalidate]').waitFor();
    await page.getByRole('radio', { name: '学生' }).check();
    await page.getByLabel('意见内容').fill('作业太多了，每天都写到很晚，希望减少一些。');
    await page.getByLabel('手机号码').fill('12345');
    await page.getByRole('button', { name: '提交意见' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/[\u4e00-\u9fff]/);
    await expect.poll(() => page.getByLabel('手机号码').getAttribute('aria-invalid')).toBe('true');
    await context.close();
  });

  it('reads well without JavaScript and says how to reach the bureau', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/feedback/`);
    const text = await page.locator('body').innerText();
    expect(text).toContain(config.bureau.phone);
    expect(text).toContain(config.bureau.email);
    await page.goto(`${baseUrl}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('作风整改进行时');
    await context.close();
  });

  it.each(['/', '/ledger/', '/ledger/ZG-2026-07/', '/feedback/', '/no-such-page/'])(
    'has no WCAG 2.1 A/AA violations on %s at 360 px',
    async (path) => {
      // bypassCSP only lets the test inject axe-core; the CSP itself is checked by the flow test above.
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${baseUrl}${path}`);
      const violations = await wcagViolations(page);
      expect(violations).toEqual([]);
      await context.close();
    },
  );

  it('starts keyboard navigation with a skip link to the content', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/feedback/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('跳到主要内容');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#main$/);
    expect(page.url()).toContain('#main');
    await context.close();
  });

  it('serves the site pages the demo bureau needs', async () => {
    for (const path of ['/', '/ledger/', '/feedback/']) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
    }
    expect(readBuiltPage(join(config.siteDir, 'current', 'index.html'))).toContain('</html>');
    const missing = await fetch(`${baseUrl}/no-such-page/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('页面不存在');
    const missingApi = await fetch(`${baseUrl}/api/no-such-thing`);
    expect(missingApi.status).toBe(404);
    expect((await missingApi.json()).message).toBe('您访问的内容不存在');
  });
});

