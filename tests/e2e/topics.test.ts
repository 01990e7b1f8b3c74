// 群众点题 end to end on the demo bureau: a parent on a 375 px phone finds the open campaign, joins
// it through the opinion form (preset by the campaign's link), gets a tracking code; the 办公室 marks
// the nomination 未采纳 with a reason in the admin app; the parent reads it on the tracking page. The
// finished campaign's page shows its figures and its adopted items.
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import { topicCampaignStats } from '../../db/queries/statistics.ts';
import { createStaff } from '../helpers/admin.ts';
import { openAdminPage, signInThroughForm } from '../helpers/admin-browser.ts';
import { wcagViolations } from '../helpers/axe.ts';
import { decodePosterQr } from '../helpers/qr.ts';

const REASON = '校门口道路改造由交通部门统一实施，我局已将建议转交县交通运输局。';

describe('群众点题 for a parent on a phone', { timeout: 240_000 }, () => {
  let portal: Portal;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let builtStats: ReturnType<typeof topicCampaignStats>;

  beforeAll(async () => {
    // Built once the address is known: the campaign poster's QR code leads to it.
    portal = await startPortal({ name: 'topics', build: 'at-address', host: '127.0.0.1' });
    ({ app, browser, baseUrl } = portal);
    // The figures the site was built with (the tests below add nominations after the build).
    builtStats = topicCampaignStats(app.db);
  });

  afterAll(async () => {
    await portal?.close();
  });

  it('joins the open campaign through the form and reads the decision on the tracking page', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN', deviceScaleFactor: 2 });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${baseUrl}/ledger/`);
    await page.getByRole('link', { name: /^群众点题（/ }).click();
    expect(page.url()).toBe(`${baseUrl}/topics/`);
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('link', { name: '我要点题' }).first().click();
    expect(page.url()).toMatch(/\/topics\/\d+\/nominate\/$/);
    const campaignId = Number(/\/topics\/(\d+)\//.exec(page.url())![1]);
    await page.getByTestId('campaign-preset').waitFor();
    expect(await page.getByTestId('campaign-preset').innerText()).toContain('校园周边交通安全');
    await page.locator('form[novalidate]').waitFor();
    await page.getByRole('radio', { name: '家长' }).check();
    await page.getByLabel('意见类别').selectOption({ label: '校园安全' });
    await page.getByLabel('意见内容').fill('放学时校门口车辆乱停，孩子过马路很危险，希望设置临时停车区。');
    await page.getByRole('checkbox', { name: '匿名提交' }).check();
    await page.getByRole('button', { name: '提交意见' }).click();
    const codeCell = page.getByTestId('tracking-code');
    await expect.poll(() => codeCell.textContent(), { timeout: 15_000 }).toMatch(/^FK\d{8}-[A-Z2-9]{4}$/);
    const code = (await codeCell.textContent())!;
    const secret = (await page.getByTestId('tracking-secret').textContent())!;
    const feedbackId = app.db.prepare<[string], { id: number }>('SELECT id FROM feedback WHERE tracking_code = ?').get(code)!.id;
    expect(app.db.prepare<[number], { campaign_id: number }>('SELECT campaign_id FROM topic_nominations WHERE feedback_id = ?').get(feedbackId)).toEqual({ campaign_id: campaignId });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // The 办公室, in the admin app on a laptop, marks the nomination 未采纳 with a reason.
    const office = await createStaff(app.db, { roles: ['office'], username: 'e2e-office', displayName: '测试办公室' });
    const watched = await openAdminPage(browser, baseUrl);
    const admin = watched.page;
    admin.setDefaultTimeout(15_000);
    await signInThroughForm(admin, baseUrl, office);
    await admin.getByRole('link', { name: '群众点题', exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: '群众点题' }).waitFor();
    await admin.getByRole('link', { name: '校园周边交通安全“点题”' }).click();
    await admin.getByRole('heading', { level: 1, name: '校园周边交通安全“点题”' }).waitFor();
    expect(await wcagViolations(admin)).toEqual([]);
    await admin.getByRole('button', { name: `处理点题 ${code}` }).click();
    const form = admin.getByRole('form', { name: `处理点题 ${code}` });
    await form.getByLabel('处理结果').selectOption({ label: '未采纳' });
    await form.getByLabel('未采纳的理由').fill(REASON);
    await form.getByRole('button', { name: '保存' }).click();
    await admin.getByText(`点题 ${code} 未采纳，理由已告知点题人。`).waitFor();
    await expect.poll(() => admin.getByTestId('campaign-counts').textContent()).toMatch(/点题 1 条，采纳 0 项，已完成 0 项。$/);
    expect(watched.consoleErrors).toEqual([]);
    await admin.context().close();

    await page.goto(`${baseUrl}/track/`);
    await expect.poll(() => page.locator('astro-island[ssr]').count()).toBe(0);
    await page.getByLabel('查询码', { exact: true }).fill(code);
    await page.getByLabel('查询密码', { exact: true }).fill(secret);
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByTestId('topic-decision').textContent()).toContain('您的点题未采纳。');
    expect(await page.locator('main').innerText()).toContain(`理由：${REASON}`);
    expect(await wcagViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('takes a nomination from a phone without JavaScript: the campaign’s own form page carries it', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/topics/`);
    await page.getByRole('link', { name: /校园周边交通安全“点题”/ }).click();
    await page.getByRole('link', { name: '我要点题' }).click();
    const campaignId = Number(/\/topics\/(\d+)\/nominate\/$/.exec(page.url())![1]);
    expect(await page.getByTestId('campaign-preset').innerText()).toContain('校园周边交通安全');
    await page.getByRole('radio', { name: '家长' }).check();
    await page.getByLabel('意见类别').selectOption({ label: '校园安全' });
    await page.getByLabel('意见内容').fill('学校门口人行横道的标线已经看不清了，希望重新划线并安排护学岗。');
    await page.getByRole('checkbox', { name: '匿名提交' }).check();
    await page.getByRole('button', { name: '提交意见' }).click();
    await page.waitForURL(`${baseUrl}/feedback/submit`);
    const code = (await page.getByTestId('tracking-code').textContent())!;
    expect(code).toMatch(/^FK\d{8}-[A-Z2-9]{4}$/);
    const nomination = app.db
      .prepare<[string], { campaign_id: number }>('SELECT n.campaign_id FROM topic_nominations n JOIN feedback f ON f.id = n.feedback_id WHERE f.tracking_code = ?')
      .get(code);
    expect(nomination).toEqual({ campaign_id: campaignId });
    await context.close();
  });

  it('lets the 办公室 adopt a nomination as a new ledger item from the campaign screen', async () => {
    const campaignId = app.db.prepare<[], { id: number }>("SELECT id FROM topic_campaigns WHERE theme = '校园周边交通安全“点题”'").get()!.id;
    const pending = app.db
      .prepare<[number], { feedbackId: number; code: string }>(
        "SELECT n.feedback_id AS feedbackId, f.tracking_code AS code FROM topic_nominations n JOIN feedback f ON f.id = n.feedback_id WHERE n.campaign_id = ? AND n.decision = 'pending' ORDER BY f.id LIMIT 1",
      )
      .get(campaignId)!;
    const office = await createStaff(app.db, { roles: ['office'], username: 'e2e-office-adopt', displayName: '测试办公室二' });
    const watched = await openAdminPage(browser, baseUrl);
    const admin = watched.page;
    admin.setDefaultTimeout(15_000);
    await signInThroughForm(admin, baseUrl, office);
    await admin.goto(`${baseUrl}/admin/#/topics/${campaignId}`);
    await admin.getByRole('button', { name: `处理点题 ${pending.code}` }).click();
    const decision = admin.getByRole('form', { name: `处理点题 ${pending.code}` });
    await decision.getByLabel('处理结果').selectOption({ label: '采纳' });
    await decision.getByRole('link', { name: '采纳并新建整改事项' }).click();
    const form = admin.getByRole('form', { name: '采纳点题，新建整改事项' });
    await form.waitFor();
    expect(await form.getByLabel('问题描述').inputValue()).toContain('人行横道的标线');
    expect(await form.getByLabel('问题来源').count()).toBe(0);
    // A bad field comes back named, and nothing is decided.
    await form.getByLabel('编号').fill('ZG-E2E-T01');
    await form.getByRole('button', { name: '保存' }).click();
    // The field's own message, under the field (the answer names it newItem.title).
    await expect.poll(() => form.getByLabel('标题').getAttribute('aria-invalid')).toBe('true');
    expect(await form.innerText()).toContain('请填写标题');
    expect(app.db.prepare<[number], { decision: string }>('SELECT decision FROM topic_nominations WHERE feedback_id = ?').get(pending.feedbackId)).toEqual({ decision: 'pending' });
    await form.getByLabel('标题').fill('校门口人行横道重新划线');
    await form.getByLabel('整改措施').fill('联系交通部门重新划线，上下学时段设护学岗。');
    await form.getByLabel('截止日期', { exact: true }).fill('2027-01-31');
    expect(await wcagViolations(admin)).toEqual([]);
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => admin.url()).toBe(`${baseUrl}/admin/#/topics/${campaignId}`);
    await admin.getByText('点题已采纳，新建整改事项 ZG-E2E-T01（来源：群众点题，尚未公开）。').waitFor();
    await expect.poll(() => admin.locator('main').innerText()).toContain('列入 ZG-E2E-T01 校门口人行横道重新划线');
    const item = app.db.prepare<[], { id: number; source: string; is_published: number }>("SELECT id, source, is_published FROM rectification_items WHERE code = 'ZG-E2E-T01'").get()!;
    expect(item).toMatchObject({ source: 'public_topic', is_published: 0 });
    expect(app.db.prepare<[number], { decision: string; item_id: number }>('SELECT decision, item_id FROM topic_nominations WHERE feedback_id = ?').get(pending.feedbackId)).toEqual({
      decision: 'adopted',
      item_id: item.id,
    });
    // The browser logs the one refused save (the 400 above), and nothing else.
    expect(watched.consoleErrors).toEqual([{ text: expect.stringContaining('status of 400'), url: `${baseUrl}/api/admin/topic-campaigns/${campaignId}/nominations/${pending.feedbackId}/decision` }]);
    await admin.context().close();
  });

  it('prints the open campaign’s A4 poster, whose QR code leads to its form page', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 1100 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/topics/`);
    await page.getByRole('link', { name: /校园周边交通安全“点题”/ }).click();
    const campaignUrl = page.url();
    await page.getByRole('link', { name: '打印点题海报' }).click();
    expect(page.url()).toBe(`${campaignUrl}poster/`);
    const formUrl = `${campaignUrl}nominate/`;
    expect(await page.locator('.poster__unit').textContent()).toBe('校园周边交通安全“点题”');
    expect(await page.locator('.poster__url').textContent()).toBe(formUrl);
    expect(await decodePosterQr(page)).toBe(formUrl);
    expect(await wcagViolations(page)).toEqual([]);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    // The finished campaign has no poster and no way in.
    await page.goto(`${baseUrl}/topics/`);
    await page.getByRole('link', { name: /教育服务流程“点题”/ }).click();
    expect(await page.getByRole('link', { name: '打印点题海报' }).count()).toBe(0);
    await context.close();
  });

  it('shows the finished campaign’s figures and the items it was adopted into', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/topics/`);
    await page.getByRole('link', { name: /教育服务流程“点题”/ }).click();
    expect(await page.getByTestId('campaign-counts').innerText()).toMatch(/^点题 4 条，采纳 2 项，已完成 [0-2] 项。$/);
    await page.getByRole('link', { name: /^ZG-2026-11 / }).click();
    expect(page.url()).toBe(`${baseUrl}/ledger/ZG-2026-11/`);

    // The home page's statistics: each campaign's figures, as the database's records gave them.
    const stats = builtStats;
    expect(stats.byCampaign.length).toBe(2);
    await page.goto(`${baseUrl}/`);
    const section = page.getByRole('region', { name: '群众点题' });
    for (const campaign of stats.byCampaign) {
      expect(await section.locator(`li[data-campaign="${campaign.campaignId}"]`).innerText()).toBe(
        `${campaign.theme}：点题 ${campaign.nominations} 条，采纳 ${campaign.adopted} 项，已完成 ${campaign.completed} 项`,
      );
    }
    expect(await section.getByRole('link', { name: '教育服务流程“点题”' }).getAttribute('href')).toMatch(/^\/topics\/\d+\/$/);
    await context.close();
  });
});
