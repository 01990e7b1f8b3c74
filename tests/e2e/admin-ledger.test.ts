// The 台账管理员's day in the real admin app at 1280 px, over the demo bureau built once: the list
// and its filters, a new item (first with a field missing), an edit, a progress update, an outcome,
// publishing and withdrawing, an import checked before it is written, the categories, an opinion
// turned into an item by the 办公室, and a session that ends under the person's hands. Every step
// goes through the screens; the database confirms what the screens claim.
import type { FastifyInstance } from 'fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import { bureauDate } from '../../server/domain/bureau-time.ts';
import { isItemOverdue } from '../../server/domain/ledger-rules.ts';
import type { ItemStatus } from '../../server/domain/vocabulary.ts';
import { insertFeedbackRow } from '../fixtures/factories.ts';
import { type Row, singleSheet } from '../fixtures/ledger-files.ts';
import { createStaff, type TestStaff } from '../helpers/admin.ts';
import { openAdminPage, signInThroughForm, type WatchedPage } from '../helpers/admin-browser.ts';
import { wcagViolations } from '../helpers/axe.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PHONE = '13912345678';
const NEW_CODE = 'ZG-E2E-001';
const IMPORTED_CODE = 'ZG-E2E-101';

interface ItemRow {
  id: number;
  code: string;
  title: string;
  problem: string;
  measures: string;
  deadline: string | null;
  status: string;
  progress: number;
  leader_name: string;
  is_published: number;
  version: number;
  source: string;
}

