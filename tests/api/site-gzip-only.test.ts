// The files stored only as <file>.gz: the open data downloads (site/decisions/005) and the pages
// larger than one 4 KiB block (site/decisions/006). The same URL (a folder's address for its
// index.html) answers a client that accepts gzip with the .gz as it is, and any other with the
// file decompressed, byte for byte what the build wrote (the CSV's BOM included); HEAD, Range,
// If-None-Match and If-Modified-Since; from memory (small files held by server/site-memory.ts) and
// from disk alike, through inject and over HTTP (where a held file is answered before Fastify sees
// the request); the site's 404 page and the server's page frames read from a .gz.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { SECURITY_HEADERS } from '../../server/security-headers.ts';
import { precompressSite, STORED_GZIP_ONLY_PAGE_BYTES } from '../../server/site-compression.ts';
import { ONE_PIECE_LIMIT_BYTES } from '../../server/site-gzip-only.ts';
import { SITE_MEMORY_FILE_LIMIT_BYTES } from '../../server/site-memory.ts';
import { testConfig } from '../helpers/app.ts';
import { listenOnLoopback as listen, rawRequest as raw, writeSiteBuild } from '../helpers/site.ts';

const BOM = '\ufeff';
const csvRows = (count: number) =>
  `${BOM}编号,标题,答复\r\n${Array.from({ length: count }, (_, i) => `${i + 1},"关于食堂的意见 ${randomBytes(8).toString('hex')}","已答复：整改措施第${i}条"`).join('\r\n')}\r\n`;
/** Path in the build → what the build wrote there; small ones are held in memory, the large one streamed. */
const DOWNLOADS = {
  'opendata/replies.csv': csvRows(60_000),
  'opendata/ledger-items.csv': csvRows(20),
  'opendata/ledger-items.json': JSON.stringify({ dataAsOf: '2026-11-26T04:00:00.000Z', rows: [{ code: 'ZG-1', title: '整改事项' }] }),
  'opendata/stats/2026-11-26.json': JSON.stringify({ figures: [1, 2, 3] }),
};
/** A page of `bytes` bytes (UTF-8). */
const pageOf = (title: string, bytes: number) => {
  const head = `<!doctype html><html lang="zh-CN"><title>${title}</title><body>`;
  const tail = '</body></html>';
  const line = '<p>整改事项进展情况。</p>\n';
  const [room, unit] = [bytes - Buffer.byteLength(head + tail), Buffer.byteLength(line)];
  return `${head}${line.repeat(Math.floor(room / unit))}${'x'.repeat(room % unit)}${tail}`;
};
/** Pages larger than a block: stored only as .gz, the large one streamed from disk. */
const PAGES = {
  'ledger/index.html': pageOf('整改台账', STORED_GZIP_ONLY_PAGE_BYTES + 1),
  'replies/page/2/index.html': `${pageOf('留言选登（第 2 页）', 12_000)}${randomBytes(300_000).toString('base64')}`,
  'shell/feedback/index.html': pageOf('__ZFZG_TITLE__', 6_000).replace('</body>', '<main>__ZFZG_CONTENT__</main></body>'),
  '404.html': pageOf('页面不存在', 5_000),
};
const STORED: Record<string, string> = { ...DOWNLOADS, ...PAGES };
const TYPES: Record<string, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8', html: 'text/html; charset=utf-8' };
/** A page of exactly one block: stored as it is. */
const page = pageOf('开放数据', STORED_GZIP_ONLY_PAGE_BYTES);

async function siteApps() {
  const config = testConfig();
  const outDir = writeSiteBuild(config.siteDir, { 'index.html': page, 'opendata/index.html': page, ...STORED });
  await precompressSite(outDir);
  const fromMemory = await buildApp(config, { logger: false });
  const fromDisk = await buildApp(config, { logger: false, siteMemoryBudgetBytes: 0 });
  // The large files are streamed from disk even where small files are held.
  expect(statSync(join(outDir, 'opendata/replies.csv.gz')).size).toBeGreaterThan(SITE_MEMORY_FILE_LIMIT_BYTES);
  expect(statSync(join(outDir, 'replies/page/2/index.html.gz')).size).toBeGreaterThan(SITE_MEMORY_FILE_LIMIT_BYTES);
  // Both kinds are here: decompressed in one piece for a client without gzip, and streamed.
  expect(statSync(join(outDir, 'opendata/replies.csv.gz')).size).toBeGreaterThan(ONE_PIECE_LIMIT_BYTES);
  expect(statSync(join(outDir, 'ledger/index.html.gz')).size).toBeLessThanOrEqual(ONE_PIECE_LIMIT_BYTES);
  return { outDir, apps: { fromMemory, fromDisk } };
}

