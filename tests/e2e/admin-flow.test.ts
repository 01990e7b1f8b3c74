// The staff side end to end, at 1280 px in the real admin app: the 办公室 signs in with the second
// factor, accepts and hands an opinion to a school; the school's 经办人 drafts the reply; the
// 办公室 approves it, publishes a redacted version; after a rebuild the home page's replied count
// is one higher. The 系统管理员 adds and changes units and categories; the 台账管理员 sees only the
// ledger.
import type { FastifyInstance } from 'fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import { getFeedbackRecord } from '../../db/queries/feedback-records.ts';
import type { AppConfig } from '../../server/config.ts';
import { makeFeedbackSubmission } from '../fixtures/factories.ts';
import { createStaff, type TestStaff } from '../helpers/admin.ts';
import { openAdminPage, signInThroughForm } from '../helpers/admin-browser.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';
import { wcagViolations } from '../helpers/axe.ts';

describe('the admin app from sign-in to a published reply', { timeout: 240_000 }, () => {
  let portal: Portal;
  let config: AppConfig;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let office: TestStaff;
  let handler: TestStaff;
  let schoolName: string;

  async function repliedCount(page: Page): Promise<number> {
    await page.goto(`${baseUrl}/`);
    return Number((await page.locator('[data-stat="feedback-replied"]').textContent())?.trim());
  }

  async function signIn(staff: TestStaff): Promise<Page> {
    const { page, consoleErrors } = await openAdminPage(browser, baseUrl);
    await signInThroughForm(page, baseUrl, staff);
    expect(consoleErrors).toEqual([]);
    return page;
  }

  /**
   * Opens an admin screen by its address, loaded afresh as a person coming back to it would, and
   * waits until `loaded` shows and the screen's other requests (the session, lists) are answered.
   */
  async function openAfresh(page: Page, hash: string, loaded: Locator): Promise<void> {
    await page.goto(`${baseUrl}/admin/${hash}`);
    await page.reload();
    await loaded.waitFor();
    await page.waitForLoadState('networkidle');
  }

  async function openFeedbackRow(page: Page, id: number): Promise<void> {
    await openAfresh(page, `#/feedback/${id}`, page.getByRole('heading', { name: '办理记录' }));
  }

  async function openScreen(page: Page, hash: string, heading: string): Promise<void> {
    await openAfresh(page, hash, page.getByRole('heading', { level: 1, name: heading }));
  }

  /** The actions whose form holds the reply editor (FeedbackActions.tsx). */
  const REPLY_ACTIONS = new Set(['提交答复', '审核通过并答复']);

  /** Clicks an action, fills what is asked, submits, and waits for the new state on screen. */
  async function act(page: Page, id: number, action: string, fill: (page: Page) => Promise<void>, state: string, stateLabel: string, submit = action): Promise<void> {
    // The reply editor loads the unit's templates once it is open, and their picker then appears
    // above the text, moving the buttons down: wait for them, or a click can land where the
    // submit button was a moment before.
    const templates = REPLY_ACTIONS.has(action) ? page.waitForResponse((response) => response.url().includes('/api/admin/reply-templates')) : undefined;
    await page.getByRole('group', { name: '可以进行的操作' }).getByRole('button', { name: action, exact: true }).click();
    if (templates) {
      await templates;
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    }
    await fill(page);
    await page.locator('#feedback-action-panel').getByRole('button', { name: submit, exact: true }).click();
    try {
      await expect.poll(() => getFeedbackRecord(app.db, id)?.status).toBe(state);
    } catch (error) {
      // Say what the screen said (a refusal, a field's problem) rather than only the state.
      const shown = await page.locator('.admin-live, #feedback-action-panel').allInnerTexts();
      throw new Error(`${action}: ${(error as Error).message}; on screen: ${JSON.stringify(shown)}`, { cause: error });
    }
    await expect.poll(() => page.getByText(stateLabel, { exact: true }).count()).toBeGreaterThan(0);
  }

  beforeAll(async () => {
    portal = await startPortal({
      name: 'admin',
      seed: async (db) => {
        const school = db.prepare<[], { id: number; name: string }>("SELECT id, name FROM units WHERE code = 'S03'").get()!;
        schoolName = school.name;
        office = await createStaff(db, { roles: ['office'], username: 'e2e-office', displayName: '测试办公室' });
        handler = await createStaff(db, { roles: ['handler'], unitId: school.id, username: 'e2e-handler', displayName: '测试经办人' });
      },
    });
    ({ app, browser, baseUrl } = portal);
    config = portal.config;
  });

  afterAll(async () => {
    await portal?.close();
  });

  it('signs in with the second factor, and the whole loop ends in a higher replied count', async () => {
    const home = await browser.newPage();
    const before = await repliedCount(home);

    const submitted = await app.inject({
      method: 'POST',
      url: '/api/feedback',
      payload: await withProofOfWork(makeFeedbackSubmission({ content: '实验小学三年级的体育课经常被语文课占用，家长电话13912345678，希望按课表上课。', unitCode: 'S03' })),
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const id = app.db.prepare<[string], { id: number }>('SELECT id FROM feedback WHERE tracking_code = ?').get(submitted.json().trackingCode)!.id;

    const officePage = await signIn(office);
    // The dashboard names the year without a holiday calendar.
    await expect.poll(() => officePage.getByText(/2027年节假日安排尚未录入/).count()).toBeGreaterThan(0);
    await openFeedbackRow(officePage, id);
    await act(officePage, id, '受理', async () => {}, 'accepted', '已受理');
    await act(officePage, id, '转办', async (page) => {
      await page.getByLabel('转办给').selectOption({ label: schoolName });
    }, 'assigned', '已转办');

    const handlerPage = await signIn(handler);
    await openFeedbackRow(handlerPage, id);
    await act(handlerPage, id, '提交答复', async (page) => {
      await page.getByLabel('答复内容').fill('经核实，自下周一起严格按课表开设体育课，欢迎家长监督。');
    }, 'in_review', '待审核');

    await openFeedbackRow(officePage, id);
    await act(officePage, id, '审核通过并答复', async () => {}, 'replied', '已答复');
    await officePage.getByRole('group', { name: '可以进行的操作' }).getByRole('button', { name: '公开', exact: true }).click();
    const publicContent = officePage.getByLabel(/公开的意见/);
    await expect.poll(() => publicContent.inputValue()).toContain('139****5678');
    // No title of the submitter's: the start of the redacted text, stopped before the masked number.
    const publicTitle = officePage.getByLabel('公开的标题');
    expect(await publicTitle.inputValue()).toBe('实验小学三年级的体育课经常被语文课占用，家长电话……');
    await publicTitle.fill('');
    await officePage.locator('#feedback-action-panel').getByRole('button', { name: '公开', exact: true }).click();
    await expect.poll(() => officePage.getByText('请填写公开的标题。').count()).toBeGreaterThan(0);
    expect(getFeedbackRecord(app.db, id)!.publication).toBe('undecided');
    await publicTitle.fill('体育课被语文课占用');
    await officePage.locator('#feedback-action-panel').getByRole('button', { name: '公开', exact: true }).click();
    await expect.poll(() => getFeedbackRecord(app.db, id)?.publication).toBe('published');
    expect(getFeedbackRecord(app.db, id)!.public_title).toBe('体育课被语文课占用');
    expect(getFeedbackRecord(app.db, id)!.public_content).not.toContain('13912345678');
    // Drawn in the same render as the new record: the panel is done before the scan.
    await officePage.getByText(/^已完成“公开”/).waitFor();

    // The screens the 办公室 works in have no accessibility violations.
    expect(await wcagViolations(officePage)).toEqual([]);
    for (const [hash, heading] of [
      ['#/dashboard', '工作台'],
      ['#/inbox?state=in_review', '意见办理'],
      ['#/templates', '答复模板'],
      ['#/mail', '邮件队列'],
    ] as const) {
      await openScreen(officePage, hash, heading);
      expect(await wcagViolations(officePage), hash).toEqual([]);
      if (hash.startsWith('#/inbox')) {
        // The filters lie in columns across the laptop's width, not in one narrow column (a
        // stylesheet of another screen once made them a flex row that squeezed the grid).
        const columns = await officePage.evaluate(() => getComputedStyle(document.querySelector('.admin-filters__grid')!).gridTemplateColumns.split(' ').length);
        expect(columns).toBeGreaterThanOrEqual(3);
      }
    }

    await portal.rebuild();
    expect(await repliedCount(home)).toBe(before + 1);
  });

  it('lets the 系统管理员 add and change units and categories, with focus back where it was', async () => {
    const admin = await createStaff(app.db, { roles: ['sysadmin'], username: 'e2e-sysadmin', displayName: '测试系统管理员' });
    const page = await signIn(admin);

    await page.goto(`${baseUrl}/admin/#/units`);
    await page.getByRole('heading', { level: 1, name: '单位' }).waitFor();
    const addUnit = page.getByRole('button', { name: '新增单位' });
    await addUnit.click();
    await expect.poll(() => addUnit.getAttribute('aria-expanded')).toBe('true');
    // Saved with a field missing: the error stands at the field, and nothing is written.
    await page.getByLabel('单位代码').fill('school-e2e');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByText('请填写单位名称').count()).toBeGreaterThan(0);
    expect(app.db.prepare("SELECT count(*) AS n FROM units WHERE code = 'school-e2e'").get()).toEqual({ n: 0 });
    await page.getByLabel('单位名称').fill('示例县测试学校');
    await page.getByLabel('类型').selectOption({ label: '学校' });
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已新增单位“示例县测试学校”');
    await expect.poll(() => page.getByRole('rowheader', { name: '示例县测试学校' }).count()).toBe(1);
    // 修改 opens the form for that row; 取消 closes it and gives focus back to the button.
    const change = page.getByRole('button', { name: '修改 示例县测试学校' });
    await change.click();
    await expect.poll(() => change.getAttribute('aria-expanded')).toBe('true');
    await page.getByLabel('单位名称').fill('示例县测试中学');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('rowheader', { name: '示例县测试中学' }).count()).toBe(1);
    expect(app.db.prepare("SELECT name FROM units WHERE code = 'school-e2e'").get()).toEqual({ name: '示例县测试中学' });
    const again = page.getByRole('button', { name: '修改 示例县测试中学' });
    await again.click();
    await page.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('修改 示例县测试中学');
    expect(await wcagViolations(page)).toEqual([]);

    await page.goto(`${baseUrl}/admin/#/categories`);
    await page.getByRole('heading', { level: 1, name: '意见类别' }).waitFor();
    await page.getByRole('button', { name: '新增类别' }).click();
    await page.getByLabel('类别代码').fill('canteen');
    await page.getByLabel('类别名称').fill('食堂管理');
    await page.getByLabel('答复时限').fill('7');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('rowheader', { name: '食堂管理' }).count()).toBe(1);
    expect(app.db.prepare("SELECT reply_working_days FROM feedback_categories WHERE code = 'canteen'").get()).toEqual({ reply_working_days: 7 });
    await page.getByRole('button', { name: '修改 食堂管理' }).click();
    await page.getByRole('checkbox', { name: '启用' }).uncheck();
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('row', { name: /食堂管理/ }).textContent()).toContain('已停用');
    expect(await wcagViolations(page)).toEqual([]);

    for (const [hash, heading] of [
      ['#/users', '用户'],
      ['#/calendar', '节假日'],
    ] as const) {
      await openScreen(page, hash, heading);
      expect(await wcagViolations(page), hash).toEqual([]);
    }
  });

  it('gives the 台账管理员 the ledger, 第三方评估 and 整改信息 screens, and only those', async () => {
    const ledgerStaff = await createStaff(app.db, { roles: ['ledger'], username: 'e2e-ledger', displayName: '测试台账管理员' });
    const page = await signIn(ledgerStaff);
    const nav = page.getByRole('navigation', { name: '管理功能' });
    await expect.poll(() => nav.getByRole('link').allTextContents()).toEqual(['整改台账', '第三方评估', '整改信息']);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => page.getByText('ZG-2026-01').count()).toBeGreaterThan(0);
    expect(await wcagViolations(page)).toEqual([]);
    await page.goto(`${baseUrl}/admin/#/inbox`);
    await page.reload();
    await expect.poll(() => page.getByText(/没有权限|无权/).count()).toBeGreaterThan(0);
  });
});
