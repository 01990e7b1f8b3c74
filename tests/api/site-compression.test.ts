// Compressed files from the embedded server: the rebuild writes .br/.gz copies of the shared files
// and data files, and keeps the pages larger than a block only as .gz (site/decisions/006; their
// serving in tests/api/site-gzip-only.test.ts); the server picks a copy by Accept-Encoding, keeps
// ETags, revalidation and the long caching of hashed assets.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { SECURITY_HEADERS } from '../../server/security-headers.ts';
import { isStoredGzipOnly, precompressSite } from '../../server/site-compression.ts';
import { buildsDir, compressionCacheDir } from '../../server/site-builds.ts';
import { testConfig } from '../helpers/app.ts';
import { writeSiteBuild } from '../helpers/site.ts';

const page = (title: string) => `<!doctype html><html lang="zh-CN"><title>${title}</title><body>${'<p>整改事项进展情况，欢迎监督。</p>\n'.repeat(200)}</body></html>`;
const FILES = {
  'index.html': page('首页'),
  'ledger/index.html': page('整改台账'),
  '_astro/app.Ab12Cd34.js': `export const items = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ code: `ZG-${i}`, title: '整改事项' })))};`,
  '_astro/style.Ef56Gh78.css': `.card { color: #333; }\n`.repeat(200),
  'replies/rss.xml': `<?xml version="1.0" encoding="UTF-8"?><rss><channel>${'<item><title>关于食堂的意见</title></item>\n'.repeat(200)}</channel></rss>`,
  'small/index.html': '<!doctype html><title>小页面</title><p>只有几个字</p>',
  'small.txt': '只有几个字',
  'logo.png': 'x'.repeat(4096),
};

async function siteApp() {
  const config = testConfig();
  const outDir = writeSiteBuild(config.siteDir, FILES);
  await precompressSite(outDir);
  const app = await buildApp(config, { logger: false });
  return { app, outDir };
}

describe('precompressSite', () => {
  it('writes brotli and gzip copies of the shared files from 1 KB and data files from 8 KB, keeps pages over a block only as .gz, and nothing else', async () => {
    const { app, outDir } = await siteApp();
    await app.close();
    for (const file of ['_astro/app.Ab12Cd34.js', '_astro/style.Ef56Gh78.css', 'replies/rss.xml']) {
      const original = readFileSync(join(outDir, file));
      expect(brotliDecompressSync(readFileSync(join(outDir, `${file}.br`))).equals(original), file).toBe(true);
      expect(gunzipSync(readFileSync(join(outDir, `${file}.gz`))).equals(original), file).toBe(true);
      expect(readFileSync(join(outDir, `${file}.br`)).length).toBeLessThan(original.length / 4);
    }
    for (const file of ['index.html', 'ledger/index.html'] as const) {
      expect(existsSync(join(outDir, file)), file).toBe(false);
      expect(existsSync(join(outDir, `${file}.br`)), file).toBe(false);
      expect(gunzipSync(readFileSync(join(outDir, `${file}.gz`))).toString('utf8'), file).toBe(FILES[file]);
    }
    for (const file of ['small/index.html', 'small.txt', 'logo.png', '404.html']) {
      expect(existsSync(join(outDir, `${file}.br`)), file).toBe(false);
      expect(existsSync(join(outDir, `${file}.gz`)), file).toBe(false);
    }
    expect(readFileSync(join(outDir, 'small/index.html'), 'utf8')).toBe(FILES['small/index.html']);
  });
});

