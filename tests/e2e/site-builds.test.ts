// 重建网站 end to end: the 办公室 opens 网站发布 in the real admin app, presses 立即重建网站, sees
// the build finish, and the public site served by the same server shows data recorded after the
// previous build. A real Astro build in a child process; axe-core on the screen.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import { insertItem } from '../fixtures/factories.ts';
import { createStaff, type TestStaff } from '../helpers/admin.ts';
import { openAdminPage, signInThroughForm, type WatchedPage } from '../helpers/admin-browser.ts';
import { wcagViolations } from '../helpers/axe.ts';

const NEW_TITLE = '重建测试：新公开的整改事项';

describe('重建网站 in the admin app', { timeout: 300_000 }, () => {
  let portal: Portal;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let office: TestStaff;
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    portal = await startPortal({
      name: 'site-builds',
      app: { mail: { worker: false, scheduler: false }, rebuilds: { output: () => {} } },
      seed: async (db) => {
        office = await createStaff(db, { roles: ['office'], username: 'e2e-office', displayName: '测试办公室' });
      },
    });
    ({ app, browser, baseUrl } = portal);
    watched = await openAdminPage(browser, baseUrl);
    page = watched.page;
    await signInThroughForm(page, baseUrl, office);
  });

  afterAll(async () => {
    await portal?.close();
  });

  it('rebuilds the public site from the button, with a build record and the new data served', async () => {
    const before = (await (await fetch(`${baseUrl}/api/health`)).json()) as { site: { builtAt: string } };
    // Recorded after the first build: the public cannot see it yet.
    insertItem(app.db, { code: 'ZG-REBUILD-1', title: NEW_TITLE, isPublished: true });
    expect(await (await fetch(`${baseUrl}/ledger/`)).text()).not.toContain(NEW_TITLE);

    await page.goto(`${baseUrl}/admin/#/site`);
    // The button comes with the build status: the screen has loaded, not only its heading.
    await page.getByRole('button', { name: '立即重建网站' }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '立即重建网站' }).click();
    await page.getByText('已开始重建网站').waitFor();
    await page.getByText(/^网站已重建，共 \d+ 个页面/).waitFor({ timeout: 240_000 });

    const row = app.db.prepare("SELECT trigger, status, pages, requested_by FROM site_builds ORDER BY id DESC LIMIT 1").get() as Record<string, unknown>;
    expect(row).toMatchObject({ trigger: 'manual', status: 'built', requested_by: office.id });
    expect(row.pages).toBeGreaterThan(10);
    const table = page.getByRole('table');
    await expect.poll(() => table.getByRole('row').nth(1).textContent()).toContain('成功');
    expect(await table.getByRole('row').nth(1).textContent()).toContain('测试办公室');

    const after = (await (await fetch(`${baseUrl}/api/health`)).json()) as { site: { builtAt: string; lastBuild: { result: string; pages: number } } };
    expect(after.site.builtAt > before.site.builtAt).toBe(true);
    expect(after.site.lastBuild).toMatchObject({ result: 'built', pages: row.pages });
    expect(await (await fetch(`${baseUrl}/ledger/`)).text()).toContain(NEW_TITLE);
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
  });

  it('downloads the 群众评议档案 for a period from the same screen', async () => {
    await page.getByLabel('开始日期').fill('2026-01-01');
    await page.getByLabel('结束日期').fill('2026-12-31');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('群众评议档案-2026-01-01至2026-12-31.csv');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFF单位,类型,收到意见')).toBe(true);
    expect(text).toContain('示例县第一中学');
  });
});
