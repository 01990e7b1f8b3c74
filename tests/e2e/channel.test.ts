// The public opinion channel end to end, on the built demo site served by the real server, in the
// system Chromium at 375 px with WeChat's user agent: submit → track → (reply through the admin's
// named actions) → see the reply → rate; the same without JavaScript; a poster's QR code decodes
// to the form with its unit preset, and all posters print one A4 page each; the form page's
// JavaScript stays within budget; 大字, contrast, touch targets, labels and keyboard (适老化);
// axe finds nothing on the form, tracking and reply pages.
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import type { PublicSnapshot } from '../../db/public-snapshot-schema.ts';
import type { AppConfig } from '../../server/config.ts';
import { acceptFeedback, approveReply, assignFeedback, draftReply } from '../../server/actions/feedback-steps.ts';
import { createStaff } from '../helpers/admin.ts';
import { wcagViolations } from '../helpers/axe.ts';
import { pageJavaScript } from '../helpers/js-budget.ts';
import { decodeImageQr, decodePosterQr } from '../helpers/qr.ts';
import { chineseDate } from '../../server/pages/channel-pages.ts';
import { readBuiltPage } from '../helpers/site.ts';
import { REPLIES_PAGE_SIZE } from '../../site/src/consts.ts';
import { numberedPageCount } from '../../site/src/lib/replies.ts';

const WECHAT_USER_AGENT =
  'Mozilla/5.0 (Linux; Android 14; V2309A Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.103 Mobile Safari/537.36 XWEB/1300333 MMWEBSDK/20241103 MMWEBID/1234 MicroMessenger/8.0.55.2780(0x28003737) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
/** The budget for the form page: all its JavaScript, compressed. */
const FORM_PAGE_JS_BUDGET = 25 * 1024;

