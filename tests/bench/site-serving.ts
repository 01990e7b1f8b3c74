// Built pages from the embedded server (npm run bench; alone: node tests/bench/site-serving.ts):
// GET /, /ledger/ and a reply page with a browser's Accept-Encoding (gzip, deflate, br), from
// `server/main.ts` (small files held in memory, server/site-memory.ts) and from the same server
// reading each file from disk (@fastify/static alone, as before), beside a bare node:http server
// that holds the same stored bytes in memory (the .gz of a page larger than a block, stored only
// so, site/decisions/006; the .br where there is one; else the page) and writes them with a
// content type, in the same run; the ratios are to that server. A second baseline is the same
// server sending the portal's own headers too (the security headers of every answer, about 1 KB):
// it shows what of the difference is the size of the answer rather than the serving. autocannon
// runs in a separate process on loopback; a run with failed requests prints them and no rate. Also the
// serving process's resident memory after the load (the goal is 150 MB, README "### Memory").
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';
import { SECURITY_HEADERS } from '../../server/security-headers.ts';
import { buildsDir, currentLink } from '../../server/site-builds.ts';
import { precompressSite } from '../../server/site-compression.ts';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 20;
const AUTOCANNON = join(PROJECT_ROOT, 'node_modules', 'autocannon', 'autocannon.js');

/** Pages of the sizes the demo's are (home ~30 KB, /ledger/ ~60 KB, a reply ~6 KB of HTML). */
const WORDS = ['整改', '事项', '进展', '责任单位', '按期', '完成', '阶段性', '任务', '监督', '会议', '文件', '检查', '基层', '负担', '学校', '家长', '教师', '答复', '意见', '落实'];
let seed = 7;
/** Text that compresses like a real page's (a fixed pseudo-random choice of words), not like one sentence repeated. */
function words(count: number): string {
  let text = '';
  for (let index = 0; index < count; index += 1) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    text += WORDS[seed % WORDS.length];
  }
  return text;
}
function html(title: string, paragraphs: number): string {
  const body = Array.from({ length: paragraphs }, (_, index) => `<p>第${index + 1}条：${words(12)}。</p>`).join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`;
}
const PAGES: Record<string, string> = {
  'index.html': html('首页', 230),
  'ledger/index.html': html('整改台账', 460),
  'replies/1234/index.html': html('留言选登', 45),
};
const URLS = ['/', '/ledger/', '/replies/1234/'];
/**
 * The headers the embedded server adds to a page's content headers: the security headers of every
 * answer, the validators and the caching (values of their usual length).
 */
const PORTAL_HEADERS = {
  ...SECURITY_HEADERS,
  'last-modified': new Date('2026-11-26T04:00:00.000Z').toUTCString(),
  etag: 'W/"a8c-19ac1e5e4a0"',
  'cache-control': 'no-cache',
  vary: 'accept-encoding',
};
/** What a browser sends. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

/** The file the server sends a browser for a page, and its encoding: .br, else .gz (stored only so), else the page. */
function storedFile(root: string, url: string): { file: string; encoding: string | null } {
  const page = join(root, url, 'index.html');
  if (existsSync(`${page}.br`)) return { file: `${page}.br`, encoding: 'br' };
  if (existsSync(`${page}.gz`)) return { file: `${page}.gz`, encoding: 'gzip' };
  return { file: page, encoding: null };
}

function rss(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Load {
  perSecond: number;
  p99: number;
  failures: number;
}

async function load(port: number, path: string): Promise<Load> {
  const child = spawn(process.execPath, [AUTOCANNON, '--json', '-c', String(CONNECTIONS), '-d', String(DURATION_SECONDS), '-H', `accept-encoding=${ACCEPT_ENCODING}`, `http://127.0.0.1:${port}${path}`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let json = '';
  child.stdout!.on('data', (chunk) => (json += chunk));
  await new Promise((resolve) => child.on('exit', resolve));
  const result = JSON.parse(json) as { requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number; timeouts: number; '2xx': number };
  // Successful answers only: 2xx over the run's duration.
  return { perSecond: result['2xx'] / DURATION_SECONDS, p99: result.latency.p99, failures: result.non2xx + result.errors + result.timeouts };
}

