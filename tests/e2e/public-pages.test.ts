// Daily use of the public pages, measured in Chromium on the demo bureau built once: at 360 and
// 375 px (phones) and 1280 px, in normal and 大字 text, every page type is measured for
//   - text size: nothing under 14 px; body text 16 px (大字: at least 20 px);
//   - targets: every link, button, input and summary at least 44 × 44 px (WCAG 2.5.5). Links inside
//     running text are exempt, as WCAG 2.5.5's "inline" exception allows: a link is inline when its
//     block holds other text around it (a sentence), not when it is the block's only content;
//   - wrapping: a button's (or a choice's) text is never broken inside a word;
//   - spacing: the next block below a button starts at least 8 px under it;
//   - no sideways scrolling, and axe-core's WCAG 2.1 A/AA checks.
// Then 留言选登's folded filters and titles, the progress bars' colours, and the W3C Nu checker
// (vnu-jar, with the machine's Java) over one page of every type, the admin app included.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import type { PublicSnapshot } from '../../db/public-snapshot-schema.ts';
import { acceptFeedback, approveReply, assignFeedback, draftReply } from '../../server/actions/feedback-steps.ts';
import { makeFeedbackSubmission } from '../fixtures/factories.ts';
import { createStaff } from '../helpers/admin.ts';
import { readBuiltPage } from '../helpers/site.ts';
import { wcagViolations } from '../helpers/axe.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';

const JAVA = '/usr/bin/java';
const VNU_JAR = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');
const MIN_TEXT_PX = 14;
const MIN_TARGET_PX = 44;
const MIN_GAP_PX = 8;
const WIDTHS = [360, 375, 1280] as const;
const MODES = ['normal', 'large'] as const;

interface Measured {
  bodyFontSize: number;
  smallText: string[];
  smallTargets: string[];
  brokenWords: string[];
  crowded: string[];
  scrollWidth: number;
}

/** Runs in the page: every finding described so that a failure says where to look. */
function measurePage(limits: { minText: number; minTarget: number; minGap: number }): Measured {
  const describe = (element: Element) => {
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30);
    const name = element.getAttribute('aria-label') ?? element.getAttribute('name') ?? element.id;
    return `<${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}> "${text || name}"`;
  };
  const shown = (element: Element) => {
    const rect = element.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) return false; // visually hidden (skip link, labels for screen readers)
    if (rect.right <= 0 || rect.left >= document.documentElement.scrollWidth) return false; // moved off the page (the form's trap for bots)
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    // Inside a closed <details> (other than its summary) nothing is drawn.
    const details = element.closest('details:not([open])');
    return !details || element.closest('summary')?.parentElement === details;
  };

  // Text: the element that holds each piece of visible text.
  const smallText = new Set<string>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !(node.textContent ?? '').trim()) continue;
    if (parent.closest('script, style, noscript, template')) continue;
    if (!shown(parent)) continue;
    // A chart's label is drawn in the SVG's units: its size on screen is its font size times the
    // drawing's scale (shown width over viewBox width).
    const svg = parent.closest('svg');
    if (svg && svg.getAttribute('aria-hidden') === 'true') continue;
    const scale = svg && svg.viewBox.baseVal.width > 0 ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
    const size = Number.parseFloat(getComputedStyle(parent).fontSize) * scale;
    if (size < limits.minText - 0.01) smallText.add(`${describe(parent)} ${size}px`);
  }

  // Targets.
  const smallTargets: string[] = [];
  const targets = document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"]');
  for (const target of targets) {
    // A checkbox or radio is operated through its label, which is the target.
    const box = target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio') ? (target.closest('label') ?? target.labels?.[0] ?? target) : target;
    if (!shown(box)) continue;
    if (target.tagName === 'A') {
      // WCAG 2.5.5's inline exception: a link in a sentence or block of text.
      let block = target.parentElement;
      while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
      const around = (block?.textContent ?? '').replace(/\s+/g, '');
      const own = (target.textContent ?? '').replace(/\s+/g, '');
      if (around.length > own.length) continue;
    }
    const rect = box.getBoundingClientRect();
    if (rect.width < limits.minTarget - 0.5 || rect.height < limits.minTarget - 0.5) smallTargets.push(`${describe(box)} ${Math.round(rect.width)}×${Math.round(rect.height)}`);
  }

  // Buttons and choices: one line unless the text has a space to break at.
  const brokenWords: string[] = [];
  for (const control of document.querySelectorAll('button, .button, .choice, summary, input[type="submit"]')) {
    if (!shown(control)) continue;
    const text = (control.textContent ?? '').trim();
    if (!text || /\s/.test(text)) continue;
    // Each piece of text on one line (a radio button beside it, or two parts that wrap as wholes, are fine).
    const texts = document.createTreeWalker(control, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      if (/\s/.test((node.textContent ?? '').trim())) continue;
      const lines = new Set<number>();
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0 && rect.height > 0) lines.add(Math.round(rect.top + rect.height / 2));
      if (lines.size > 1) brokenWords.push(`${describe(control)} "${node.textContent}" on ${lines.size} lines`);
    }
  }

  // Spacing: the first block below a button (in document order) starts at least minGap under it.
  const crowded: string[] = [];
  const blocks = [...document.querySelectorAll('h1, h2, h3, h4, p, ul, ol, dl, table, form, fieldset, section, .notice, .field')];
  for (const button of document.querySelectorAll('button, .button')) {
    if (!shown(button)) continue;
    const own = button.getBoundingClientRect();
    const next = blocks.find((block) => {
      if (!(button.compareDocumentPosition(block) & Node.DOCUMENT_POSITION_FOLLOWING) || block.contains(button) || !shown(block)) return false;
      return block.getBoundingClientRect().top >= own.top + own.height / 2;
    });
    if (!next) continue;
    const gap = next.getBoundingClientRect().top - own.bottom;
    if (gap < limits.minGap - 0.5) crowded.push(`${describe(button)} → ${describe(next)} ${Math.round(gap)}px`);
  }

  return {
    bodyFontSize: Number.parseFloat(getComputedStyle(document.body).fontSize),
    smallText: [...smallText],
    smallTargets,
    brokenWords,
    crowded,
    scrollWidth: document.documentElement.scrollWidth,
  };
}