describe('the public opinion channel', { timeout: 300_000 }, () => {
  let portal: Portal;
  let config: AppConfig;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let snapshot: PublicSnapshot;
  let siteRoot: string;

  beforeAll(async () => {
    portal = await startPortal({
      name: 'channel',
      build: 'at-address',
      host: '127.0.0.1',
      app: {},
    });
    ({ app, browser, baseUrl } = portal);
    config = portal.config;
    siteRoot = portal.siteRoot;
    // The snapshot the live build was made from, kept beside it.
    snapshot = portal.snapshot();
  });

  afterAll(async () => {
    await portal?.close();
  });

  /** A phone in WeChat; collects requests to other origins and console errors (CSP violations among them). */
  async function phone(options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; foreign: string[]; errors: string[] }> {
    const context = await browser.newContext({
      viewport: { width: 375, height: 740 },
      locale: 'zh-CN',
      deviceScaleFactor: 2,
      userAgent: WECHAT_USER_AGENT,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    });
    const page = await context.newPage();
    const foreign: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(baseUrl) && !request.url().startsWith('data:')) foreign.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, foreign, errors };
  }

  const row = (code: string) =>
    app.db.prepare('SELECT id, version, status, needs_screening, rating, unit_id FROM feedback WHERE tracking_code = ?').get(code) as {
      id: number;
      version: number;
      status: string;
      needs_screening: number;
      rating: string | null;
      unit_id: number | null;
    };

  it('takes an opinion in WeChat, shows its progress and the reply, and takes the rating', async () => {
    const { context, page, foreign, errors } = await phone();
    const school = snapshot.units.find((unit) => unit.kind === 'school')!;
    await page.goto(`${baseUrl}/feedback/?unit=${encodeURIComponent(school.code)}`);
    // The poster's link presets the school.
    await expect.poll(() => page.getByLabel('相关学校/单位').inputValue()).toBe(school.code);
    await page.getByRole('radio', { name: '家长' }).check();
    await page.getByLabel('意见类别').selectOption({ label: '减负与补课' });
    await page.getByLabel('标题').fill('周六“自愿”补课');
    await page.getByLabel('意见内容').fill('孩子所在班级每周六被要求到校“自愿”补课，每次收费两百元，希望教育局核实并制止。');
    await page.getByLabel('手机号码').fill('13700002222');
    await page.getByRole('checkbox', { name: /同意/ }).check();
    await page.getByRole('button', { name: '提交意见' }).click();

    const codeCell = page.getByTestId('tracking-code');
    await expect.poll(() => codeCell.textContent(), { timeout: 30_000 }).toMatch(/^FK\d{8}-[A-Z2-9]{4}$/);
    const code = (await codeCell.textContent())!;
    const secret = (await page.getByTestId('tracking-secret').textContent())!;
    expect(secret).toMatch(/^[a-z2-9]{10}$/);
    // Solved in the worker and sent after the minimum time: the opinion is not held for screening.
    expect(row(code)).toMatchObject({ status: 'pending', needs_screening: 0, unit_id: expect.any(Number) });
    await page.getByRole('button', { name: '复制查询码和密码' }).click();
    await expect.poll(() => page.getByText(/已复制|没能自动复制/).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // When to come back: the latest day the reply is due, as the site writes dates.
    const due = app.db
      .prepare('SELECT f.accept_due_on, c.reply_working_days FROM feedback f JOIN feedback_categories c ON c.code = f.category WHERE tracking_code = ?')
      .get(code) as { accept_due_on: string; reply_working_days: number };
    const replyDueBy = app.workCalendar().addWorkingDays(due.accept_due_on, due.reply_working_days).date;
    expect(await page.getByTestId('reply-due-by').textContent()).toBe(chineseDate(replyDueBy));
    // The way back: a QR code a scanner reads as the own tracking link (the public address), the
    // same link on this origin to keep, and the hint for WeChat's in-app browser.
    const ownLink = `/track/#code=${code}&secret=${secret}`;
    expect(await decodeImageQr(page, '.receipt-next__qr img')).toBe(`${config.publicBaseUrl}${ownLink}`);
    expect(await page.getByTestId('tracking-link').getAttribute('href')).toBe(`${baseUrl}${ownLink}`);
    expect(await page.getByText(/添加到主屏幕/).count()).toBeGreaterThan(0);
    expect(await page.getByText(/在浏览器打开/).count()).toBe(1);
    expect(await wcagViolations(page)).toEqual([]);
    // Opened from the QR code or a bookmark, the link shows the progress without typing anything.
    const bookmark = await context.newPage();
    await bookmark.goto(`${baseUrl}${ownLink}`);
    await expect.poll(() => bookmark.locator('.tracking-state').textContent()).toBe('待受理');
    await bookmark.close();

    await page.getByRole('link', { name: '查询办理进度', exact: true }).click();
    // This flow is the island's: let it take over before the lookup (a click that beats it posts
    // the plain form, which the no-JavaScript test covers).
    await expect.poll(() => page.locator('astro-island[ssr]').count()).toBe(0);
    await page.getByLabel('查询码', { exact: true }).fill(code);
    await page.getByLabel('查询密码', { exact: true }).fill(secret);
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.locator('.tracking-state').textContent()).toBe('待受理');
    expect(await page.getByText('提交意见').count()).toBeGreaterThan(0);

    // The 办公室 accepts and assigns, the school drafts, the 办公室 approves: the named actions.
    const opinion = row(code);
    const office = await createStaff(app.db, { roles: ['office'] });
    const handler = await createStaff(app.db, { roles: ['handler'], unitId: opinion.unit_id });
    const step = () => ({ feedbackId: opinion.id, version: row(code).version });
    const context_ = () => ({ now: new Date(), calendar: app.workCalendar(), onStep: app.mailHooks.onStep });
    for (const result of [
      acceptFeedback(app.db, office, { ...step(), note: '已受理，转学校核实。' }, context_()),
      assignFeedback(app.db, office, { ...step(), unitId: opinion.unit_id!, note: '请核实后答复。' }, context_()),
      draftReply(app.db, handler, { ...step(), reply: '经核实，学校已停止周六补课并全额退费。' }, context_()),
      approveReply(app.db, office, step(), context_()),
    ]) {
      expect(result).toMatchObject({ ok: true });
    }

    // A phone and no e-mail: one text message that an answer is waiting (no gateway here: a file).
    await expect.poll(() => app.db.prepare('SELECT status, sealed_phone FROM sms_outbox WHERE feedback_id = ?').all(opinion.id)).toEqual([{ status: 'sent', sealed_phone: null }]);
    const { id: smsId } = app.db.prepare('SELECT id FROM sms_outbox WHERE feedback_id = ?').get(opinion.id) as { id: number };
    const sms = readFileSync(join(config.sms.outboxDir, `sms-${smsId}.txt`), 'utf8');
    expect(sms).toContain('To: 13700002222');
    expect(sms).toContain(`您反映的意见已有答复，请凭查询码到 ${config.publicBaseUrl}/track/ 查看。`);

    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.locator('.tracking-state').textContent()).toBe('已答复');
    expect(await page.locator('.reply-box').textContent()).toContain('经核实，学校已停止周六补课并全额退费。');
    expect(await page.locator('.timeline').textContent()).toContain(school.name);
    await page.getByRole('radio', { name: '满意', exact: true }).check();
    await page.getByLabel('评价意见').fill('处理得很快，谢谢。');
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.getByText('感谢您的评价！').count()).toBe(1);
    expect(await page.getByText('您的评价：').textContent()).toContain('满意');
    expect(row(code).rating).toBe('satisfied');

    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('takes an opinion without JavaScript, answers with a receipt page, and tracks and withdraws it', async () => {
    const { context, page, foreign } = await phone({ javaScriptEnabled: false });
    await page.goto(`${baseUrl}/feedback/`);
    await page.getByRole('radio', { name: '其他' }).check();
    await page.getByLabel('意见类别').selectOption({ label: '政务服务' });
    await page.getByLabel('意见内容').fill('教育局办事大厅中午不开门，上班族没法办事，建议中午轮班。');
    await page.getByLabel('电子邮箱').fill('nojs.parent@example.com');
    await page.getByRole('button', { name: '提交意见' }).click();
    await page.waitForURL(`${baseUrl}/feedback/submit`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('您的意见已提交');
    const code = (await page.getByTestId('tracking-code').textContent())!;
    const secret = (await page.getByTestId('tracking-secret').textContent())!;
    expect(code).toMatch(/^FK\d{8}-[A-Z2-9]{4}$/);
    expect(row(code)).toMatchObject({ status: 'pending', needs_screening: 1 });
    // The same way back as with JavaScript: the due date, the QR code as an image, the link to keep.
    expect(await page.getByTestId('reply-due-by').textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(await page.locator('.receipt-next__qr img').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await page.getByTestId('tracking-link').getAttribute('href')).toBe(`${config.publicBaseUrl}/track/#code=${code}&secret=${secret}`);
    expect(await page.getByText(/在浏览器打开/).count()).toBe(1);
    // The frame is the site's own: navigation and the 大字 switch.
    expect(await page.getByRole('navigation', { name: '栏目导航' }).count()).toBe(1);

    await page.getByRole('link', { name: '查询办理进度', exact: true }).click();
    await page.getByLabel('查询码', { exact: true }).fill(code);
    await page.getByLabel('查询密码', { exact: true }).fill(secret);
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(`${baseUrl}/track/result`);
    expect(await page.locator('.tracking-state').textContent()).toBe('待受理');
    await page.getByRole('checkbox', { name: '我确认撤回这条意见' }).check();
    await page.getByRole('button', { name: '撤回意见' }).click();
    await page.waitForURL(`${baseUrl}/track/withdraw`);
    expect(await page.locator('.tracking-state').textContent()).toBe('已撤回');
    expect(await page.locator('body').textContent()).toContain('联系方式已按规定删除');
    expect(app.db.prepare('SELECT contact_email FROM feedback WHERE tracking_code = ?').get(code)).toEqual({ contact_email: null });
    expect(foreign).toEqual([]);
    await context.close();
  });

  it('keeps a code and secret typed before the tracking island arrived, and looks them up', async () => {
    const { context, page, errors } = await phone();
    const opinion = app.db.prepare("SELECT tracking_code FROM feedback WHERE status = 'pending' ORDER BY id LIMIT 1").get() as { tracking_code: string };
    // A slow phone: the island's script arrives only after the visitor has typed.
    let release: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (release = resolve));
    // Only the island's own module is held back: the page and its other scripts load as usual.
    const componentUrl = /component-url="([^"]+)"/.exec(readBuiltPage(join(siteRoot, 'track', 'index.html')))?.[1];
    expect(componentUrl).toBeDefined();
    await page.route(`${baseUrl}${componentUrl}`, async (route) => {
      await arrived;
      await route.continue();
    });
    await page.goto(`${baseUrl}/track/`, { waitUntil: 'domcontentloaded' });
    await page.getByLabel('查询码', { exact: true }).fill(opinion.tracking_code);
    await page.getByLabel('查询密码', { exact: true }).fill('wrongsecret');
    release();
    await expect.poll(() => page.locator('astro-island[ssr]').count()).toBe(0);
    // The island's first render keeps what was typed, and the lookup uses it.
    expect(await page.getByLabel('查询码', { exact: true }).inputValue()).toBe(opinion.tracking_code);
    expect(await page.getByLabel('查询密码', { exact: true }).inputValue()).toBe('wrongsecret');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('查询码或查询密码不正确');
    expect(page.url()).toBe(`${baseUrl}/track/`);
    expect(errors.filter((error) => !error.includes('404') && !error.includes('401') && !error.includes('403'))).toEqual([]);
    await context.close();
  });

  it('prints a poster per unit whose QR code leads to the form with that unit preset', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 1100 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const unit = snapshot.units.find((candidate) => candidate.kind === 'school') ?? snapshot.units[0]!;
    await page.goto(`${baseUrl}/posters/${encodeURIComponent(unit.code)}/`);
    expect(await page.locator('.poster__unit').textContent()).toBe(unit.name);
    // Draw the SVG as a scanner would see it, and decode it.
    const decoded = await decodePosterQr(page);
    const expected = `${baseUrl}/feedback/?unit=${encodeURIComponent(unit.code)}`;
    expect(decoded).toBe(expected);
    expect(await page.locator('.poster').textContent()).toContain(`${baseUrl}/track/`);
    expect(await page.locator('.poster__privacy').textContent()).toContain(`${config.contactRetentionDays} 天后删除`);
    // Following the code opens the form with the unit chosen.
    await page.goto(decoded!);
    await expect.poll(() => page.getByLabel('相关学校/单位').inputValue()).toBe(unit.code);

    // All posters at once: one A4 page per unit, without the site's header and footer.
    await page.goto(`${baseUrl}/posters/`);
    expect(await page.locator('.poster').count()).toBe(snapshot.units.length);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    const pageCount = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pageCount).toBe(snapshot.units.length);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    await context.close();
  });

  it(`keeps the form page's JavaScript within ${FORM_PAGE_JS_BUDGET / 1024} KB compressed, with a worker under 2 KB`, async () => {
    const files = pageJavaScript(siteRoot, '/feedback/');
    const total = files.reduce((sum, file) => sum + file.gzipBytes, 0);
    const table = files.map((file) => `${file.path} ${file.bytes} B, ${file.gzipBytes} B gzip`).join('\n');
    expect(total, table).toBeLessThanOrEqual(FORM_PAGE_JS_BUDGET);
    const worker = files.find((file) => /\/sha\.[\w-]+\.js$/.test(file.path));
    expect(worker, table).toBeDefined();
    expect(worker!.gzipBytes).toBeLessThan(2048);
    // Pages for reading carry no island.
    for (const path of ['/replies/', `/replies/${snapshot.replies[0]!.id}/`, '/posters/']) {
      expect(pageJavaScript(siteRoot, path).map((file) => file.path), path).toEqual(['/text-size.js']);
    }
  });

  it('lists published replies with filters that work without JavaScript, linked with their ledger item', async () => {
    const { context, page } = await phone({ javaScriptEnabled: false });
    expect(snapshot.replies.length).toBeGreaterThan(20);
    await page.goto(`${baseUrl}/replies/`);
    const category = snapshot.replies[0]!.categoryLabel;
    // The filters are folded (a <details>, no JavaScript needed) so that the first reply shows first.
    await page.locator('.reply-filters__fold > summary').click();
    await page.locator('.filter-list').first().getByRole('link', { name: new RegExp(`^${category}（`) }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`留言选登：${category}`);
    const shown = await page.locator('.reply-card').count();
    expect(shown).toBe(Math.min(20, snapshot.replies.filter((reply) => reply.categoryLabel === category).length));
    const withItem = snapshot.replies.find((reply) => reply.itemCode !== null)!;
    await page.goto(`${baseUrl}/replies/${withItem.id}/`);
    expect(await page.locator('.reply-box').textContent()).toContain(withItem.reply.split('\n')[0]!.trim());
    await page.getByRole('link', { name: new RegExp(withItem.itemCode!) }).click();
    await page.waitForURL(`${baseUrl}/ledger/${encodeURIComponent(withItem.itemCode!)}/`);
    expect(await page.locator(`a[href="/replies/${withItem.id}/"]`).count()).toBe(1);
    // Nothing about a submitter reaches these pages.
    for (const reply of snapshot.replies.slice(0, 5)) {
      await page.goto(`${baseUrl}/replies/${reply.id}/`);
      expect(await page.locator('main').textContent()).not.toMatch(/1[3-9]\d{9}/);
    }
    await context.close();
  });

  it('pages older replies from the oldest, without counts that move, and leads back to the newest and the filters', async () => {
    const { context, page } = await phone({ javaScriptEnabled: false });
    const pages = numberedPageCount(snapshot.replies.length, REPLIES_PAGE_SIZE);
    expect(pages).toBeGreaterThan(1);
    await page.goto(`${baseUrl}/replies/`);
    const pagination = page.getByRole('navigation', { name: '分页' });
    expect(await pagination.textContent()).toContain('第 1 页为最早');
    // 更早 from the newest replies: the page holding the newest reply the first address does not show.
    await pagination.getByRole('link', { name: '较早' }).click();
    await page.waitForURL(`${baseUrl}/replies/page/${pages - 1}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`留言选登（第 ${pages - 1} 页）`);
    const titles = await page.locator('.reply-card h2').allTextContents();
    const older = snapshot.replies.slice(REPLIES_PAGE_SIZE);
    expect(older.length).toBeGreaterThan(0);
    expect(titles.map((title) => title.trim())).toContain(older[0]!.title);
    // Nothing that moves with newer replies: no count, no number of pages.
    expect(await page.locator('main').textContent()).not.toMatch(/共 ?\d+ ?[条页]/);
    expect(await pagination.getByRole('link', { name: `第 ${pages - 1} 页` }).getAttribute('aria-current')).toBe('page');
    // The filters are on the first address.
    await page.getByRole('link', { name: '按类别、承办单位筛选' }).click();
    await page.waitForURL(`${baseUrl}/replies/#filters`);
    await page.goBack();
    await page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: '最新' }).click();
    await page.waitForURL(`${baseUrl}/replies/`);
    await context.close();
  });

  describe('for everyone (适老化)', () => {
    it('enlarges the text with the 大字 switch, without JavaScript and, remembered, with it', async () => {
      const bodySize = (page: Page) => page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize));
      const noJs = await phone({ javaScriptEnabled: false });
      await noJs.page.goto(`${baseUrl}/replies/`);
      expect(await bodySize(noJs.page)).toBe(16);
      await noJs.page.getByText('大字', { exact: true }).click();
      expect(await bodySize(noJs.page)).toBeGreaterThanOrEqual(18);
      await noJs.context.close();

      const { context, page } = await phone();
      await page.goto(`${baseUrl}/feedback/`);
      // By keyboard: the switch is a checkbox in the tab order.
      await page.getByRole('checkbox', { name: '大字' }).focus();
      await page.keyboard.press('Space');
      expect(await bodySize(page)).toBeGreaterThanOrEqual(18);
      await page.goto(`${baseUrl}/track/`);
      expect(await bodySize(page)).toBeGreaterThanOrEqual(18);
      expect(await page.getByRole('checkbox', { name: '大字' }).isChecked()).toBe(true);
      // The page still fits the phone in large text.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await context.close();
    });

    it('opens the full privacy notice from the form and the tracking page, fitting the phone in large text', async () => {
      const { context, page } = await phone({ javaScriptEnabled: false });
      for (const path of ['/feedback/', '/track/']) {
        await page.goto(`${baseUrl}${path}`);
        await page.getByRole('link', { name: '阅读完整的个人信息保护说明' }).click();
        await page.waitForURL(`${baseUrl}/privacy/`);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('个人信息保护说明');
      }
      await page.getByText('大字', { exact: true }).click();
      expect(await page.locator('main').textContent()).toContain(`${config.contactRetentionDays} 天后，联系方式`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await context.close();
    });

    it.each(['/feedback/', '/track/'])('gives every control on %s a name and a touch target of at least 44 × 44 px', async (path) => {
      const { context, page } = await phone();
      await page.goto(`${baseUrl}${path}`);
      const problems = await page.evaluate(() => {
        const found: string[] = [];
        const describe = (element: Element) => element.outerHTML.slice(0, 100);
        for (const control of document.querySelectorAll<HTMLElement>('a, button, input, select, textarea, summary')) {
          if (control.closest('[aria-hidden="true"]') || (control as HTMLInputElement).type === 'hidden') continue;
          const style = getComputedStyle(control);
          if (style.display === 'none' || control.closest('.visually-hidden')) continue;
          // A radio or checkbox is operated through its label: the label is the target.
          const input = control as HTMLInputElement;
          const target = input.type === 'radio' || input.type === 'checkbox' ? (input.labels?.[0] ?? control) : control;
          if (getComputedStyle(target).display === 'none' || target.getClientRects().length === 0) continue;
          // Links inside running text are exempt (WCAG 2.5.8 "inline").
          if (control.tagName === 'A' && getComputedStyle(control).display === 'inline') continue;
          const box = target.getBoundingClientRect();
          if (box.width < 44 || box.height < 44) found.push(`${Math.round(box.width)}×${Math.round(box.height)} ${describe(target)}`);
          const named = (input.labels?.length ?? 0) > 0 || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby') || control.textContent?.trim();
          if (!named) found.push(`no name: ${describe(control)}`);
        }
        return found;
      });
      expect(problems).toEqual([]);
      await context.close();
    });

    it('ties each error to its field, in Chinese, and lets the reader jump to it', async () => {
      const { context, page } = await phone();
      await page.goto(`${baseUrl}/feedback/`);
      await page.locator('form[novalidate]').waitFor();
      await page.getByLabel('手机号码').fill('12345');
      await page.getByRole('button', { name: '提交意见' }).click();
      const summary = page.getByRole('alert');
      await expect.poll(() => summary.textContent()).toMatch(/请修改以下内容/);
      const invalid = await page.evaluate(() =>
        [...document.querySelectorAll('[aria-invalid="true"]')].map((control) => {
          const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
          return { id: control.id, errors: ids.map((id) => document.getElementById(id)?.textContent ?? '').filter((text) => text.includes('错误')) };
        }),
      );
      expect(invalid.map((entry) => entry.id).sort()).toEqual(['feedback-category', 'feedback-content', 'feedback-contactPhone', 'feedback-role-0', 'feedback-role-1', 'feedback-role-2', 'feedback-role-3'].sort());
      for (const entry of invalid) expect(entry.errors.length, entry.id).toBe(1);
      await summary.getByRole('link', { name: /手机号码/ }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('feedback-contactPhone');
      await context.close();
    });

    it('looks up an opinion with the keyboard alone', async () => {
      const { context, page } = await phone();
      await page.goto(`${baseUrl}/track/`);
      await expect.poll(() => page.locator('astro-island[ssr]').count()).toBe(0);
      await page.getByLabel('查询码', { exact: true }).focus();
      await page.keyboard.type('FK20260101-ZZZZ');
      await page.keyboard.press('Tab');
      await page.keyboard.type('wrongsecret');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('查询码或查询密码不正确，请核对后重试');
      // Focus moves to the message once it is drawn (an effect after the render): wait for it.
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
      // The message is tied to both fields.
      for (const label of ['查询码', '查询密码']) expect(await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')).toContain('track-error');
      await context.close();
    });

    it.each([
      ['/feedback/', 'normal'],
      ['/feedback/', 'large'],
      ['/track/', 'normal'],
      ['/replies/', 'normal'],
      ['/replies/', 'large'],
      ['reply', 'normal'],
      ['category', 'normal'],
      ['/replies/page/1/', 'normal'],
      ['/replies/page/1/', 'large'],
      ['/posters/', 'normal'],
      ['/privacy/', 'normal'],
      ['/privacy/', 'large'],
      ['receipt without JavaScript', 'normal'],
      ['tracking result without JavaScript', 'large'],
      ['tracking result with JavaScript', 'normal'],
    ])('has no WCAG 2.1 A/AA violations (contrast included) on %s, %s text, at 375 px', async (which, size) => {
      // bypassCSP only lets the test inject axe-core; the CSP itself is checked by the flows above.
      const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN', userAgent: WECHAT_USER_AGENT, bypassCSP: true });
      const page = await context.newPage();
      if (size === 'large') await page.addInitScript(() => localStorage.setItem('zfzg-text-size', 'large'));
      // The server's own pages are reached by a form post, as a browser without JavaScript would.
      const postForm = async (path: string, fields: Record<string, string>) => {
        await page.evaluate(
          ({ action, values }) => {
            const element = document.createElement('form');
            element.method = 'post';
            element.action = action;
            for (const [name, value] of Object.entries(values)) {
              const input = document.createElement('input');
              input.type = 'hidden';
              input.name = name;
              input.value = value;
              element.append(input);
            }
            document.body.append(element);
            element.submit();
          },
          { action: path, values: fields },
        );
        await page.waitForURL(`${baseUrl}${path}`);
      };
      if (which === 'reply') await page.goto(`${baseUrl}/replies/${snapshot.replies[0]!.id}/`);
      else if (which === 'category') await page.goto(`${baseUrl}/replies/category/${snapshot.replies[0]!.category}/`);
      else if (which === 'receipt without JavaScript' || which.startsWith('tracking result')) {
        await page.goto(`${baseUrl}/replies/`);
        await postForm('/feedback/submit', { role: 'parent', category: 'teaching', content: '无障碍检查用的一条意见，内容足够长。', consentToPublish: 'on' });
        const code = (await page.getByTestId('tracking-code').textContent())!;
        const secret = (await page.getByTestId('tracking-secret').textContent())!;
        if (which === 'tracking result without JavaScript') await postForm('/track/result', { trackingCode: code, secret });
        if (which === 'tracking result with JavaScript') {
          await page.goto(`${baseUrl}/track/`);
          // The island must have taken over before the lookup (on a busy machine a click can beat it).
          await expect.poll(() => page.locator('astro-island[ssr]').count()).toBe(0);
          await page.getByLabel('查询码', { exact: true }).fill(code);
          await page.getByLabel('查询密码', { exact: true }).fill(secret);
          await page.getByRole('button', { name: '查询' }).click();
          await expect.poll(() => page.locator('.tracking-state').count(), { timeout: 10_000 }).toBe(1);
        }
      } else await page.goto(`${baseUrl}${which}`);
      const violations = await wcagViolations(page);
      expect(violations).toEqual([]);
      if (size === 'large') expect(await page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThanOrEqual(18);
      await context.close();
    });
  });
});
