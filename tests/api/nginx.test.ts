// The nginx site of scripts/deploy/nginx/ with Debian's nginx: `nginx -t` on it (paths and ports
// set for the test, a self-signed certificate), then the built site served through it in front
// of the running server (TRUST_PROXY=1) on loopback: the same pages, headers and rate limits as
// from the server directly.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { contentSecurityPolicyFor, SECURITY_HEADERS } from '../../server/security-headers.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { tempDir } from '../helpers/temp.ts';

const DEPLOY = join(PROJECT_ROOT, 'scripts', 'deploy', 'nginx');
const INSTALL = 'apt-get install -y nginx libnginx-mod-http-brotli-static';

/** Debian's nginx with the brotli_static module; installed here when root with apt, else the reason to skip. */
function nginxUnavailable(): string | null {
  const present = () => existsSync('/usr/sbin/nginx') && existsSync('/usr/lib/nginx/modules/ngx_http_brotli_static_module.so');
  if (present()) return null;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (!root || !apt) return `nginx is not installed; install it with: sudo ${INSTALL}`;
  const result = spawnSync('sh', ['-c', `apt-get update -qq && ${INSTALL} -qq`], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0 && present() ? null : `installing nginx failed (${INSTALL}): ${result.stderr.slice(-500)}`;
}

const unavailable = nginxUnavailable();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Replaces `from` with `to`, failing when the site file no longer has `from` (the test must follow it). */
function replaceExactly(text: string, from: string | RegExp, to: string): string {
  const next = text.replace(from instanceof RegExp ? new RegExp(from.source, `${from.flags.replace('g', '')}g`) : new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'), to);
  if (next === text) throw new Error(`the nginx site no longer contains ${String(from)}`);
  return next;
}

/** The ETag nginx gives a file it sends: its modification time in seconds and its size, in hex. */
function nginxEtag(file: string): string {
  const stat = statSync(file);
  return `"${Math.floor(stat.mtimeMs / 1000).toString(16)}-${stat.size.toString(16)}"`;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function fetchRaw(url: string, options: { headers?: Record<string, string>; method?: string; localAddress?: string; body?: string } = {}): Promise<Answer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      { method: options.method ?? 'GET', headers: { 'accept-encoding': 'identity', ...options.headers }, rejectUnauthorized: false, ...(options.localAddress ? { localAddress: options.localAddress } : {}) },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

function waitForPort(port: number, process: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (process.exitCode !== null) return reject(new Error(`nginx exited: ${output()}`));
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => setImmediate(attempt));
    };
    attempt();
  });
}

const mediaType = (headers: IncomingHttpHeaders) => String(headers['content-type'] ?? '').split(';')[0];