describe('precompressSite with a cache kept between builds', () => {
  it('compresses only what changed: unchanged files get the copies an earlier build made', async () => {
    const siteDir = testConfig().siteDir;
    const cacheDir = compressionCacheDir(siteDir);
    const first = writeSiteBuild(siteDir, FILES, 'first');
    const before = await precompressSite(first, { cacheDir });
    expect(before.reused).toBe(0);
    expect(before.files).toBeGreaterThan(1);

    const changed = { ...FILES, 'ledger/index.html': page('整改台账（已更新）') };
    const secondId = 'second';
    const second = join(buildsDir(siteDir), secondId);
    for (const [path, content] of Object.entries(changed)) {
      mkdirSync(dirname(join(second, path)), { recursive: true });
      writeFileSync(join(second, path), content);
    }
    const after = await precompressSite(second, { cacheDir });
    expect(after.files).toBe(before.files);
    expect(after.reused).toBe(before.files - 1);
    // The unchanged files' copies are the very files the first build has (hard links), the changed one is new.
    expect(statSync(join(second, 'index.html.gz')).ino).toBe(statSync(join(first, 'index.html.gz')).ino);
    expect(statSync(join(second, 'replies/rss.xml.br')).ino).toBe(statSync(join(first, 'replies/rss.xml.br')).ino);
    expect(statSync(join(second, 'ledger/index.html.gz')).ino).not.toBe(statSync(join(first, 'ledger/index.html.gz')).ino);
    expect(gunzipSync(readFileSync(join(second, 'ledger/index.html.gz'))).toString('utf8')).toBe(changed['ledger/index.html']);
    for (const file of ['small.txt', 'logo.png']) expect(existsSync(join(second, `${file}.br`)), file).toBe(false);
    // The cache keeps only what the last build used: the old ledger page's copy is gone.
    const cached = readdirSync(cacheDir, { recursive: true }).map(String);
    expect(cached.filter((name) => name.endsWith('.gz'))).toHaveLength(after.files);
    expect(cached.filter((name) => name.endsWith('.br'))).toHaveLength(after.files - after.gzipOnlyFiles);
  });
  it('compresses several files at once, pages of the same content included, each with its own copies', async () => {
    const siteDir = testConfig().siteDir;
    const cacheDir = compressionCacheDir(siteDir);
    // Forty pages, ten of each content in a folder of their own, so that the files compressed at
    // once have the same content: they share one cache entry, which must come out whole.
    const pages = Object.fromEntries(Array.from({ length: 40 }, (_, n) => [`copies-${n % 4}/page-${n}.html`, page(`留言选登 ${n % 4}`)]));
    const built = writeSiteBuild(siteDir, pages, 'parallel');
    const summary = await precompressSite(built, { cacheDir });
    expect(summary.files).toBe(40);
    for (const [path, content] of Object.entries(pages)) {
      expect(gunzipSync(readFileSync(join(built, `${path}.gz`))).toString('utf8'), path).toBe(content);
      expect(existsSync(join(built, path)), path).toBe(false);
    }
    const cached = readdirSync(cacheDir, { recursive: true }).map(String);
    expect(cached.filter((name) => name.endsWith('.gz'))).toHaveLength(4);
    expect(cached.filter((name) => name.endsWith('.partial'))).toHaveLength(0);
  });
});

describe('stored only as <file>.gz: the open data downloads (site/decisions/005) and the pages larger than a block (006)', () => {
  it.each([
    ['opendata/replies.csv', 10, true],
    ['/opendata/replies.json', 10, true],
    ['opendata/ledger-items.CSV', 10, true],
    ['opendata/stats/2026-11-26.csv', 10, true],
    ['opendata/stats/2026-11-26.json', 10, true],
    ['opendata/index.html', 4096, false],
    ['opendata/index.html', 4097, true],
    ['replies/page/2/index.html', 16_000, true],
    ['404.HTML', 5000, true],
    ['replies/1/index.html', 3000, false],
    ['opendata/replies.csv.gz', 10, false],
    ['opendata/', 10, false],
    ['replies/opendata/replies.csv', 10, false],
    ['ledger/items.json', 100_000, false],
    ['replies/rss.xml', 100_000, false],
    ['pagefind/pagefind-entry.json', 100_000, false],
    ['opendata.csv', 10, false],
  ] as const)('%s of %i bytes: %s', (path, size, expected) => {
    expect(isStoredGzipOnly(path, size)).toBe(expected);
  });

  const DOWNLOADS = {
    'opendata/replies.csv': `\ufeff编号,标题\r\n${Array.from({ length: 500 }, (_, i) => `${i},关于食堂的意见`).join('\r\n')}\r\n`,
    'opendata/ledger-items.json': '{"rows":[]}',
    'opendata/stats/2026-11-26.csv': '\ufeff指标,数值\r\n',
  };

  it('replaces each, whatever its size (even where gzip is not smaller), by its gzip copy; no brotli copy', async () => {
    const siteDir = testConfig().siteDir;
    const out = writeSiteBuild(siteDir, { ...FILES, ...DOWNLOADS });
    const summary = await precompressSite(out);
    // The three downloads and the two pages larger than a block.
    expect(summary.gzipOnlyFiles).toBe(5);
    for (const [path, content] of Object.entries(DOWNLOADS)) {
      expect(existsSync(join(out, path)), path).toBe(false);
      expect(existsSync(join(out, `${path}.br`)), path).toBe(false);
      expect(gunzipSync(readFileSync(join(out, `${path}.gz`))).toString('utf8'), path).toBe(content);
    }
    expect(readFileSync(join(out, 'opendata/stats/2026-11-26.csv.gz')).length).toBeGreaterThan(Buffer.byteLength(DOWNLOADS['opendata/stats/2026-11-26.csv']));
    // Best compression: what gzip -9 makes of it.
    expect(readFileSync(join(out, 'opendata/replies.csv.gz')).length).toBe(gzipSync(DOWNLOADS['opendata/replies.csv'], { level: 9 }).length);
    // The rest as before.
    expect(readFileSync(join(out, 'small.txt'), 'utf8')).toBe(FILES['small.txt']);
    expect(existsSync(join(out, 'replies/rss.xml.br'))).toBe(true);
  });

  it('keeps the cache working: an unchanged download is a hard link to the .gz an earlier build made', async () => {
    const siteDir = testConfig().siteDir;
    const cacheDir = compressionCacheDir(siteDir);
    const first = writeSiteBuild(siteDir, { ...FILES, ...DOWNLOADS }, 'first');
    const before = await precompressSite(first, { cacheDir });
    expect(before.reused).toBe(0);
    const changed = { ...FILES, ...DOWNLOADS, 'opendata/ledger-items.json': '{"rows":[{"code":"ZG-1"}]}' };
    const second = join(buildsDir(siteDir), 'second');
    for (const [path, content] of Object.entries(changed)) {
      mkdirSync(dirname(join(second, path)), { recursive: true });
      writeFileSync(join(second, path), content);
    }
    const after = await precompressSite(second, { cacheDir });
    expect(after.reused).toBe(before.files - 1);
    expect(statSync(join(second, 'opendata/replies.csv.gz')).ino).toBe(statSync(join(first, 'opendata/replies.csv.gz')).ino);
    expect(statSync(join(second, 'opendata/ledger-items.json.gz')).ino).not.toBe(statSync(join(first, 'opendata/ledger-items.json.gz')).ino);
    expect(gunzipSync(readFileSync(join(second, 'opendata/ledger-items.json.gz'))).toString('utf8')).toBe(changed['opendata/ledger-items.json']);
    expect(existsSync(join(second, 'opendata/replies.csv'))).toBe(false);
  });
});