const BARE_SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const root = process.env.SITE_ROOT;
const files = new Map();
for (const url of ${JSON.stringify(URLS)}) {
  const page = path.join(root, url, 'index.html');
  const [file, encoding] = fs.existsSync(page + '.br') ? [page + '.br', 'br'] : fs.existsSync(page + '.gz') ? [page + '.gz', 'gzip'] : [page, null];
  files.set(url, { body: fs.readFileSync(file), encoding });
}
// EXTRA_HEADERS: the headers the portal sends with every page beside the content's (its security
// headers, validators and caching), for the second baseline.
const extra = process.env.EXTRA_HEADERS ? JSON.parse(process.env.EXTRA_HEADERS) : {};
http.createServer((request, response) => {
  const stored = files.get(request.url);
  if (!stored) { response.writeHead(404); response.end(); return; }
  const headers = { ...extra, 'content-type': 'text/html; charset=utf-8', 'content-length': stored.body.length };
  if (stored.encoding) headers['content-encoding'] = stored.encoding;
  response.writeHead(200, headers);
  response.end(stored.body);
}).listen(0, '127.0.0.1', function () { console.log('bare listening on ' + this.address().port); });
`;

const dir = mkdtempSync(join(tmpdir(), 'portal-bench-serving-'));
try {
  const siteDir = join(dir, 'site');
  const outDir = join(buildsDir(siteDir), '20261126T000000Z-1');
  for (const [path, content] of Object.entries(PAGES)) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), content);
  }
  await precompressSite(outDir);
  writeFileSync(join(buildsDir(siteDir), '20261126T000000Z-1.json'), JSON.stringify({ id: '20261126T000000Z-1', builtAt: '2026-11-26T00:00:00.000Z', dataAsOf: '2026-11-26T00:00:00.000Z', durationMs: 1, pages: 3 }));
  symlinkSync(join('builds', '20261126T000000Z-1'), currentLink(siteDir), 'dir');
  const env = { DATA_DIR: dir, SITE_DIR: siteDir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', NIGHTLY_REBUILD_TIME: 'off', LOG_LEVEL: 'warn', SECRET_KEY: randomBytes(32).toString('hex') };
  console.log(`Built pages with Accept-Encoding: ${ACCEPT_ENCODING}; autocannon -c ${CONNECTIONS}, ${DURATION_SECONDS} s per figure in a separate process on loopback; Node ${process.version}`);
  const servers = [
    { name: 'bare node:http, the stored bytes in memory', start: () => startProcess(['-e', BARE_SERVER], { SITE_ROOT: join(siteDir, 'current') }, /bare listening on (\d+)/) },
    {
      name: 'the same with the portal\'s headers (security, validators)',
      start: () => startProcess(['-e', BARE_SERVER], { SITE_ROOT: join(siteDir, 'current'), EXTRA_HEADERS: JSON.stringify(PORTAL_HEADERS) }, /bare listening on (\d+)/),
    },
    { name: 'embedded server (small files in memory)', start: () => startProcess([join(PROJECT_ROOT, 'server', 'main.ts')], env, /is ready: http:\/\/127\.0\.0\.1:(\d+)\//) },
    { name: 'embedded server, SITE_MEMORY_MB=0 (from disk)', start: () => startProcess([join(PROJECT_ROOT, 'server', 'main.ts')], { ...env, SITE_MEMORY_MB: '0' }, /is ready: http:\/\/127\.0\.0\.1:(\d+)\//) },
  ];
  const results = new Map<string, Map<string, Load>>();
  const memory = new Map<string, number>();
  for (const server of servers) {
    const { child, port } = await server.start();
    const byUrl = new Map<string, Load>();
    for (const url of URLS) byUrl.set(url, await load(port, url));
    memory.set(server.name, rss(child.pid!));
    results.set(server.name, byUrl);
    await stop(child);
  }
  const bare = results.get(servers[0]!.name)!;
  const bareWithHeaders = results.get(servers[1]!.name)!;
  for (const url of URLS) {
    const stored = storedFile(outDir, url);
    console.log(`GET ${url} (${(readFileSync(stored.file).length / 1024).toFixed(1)} KB ${stored.encoding ?? 'uncompressed'})`);
    for (const [index, server] of servers.entries()) {
      const result = results.get(server.name)!.get(url)!;
      const base = bare.get(url)!;
      const withHeaders = bareWithHeaders.get(url)!;
      const figure =
        result.failures > 0 || base.failures > 0 || withHeaders.failures > 0
          ? `${result.failures} failed requests (bare: ${base.failures}, with headers: ${withHeaders.failures}): no rate`
          : `${result.perSecond.toFixed(0).padStart(6)} req/s  p99 ${result.p99.toFixed(0)} ms  = ${(result.perSecond / base.perSecond).toFixed(2)} of bare` +
            (index > 1 ? `, ${(result.perSecond / withHeaders.perSecond).toFixed(2)} of bare with the headers` : '');
      console.log(`  ${server.name.padEnd(58)} ${figure}`);
    }
  }
  for (const server of servers) console.log(`resident memory after the load, ${server.name.padEnd(58)} ${memory.get(server.name)!.toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