describe.skipIf(unavailable !== null)(`the nginx site in front of the server${unavailable ? ` (skipped: ${unavailable})` : ''}`, { timeout: 180_000 }, () => {
  const work = tempDir('portal-nginx-');
  const dataDir = join(work.path, 'data');
  let server: ServerProcess;
  let nginx: ChildProcess | undefined;
  let nginxOutput = '';
  let direct = '';
  let proxied = '';
  let config = '';
  let plainHttp = '';

  beforeAll(async () => {
    server = startServerProcess(
      'scripts/start.ts',
      { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'true', SECRET_KEY: TEST_SECRET_KEY, TRUST_PROXY: '1', FEEDBACK_RATE_LIMIT_PER_HOUR: '1' },
      { readyTimeoutMs: 170_000 },
    );
    const appPort = await server.ready();
    direct = `http://127.0.0.1:${appPort}`;
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    proxied = `https://127.0.0.1:${httpsPort}`;
    plainHttp = `http://127.0.0.1:${httpPort}`;

    const certificate = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(work.path, 'key.pem'), '-out', join(work.path, 'cert.pem')], { encoding: 'utf8' });
    expect(certificate.status, certificate.stderr).toBe(0);
    const snippets = join(work.path, 'snippets');
    mkdirSync(snippets);
    for (const name of ['zuofeng-portal-headers.conf', 'zuofeng-portal-search-headers.conf', 'zuofeng-portal-proxy.conf']) writeFileSync(join(snippets, name), readFileSync(join(DEPLOY, name)));
    for (const folder of ['temp', 'acme']) mkdirSync(join(work.path, folder));

    let site = readFileSync(join(DEPLOY, 'zuofeng-portal.conf'), 'utf8');
    site = replaceExactly(site, '/etc/nginx/snippets/', `${snippets}/`);
    site = replaceExactly(site, 'server 127.0.0.1:4321;', `server 127.0.0.1:${appPort};`);
    site = replaceExactly(site, /^ *listen \[::\]:.*\n/m, '');
    site = replaceExactly(site, 'listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
    site = replaceExactly(site, '/etc/letsencrypt/live/zfzg.example.edu.cn/fullchain.pem', join(work.path, 'cert.pem'));
    site = replaceExactly(site, '/etc/letsencrypt/live/zfzg.example.edu.cn/privkey.pem', join(work.path, 'key.pem'));
    site = replaceExactly(site, '/var/lib/zuofeng-portal/site/current', join(dataDir, 'site', 'current'));
    writeFileSync(join(work.path, 'site.conf'), site);
    let http = readFileSync(join(DEPLOY, 'zuofeng-portal-http.conf'), 'utf8');
    http = replaceExactly(http, /^ *listen \[::\]:.*\n/m, '');
    http = replaceExactly(http, 'listen 80;', `listen 127.0.0.1:${httpPort};`);
    http = replaceExactly(http, '/var/www/letsencrypt', join(work.path, 'acme'));
    writeFileSync(join(work.path, 'http.conf'), http);
    // The main file as Debian's /etc/nginx/nginx.conf has it (modules, mime types, gzip on), with
    // this test's own pid, logs and temp folders.
    const temp = join(work.path, 'temp');
    config = join(work.path, 'nginx.conf');
    writeFileSync(
      config,
      `user root;\nworker_processes 1;\npid ${join(work.path, 'nginx.pid')};\nerror_log ${join(work.path, 'error.log')} warn;\ninclude /etc/nginx/modules-enabled/*.conf;\n` +
        `events { worker_connections 128; }\nhttp {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n  gzip on;\n` +
        `  client_body_temp_path ${temp}/body;\n  proxy_temp_path ${temp}/proxy;\n  fastcgi_temp_path ${temp}/fastcgi;\n  uwsgi_temp_path ${temp}/uwsgi;\n  scgi_temp_path ${temp}/scgi;\n` +
        `  include ${join(work.path, 'http.conf')};\n  include ${join(work.path, 'site.conf')};\n}\n`,
    );
    const check = spawnSync('nginx', ['-t', '-c', config], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    nginx = spawn('nginx', ['-c', config, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stdout?.on('data', (chunk) => (nginxOutput += chunk));
    nginx.stderr?.on('data', (chunk) => (nginxOutput += chunk));
    await waitForPort(httpsPort, nginx, () => nginxOutput);
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const stopped = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await stopped;
    }
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    work.remove();
  });

  it('nginx -t accepts the site file with the TLS stanza', () => {
    const check = spawnSync('nginx', ['-t', '-c', config], { encoding: 'utf8' });
    expect(check.status).toBe(0);
    expect(check.stderr).toContain('test is successful');
  });

  it('the headers snippets are the server\'s lists of security headers (the search\'s for /search/), plus HSTS', () => {
    const snippet = (name: string) => {
      const lines = readFileSync(join(DEPLOY, name), 'utf8').split('\n').filter((line) => line.startsWith('add_header'));
      return Object.fromEntries(lines.map((line) => /^add_header (\S+) "(.*)" always;$/.exec(line)!.slice(1, 3).map((part, index) => (index === 0 ? part!.toLowerCase() : part!))));
    };
    expect(snippet('zuofeng-portal-headers.conf')).toEqual({ ...SECURITY_HEADERS, 'strict-transport-security': 'max-age=31536000' });
    expect(snippet('zuofeng-portal-search-headers.conf')).toEqual({ ...SECURITY_HEADERS, 'content-security-policy': contentSecurityPolicyFor('/search/'), 'strict-transport-security': 'max-age=31536000' });
  });

  it('a crawl through nginx sees the same pages and headers as from the server directly', async () => {
    const home = await fetchRaw(`${direct}/`);
    const asset = /(\/_astro\/[\w.-]+\.(?:css|js))/.exec(home.body.toString('utf8'))?.[1];
    expect(asset).toBeDefined();
    const paths = ['/', '/ledger/', '/feedback/', '/track/', '/search/', '/pagefind/pagefind.js', '/admin/', '/favicon.svg', asset!, '/no-such-page/', '/api/no-such-route'];
    for (const path of paths) {
      const [a, b] = [await fetchRaw(direct + path), await fetchRaw(proxied + path)];
      expect(b.status, path).toBe(a.status);
      expect(b.body.equals(a.body), `${path}: the same body`).toBe(true);
      expect(mediaType(b.headers), path).toBe(mediaType(a.headers));
      expect(b.headers['cache-control'], path).toBe(a.headers['cache-control']);
      for (const name of Object.keys(SECURITY_HEADERS)) expect(b.headers[name], `${path}: ${name}`).toBe(a.headers[name]);
      expect(b.headers['strict-transport-security'], path).toBe('max-age=31536000');
      // Files of the build are sent by nginx itself (its own ETag), the rest by the server. The
      // home page and the ledger are larger than a block: stored only as .gz and decompressed
      // for this client (a weak ETag).
      if (path === asset) expect(b.headers.etag, path).toBe(nginxEtag(join(dataDir, 'site', 'current', asset)));
      if (path === '/' || path === '/ledger/') expect(b.headers.etag, path).toBe(`W/${nginxEtag(join(dataDir, 'site', 'current', path, 'index.html.gz'))}`);
    }
    for (const encoding of ['br', 'gzip']) {
      for (const path of ['/', asset!]) {
        const [a, b] = [await fetchRaw(direct + path, { headers: { 'accept-encoding': encoding } }), await fetchRaw(proxied + path, { headers: { 'accept-encoding': encoding } })];
        // The home page is stored only as .gz: a client with brotli alone gets it decompressed.
        expect(b.headers['content-encoding'], `${path} ${encoding}`).toBe(path === '/' && encoding === 'br' ? undefined : encoding);
        expect(b.headers['content-encoding']).toBe(a.headers['content-encoding']);
        expect(b.body.equals(a.body), `${path} ${encoding}: the same compressed file`).toBe(true);
        expect(String(b.headers.vary)).toMatch(/accept-encoding/i);
      }
    }
    const health = await fetchRaw(`${proxied}/api/health`);
    expect(health.status).toBe(200);
    expect(health.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(health.body.toString('utf8'))).toMatchObject({ status: 'ok', database: 'ok' });
    // Plain HTTP only redirects to HTTPS.
    const plain = await fetchRaw(`${plainHttp}/ledger/`);
    expect(plain.status).toBe(301);
    // certbot --webroot puts its challenge under the root; nginx serves it over plain HTTP.
    const challenges = join(work.path, 'acme', '.well-known', 'acme-challenge');
    mkdirSync(challenges, { recursive: true });
    writeFileSync(join(challenges, 'probe.txt'), 'acme');
    expect((await fetchRaw(`${plainHttp}/.well-known/acme-challenge/probe.txt`)).body.toString()).toBe('acme');
    expect(plain.headers.location).toMatch(/^https:\/\/127\.0\.0\.1(:\d+)?\/ledger\/$/);
  });

  it('sends the files stored only as .gz (open data downloads, pages larger than a block) itself: the .gz to a gzip client, decompressed to any other, the same bytes as the server', async () => {
    const live = join(dataDir, 'site', 'current');
    const stats = (await fetchRaw(`${direct}/opendata/stats/`)).body.toString('utf8');
    const day = /\/opendata\/stats\/(\d{4}-\d{2}-\d{2})\.csv/.exec(stats)?.[1];
    expect(day).toBeDefined();
    const downloads = ['/opendata/replies.csv', '/opendata/replies.json', '/opendata/ledger-items.csv', '/opendata/ledger-progress.json', `/opendata/stats/${day}.csv`];
    // Pages of the demo larger than a block (site/decisions/006), one with a query.
    const pages = ['/ledger/', '/ledger/?from=poster', '/replies/', '/stats/'];
    const fileOf = (path: string) => join(live, path.replace(/\?.*$/, '').replace(/\/$/, '/index.html'));
    for (const path of [...downloads, ...pages]) {
      const page = pages.includes(path);
      // Compressed only: the build holds no uncompressed file.
      expect(existsSync(fileOf(path)), path).toBe(false);
      const stored = readFileSync(`${fileOf(path)}.gz`);
      const content = gunzipSync(stored);
      if (path.endsWith('.csv')) expect(content.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), `${path}: the BOM`).toBe(true);
      for (const accept of ['gzip', 'gzip, deflate, br', 'identity', undefined]) {
        const headers = accept === undefined ? { 'accept-encoding': '' } : { 'accept-encoding': accept };
        const [a, b] = [await fetchRaw(direct + path, { headers }), await fetchRaw(proxied + path, { headers })];
        const what = `${path} ${accept}`;
        expect(b.status, what).toBe(200);
        expect(a.status, what).toBe(200);
        const gzip = accept?.includes('gzip') ?? false;
        expect(b.headers['content-encoding'], what).toBe(gzip ? 'gzip' : undefined);
        expect(a.headers['content-encoding'], what).toBe(b.headers['content-encoding']);
        expect(b.body.equals(gzip ? stored : content), `${what}: the bytes`).toBe(true);
        expect(b.body.equals(a.body), `${what}: the same bytes as the server`).toBe(true);
        expect(b.headers['content-type'], what).toBe(a.headers['content-type']);
        expect(b.headers['content-type'], what).toBe(page ? 'text/html; charset=utf-8' : path.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
        expect(String(b.headers.vary), what).toMatch(/accept-encoding/i);
        expect(b.headers.etag, what).toBeTruthy();
        // Sent by nginx itself (its ETag: strong for the .gz as it is, weak once decompressed), not by the server behind it.
        expect(b.headers.etag, what).toBe(`${gzip ? '' : 'W/'}${nginxEtag(`${fileOf(path)}.gz`)}`);
        expect(b.headers['cache-control'], what).toBe('no-cache');
        for (const name of Object.keys(SECURITY_HEADERS)) expect(b.headers[name], `${what}: ${name}`).toBe(a.headers[name]);
      }
      // A range: the whole file, 200, from both.
      for (const base of [direct, proxied]) {
        const ranged = await fetchRaw(base + path, { headers: { 'accept-encoding': 'gzip', range: 'bytes=0-9' } });
        expect(ranged.status, `${base}${path} range`).toBe(200);
        expect(ranged.headers['accept-ranges'], `${base}${path} range`).toBeUndefined();
        expect(ranged.body.equals(stored), `${base}${path} range`).toBe(true);
      }
      // Revalidation of the gzip answer.
      const first = await fetchRaw(proxied + path, { headers: { 'accept-encoding': 'gzip' } });
      const again = await fetchRaw(proxied + path, { headers: { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) } });
      expect(again.status, `${path} revalidated`).toBe(304);
    }
    // A download or a page that is not there: the server's 404 page, as for any other address;
    // a folder's address without its slash: the server's redirect.
    for (const path of ['/opendata/no-such.csv', '/no-such-page/', '/ledger/no-such-item/', '/.stored-gzip/ledger/index.html']) {
      const [a, b] = [await fetchRaw(direct + path), await fetchRaw(proxied + path)];
      expect(b.status, path).toBe(404);
      expect(a.status, path).toBe(404);
      expect(b.body.equals(a.body), path).toBe(true);
    }
    const [a, b] = [await fetchRaw(`${direct}/ledger`), await fetchRaw(`${proxied}/ledger`)];
    expect(b.status).toBe(301);
    expect(a.status).toBe(301);
    expect(b.headers.location).toBe(a.headers.location);
  });

  it('a body over the server\'s limit gets the server\'s own 413 in Chinese through nginx too', async () => {
    const body = JSON.stringify({ content: '意'.repeat(40_000) });
    // Each from its own address: the route allows one opinion per address an hour here.
    const post = (base: string, localAddress: string) => fetchRaw(`${base}/api/feedback`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' }, body });
    const [a, b] = [await post(direct, '127.0.0.5'), await post(proxied, '127.0.0.6')];
    expect(a.status).toBe(413);
    expect(b.status).toBe(413);
    expect(b.body.toString('utf8')).toBe(a.body.toString('utf8'));
    expect(JSON.parse(b.body.toString('utf8')).message).toBe('提交的内容过大，请精简后重新提交');
  });

  it('the same rate limit per client through nginx as directly; an X-Forwarded-For sent by the client changes nothing', async () => {
    // FEEDBACK_RATE_LIMIT_PER_HOUR=1: ten challenges per client address per hour.
    const url = '/api/feedback/challenge';
    const statuses = async (base: string, localAddress: string, spoof: boolean) => {
      const seen: number[] = [];
      for (let index = 0; index < 11; index += 1) {
        const headers: Record<string, string> = spoof ? { 'x-forwarded-for': `203.0.113.${index + 1}` } : {};
        seen.push((await fetchRaw(base + url, { localAddress, headers })).status);
      }
      return seen;
    };
    const expected = [...Array(10).fill(200), 429];
    expect(await statuses(direct, '127.0.0.3', false)).toEqual(expected);
    expect(await statuses(proxied, '127.0.0.2', true)).toEqual(expected);
    // Another client behind nginx has its own count.
    expect((await fetchRaw(proxied + url, { localAddress: '127.0.0.4' })).status).toBe(200);
  });
});
