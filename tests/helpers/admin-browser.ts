// The admin app in Chromium: the real server on a port, a page that records what a browser test
// must not see (console errors, requests to other origins), and signing in through the real form.
//
//   const baseUrl = await listenOnLocalhost(app);
//   const watched = await openAdminPage(browser, baseUrl);
//   await signInThroughForm(watched.page, baseUrl, staff);
//   expect(watched.consoleErrors).toEqual([]);
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { TestStaff } from './admin.ts';

/**
 * Listens on port 0 and answers the address to open in the browser: localhost, not 127.0.0.1,
 * because the browser keeps the __Host- (Secure) session cookie only on http://localhost.
 */
export async function listenOnLocalhost(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://localhost:${address.port}`;
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions, each with the address it came from. */
  consoleErrors: { text: string; url: string }[];
  /** Every http(s) request the page made to an origin other than the server's. */
  foreignRequests: string[];
}

/**
 * A new browser context (desktop width and a Chinese-language browser unless told) with one page,
 * watched from its first request.
 */
export async function openAdminPage(browser: Browser, baseUrl: string, viewport = { width: 1280, height: 900 }, locale = 'zh-CN'): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  const watched: WatchedPage = { page, consoleErrors: [], foreignRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.consoleErrors.push({ text: message.text(), url: message.location().url });
  });
  page.on('pageerror', (error) => watched.consoleErrors.push({ text: error.message, url: page.url() }));
  page.on('request', (request) => {
    const url = request.url();
    if (/^https?:/.test(url) && new URL(url).origin !== origin) watched.foreignRequests.push(url);
  });
  return watched;
}

/** Signs in on /admin/ with the password and the TOTP code, and waits for the signed-in header. */
export async function signInThroughForm(page: Page, baseUrl: string, staff: TestStaff): Promise<void> {
  await page.goto(`${baseUrl}/admin/`);
  await page.locator('#signin-username').fill(staff.username);
  await page.locator('#signin-password').fill(staff.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#signin-totp').fill(staff.code(new Date()));
  await page.getByRole('button', { name: '验证并登录' }).click();
  // A locator wait, not expect.poll: this also runs in beforeAll, outside a test.
  await page.getByRole('button', { name: '退出登录' }).waitFor();
}
