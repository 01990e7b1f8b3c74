// Small built files answered from memory (server/site-memory.ts): the same status, headers and
// body as @fastify/static reading them from disk, for every kind of request; a rebuild's switch
// is seen by the next request; large files, folders without their slash, conditional and range
// requests still go through @fastify/static.
import type { FastifyInstance } from 'fastify';
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { buildsDir, currentLink } from '../../server/site-builds.ts';
import { precompressSite } from '../../server/site-compression.ts';
import { testConfig } from '../helpers/app.ts';
import { listenOnLoopback as listen, rawRequest as raw, writeSiteBuild } from '../helpers/site.ts';

const page = (title: string) => `<!doctype html><html lang="zh-CN"><title>${title}</title><body>${'<p>整改事项进展情况，欢迎监督。</p>\n'.repeat(200)}</body></html>`;
const FILES = {
  // Pages larger than a block: stored only as .gz (site/decisions/006).
  'index.html': page('首页'),
  'ledger/index.html': page('整改台账'),
  // A page of one block: stored as it is.
  'small/index.html': '<!doctype html><html lang="zh-CN"><title>小页面</title><p>只有几个字</p></html>',
  'ledger/ZG-2026-01/index.html': page('事项'),
  '_astro/app.Ab12Cd34.js': `export const items = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ code: `ZG-${i}`, title: '整改事项' })))};`,
  '_astro/style.Ef56Gh78.css': `.card { color: #333; }\n`.repeat(200),
  'small.txt': '只有几个字',
  'logo.png': 'x'.repeat(4096),
  'big/index.html': page('大页面').repeat(40),
  'search/index.html': page('搜索'),
  'opendata/stats/2026-11-26.json': JSON.stringify({ figures: Array.from({ length: 300 }, (_, i) => i) }),
};

const URLS = [
  '/', '/?from=poster', '/ledger/', '/ledger', '/small/', '/small', '/ledger/ZG-2026-01/', '/_astro/app.Ab12Cd34.js', '/_astro/style.Ef56Gh78.css', '/small.txt', '/logo.png',
  '/big/', '/search/', '/opendata/stats/2026-11-26.json', '/missing/', '/.hidden', '/ledger/../index.html', '/%E6%95%B4%E6%94%B9/', '//ledger/', '/index.html',
];
const ENCODINGS = [undefined, 'gzip, deflate, br', 'gzip', '*', 'identity', 'br;q=0, gzip;q=1', 'deflate'];
const EXTRA: Record<string, string>[] = [{}, { range: 'bytes=0-9' }];

async function siteApps() {
  const config = testConfig();
  const outDir = writeSiteBuild(config.siteDir, FILES);
  await precompressSite(outDir);
  const fromMemory = await buildApp(config, { logger: false });
  const fromDisk = await buildApp(config, { logger: false, siteMemoryBudgetBytes: 0 });
  return { config, fromMemory, fromDisk };
}

const comparable = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'date'));

/** The same request to both apps through inject: the same status, headers (but Date) and bytes. */
async function expectSameAnswer(app: FastifyInstance, reference: FastifyInstance, request: { method: 'GET' | 'HEAD'; url: string; headers: Record<string, string> }, what: string) {
  const [answer, expected] = [await app.inject(request), await reference.inject(request)];
  expect(answer.statusCode, what).toBe(expected.statusCode);
  expect(comparable(answer.headers), what).toEqual(comparable(expected.headers));
  expect(answer.rawPayload.equals(expected.rawPayload), what).toBe(true);
}

/**
 * Every URL × encoding × method over HTTP, asked twice of the server on `port` (`rounds` names the
 * two) and once of the reference from disk: the same status, headers (but Date) and bytes.
 */
async function expectSameAnswersOverHttp(port: number, diskPort: number, rounds: [string, string]) {
  for (const method of ['GET', 'HEAD']) {
    for (const url of URLS) {
      for (const encoding of ENCODINGS) {
        const headers: Record<string, string> = encoding === undefined ? {} : { 'accept-encoding': encoding };
        const disk = await raw(diskPort, method, url, headers);
        for (const round of rounds) {
          const answer = await raw(port, method, url, headers);
          const what = `${round} ${method} ${url} ${JSON.stringify(headers)}`;
          expect(answer.status, what).toBe(disk.status);
          expect(comparable(answer.headers), what).toEqual(comparable(disk.headers));
          expect(answer.body.equals(disk.body), what).toBe(true);
        }
      }
    }
  }
}

/** A rebuild as scripts/rebuild.ts makes one: the new build written and compressed, then `current` renamed to it. */
async function switchToBuild(siteDir: string, id: string, files: Record<string, string>): Promise<void> {
  const dir = join(buildsDir(siteDir), id);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  await precompressSite(dir);
  symlinkSync(join('builds', id), `${currentLink(siteDir)}.next`, 'dir');
  renameSync(`${currentLink(siteDir)}.next`, currentLink(siteDir));
}