const typeOf = (path: string) => TYPES[path.slice(path.lastIndexOf('.') + 1)]!;
/** The address of a file of the build: a folder's for its index.html. */
const urlOf = (path: string) => `/${path.replace(/(^|\/)index\.html$/, '$1')}`;

describe('files stored only as .gz: the open data downloads, the pages larger than a block', () => {
  it('are in the build as <file>.gz alone; the other files as before', async () => {
    const { outDir, apps } = await siteApps();
    await apps.fromMemory.close();
    await apps.fromDisk.close();
    for (const [path, content] of Object.entries(STORED)) {
      expect(existsSync(join(outDir, path)), path).toBe(false);
      expect(existsSync(join(outDir, `${path}.br`)), path).toBe(false);
      expect(gunzipSync(readFileSync(join(outDir, `${path}.gz`))).toString('utf8'), path).toBe(content);
    }
    // A page of one block stays as it is, without copies.
    expect(Buffer.byteLength(page)).toBe(STORED_GZIP_ONLY_PAGE_BYTES);
    for (const path of ['index.html', 'opendata/index.html']) {
      expect(readFileSync(join(outDir, path), 'utf8')).toBe(page);
      expect(existsSync(join(outDir, `${path}.gz`)), path).toBe(false);
      expect(existsSync(join(outDir, `${path}.br`)), path).toBe(false);
    }
  });

  it('the site\'s 404 page and the frame of the server\'s own pages are read from their .gz', async () => {
    const { apps } = await siteApps();
    try {
      for (const app of [apps.fromMemory, apps.fromDisk]) {
        const missing = await app.inject({ method: 'GET', url: '/no-such-page/', headers: { 'accept-encoding': 'gzip' } });
        expect(missing.statusCode).toBe(404);
        expect(missing.body).toBe(PAGES['404.html']);
        // The form without JavaScript is written into the built /shell/feedback/ frame.
        const form = await app.inject({ method: 'POST', url: '/feedback/submit', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'title=' });
        expect(form.statusCode).toBe(400);
        expect(form.body).toContain('整改事项进展情况。');
      }
    } finally {
      await apps.fromMemory.close();
      await apps.fromDisk.close();
    }
  });

  for (const via of ['fromMemory', 'fromDisk'] as const) {
    describe(via === 'fromMemory' ? 'with small files held in memory' : 'every file from disk', () => {
      it.each([
        ['gzip, deflate, br', 'gzip'],
        ['gzip', 'gzip'],
        ['*', 'gzip'],
        [undefined, undefined],
        ['identity', undefined],
        ['br', undefined],
        ['gzip;q=0, br', undefined],
      ] as const)('Accept-Encoding %s: answered with encoding %s, the bytes the build wrote', async (accept, encoding) => {
        const { apps } = await siteApps();
        const app = apps[via];
        try {
          for (const [path, content] of Object.entries(STORED)) {
            if (path === '404.html') continue;
            const headers = accept === undefined ? {} : { 'accept-encoding': accept };
            // Twice: the first request may load a small file into memory, the second is answered from it.
            for (const round of [1, 2]) {
              const what = `${path} ${accept} (${round})`;
              const response = await app.inject({ method: 'GET', url: urlOf(path), headers });
              expect(response.statusCode, what).toBe(200);
              expect(response.headers['content-encoding'], what).toBe(encoding);
              expect(response.headers['content-type'], what).toBe(typeOf(path));
              expect(response.headers.vary, what).toMatch(/accept-encoding/i);
              expect(response.headers.etag, what).toMatch(/^W\/"[0-9a-f-]+(-gunzip)?"$/);
              expect(response.headers['cache-control'], what).toBe('no-cache');
              expect(response.headers['accept-ranges'], what).toBeUndefined();
              for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers[name], `${what} ${name}`).toBe(value);
              const body = encoding === 'gzip' ? gunzipSync(response.rawPayload) : response.rawPayload;
              expect(body.equals(Buffer.from(content, 'utf8')), what).toBe(true);
              if (encoding === 'gzip') expect(response.headers['content-length'], what).toBe(String(response.rawPayload.length));
            }
          }
        } finally {
          await apps.fromMemory.close();
          await apps.fromDisk.close();
        }
      });

      it('HEAD answers like GET without a body; Range gets the whole file (200); If-None-Match and If-Modified-Since get 304', async () => {
        const { outDir, apps } = await siteApps();
        const app = apps[via];
        try {
          for (const path of Object.keys(STORED)) {
            const url = urlOf(path);
            for (const accept of ['gzip', 'identity']) {
              const what = `${path} ${accept}`;
              const get = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': accept } });
              const head = await app.inject({ method: 'HEAD', url, headers: { 'accept-encoding': accept } });
              expect(head.statusCode, what).toBe(200);
              expect(head.rawPayload.length, what).toBe(0);
              const { date: _getDate, 'transfer-encoding': _getChunked, ...getHeaders } = get.headers;
              const { date: _headDate, 'transfer-encoding': _headChunked, ...headHeaders } = head.headers;
              expect(headHeaders, what).toEqual(getHeaders);
              // A small file decompressed for a client without gzip is sent in one piece, with its length; a large one chunked.
              if (accept === 'identity') {
                const small = statSync(join(outDir, `${path}.gz`)).size <= ONE_PIECE_LIMIT_BYTES;
                expect(get.headers['content-length'], what).toBe(small ? String(Buffer.byteLength(STORED[path]!)) : undefined);
                expect(get.headers['transfer-encoding'], what).toBe(small ? undefined : 'chunked');
              }

              const range = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': accept, range: 'bytes=0-9' } });
              expect(range.statusCode, what).toBe(200);
              expect(range.headers['content-range'], what).toBeUndefined();
              expect(range.headers['accept-ranges'], what).toBeUndefined();
              expect(range.rawPayload.equals(get.rawPayload), what).toBe(true);

              const etag = String(get.headers.etag);
              const again = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': accept, 'if-none-match': etag } });
              expect(again.statusCode, what).toBe(304);
              expect(again.rawPayload.length, what).toBe(0);
              expect(again.headers.etag, what).toBe(etag);
              const since = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': accept, 'if-modified-since': String(get.headers['last-modified']) } });
              expect(since.statusCode, what).toBe(304);
              const stale = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': accept, 'if-none-match': 'W/"0-0"' } });
              expect(stale.statusCode, what).toBe(200);
              expect(stale.rawPayload.equals(get.rawPayload), what).toBe(true);
            }
            // The two representations have their own validators: a gzip ETag does not revalidate the decompressed answer.
            const gzip = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
            const plain = await app.inject({ method: 'GET', url, headers: { 'if-none-match': String(gzip.headers.etag) } });
            expect(plain.statusCode, path).toBe(200);
            expect(plain.headers.etag, path).not.toBe(gzip.headers.etag);
          }
          // A download that is not there is the site's 404 page, as any other missing file.
          const missing = await app.inject({ method: 'GET', url: '/opendata/no-such.csv', headers: { 'accept-encoding': 'gzip' } });
          expect(missing.statusCode).toBe(404);
          expect(missing.headers['content-type']).toMatch(/^text\/html/);
          // A folder's address without its slash is sent to the address with it, as for any folder.
          const folder = await app.inject({ method: 'GET', url: '/replies/page/2', headers: { 'accept-encoding': 'gzip' } });
          expect(folder.statusCode).toBe(301);
          expect(folder.headers.location).toBe('/replies/page/2/');
        } finally {
          await apps.fromMemory.close();
          await apps.fromDisk.close();
        }
      });
    });
  }

  it('answers the same over HTTP, once a small file is held before Fastify sees the request, as from disk', async () => {
    const { apps } = await siteApps();
    try {
      const memoryPort = await listen(apps.fromMemory);
      const diskPort = await listen(apps.fromDisk);
      const comparable = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'date'));
      for (const [path, content] of Object.entries(STORED)) {
        if (path === '404.html') continue;
        for (const method of ['GET', 'HEAD']) {
          const requests: Record<string, string>[] = [{ 'accept-encoding': 'gzip, deflate, br' }, {}, { 'accept-encoding': 'gzip', range: 'bytes=5-' }];
          for (const headers of requests) {
            const disk = await raw(diskPort, method, urlOf(path), headers);
            for (const round of ['first', 'held']) {
              const memory = await raw(memoryPort, method, urlOf(path), headers);
              const what = `${round} ${method} ${path} ${JSON.stringify(headers)}`;
              expect(memory.status, what).toBe(200);
              expect(comparable(memory.headers), what).toEqual(comparable(disk.headers));
              expect(memory.body.equals(disk.body), what).toBe(true);
              if (method === 'HEAD') continue;
              const body = memory.headers['content-encoding'] === 'gzip' ? gunzipSync(memory.body) : memory.body;
              expect(body.equals(Buffer.from(content, 'utf8')), what).toBe(true);
            }
          }
        }
      }
      // The small files' gzip answers are held; the large one is streamed from disk.
      expect(apps.fromMemory.siteMemory!.heldBytes).toBeGreaterThan(0);
      expect(apps.fromMemory.siteMemory!.heldBytes).toBeLessThan(SITE_MEMORY_FILE_LIMIT_BYTES);
    } finally {
      await apps.fromMemory.close();
      await apps.fromDisk.close();
    }
  });
});
