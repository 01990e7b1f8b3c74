// The rebuild with a real Astro build: what reaches the site, the atomic switch, and that a
// failed build leaves the served site alone.
import { randomInt } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoForConfig } from '../../scripts/demo/seed-for-config.ts';
import { openDatabase } from '../../db/open.ts';
import { buildApp } from '../../server/app.ts';
import { type AppConfig, loadConfig } from '../../server/config.ts';
import { DEMO_BUREAU_PROFILE } from '../../server/bureau-profile-file.ts';
import { mailSettings } from '../../server/mail/settings.ts';
import { testMail } from '../../server/mail/templates.ts';
import { buildsDir, currentBuildInfo, currentLink } from '../../server/site-builds.ts';
import { STORED_GZIP_ONLY_PAGE_BYTES } from '../../server/site-compression.ts';
import { bureauDate } from '../../server/domain/bureau-time.ts';
import { openDataStatsDir } from '../../server/open-data-stats.ts';
import { FEEDBACK_FIELD_LABELS } from '../../server/domain/feedback-input.ts';
import { insertFeedbackRow } from '../fixtures/factories.ts';
import { allowConsoleError } from '../helpers/setup.ts';
import { runScript } from '../helpers/processes.ts';
import { readBuiltPage } from '../helpers/site.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { tempDir } from '../helpers/temp.ts';

// A second bureau, not the demo's: its name, column title and colour must reach every place.
const OTHER_BUREAU = { name: `另一县教育局${randomInt(100, 1000)}`, shortName: '另一县教育局', columnTitle: `作风建设在行动${randomInt(100, 1000)}`, accent: '#0a5c36' };