describe('serving the built site', () => {
  it.each([
    ['br', 'gzip, deflate, br', 'br', brotliDecompressSync],
    ['gzip', 'gzip, deflate', 'gzip', gunzipSync],
    ['gzip for a wildcard', '*', 'gzip', gunzipSync],
    ['the plain file', 'identity', undefined, (body: Buffer) => body],
  ] as const)('sends %s as Accept-Encoding asks, with Vary and an ETag', async (_name, accept, encoding, decode) => {
    const { app } = await siteApp();
    const response = await app.inject({ method: 'GET', url: '/replies/rss.xml', headers: { 'accept-encoding': accept } });
    await app.close();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe(encoding);
    expect(response.headers['content-type']).toMatch(/^application\/(rss\+)?xml/);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers.etag).toBeTruthy();
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(decode(response.rawPayload).toString('utf8')).toBe(FILES['replies/rss.xml']);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers[name], name).toBe(value);
  });

  it('answers a revalidation of the compressed file with 304', async () => {
    const { app } = await siteApp();
    const headers = { 'accept-encoding': 'br' };
    const first = await app.inject({ method: 'GET', url: '/replies/rss.xml', headers });
    const again = await app.inject({ method: 'GET', url: '/replies/rss.xml', headers: { ...headers, 'if-none-match': String(first.headers.etag) } });
    const plain = await app.inject({ method: 'GET', url: '/replies/rss.xml' });
    await app.close();
    expect(first.headers['content-encoding']).toBe('br');
    expect(again.statusCode).toBe(304);
    // Each representation has its own validator.
    expect(plain.headers.etag).not.toBe(first.headers.etag);
  });

  it('keeps the year-long immutable caching of hashed assets when compressed', async () => {
    const { app } = await siteApp();
    const js = await app.inject({ method: 'GET', url: '/_astro/app.Ab12Cd34.js', headers: { 'accept-encoding': 'br' } });
    const css = await app.inject({ method: 'GET', url: '/_astro/style.Ef56Gh78.css', headers: { 'accept-encoding': 'gzip' } });
    await app.close();
    expect(js.headers['content-encoding']).toBe('br');
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.headers['content-encoding']).toBe('gzip');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends small files and images as they are', async () => {
    const { app } = await siteApp();
    const small = await app.inject({ method: 'GET', url: '/small.txt', headers: { 'accept-encoding': 'br, gzip' } });
    const image = await app.inject({ method: 'GET', url: '/logo.png', headers: { 'accept-encoding': 'br, gzip' } });
    await app.close();
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body).toBe(FILES['small.txt']);
    expect(image.headers['content-encoding']).toBeUndefined();
  });

  it('still redirects a folder without its slash', async () => {
    const { app } = await siteApp();
    const response = await app.inject({ method: 'GET', url: '/ledger', headers: { 'accept-encoding': 'br' } });
    await app.close();
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/ledger/');
  });
});

describe('the search page and its Pagefind files', () => {
  it("may compile WebAssembly ('wasm-unsafe-eval'); every other page may not, and none may eval", async () => {
    const config = testConfig();
    writeSiteBuild(config.siteDir, {
      'index.html': page('首页'),
      'search/index.html': page('搜索'),
      'searching/index.html': page('不是搜索页'),
      'pagefind/pagefind.js': 'export const x = 1;',
      'pagefind/pagefind-worker.js': 'self.onmessage = () => {};',
    });
    const app = await buildApp(config, { logger: false });
    const csp = async (url: string) => {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      return String(response.headers['content-security-policy']);
    };
    const plain = SECURITY_HEADERS['content-security-policy']!;
    try {
      for (const url of ['/search/', '/search/?q=%E9%A3%9F%E5%A0%82', '/pagefind/pagefind.js', '/pagefind/pagefind-worker.js']) {
        expect(await csp(url), url).toBe(plain.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"));
      }
      for (const url of ['/', '/searching/']) expect(await csp(url), url).toBe(plain);
      expect(plain).not.toContain('unsafe-eval');
    } finally {
      await app.close();
    }
  });
});
