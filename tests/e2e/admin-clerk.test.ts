// The clerk's day in the real admin app, in a Chromium whose language is English (en-US): the
// inbox's filters fold into one line with the count applied, dates read 2026-12-05 / 2026年12月5日
// and never the browser's mm/dd/yyyy, the view exports as CSV, several opinions are accepted at
// once, the 转办 panel starts at the school the parent named, a school's 经办人 is offered the
// school's templates with the placeholders filled, and the 办理单 prints on one A4 page. At 375 px
// and 1280 px, with axe-core, no other origins and no console errors.
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import { getFeedbackRecord } from '../../db/queries/feedback-records.ts';
import type { AppConfig } from '../../server/config.ts';
import { makeFeedbackSubmission } from '../fixtures/factories.ts';
import { createStaff, type TestStaff } from '../helpers/admin.ts';
import { openAdminPage, signInThroughForm, type WatchedPage } from '../helpers/admin-browser.ts';
import { wcagViolations } from '../helpers/axe.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';

const PHONE = { width: 375, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
/** What an English-language browser makes of a date: 12/5/2026, 12/05/2026, Dec 5, 2026. */
const BROWSER_DATE = /\b\d{1,2}\/\d{1,2}\/\d{4}\b|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2},? \d{4}/;

describe('the clerk in the admin app, in an English-language browser', { timeout: 300_000 }, () => {
  let portal: Portal;
  let config: AppConfig;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let sequence = 0;
  let handler: TestStaff;
  let school: { id: number; name: string };
  const watched: WatchedPage[] = [];

  /**
   * A 办公室 account of its own for each sign-in: a TOTP code is good once, and two sign-ins of one
   * account within its 30 seconds would be refused as a replay.
   */
  async function newOffice(): Promise<TestStaff> {
    sequence += 1;
    return createStaff(app.db, { roles: ['office'], username: `e2e-clerk-${sequence}`, displayName: `测试办公室${sequence}` });
  }

  async function signIn(staff: TestStaff, viewport = DESKTOP): Promise<Page> {
    const page = await openAdminPage(browser, baseUrl, viewport, 'en-US');
    watched.push(page);
    await signInThroughForm(page.page, baseUrl, staff);
    return page.page;
  }

  async function openScreen(page: Page, hash: string, heading: string | RegExp): Promise<void> {
    await page.goto(`${baseUrl}/admin/${hash}`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.waitForLoadState('networkidle');
  }

  async function submit(overrides: Record<string, unknown> = {}): Promise<number> {
    const response = await app.inject({ method: 'POST', url: '/api/feedback', payload: await withProofOfWork(makeFeedbackSubmission(overrides)) });
    expect(response.statusCode, response.body).toBe(201);
    return app.db.prepare<[string], { id: number }>('SELECT id FROM feedback WHERE tracking_code = ?').get(response.json().trackingCode)!.id;
  }

  async function noHorizontalScroll(page: Page): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  }

  beforeAll(async () => {
    portal = await startPortal({
      name: 'clerk',
      seed: async (db) => {
        school = db.prepare<[], { id: number; name: string }>("SELECT id, name FROM units WHERE code = 'S01'").get()!;
        handler = await createStaff(db, { roles: ['handler'], unitId: school.id, username: 'e2e-school', displayName: '测试经办人' });
      },
    });
    ({ app, browser, baseUrl } = portal);
    config = portal.config;
  });

  afterAll(async () => {
    for (const page of watched) {
      expect(page.consoleErrors).toEqual([]);
      expect(page.foreignRequests).toEqual([]);
    }
    await portal?.close();
  });

  it.each([
    ['1280 px', DESKTOP],
    ['375 px', PHONE],
  ])('folds the inbox filters into one line with the count applied, and shows dates the Chinese way (%s)', async (_name, viewport) => {
    const page = await signIn(await newOffice(), viewport);
    await openScreen(page, '#/inbox?state=pending&overdue=true', '意见办理');
    const toggle = page.getByRole('button', { name: /^筛选/ });
    await expect.poll(() => toggle.textContent()).toContain('已选 2 项');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('#inbox-more-filters').isVisible()).toBe(false);
    // Keyword, 查询 and 筛选 on one line: their tops within a few pixels (at 375 px as well).
    const tops = await Promise.all([page.locator('#inbox-q'), page.getByRole('button', { name: '查询', exact: true }), toggle].map(async (locator) => (await locator.boundingBox())!));
    if (viewport === DESKTOP) expect(Math.max(...tops.map((box) => box.y + box.height)) - Math.min(...tops.map((box) => box.y))).toBeLessThan(60);
    // The first opinion is on the first screen.
    await openScreen(page, '#/inbox', '意见办理');
    const firstRow = page.locator('.admin-inbox tbody tr').first();
    await firstRow.waitFor();
    expect((await firstRow.boundingBox())!.y).toBeLessThan(viewport.height);

    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(body).not.toMatch(BROWSER_DATE);

    await toggle.click();
    const from = page.locator('#inbox-from');
    expect(await from.getAttribute('type')).toBe('text');
    await from.fill('2026/1/5');
    await from.blur();
    await expect.poll(() => from.inputValue()).toBe('2026-01-05');
    await page.locator('#inbox-to').fill('2026.13.40');
    await page.getByRole('button', { name: '按条件查询' }).click();
    await expect.poll(() => page.locator('#inbox-to-error, .field__error').first().textContent()).toContain('2026-12-05');

    // The header names the 办公室 once.
    expect(await page.locator('.admin-user').textContent()).not.toMatch(/办公室（办公室）/);
    expect(await wcagViolations(page)).toEqual([]);
    await noHorizontalScroll(page);
  });

  it('exports the inbox as it is filtered, as CSV with a BOM', async () => {
    const page = await signIn(await newOffice());
    await openScreen(page, '#/inbox?state=replied', '意见办理');
    const summary = (await page.locator('.admin-results-summary').textContent()) ?? '';
    const total = Number(/共 (\d+) 条/.exec(summary)?.[1]);
    expect(total).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 CSV' }).click()]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    // Header + one line per opinion (a quoted cell may hold line breaks: count the codes).
    const states = text.split('\r\n').filter((line) => line.includes(',已答复,'));
    expect(states.length).toBe(total);
    expect(text).not.toContain('待受理');
    await expect.poll(() => app.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'feedback.export'").get()).toEqual({ n: 1 });
  });

  it('accepts several opinions at once, each with its own outcome listed', async () => {
    const first = await submit({ content: '批量受理测试一：食堂饭菜价格偏高。' });
    const second = await submit({ content: '批量受理测试二：校车接送时间不合理。' });
    const page = await signIn(await newOffice(), PHONE);
    await openScreen(page, `#/inbox?q=${encodeURIComponent('批量受理测试')}`, '意见办理');
    await page.getByRole('checkbox', { name: '选择本页全部意见' }).check();
    await expect.poll(() => page.getByText('批量办理（已选 2 条）').count()).toBe(1);
    await page.getByRole('button', { name: '受理', exact: true }).click();
    await expect.poll(() => page.locator('.admin-bulk__report').textContent()).toContain('成功 2 条');
    for (const id of [first, second]) expect(getFeedbackRecord(app.db, id)!.status).toBe('accepted');
    // Again: both are refused on their own, and say why.
    await page.getByRole('checkbox', { name: '选择本页全部意见' }).check();
    await page.getByRole('button', { name: '受理', exact: true }).click();
    await expect.poll(() => page.locator('.admin-bulk__report').textContent()).toContain('未办理 2 条');
    expect(await wcagViolations(page)).toEqual([]);
    await noHorizontalScroll(page);
  });

  it('starts 转办 at the named school, and offers the school its own templates with the placeholders filled', async () => {
    const id = await submit({ content: '第一中学高二年级周六仍在组织补课。', unitCode: 'S01', category: 'burden' });
    const page = await signIn(await newOffice());
    await openScreen(page, `#/feedback/${id}`, /意见 /);
    await page.getByRole('group', { name: '可以进行的操作' }).getByRole('button', { name: '受理', exact: true }).click();
    await page.locator('#feedback-action-panel').getByRole('button', { name: '受理', exact: true }).click();
    await expect.poll(() => getFeedbackRecord(app.db, id)?.status).toBe('accepted');
    await page.getByRole('group', { name: '可以进行的操作' }).getByRole('button', { name: '转办', exact: true }).click();
    const unit = page.getByLabel('转办给');
    await expect.poll(() => unit.inputValue()).toBe(String(school.id));
    await page.locator('#feedback-action-panel').getByRole('button', { name: '转办', exact: true }).click();
    await expect.poll(() => getFeedbackRecord(app.db, id)?.status).toBe('assigned');

    const schoolPage = await signIn(handler);
    await openScreen(schoolPage, `#/feedback/${id}`, /意见 /);
    await schoolPage.getByRole('group', { name: '可以进行的操作' }).getByRole('button', { name: /提交答复|起草答复/ }).first().click();
    const picker = schoolPage.getByLabel('答复模板');
    // The picker appears once the templates have loaded: wait for it before reading its options.
    await expect.poll(() => picker.locator('option').count()).toBeGreaterThan(1);
    const options = await picker.locator('option').allTextContents();
    expect(options.some((text) => text.includes('第一中学：已与家长沟通'))).toBe(true);
    expect(options.some((text) => text.includes('违规补课（已查处）'))).toBe(true);
    expect(options.some((text) => text.includes('实验小学'))).toBe(false);
    await picker.selectOption({ label: options.find((text) => text.includes('违规补课（已查处）'))! });
    await schoolPage.getByRole('button', { name: '插入到光标处' }).click();
    const reply = await schoolPage.locator('#feedback-action-panel textarea').inputValue();
    expect(reply).toContain('尊敬的家长');
    expect(reply).toContain(`接到反映后，${school.name}进行了调查`);
    expect(reply).not.toMatch(/\{单位\}|我局/);
    expect(await wcagViolations(schoolPage)).toEqual([]);
  });

  it.each([
    ['1280 px', DESKTOP],
    ['375 px', PHONE],
  ])('prints the 办理单 of an answered, rated opinion on one A4 page (%s)', async (_name, viewport) => {
    // The answered and rated opinion with the longest record in the demo.
    const { id } = app.db
      .prepare<[], { id: number }>(
        `SELECT f.id FROM feedback f JOIN feedback_events e ON e.feedback_id = f.id
         WHERE f.status = 'replied' AND f.rating IS NOT NULL GROUP BY f.id ORDER BY count(*) DESC, length(f.reply_text) DESC LIMIT 1`,
      )
      .get()!;
    const record = getFeedbackRecord(app.db, id)!;
    const page = await signIn(await newOffice(), viewport);
    await openScreen(page, `#/feedback/${id}`, /意见 /);
    await page.getByRole('link', { name: '打印办理单' }).click();
    await page.getByRole('heading', { level: 1, name: '意见办理单' }).waitFor();
    await page.getByRole('heading', { name: '办理过程' }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    const sheet = (await page.locator('.admin-case-sheet').textContent()) ?? '';
    expect(sheet).toContain(record.tracking_code);
    expect(sheet).toContain(record.reply_text!.slice(0, 20));
    expect(sheet).toMatch(/反映人评价：(满意|基本满意|不满意)/);
    expect(sheet).not.toMatch(BROWSER_DATE);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.admin-nav').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印办理单' }).isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(1);
  });
});