/** Asks until the answer is `wanted` (a watch's report arrives within moments) or 5 s have passed; the last answer. */
async function askUntil<T>(ask: () => Promise<T>, wanted: (answer: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  let answer = await ask();
  while (!wanted(answer) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    answer = await ask();
  }
  return answer;
}

describe('small built files from memory', () => {
  it('answers every request exactly as @fastify/static does from disk', async () => {
    const { fromMemory, fromDisk } = await siteApps();
    try {
      for (const method of ['GET', 'HEAD'] as const) {
        for (const url of URLS) {
          for (const encoding of ENCODINGS) {
            for (const extra of EXTRA) {
              const headers = { ...(encoding === undefined ? {} : { 'accept-encoding': encoding }), ...extra };
              await expectSameAnswer(fromMemory, fromDisk, { method, url, headers }, `${method} ${url} ${JSON.stringify(headers)}`);
            }
          }
        }
      }
      // Revalidation goes through @fastify/static with the ETag the memory gave.
      for (const [url, encoding] of [['/ledger/', 'gzip'], ['/_astro/app.Ab12Cd34.js', 'br']] as const) {
        const first = await fromMemory.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
        expect(first.headers['content-encoding'], url).toBe(encoding);
        const again = await fromMemory.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br', 'if-none-match': String(first.headers.etag) } });
        expect(again.statusCode, url).toBe(304);
      }
      // The small pages and their copies are held; the large page, the 404s and the odd paths are not.
      expect(fromMemory.siteMemory!.heldBytes).toBeGreaterThan(0);
      expect(fromMemory.siteMemory!.heldBytes).toBeLessThan(FILES['big/index.html'].length);
    } finally {
      await fromMemory.close();
      await fromDisk.close();
    }
  });

  it('answers exactly as @fastify/static when the budget is full: each file read and sent, none held', async () => {
    const { config, fromMemory, fromDisk } = await siteApps();
    await fromMemory.close();
    const full = await buildApp(config, { logger: false, siteMemoryBudgetBytes: 1 });
    try {
      for (const method of ['GET', 'HEAD'] as const) {
        for (const url of URLS) {
          for (const encoding of ENCODINGS) {
            const headers: Record<string, string> = encoding === undefined ? {} : { 'accept-encoding': encoding };
            for (const round of ['first', 'again']) await expectSameAnswer(full, fromDisk, { method, url, headers }, `${round} ${method} ${url} ${JSON.stringify(headers)}`);
          }
        }
      }
      expect(full.siteMemory!.heldBytes).toBe(0);
    } finally {
      await full.close();
      await fromDisk.close();
    }
  });

  it('answers over HTTP, once a file is held before Fastify sees the request, exactly as from disk', async () => {
    const { fromMemory, fromDisk } = await siteApps();
    try {
      // The first request reads the file and holds it; the second is answered from memory.
      await expectSameAnswersOverHttp(await listen(fromMemory), await listen(fromDisk), ['first', 'held']);
    } finally {
      await fromMemory.close();
      await fromDisk.close();
    }
  });

  it('answers over HTTP when the budget is full exactly as from disk, the small files read and sent before Fastify sees the request', async () => {
    const { config, fromMemory, fromDisk } = await siteApps();
    await fromMemory.close();
    const full = await buildApp(config, { logger: false, siteMemoryBudgetBytes: 1 });
    // The requests Fastify sees: the ones the site plugin does not answer itself.
    const reachedFastify: string[] = [];
    full.addHook('onRequest', async (request) => {
      reachedFastify.push(request.url);
    });
    try {
      await expectSameAnswersOverHttp(await listen(full), await listen(fromDisk), ['first', 'again']);
      expect(full.siteMemory!.heldBytes).toBe(0);
      // A small page and an asset never reached Fastify; a missing page and a folder without its slash did.
      expect(reachedFastify).not.toContain('/small/');
      expect(reachedFastify).not.toContain('/_astro/app.Ab12Cd34.js');
      expect(reachedFastify).toContain('/missing/');
      expect(reachedFastify).toContain('/small');
    } finally {
      await full.close();
      await fromDisk.close();
    }
  });

  it('reads a request\'s headers as Fastify does: any case, repeated Accept-Encoding, conditional and range requests', async () => {
    const { fromMemory, fromDisk } = await siteApps();
    try {
      const memoryPort = await listen(fromMemory);
      const diskPort = await listen(fromDisk);
      const etag = String((await raw(diskPort, 'GET', '/small/', {})).headers.etag);
      const requests: string[][] = [
        ['ACCEPT-ENCODING', 'gzip'],
        ['Accept-Encoding', 'br;q=0', 'accept-encoding', 'gzip'],
        ['Accept-Encoding', 'identity', 'Accept-Encoding', 'br'],
        ['Range', 'bytes=0-9'],
        ['If-None-Match', etag],
        ['if-none-match', '"other"'],
        ['If-Modified-Since', new Date(Date.now() + 60_000).toUTCString()],
        ['Accept-Encoding', 'gzip', 'RANGE', 'bytes=5-'],
        ['If-Match', '"other"'],
        ['if-unmodified-since', new Date(0).toUTCString()],
        ['Accept-Language', 'zh-CN', 'X-Requested-With', 'XMLHttpRequest', 'If-Range', '"other"', 'Accept-Encoding', 'br'],
      ];
      for (const url of ['/small/', '/ledger/', '/_astro/app.Ab12Cd34.js']) {
        for (const headers of requests) {
          const disk = await raw(diskPort, 'GET', url, headers);
          for (const round of ['first', 'held']) {
            const memory = await raw(memoryPort, 'GET', url, headers);
            const what = `${round} ${url} ${JSON.stringify(headers)}`;
            expect([200, 206, 304, 412], what).toContain(memory.status);
            expect(memory.status, what).toBe(disk.status);
            expect(comparable(memory.headers), what).toEqual(comparable(disk.headers));
            expect(memory.body.equals(disk.body), what).toBe(true);
          }
        }
      }
      // The conditional ones were answered: a 304 and a 206 among them.
      expect((await raw(memoryPort, 'GET', '/small/', ['If-None-Match', etag])).status).toBe(304);
      expect((await raw(memoryPort, 'GET', '/small/', ['Range', 'bytes=0-9'])).status).toBe(206);
    } finally {
      await fromMemory.close();
      await fromDisk.close();
    }
  });

  it('sends the new build over HTTP once the watch reports the switch, a page already held included', async () => {
    const { config, fromMemory, fromDisk } = await siteApps();
    await fromDisk.close();
    try {
      const port = await listen(fromMemory);
      const gzip = ['Accept-Encoding', 'gzip, deflate, br'];
      // Twice: the second answer comes from memory before Fastify's routing, without reading the link.
      for (const _ of [1, 2]) expect(gunzipSync((await raw(port, 'GET', '/', gzip)).body).toString()).toBe(FILES['index.html']);
      expect((await raw(port, 'GET', '/small/', [])).body.toString()).toBe(FILES['small/index.html']);
      await switchToBuild(config.siteDir, 'next-build', { ...FILES, 'index.html': page('新的首页'), 'small/index.html': '<p>新的小页面</p>' });
      // Once the watch has reported the switch, every held page is the new build's.
      const home = await askUntil(async () => gunzipSync((await raw(port, 'GET', '/', gzip)).body).toString(), (body) => body !== FILES['index.html']);
      expect(home).toBe(page('新的首页'));
      expect((await raw(port, 'GET', '/small/', [])).body.toString()).toBe('<p>新的小页面</p>');
    } finally {
      await fromMemory.close();
    }
  });

  it('watches a site folder made again while it serves: a later switch is still seen', async () => {
    const { config, fromMemory, fromDisk } = await siteApps();
    await fromDisk.close();
    try {
      const port = await listen(fromMemory);
      const small = async () => {
        const answer = await raw(port, 'GET', '/small/', []);
        return { status: answer.status, body: answer.body.toString() };
      };
      const until = (wanted: (answer: { status: number; body: string }) => boolean) => askUntil(small, wanted);
      for (const _ of [1, 2]) expect((await small()).body).toBe(FILES['small/index.html']);
      // The whole site folder removed (nothing to serve), then made again with a build.
      rmSync(config.siteDir, { recursive: true, force: true });
      expect((await until((answer) => answer.status === 404)).status).toBe(404);
      const build = (id: string, content: string) => switchToBuild(config.siteDir, id, { ...FILES, 'small/index.html': content });
      await build('again', '<p>重建后的页面</p>');
      expect((await until((answer) => answer.body === '<p>重建后的页面</p>')).body).toBe('<p>重建后的页面</p>');
      expect((await small()).body).toBe('<p>重建后的页面</p>');
      // Held again; the next switch is reported by the new watch.
      await build('after', '<p>再次更新</p>');
      expect((await until((answer) => answer.body === '<p>再次更新</p>')).body).toBe('<p>再次更新</p>');
    } finally {
      await fromMemory.close();
    }
  });

  it('sends the new build after a rebuild switched the link, at the next request', async () => {
    const { config, fromMemory, fromDisk } = await siteApps();
    await fromDisk.close();
    try {
      const before = await fromMemory.inject({ method: 'GET', url: '/' });
      expect(before.body).toBe(FILES['index.html']);
      await switchToBuild(config.siteDir, 'next-build', { ...FILES, 'index.html': page('新的首页') });
      const after = await fromMemory.inject({ method: 'GET', url: '/' });
      expect(after.body).toBe(page('新的首页'));
      const compressed = await fromMemory.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(compressed.headers['content-encoding']).toBe('gzip');
      expect(compressed.headers.etag).not.toBe(before.headers.etag);
    } finally {
      await fromMemory.close();
    }
  });
});