/** A mainland mobile number standing alone (not inside a hash or a name of letters and digits). */
const MOBILE_NUMBER = /(?<![\dA-Za-z])1[3-9]\d{9}(?![\dA-Za-z])/g;
const PLANTED = ['13911112222', '13933334444', 'planted.parent@example.com', '110101201001011234', '赵planted'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

// Builds wait for each other across test files (one Astro build per project folder at a time).
const BUILD_TIMEOUT = 180_000;

describe('scripts/rebuild.ts', { timeout: BUILD_TIMEOUT }, () => {
  let data: ReturnType<typeof tempDir>;
  let config: AppConfig;
  let env: Record<string, string>;

  beforeAll(async () => {
    data = tempDir('portal-rebuild-');
    const demoProfile = JSON.parse(readFileSync(DEMO_BUREAU_PROFILE, 'utf8'));
    writeFileSync(
      join(data.path, 'other-bureau.json'),
      JSON.stringify({
        ...demoProfile,
        name: OTHER_BUREAU.name,
        shortName: OTHER_BUREAU.shortName,
        columnTitle: OTHER_BUREAU.columnTitle,
        theme: { accent: OTHER_BUREAU.accent, accentDark: '#063d24', accentTint: '#e6f2ec', headerMuted: '#e9f7ef' },
      }),
    );
    env = {
      BUREAU_PROFILE: 'other-bureau.json',
      DATA_DIR: data.path,
      NIGHTLY_REBUILD_TIME: 'off',
      LOG_LEVEL: 'silent',
      SECRET_KEY: TEST_SECRET_KEY,
      // Settings the privacy page states, chosen at random so that the page cannot hold them by chance.
      CONTACT_RETENTION_DAYS: String(randomInt(400, 3650)),
      BUREAU_PHONE: `0571-8${randomInt(10 ** 6, 10 ** 7)}`,
      BUREAU_EMAIL: `privacy.${randomInt(10 ** 6, 10 ** 7)}@bureau.example.cn`,
      BUREAU_OFFICE_HOURS: `工作日 8:${randomInt(10, 60)}—17:30`,
    };
    config = loadConfig(env);
    const db = openDatabase(config.databasePath);
    await seedDemoForConfig(db, config);
    // Personal data in every place it could leak from: contacts, content, a published opinion.
    insertFeedbackRow(db, { status: 'pending', contactPhone: PLANTED[0]!, contactEmail: PLANTED[2]!, contactName: PLANTED[4]!, content: `身份证${PLANTED[3]}` });
    insertFeedbackRow(db, { status: 'replied', rating: 'satisfied', published: true, consent: true, content: `请回电${PLANTED[1]}` });
    db.close();
    const first = await runScript('rebuild.ts', env);
    expect(first.code, first.stderr).toBe(0);
  });

  afterAll(() => data?.remove());

  it('builds the site into a new folder, links it as current and records the build', async () => {
    const info = currentBuildInfo(config.siteDir);
    expect(info).not.toBeNull();
    expect(info!.pages).toBeGreaterThanOrEqual(4);
    const target = readlinkSync(currentLink(config.siteDir));
    expect(target).toBe(join('builds', info!.id));
    const app = await buildApp(config, { logger: false, serveSite: false });
    const health = (await app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(health.site).toMatchObject({ builtAt: info!.builtAt, dataAsOf: info!.dataAsOf });
    await app.close();
    // The day's statistics as open data, kept under the data folder and served with the site.
    const day = bureauDate(new Date(info!.dataAsOf));
    // Stored only as .gz in the site (site/decisions/005); the data folder keeps the files as written.
    const served = join(buildsDir(config.siteDir), info!.id, 'opendata', 'stats');
    const kept = openDataStatsDir(config.dataDir);
    for (const name of [`${day}.json`, `${day}.csv`]) {
      expect(existsSync(join(served, name)), name).toBe(false);
      expect(gunzipSync(readFileSync(join(served, `${name}.gz`))).equals(readFileSync(join(kept, name))), name).toBe(true);
    }
    expect(readFileSync(join(kept, `${day}.csv`), 'utf8').startsWith('\ufeff')).toBe(true);
    expect(readBuiltPage(join(served, 'index.html'))).toContain(`${day}.json`);
  });

  it('serves the open data downloads from their .gz: gzip as stored, decompressed without gzip, HEAD, Range and revalidation, from memory and from disk', async () => {
    const info = currentBuildInfo(config.siteDir)!;
    const day = bureauDate(new Date(info.dataAsOf));
    const live = join(config.siteDir, 'current');
    const kept = openDataStatsDir(config.dataDir);
    // What the build wrote: the statistics files as the data folder keeps them; the datasets as their .gz holds them.
    const written: Record<string, Buffer> = {
      [`/opendata/stats/${day}.csv`]: readFileSync(join(kept, `${day}.csv`)),
      [`/opendata/stats/${day}.json`]: readFileSync(join(kept, `${day}.json`)),
    };
    for (const name of ['replies.csv', 'replies.json', 'ledger-items.csv', 'ledger-items.json', 'ledger-progress.csv', 'ledger-outcomes.json']) {
      expect(existsSync(join(live, 'opendata', name)), name).toBe(false);
      written[`/opendata/${name}`] = gunzipSync(readFileSync(join(live, 'opendata', `${name}.gz`)));
    }
    const replies = written['/opendata/replies.csv']!.toString('utf8');
    expect(replies.startsWith('\ufeff')).toBe(true);
    expect(replies.split('\r\n').length).toBeGreaterThan(2);
    for (const budget of [undefined, 0]) {
      const app = await buildApp(config, { logger: false, ...(budget === undefined ? {} : { siteMemoryBudgetBytes: budget }) });
      try {
        for (const [url, content] of Object.entries(written)) {
          const what = `${url} (memory budget ${budget ?? 'default'})`;
          const type = url.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
          const gzip = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
          expect(gzip.statusCode, what).toBe(200);
          expect(gzip.headers['content-encoding'], what).toBe('gzip');
          expect(gzip.headers['content-type'], what).toBe(type);
          expect(gzip.headers.vary, what).toMatch(/accept-encoding/i);
          expect(gunzipSync(gzip.rawPayload).equals(content), what).toBe(true);
          const plain = await app.inject({ method: 'GET', url });
          expect(plain.statusCode, what).toBe(200);
          expect(plain.headers['content-encoding'], what).toBeUndefined();
          expect(plain.headers['content-type'], what).toBe(type);
          expect(plain.rawPayload.equals(content), what).toBe(true);
          const head = await app.inject({ method: 'HEAD', url, headers: { 'accept-encoding': 'gzip' } });
          expect(head.statusCode, what).toBe(200);
          expect(head.rawPayload.length, what).toBe(0);
          expect(head.headers['content-length'], what).toBe(String(gzip.rawPayload.length));
          const range = await app.inject({ method: 'GET', url, headers: { range: 'bytes=0-2' } });
          expect(range.statusCode, what).toBe(200);
          expect(range.rawPayload.equals(content), what).toBe(true);
          const again = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip', 'if-none-match': String(gzip.headers.etag) } });
          expect(again.statusCode, what).toBe(304);
        }
      } finally {
        await app.close();
      }
    }
  });

  it('writes brotli and gzip copies of the assets and keeps the pages larger than a block only as .gz, before switching', () => {
    const live = join(config.siteDir, 'current');
    const files = filesUnder(live);
    const compressed = files.filter((file) => file.endsWith('.br'));
    expect(compressed.some((file) => /_astro\/.+\.(css|js)\.br$/.test(file))).toBe(true);
    for (const file of compressed) expect(existsSync(file.replace(/\.br$/, '.gz')), file).toBe(true);
    // Every page is one file: as it is up to one 4 KiB block, its .gz alone above.
    const pages = files.filter((file) => file.endsWith('.html'));
    const stored = files.filter((file) => file.endsWith('.html.gz'));
    expect(pages.length).toBeGreaterThan(0);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.map((file) => file.slice(live.length + 1))).toContain('index.html.gz');
    for (const file of pages) {
      expect(statSync(file).size, file).toBeLessThanOrEqual(STORED_GZIP_ONLY_PAGE_BYTES);
      expect(existsSync(`${file}.gz`), file).toBe(false);
      expect(existsSync(`${file}.br`), file).toBe(false);
    }
    for (const file of stored) {
      expect(gunzipSync(readFileSync(file)).length, file).toBeGreaterThan(STORED_GZIP_ONLY_PAGE_BYTES);
      expect(existsSync(file.replace(/\.gz$/, '')), file).toBe(false);
    }
  });

  it("shows the bureau profile's name, column title and colours in the pages, the feeds, the admin app and the mails", () => {
    expect(config.bureau).toMatchObject({ name: OTHER_BUREAU.name, columnTitle: OTHER_BUREAU.columnTitle });
    const read = (page: string) => readBuiltPage(join(config.siteDir, 'current', page));
    for (const page of ['index.html', 'ledger/index.html', 'opendata/index.html']) {
      const html = read(page);
      expect(html, page).toContain(`<span class="site-header__bureau">${OTHER_BUREAU.name}</span>`);
      expect(html, page).toContain(`<span class="site-header__column">${OTHER_BUREAU.columnTitle}</span>`);
      expect(html, page).toMatch(new RegExp(`<title>[^<]*${OTHER_BUREAU.columnTitle} - ${OTHER_BUREAU.name}</title>`));
      expect(html, page).toContain('<link rel="stylesheet" href="/theme.css">');
      expect(html, page).not.toContain('作风整改进行时 -');
    }
    // The colours: one stylesheet every public page links.
    expect(readFileSync(join(config.siteDir, 'current', 'theme.css'), 'utf8')).toContain(`--color-accent:${OTHER_BUREAU.accent};`);
    expect(read('opendata/index.html')).toContain(`使用时请注明来源“${OTHER_BUREAU.name}${OTHER_BUREAU.columnTitle}”`);
    expect(readFileSync(join(config.siteDir, 'current', 'news/rss.xml'), 'utf8')).toContain(`<title>整改信息 - ${OTHER_BUREAU.columnTitle} - ${OTHER_BUREAU.name}</title>`);
    // The admin app: the page's title (which each screen's tab title continues) and the island's header.
    const admin = read('admin/index.html');
    expect(admin).toContain(`<title>管理后台 - ${OTHER_BUREAU.columnTitle}</title>`);
    expect(admin).toContain(`--color-accent:${OTHER_BUREAU.accent};`);
    expect(admin).toContain(`${OTHER_BUREAU.columnTitle}<span class="admin-header__app">管理后台</span>`);
    // Mails: the footer of every mail and the test mail's subject.
    const mail = testMail(mailSettings(config), { at: '2026-12-01T02:00:00.000Z', transport: 'file' });
    expect(mail.subject).toBe(`测试邮件：${OTHER_BUREAU.name}${OTHER_BUREAU.columnTitle}`);
    expect(mail.text).toContain(`${OTHER_BUREAU.name} · ${OTHER_BUREAU.columnTitle}`);
    expect(mail.html).toContain(`${OTHER_BUREAU.name} · ${OTHER_BUREAU.columnTitle}`);
  });

  it('puts the configured bureau details in the footer of every page', () => {
    for (const page of ['index.html', 'ledger/index.html', 'feedback/index.html']) {
      const html = readBuiltPage(join(config.siteDir, 'current', page));
      for (const value of [config.bureau.hostUnit, config.bureau.siteCode, config.bureau.icp, config.bureau.psb]) {
        expect(value.length, 'demo footer values are set').toBeGreaterThan(0);
        expect(html, page).toContain(value);
      }
    }
  });

  it('states the configured retention period, the bureau contacts and every field of the form on the privacy page', () => {
    const html = readBuiltPage(join(config.siteDir, 'current', 'privacy', 'index.html'));
    const text = html.replace(/<[^>]+>/g, '');
    expect(text).toContain('个人信息保护说明');
    expect(text).toContain(`${config.contactRetentionDays} 天后，联系方式`);
    for (const value of [config.bureau.name, config.bureau.phone, config.bureau.email, config.bureau.officeHours, config.bureau.address]) expect(text).toContain(value);
    expect(html).toContain(`href="mailto:${config.bureau.email}"`);
    for (const label of Object.values(FEEDBACK_FIELD_LABELS)) expect(text).toContain(label);
    // Who sees the details, and where to withdraw.
    expect(text).toMatch(/办公室和承办这条意见的单位经办人能看到，每次查看都记入审计日志/);
    expect(html).toContain('href="/track/"');
  });

  it('links the privacy page from the form, the tracking page and the footer of every page', () => {
    for (const page of ['feedback/index.html', 'track/index.html']) {
      const html = readBuiltPage(join(config.siteDir, 'current', page));
      const notice = html.slice(html.indexOf('class="notice privacy-notice"'));
      expect(notice, page).toMatch(/^[^]*?<a href="\/privacy\/">阅读完整的个人信息保护说明<\/a>[^]*?<\/section>/);
      expect(notice, page).toContain(`办结 ${config.contactRetentionDays} 天后删除`);
    }
    for (const page of ['index.html', 'ledger/index.html', 'replies/index.html', 'privacy/index.html']) {
      const html = readBuiltPage(join(config.siteDir, 'current', page));
      const footer = html.slice(html.indexOf('<footer'));
      expect(footer, page).toContain('<a href="/privacy/">个人信息保护说明</a>');
    }
  });

  it('publishes no phone number, e-mail, ID number or name from the database', () => {
    // The open data downloads and the pages larger than a block are stored only as .gz
    // (site/decisions/005, 006): read decompressed.
    const files = filesUnder(join(config.siteDir, 'current')).filter((file) => /\.(html|json|js|xml|txt)$|\.html\.gz$|\/opendata\/.+\.(csv|json)\.gz$/.test(file));
    expect(files.filter((file) => file.endsWith('.html.gz')).length).toBeGreaterThan(3);
    expect(files.length).toBeGreaterThan(3);
    for (const download of ['replies.csv.gz', 'replies.json.gz', 'ledger-items.csv.gz']) expect(files, download).toContain(join(config.siteDir, 'current', 'opendata', download));
    for (const file of files) {
      const text = (file.endsWith('.gz') ? gunzipSync(readFileSync(file)) : readFileSync(file)).toString('utf8');
      for (const planted of PLANTED) expect(text, `${file} contains ${planted}`).not.toContain(planted);
      // No mainland mobile number and no 18-digit ID number at all in what is served (digits
      // within a longer run of letters and digits are part of a hash or a name, such as the
      // SHA-256 the open data page lists: 13872910748 stood in one).
      expect(text.match(MOBILE_NUMBER), file).toBeNull();
      expect(text.match(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g), file).toBeNull();
    }
  });

  it("puts none of them in the search index either (Pagefind's gzip files, read back)", () => {
    const files = filesUnder(join(config.siteDir, 'current', 'pagefind')).filter((file) => /\.pf_(?:fragment|index|meta|filter)$/.test(file));
    expect(files.some((file) => file.endsWith('.pf_fragment'))).toBe(true);
    let indexed = '';
    for (const file of files) {
      // Fragments hold each page's text with a zero-width space between words.
      const text = gunzipSync(readFileSync(file)).toString('utf8').replaceAll('\u200b', '');
      for (const planted of PLANTED) expect(text, `${file} contains ${planted}`).not.toContain(planted);
      expect(text.match(MOBILE_NUMBER), file).toBeNull();
      indexed += text;
    }
    // Replies are in it (their bundles' headings: the title the 办公室 set), so the scan above read them.
    expect(indexed).toMatch(/"id":"r-\d+","text":"公开的标题"/);
  });

  it('loads nothing from other origins', () => {
    for (const file of filesUnder(join(config.siteDir, 'current')).filter((name) => name.endsWith('.html') || name.endsWith('.html.gz'))) {
      const html = readBuiltPage(file.replace(/\.gz$/, ''));
      expect(html.match(/<(script|link|img|iframe|source)\b[^>]*\b(src|href)=["']?(https?:)?\/\//gi), file).toBeNull();
    }
  });

  it('keeps the previous build and prunes older ones', async () => {
    const firstId = currentBuildInfo(config.siteDir)!.id;
    for (let i = 0; i < 2; i++) {
      const result = await runScript('rebuild.ts', env);
      expect(result.code, result.stderr).toBe(0);
    }
    const builds = readdirSync(buildsDir(config.siteDir), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(builds).toHaveLength(2);
    expect(builds.map((entry) => entry.name)).not.toContain(firstId);
  });

  it('leaves the served site untouched and exits non-zero when the build fails', async () => {
    allowConsoleError();
    const before = readlinkSync(currentLink(config.siteDir));
    const buildsBefore = readdirSync(buildsDir(config.siteDir)).sort();
    const result = await runScript('rebuild.ts', env, ['--root', join(import.meta.dirname, '..', 'fixtures', 'broken-site')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('the site being served was not changed');
    expect(readlinkSync(currentLink(config.siteDir))).toBe(before);
    expect(readdirSync(buildsDir(config.siteDir)).sort()).toEqual(buildsBefore);
  });

  it('refuses to run beside another rebuild of the same site, and takes over a stale lock', async () => {
    allowConsoleError();
    const lock = join(config.siteDir, 'rebuild.lock');
    const before = readlinkSync(currentLink(config.siteDir));
    writeFileSync(lock, String(process.pid)); // a live process holds it
    const refused = await runScript('rebuild.ts', env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`another rebuild (pid ${process.pid}) is running`);
    expect(readlinkSync(currentLink(config.siteDir))).toBe(before);

    writeFileSync(lock, '2147483646'); // no such process: a crashed rebuild left it behind
    const resumed = await runScript('rebuild.ts', env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readlinkSync(currentLink(config.siteDir))).not.toBe(before);
    expect(existsSync(lock)).toBe(false);
  });

  it('exits non-zero and changes nothing when the database cannot be read', async () => {
    const before = readlinkSync(currentLink(config.siteDir));
    const corrupt = join(data.path, 'corrupt.db');
    writeFileSync(corrupt, 'this is not a database file'.repeat(100));
    const result = await runScript('rebuild.ts', { ...env, DATABASE_PATH: corrupt });
    expect(result.code).not.toBe(0);
    expect(readlinkSync(currentLink(config.siteDir))).toBe(before);
    expect(readBuiltPage(join(config.siteDir, 'current', 'index.html'))).toContain('<!DOCTYPE html>');
  });
});