/** The first folder under `dir` with an index.html (a list's first entry), as a path. */
function firstPageUnder(root: string, dir: string): string {
  // A page larger than a block is stored only as index.html.gz (site/decisions/006).
  const entry = readdirSync(join(root, dir), { withFileTypes: true }).find(
    (one) => one.isDirectory() && (existsSync(join(root, dir, one.name, 'index.html')) || existsSync(join(root, dir, one.name, 'index.html.gz'))),
  );
  if (!entry) throw new Error(`no page under /${dir}/`);
  return `/${dir}/${entry.name}/`;
}

describe('public pages for everyday reading', { timeout: 1_200_000 }, () => {
  let portal: Portal;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let siteRoot: string;
  let snapshot: PublicSnapshot;
  let tracking: { code: string; secret: string };
  let pages: Record<string, string>;

  beforeAll(async () => {
    portal = await startPortal({ name: 'public-pages', build: 'at-address', host: '127.0.0.1' });
    ({ app, browser, baseUrl, siteRoot } = portal);
    snapshot = portal.snapshot();

    // An answered opinion of our own, so that the tracking page shows the reply and the rating form.
    const submitted = await app.inject({ method: 'POST', url: '/api/feedback', payload: await withProofOfWork(makeFeedbackSubmission({ title: '体育课被占用' })) });
    expect(submitted.statusCode, submitted.body).toBe(201);
    tracking = { code: (submitted.json() as { trackingCode: string }).trackingCode, secret: (submitted.json() as { secret: string }).secret };
    const row = () => app.db.prepare('SELECT id, version FROM feedback WHERE tracking_code = ?').get(tracking.code) as { id: number; version: number };
    const unitId = (app.db.prepare("SELECT id FROM units WHERE kind = 'school' ORDER BY id LIMIT 1").get() as { id: number }).id;
    const office = await createStaff(app.db, { roles: ['office'] });
    const handler = await createStaff(app.db, { roles: ['handler'], unitId });
    const context = () => ({ now: new Date(), calendar: app.workCalendar() });
    const step = () => ({ feedbackId: row().id, version: row().version });
    expect(acceptFeedback(app.db, office, step(), context())).toMatchObject({ ok: true });
    expect(assignFeedback(app.db, office, { ...step(), unitId }, context())).toMatchObject({ ok: true });
    expect(draftReply(app.db, handler, { ...step(), reply: '经核实，学校已按课表开足体育课。' }, context())).toMatchObject({ ok: true });
    expect(approveReply(app.db, office, step(), context())).toMatchObject({ ok: true });

    pages = {
      home: '/',
      'ledger list': '/ledger/',
      'ledger item': `/ledger/${snapshot.items[0]!.code}/`,
      'news list': '/news/',
      'news post': firstPageUnder(siteRoot, 'news'),
      'replies list': '/replies/',
      'replies filter': `/replies/category/${snapshot.replies[0]!.category}/`,
      'replies numbered page': firstPageUnder(siteRoot, 'replies/page'),
      'reply item': `/replies/${snapshot.replies[0]!.id}/`,
      stats: '/stats/',
      'feedback form': '/feedback/',
      track: '/track/',
      search: '/search/',
      evaluations: '/evaluations/',
      'evaluation round': firstPageUnder(siteRoot, 'evaluations'),
      topics: '/topics/',
      'topic campaign': firstPageUnder(siteRoot, 'topics'),
      'open data': '/opendata/',
      privacy: '/privacy/',
      'not found': '/no-such-page/',
    };
  });

  afterAll(async () => {
    await portal?.close();
  });

  async function open(path: string, width: number, mode: (typeof MODES)[number], height = 800): Promise<Page> {
    // bypassCSP only lets the test inject axe-core.
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', bypassCSP: true });
    const page = await context.newPage();
    if (mode === 'large') await page.addInitScript(() => localStorage.setItem('zfzg-text-size', 'large'));
    await page.goto(`${baseUrl}${path}`);
    if (path === '/track/') {
      // The island must have taken over before the lookup.
      await expect.poll(() => page.locator('astro-island[ssr]').count()).toBe(0);
      await page.getByLabel('查询码', { exact: true }).fill(tracking.code);
      await page.getByLabel('查询密码', { exact: true }).fill(tracking.secret);
      await page.getByRole('button', { name: '查询' }).click();
      await expect.poll(() => page.locator('.rating-form').count(), { timeout: 15_000 }).toBe(1);
    }
    if (path === '/feedback/') await expect.poll(() => page.locator('astro-island[ssr]').count()).toBe(0);
    return page;
  }

  const cases = WIDTHS.flatMap((width) => MODES.map((mode) => [width, mode] as const));

  it.each(cases)('at %i px in %s text: text sizes, targets, wrapping, spacing and axe on every page type', async (width, mode) => {
    const findings: Record<string, Partial<Measured> & { axe?: string[] }> = {};
    for (const [name, path] of Object.entries(pages)) {
      const page = await open(path, width, mode);
      const measured = await page.evaluate(measurePage, { minText: MIN_TEXT_PX, minTarget: MIN_TARGET_PX, minGap: MIN_GAP_PX });
      const found: Partial<Measured> & { axe?: string[] } = {};
      if (mode === 'normal' ? measured.bodyFontSize !== 16 : measured.bodyFontSize < 20) found.bodyFontSize = measured.bodyFontSize;
      for (const key of ['smallText', 'smallTargets', 'brokenWords', 'crowded'] as const) if (measured[key].length > 0) found[key] = measured[key];
      if (measured.scrollWidth > width) found.scrollWidth = measured.scrollWidth;
      // axe at the phone width and on the desktop (360 px adds nothing axe sees).
      if (width !== 360) {
        const violations = await wcagViolations(page);
        if (violations.length > 0) found.axe = violations;
      }
      if (Object.keys(found).length > 0) findings[`${name} (${path})`] = found;
      await page.context().close();
    }
    expect(findings).toEqual({});
  });

  it('shows the first reply of 留言选登 on a phone’s first screen, the filters folded, each card headed by its title', async () => {
    const page = await open('/replies/', 375, 'normal', 667);
    const fold = page.locator('details.reply-filters__fold');
    expect(await fold.getAttribute('open')).toBeNull();
    expect(await page.getByRole('link', { name: new RegExp(`^${snapshot.categories[0]!.label}`) }).isVisible()).toBe(false);
    const first = page.locator('.reply-card').first();
    const box = (await first.locator('h2').boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(667);
    const headings = await page.locator('.reply-card h2').allTextContents();
    expect(headings.map((text) => text.trim())).toEqual(snapshot.replies.slice(0, headings.length).map((reply) => reply.title));
    // Unfolded, the filters are there and work as links.
    await fold.locator('summary').click();
    const category = snapshot.replies[0]!.categoryLabel;
    await page.getByRole('link', { name: new RegExp(`^${category}（`) }).click();
    await page.waitForURL(/\/replies\/category\//);
    expect(await page.locator('summary').first().textContent()).toContain(`当前：${category}`);
    await page.context().close();
  });

  it('titles a reply’s page with the title the 办公室 set, and the demo’s published replies all have one', async () => {
    expect(snapshot.replies.length).toBeGreaterThan(0);
    for (const reply of snapshot.replies) expect(reply.title.length).toBeGreaterThan(0);
    const reply = snapshot.replies[0]!;
    const page = await open(`/replies/${reply.id}/`, 375, 'normal');
    expect((await page.locator('h1').textContent())?.trim()).toBe(reply.title);
    expect(await page.title()).toMatch(new RegExp(`^${reply.title} - 留言选登`));
    await page.context().close();
  });

  it('colours each progress bar by the item’s state: the accent red only for an overdue item', async () => {
    const page = await open('/ledger/', 1280, 'normal');
    const bars = await page.locator('.item-card').evaluateAll((cards) =>
      cards.map((card) => ({
        overdue: card.classList.contains('item-card--overdue'),
        status: card.querySelector('.badge')?.textContent ?? '',
        colour: getComputedStyle(card.querySelector('.progress__bar')!).color,
      })),
    );
    const accent = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--color-accent)';
      document.body.append(probe);
      return getComputedStyle(probe).color;
    });
    expect(bars.some((bar) => bar.overdue)).toBe(true);
    expect(bars.some((bar) => !bar.overdue)).toBe(true);
    for (const bar of bars) expect(bar.colour === accent, `${bar.status}${bar.overdue ? ' (overdue)' : ''}: ${bar.colour}`).toBe(bar.overdue);
    // Items of different states have different colours.
    expect(new Set(bars.filter((bar) => !bar.overdue).map((bar) => bar.colour)).size).toBeGreaterThan(1);
    await page.context().close();
  });

  it('has no errors in the W3C Nu checker on any page type, the admin app included', async () => {
    if (!existsSync(JAVA)) {
      throw new Error(`Java is missing at ${JAVA}: the W3C Nu checker (vnu-jar) needs it. Install Debian's default-jre-headless (apt-get install -y default-jre-headless); .ci/run does so on CI.`);
    }
    // The checker reads files: each page as Astro wrote it, decompressed where the build keeps
    // only its .gz (site/decisions/006), under a folder of its own laid out as the site.
    const checked = join(portal.dataDir, 'vnu');
    const files = [...[...Object.values(pages).filter((path) => path !== '/no-such-page/'), '/admin/'].map((path) => join(path, 'index.html')), '404.html'].map((path) => {
      const file = join(checked, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, readBuiltPage(join(siteRoot, path)));
      return file;
    });
    // A page with the very error the islands caused: the checker must find it, or it checked nothing.
    const known = join(portal.dataDir, 'known-invalid.html');
    writeFileSync(known, '<!doctype html><html lang="zh-CN"><head><title>x</title></head><body><div><p>a</p><style>p{}</style></div></body></html>');
    const { stdout } = await promisify(execFile)(JAVA, ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '--stdout', ...files, known], { maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr }),
    );
    const report = JSON.parse(stdout) as { messages: { type: string; url: string; message: string; extract?: string }[] };
    const errors = report.messages.filter((message) => message.type === 'error' || message.type === 'non-document-error');
    expect(errors.filter((message) => message.url.endsWith('/known-invalid.html')).map((message) => message.message)).toEqual([
      'A “style” element in “body” must be the first child of its parent.',
    ]);
    expect(errors.filter((message) => !message.url.endsWith('/known-invalid.html')).map((message) => `${message.url.replace(`file:${checked}`, '')}: ${message.message} ${message.extract ?? ''}`)).toEqual([]);
  });
});