describe('the 台账管理员 in the admin app at 1280 px', { timeout: 180_000 }, () => {
  let portal: Portal;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let ledgerStaff: TestStaff;
  let office: TestStaff;
  let feedbackRowId: number;
  let feedbackCode: string;
  /** The ledger manager's page, signed in once and used by every step in turn. */
  let page: Page;
  let newItemId: number;
  const watchedPages: WatchedPage[] = [];

  const item = (code: string) => app.db.prepare<[string], ItemRow>('SELECT * FROM rectification_items WHERE code = ?').get(code);
  const itemCount = () => app.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM rectification_items').get()!.n;
  const codesWhere = (where: string) => app.db.prepare<[], { code: string }>(`SELECT code FROM rectification_items WHERE ${where}`).all().map((row) => row.code);

  async function watchedPage(): Promise<WatchedPage> {
    const watched = await openAdminPage(browser, baseUrl);
    // The steps depend on each other: fail soon, not after Playwright's 30 s per action.
    watched.page.setDefaultTimeout(15_000);
    watchedPages.push(watched);
    return watched;
  }

  /** The number the list's “共 N 项” states. */
  const listTotal = async () => Number((await page.getByText(/^共 \d+ 项$/).textContent())?.match(/\d+/)?.[0]);
  const listCodes = () => page.getByRole('table', { name: '整改事项列表' }).getByRole('rowheader').allTextContents();
  const itemSummary = () => page.locator('#ledger-item-heading + p').textContent();

  /** Sets the filters, submits them, and waits until the list shows exactly `codes` (in any order). */
  async function filterList(choose: (filters: Locator) => Promise<unknown>, codes: string[]): Promise<void> {
    const filters = page.getByRole('form', { name: '筛选整改事项' });
    await choose(filters);
    await filters.getByRole('button', { name: '筛选' }).click();
    await expect.poll(async () => (await listCodes()).sort()).toEqual([...codes].sort());
    expect(await listTotal()).toBe(codes.length);
  }

  async function upload(name: string, rows: Row[]): Promise<void> {
    await page.getByLabel('台账文件').setInputFiles({ name, mimeType: XLSX, buffer: await singleSheet(rows) });
    await page.getByRole('button', { name: '检查文件（不写入）' }).click();
  }

  async function noHorizontalScroll(): Promise<boolean> {
    return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  }

  beforeAll(async () => {
    portal = await startPortal({
      name: 'admin-ledger',
      seed: async (db) => {
        ledgerStaff = await createStaff(db, { roles: ['ledger'], username: 'e2e-ledger', displayName: '测试台账管理员' });
        office = await createStaff(db, { roles: ['office'], username: 'e2e-office', displayName: '测试办公室' });
        // An accepted opinion with a phone number in it, for the 办公室 to turn into a ledger item.
        feedbackRowId = insertFeedbackRow(db, { status: 'accepted', content: `学校午餐经常吃不饱，食堂还按人头多收钱，请核查。我的电话${PHONE}` });
        feedbackCode = db.prepare<[number], { tracking_code: string }>('SELECT tracking_code FROM feedback WHERE id = ?').get(feedbackRowId)!.tracking_code;
      },
    });
    ({ app, browser, baseUrl } = portal);
    page = (await watchedPage()).page;
    await signInThroughForm(page, baseUrl, ledgerStaff);
  });

  afterAll(async () => {
    await portal?.close();
  });

  it('lists every demo item, and the filters narrow the list', async () => {
    await page.getByRole('heading', { level: 1, name: '整改台账' }).waitFor();
    const all = codesWhere('1');
    expect(all).toHaveLength(14);
    await expect.poll(async () => (await listCodes()).sort()).toEqual(all.sort());
    expect(await listTotal()).toBe(14);

    const today = bureauDate(new Date());
    const overdue = app.db
      .prepare<[], Pick<ItemRow, 'code' | 'deadline' | 'status'>>('SELECT code, deadline, status FROM rectification_items')
      .all()
      .filter((row) => isItemOverdue({ deadline: row.deadline, status: row.status as ItemStatus }, today))
      .map((row) => row.code);
    expect(overdue).toContain('ZG-2026-07');

    await filterList((filters) => filters.getByLabel('整改状态').selectOption({ label: '已完成' }), codesWhere("status = 'completed'"));
    const statuses = await page.getByRole('table', { name: '整改事项列表' }).locator('tbody tr td:nth-child(5)').allTextContents();
    expect(statuses.every((status) => status.startsWith('已完成'))).toBe(true);

    await filterList(async (filters) => {
      await filters.getByLabel('整改状态').selectOption({ label: '全部' });
      await filters.getByLabel('问题类别').selectOption({ label: '会议文件' });
    }, ['ZG-2026-01']);

    await filterList(async (filters) => {
      await filters.getByLabel('问题类别').selectOption({ label: '全部' });
      await filters.getByLabel('是否逾期').selectOption({ label: '已逾期' });
    }, overdue);

    const unit = app.db.prepare<[], { id: number; name: string }>('SELECT u.id, u.name FROM units u JOIN rectification_items i ON i.responsible_unit_id = u.id ORDER BY u.id LIMIT 1').get()!;
    await filterList(async (filters) => {
      await filters.getByLabel('是否逾期').selectOption({ label: '全部' });
      await filters.getByLabel('责任单位').selectOption({ label: unit.name });
    }, codesWhere(`responsible_unit_id = ${unit.id}`));

    await filterList(async (filters) => {
      await filters.getByLabel('责任单位').selectOption({ label: '全部' });
      await filters.getByLabel('搜索').fill('ZG-2026-1');
    }, ['ZG-2026-10', 'ZG-2026-11', 'ZG-2026-12', 'ZG-2026-13', 'ZG-2026-14']);

    await filterList((filters) => filters.getByLabel('搜索').fill(''), all);
    expect(await wcagViolations(page)).toEqual([]);

    // A tablet held upright: the list, its filters and its table fit without sideways scrolling.
    await page.setViewportSize({ width: 768, height: 1024 });
    await expect.poll(noHorizontalScroll).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('creates an item, after naming the missing title in Chinese beside its field', async () => {
    await page.getByRole('link', { name: '新建事项' }).click();
    const form = page.getByRole('form', { name: '新建整改事项' });
    await form.waitFor();
    await form.getByLabel('编号').fill(NEW_CODE);
    await form.getByLabel('问题描述').fill('部分学校食堂账目公示不及时，家长对伙食费收支有疑问。');
    await form.getByLabel('问题类别').selectOption({ label: '教育收费' });
    await form.getByLabel('整改措施').fill('督促各校每月公示食堂收支明细\n开展一次食堂经费专项检查');
    await form.getByLabel('截止日期', { exact: true }).fill('2027-06-30');
    await form.getByRole('button', { name: '保存' }).click();

    const title = form.getByLabel('标题');
    await expect.poll(() => title.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await title.getAttribute('aria-describedby'))!.split(' ')[0]!;
    expect(await page.locator(`#${errorId}`).textContent()).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff][^A-Za-z]*$/);
    // The error sits in the title's own field, not only in a summary at the top.
    expect(await title.evaluate((input, id) => input.closest('.field')?.contains(document.getElementById(id)), errorId)).toBe(true);
    expect(item(NEW_CODE)).toBeUndefined();

    await title.fill('规范学校食堂经费公示');
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`${NEW_CODE}\\s+规范学校食堂经费公示`) }).waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已新建整改事项。' }).count()).toBe(1);
    const saved = item(NEW_CODE)!;
    expect(saved).toMatchObject({ title: '规范学校食堂经费公示', deadline: '2027-06-30', status: 'not_started', is_published: 0, version: 1 });
    newItemId = saved.id;
    expect(page.url()).toBe(`${baseUrl}/admin/#/ledger/items/${newItemId}`);
  });

  it('edits the item, adds progress and an outcome, publishes it, withdraws it, and takes back the outcome and the update', async () => {
    await page.getByRole('link', { name: '修改事项' }).click();
    const form = page.getByRole('form', { name: `修改事项 ${NEW_CODE}` });
    await form.getByLabel('责任领导（姓名）').fill('王某某');
    await form.getByLabel('领导职务').fill('副局长');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已保存修改。' }).count()).toBe(1);
    const history = page.getByRole('table', { name: '每个版本的修改' });
    await expect.poll(() => history.locator('tbody tr').count()).toBe(2);
    expect(await history.locator('tbody tr').first().innerText()).toContain('责任领导');
    expect(await history.locator('tbody tr').first().innerText()).toContain('王某某');
    expect(item(NEW_CODE)).toMatchObject({ leader_name: '王某某', version: 2 });

    await page.getByRole('button', { name: '发布进展' }).click();
    const update = page.getByRole('form', { name: '发布整改进展' });
    await update.getByLabel('进展情况').fill('已召开专题会议，印发食堂经费公示通知。');
    await update.getByLabel('更新后的状态').selectOption({ label: '整改中' });
    await update.getByLabel('更新后的进度（%）').fill('40');
    await update.getByRole('button', { name: '发布' }).click();
    await expect.poll(itemSummary).toMatch(/^整改中，进度 40%/);
    expect(await page.getByRole('list').filter({ hasText: '已召开专题会议' }).innerText()).toContain('整改中，40%');
    expect(item(NEW_CODE)).toMatchObject({ status: 'in_progress', progress: 40 });

    await page.getByRole('button', { name: '添加制度成果' }).click();
    const outcome = page.getByRole('form', { name: '添加制度成果' });
    await outcome.getByLabel('成果名称').fill('示例县中小学食堂经费公示办法');
    await outcome.getByLabel('类型').selectOption({ label: '办法' });
    await outcome.getByLabel('印发日期').fill('2026-11-20');
    await outcome.getByRole('button', { name: '添加' }).click();
    await expect.poll(() => page.getByText('[办法] 《示例县中小学食堂经费公示办法》，2026-11-20印发').count()).toBe(1);
    expect(app.db.prepare<[number], { title: string; kind: string }>('SELECT title, kind FROM item_outcomes WHERE item_id = ?').all(newItemId)).toEqual([
      { title: '示例县中小学食堂经费公示办法', kind: 'method' },
    ]);

    expect(await wcagViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '公开', exact: true }).click();
    await expect.poll(itemSummary).toContain('已公开');
    expect(item(NEW_CODE)!.is_published).toBe(1);

    await page.getByRole('button', { name: '撤回公开' }).click();
    const withdraw = page.getByRole('form', { name: '撤回公开' });
    await withdraw.getByLabel('撤回理由').fill('整改措施需要重新核定后再公开。');
    await withdraw.getByRole('button', { name: '撤回公开' }).click();
    await expect.poll(itemSummary).toContain('未公开');
    expect(item(NEW_CODE)!.is_published).toBe(0);
    expect(await history.locator('tbody tr').first().innerText()).toContain('整改措施需要重新核定后再公开。');

    // Taken back: a mistyped outcome is removed, a mistaken update withdrawn, each with a reason.
    await page.getByRole('button', { name: '撤下 《示例县中小学食堂经费公示办法》' }).click();
    const remove = page.getByRole('form', { name: '撤下 《示例县中小学食堂经费公示办法》' });
    await remove.getByRole('button', { name: '撤下成果' }).click();
    await expect.poll(() => remove.getByLabel('撤下理由').getAttribute('aria-invalid')).toBe('true');
    await remove.getByLabel('撤下理由').fill('文件名称有误，将重新添加。');
    await remove.getByRole('button', { name: '撤下成果' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已撤下《示例县中小学食堂经费公示办法》。' }).count()).toBe(1);
    expect(app.db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM item_outcomes WHERE item_id = ?').get(newItemId)).toEqual({ n: 0 });
    await expect.poll(() => history.locator('tbody tr').first().innerText()).toContain('撤下制度成果');

    const updateLine = page.getByRole('listitem').filter({ hasText: '已召开专题会议' });
    await updateLine.getByRole('button', { name: /^撤回 .* 的进展$/ }).click();
    const takeBack = page.getByRole('form', { name: /^撤回 .* 的进展$/ });
    await takeBack.getByLabel('撤回理由').fill('进展发错了事项。');
    await takeBack.getByRole('button', { name: '撤回进展' }).click();
    await expect.poll(() => updateLine.innerText()).toContain('已撤回');
    expect(app.db.prepare<[number], { is_published: number }>('SELECT is_published FROM item_updates WHERE item_id = ?').all(newItemId)).toEqual([{ is_published: 0 }]);
    // The item's own progress stays as it was.
    expect(item(NEW_CODE)).toMatchObject({ status: 'in_progress', progress: 40 });
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('checks an import file first: a bad row is named by row and column and nothing is written', async () => {
    // A demo item the file updates: the same words, ten points more progress.
    const demo = app.db.prepare<[], ItemRow>("SELECT * FROM rectification_items WHERE code LIKE 'ZG-2026-%' AND status = 'in_progress' AND progress <= 80 ORDER BY code LIMIT 1").get()!;
    const header: Row = ['编号', '整改事项', '问题描述', '整改措施', '整改时限', '整改进度'];
    const created: Row = [IMPORTED_CODE, '规范课后服务收费', '个别学校课后服务收费标准不统一。', '统一全县课后服务收费标准', '2027-03-31', '10%'];
    const updated = (deadline: string): Row => [demo.code, demo.title, demo.problem, demo.measures, deadline, `${demo.progress + 10}%`];
    const before = itemCount();

    await page.getByRole('link', { name: '← 返回整改台账' }).click();
    await page.getByRole('link', { name: '导入台账' }).click();
    await page.getByRole('heading', { level: 1, name: '导入台账' }).waitFor();
    await upload('e2e-bad.xlsx', [header, created, updated('2026年13月1日')]);
    const report = page.getByRole('region', { name: /检查发现问题：e2e-bad\.xlsx/ });
    await report.waitFor();
    const problems = report.getByRole('table', { name: /问题/ }).locator('tbody tr');
    expect(await problems.count()).toBe(1);
    expect(await problems.locator('td').allTextContents()).toEqual(['3', 'E（整改时限）', expect.stringMatching(/^整改时限“2026年13月1日”不是有效日期/)]);
    expect(await page.getByRole('button', { name: '正式导入' }).count()).toBe(0);
    expect(itemCount()).toBe(before);
    expect(item(IMPORTED_CODE)).toBeUndefined();
    expect(item(demo.code)!.progress).toBe(demo.progress);

    await upload('e2e-good.xlsx', [header, created, updated(demo.deadline ?? '长期坚持')]);
    await page.getByRole('region', { name: /检查通过：e2e-good\.xlsx/ }).waitFor();
    expect(itemCount()).toBe(before);
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '正式导入' }).click();
    const done = page.getByRole('region', { name: /导入完成：e2e-good\.xlsx/ });
    await done.waitFor();
    expect(await done.getByRole('status').textContent()).toBe('已写入：新增 1 项，更新 1 项，无变化 0 项。');
    expect(itemCount()).toBe(before + 1);
    expect(item(IMPORTED_CODE)).toMatchObject({ title: '规范课后服务收费', progress: 10, deadline: '2027-03-31' });
    expect(item(demo.code)!.progress).toBe(demo.progress + 10);

    await page.getByRole('link', { name: '← 返回整改台账' }).click();
    await expect.poll(listTotal).toBe(before + 1);
    await filterList((filters) => filters.getByLabel('搜索').fill('ZG-E2E'), [NEW_CODE, IMPORTED_CODE]);
    // Back to the whole list first: the next filter expects the same two codes, and the list keeps
    // showing the last answer while a new one loads.
    await filterList((filters) => filters.getByLabel('搜索').fill(''), codesWhere('1'));
    // Neither the withdrawn item nor the imported one is public; every demo item is.
    await filterList((filters) => filters.getByLabel('是否公开').selectOption({ label: '未公开' }), [NEW_CODE, IMPORTED_CODE]);
    expect(codesWhere('is_published = 0').sort()).toEqual([NEW_CODE, IMPORTED_CODE]);
  });

  it('adds a category, refuses a bad code in Chinese, retires a category and renames it', async () => {
    await page.getByRole('link', { name: '问题类别' }).click();
    await page.getByRole('heading', { level: 1, name: '问题类别' }).waitFor();
    const table = page.getByRole('table', { name: '问题类别' });
    const rows = table.locator('tbody tr');
    const before = app.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM item_categories').get()!.n;
    await expect.poll(() => rows.count()).toBe(before);
    const form = page.getByRole('form', { name: '新增类别' });
    await form.getByLabel('类别代码').fill('Safety');
    await form.getByLabel('类别名称').fill('校园安全');
    await form.getByRole('button', { name: '新增类别' }).click();
    const code = form.getByLabel('类别代码');
    await expect.poll(() => code.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${(await code.getAttribute('aria-describedby'))!.split(' ')[0]}`).textContent()).toMatch(/[\u4e00-\u9fff]/);

    await code.fill('safety');
    await form.getByRole('button', { name: '新增类别' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已新增类别“校园安全”。' }).count()).toBe(1);
    await expect.poll(() => rows.count()).toBe(before + 1);
    expect(await rows.filter({ hasText: '校园安全' }).innerText()).toContain('启用');

    await page.getByRole('button', { name: '停用 校园安全' }).click();
    await expect.poll(() => rows.filter({ hasText: '校园安全' }).innerText()).toContain('已停用');
    expect(app.db.prepare<[], { label: string; is_active: number }>("SELECT label, is_active FROM item_categories WHERE code = 'safety'").get()).toEqual({ label: '校园安全', is_active: 0 });
    await page.getByRole('button', { name: '启用 校园安全' }).waitFor();

    // Renamed in place: an empty name is refused at its field, then the new name is kept.
    await page.getByRole('button', { name: '改名 校园安全' }).click();
    const rename = page.getByRole('form', { name: '修改类别名称：校园安全' });
    const newName = rename.getByLabel('新名称');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(await newName.getAttribute('id'));
    await newName.fill('');
    await rename.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => newName.getAttribute('aria-invalid')).toBe('true');
    await newName.fill('校园安全管理');
    await rename.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已改名为“校园安全管理”。' }).count()).toBe(1);
    expect(app.db.prepare<[], { label: string }>("SELECT label FROM item_categories WHERE code = 'safety'").get()).toEqual({ label: '校园安全管理' });
    await expect.poll(() => rows.filter({ hasText: '校园安全管理' }).count()).toBe(1);
    // The screen with a rename form open has no accessibility violations either.
    await page.getByRole('button', { name: '改名 校园安全管理' }).click();
    await page.getByRole('form', { name: '修改类别名称：校园安全管理' }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('form', { name: '修改类别名称：校园安全管理' }).getByRole('button', { name: '取消' }).click();
  });

  it('lets the 办公室 turn an accepted opinion into a 群众点题 item, linked both ways', async () => {
    const officeWatched = await watchedPage();
    const officePage = officeWatched.page;
    await signInThroughForm(officePage, baseUrl, office);
    await officePage.goto(`${baseUrl}/admin/#/feedback/${feedbackRowId}`);
    const facts = officePage.getByRole('region', { name: '基本信息' });
    await expect.poll(() => facts.innerText()).toMatch(/相关整改事项\s+不涉及/);

    // The opinion's page leads to the form.
    await facts.getByRole('link', { name: '列入整改台账' }).click();
    const form = officePage.getByRole('form', { name: '由群众意见新建整改事项' });
    await form.waitFor();
    expect(await officePage.getByText(`来源：意见 ${feedbackCode}（已受理）`).count()).toBe(1);
    const problem = await form.getByLabel('问题描述').inputValue();
    expect(problem).toContain('学校午餐经常吃不饱');
    expect(problem).not.toContain(PHONE);
    await form.getByLabel('编号').fill('ZG-E2E-201');
    await form.getByLabel('标题').fill('规范学校食堂收费');
    await form.getByLabel('整改措施').fill('核查食堂收费情况');
    await form.getByLabel('截止日期', { exact: true }).fill('2027-01-31');
    await form.getByRole('button', { name: '保存' }).click();
    // The 办公室 may not open ledger items, so it comes back to the opinion, which names the item.
    await expect.poll(() => officePage.url()).toBe(`${baseUrl}/admin/#/feedback/${feedbackRowId}`);
    await expect.poll(() => facts.innerText()).toMatch(/相关整改事项\s+ZG-E2E-201 规范学校食堂收费/);
    // Linked once: no second item from the same opinion, and no link to a page the 办公室 may not open.
    expect(await facts.getByRole('link').count()).toBe(0);
    const created = item('ZG-E2E-201')!;
    expect(created.source).toBe('public_topic');
    expect(app.db.prepare<[number], { item_id: number | null }>('SELECT item_id FROM feedback WHERE id = ?').get(feedbackRowId)!.item_id).toBe(created.id);

    // The item names its opinion too.
    await page.goto(`${baseUrl}/admin/#/ledger/items/${created.id}`);
    await page.getByRole('heading', { level: 1, name: /ZG-E2E-201/ }).waitFor();
    expect(await page.locator('.admin-facts').innerText()).toMatch(new RegExp(`问题来源\\s+群众点题（意见 ${feedbackCode}）`));
    expect(await page.getByRole('list').filter({ hasText: feedbackCode }).innerText()).toContain('已受理');

    // Someone who works in both (办公室 and 台账管理员) follows the links from one to the other.
    const both = await createStaff(app.db, { roles: ['office', 'ledger'], username: 'e2e-office-ledger', displayName: '测试办公室台账' });
    const bothPage = (await watchedPage()).page;
    await signInThroughForm(bothPage, baseUrl, both);
    await bothPage.goto(`${baseUrl}/admin/#/feedback/${feedbackRowId}`);
    await bothPage.getByRole('region', { name: '基本信息' }).getByRole('link', { name: 'ZG-E2E-201 规范学校食堂收费' }).click();
    await bothPage.getByRole('heading', { level: 1, name: /ZG-E2E-201/ }).waitFor();
    await bothPage.locator('.admin-facts').getByRole('link', { name: feedbackCode }).click();
    await bothPage.getByRole('heading', { level: 1, name: `意见 ${feedbackCode}` }).waitFor();
  });

  it('brings back the sign-in form when the session is deleted under the person', async () => {
    await page.getByRole('link', { name: '← 返回整改台账' }).click();
    await expect.poll(listTotal).toBeGreaterThan(0);
    app.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(ledgerStaff.id);
    await page.getByRole('link', { name: '规范学校食堂经费公示' }).click();
    await page.getByText('登录已失效，请重新登录。').waitFor();
    expect(await page.locator('#signin-username').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(0);
  });

  it('made no request to another origin and logged no unexpected console error', () => {
    // Failed requests the steps above caused on purpose: the form with a field missing, the bad
    // category code, and the request after the session was deleted.
    const expected = [
      { status: 400, url: `${baseUrl}/api/admin/ledger/items` },
      { status: 400, url: `${baseUrl}/api/admin/ledger/categories` },
      { status: 401, url: `${baseUrl}/api/admin/ledger/items/` },
    ];
    const unexpected = watchedPages
      .flatMap((watched) => watched.consoleErrors)
      .filter((error) => !expected.some(({ status, url }) => (error.url === url || error.url.startsWith(url)) && error.text.includes(`status of ${status}`)));
    expect(unexpected).toEqual([]);
    expect(watchedPages.flatMap((watched) => watched.foreignRequests)).toEqual([]);
  });
});
