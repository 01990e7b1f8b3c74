// Built pages from the embedded server (npm run bench; alone: node tests/bench/site-serving.ts):
// GET /, /ledger/ and a reply page of the demo bureau with a browser's Accept-Encoding (gzip,
// deflate, br), from the portal as `npm start` runs it (scripts/run.mjs: the server bundle, its V8
// flags and allocator settings; small files held in memory, server/site-memory.ts) and from the
// same server for pages beyond its memory budget (read from disk at each request: a large site's
// long tail; the budget filled first with the build's other files), beside a bare
// node:http server that holds the same stored bytes in memory (the .br where there is one, else the
// .gz, else the page: what the portal sends a browser, checked byte for byte before the load) and
// writes them with a content type; the ratios are to that server. A second baseline is the same
// server sending the portal's own headers too (the security headers of every answer, about 0.6 KB, and the validators):
// it shows what of the difference is the size of the answer rather than the serving.
//
// Two figures per server, both from the same load: successful answers per second (a run with
// failed requests prints them and no rate), and the serving process's CPU time per answer (from
// /proc). Two load generators, each in a separate process on loopback: autocannon, and wrk where it
// is installed (Debian's package). On a machine of two cores autocannon needs about one of them and
// reading the headers costs it as much as sending them costs the server, so its rate is partly its
// own; wrk keeps the server busy all the time, and its rate is the server's speed.
// The servers run side by side and take turns for each page (BENCH_ROUNDS rounds of
// BENCH_DURATION seconds each), so that a change in the machine's load falls on all of them.
// Also the serving process's resident memory after the load and its peak (the goal is 150 MB).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, relative, sep } from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';
import { SECURITY_HEADERS } from '../../server/security-headers.ts';
import { currentLink } from '../../server/site-builds.ts';
import { SERVER_ENV, SERVER_NODE_FLAGS } from '../../server/process-settings.mjs';
import { cpuSeconds, type Server, startPortal, statusField, stopServer, waitForReady } from './processes.ts';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = 20;
const AUTOCANNON = join(PROJECT_ROOT, 'node_modules', 'autocannon', 'autocannon.js');
/** What a browser sends. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

/** The file the server sends a browser for a page, and its encoding: .br, else .gz (stored only so), else the page. */
function storedFile(root: string, url: string): { file: string; encoding: string | null } {
  const page = join(root, url, 'index.html');
  if (existsSync(`${page}.br`)) return { file: `${page}.br`, encoding: 'br' };
  if (existsSync(`${page}.gz`)) return { file: `${page}.gz`, encoding: 'gzip' };
  return { file: page, encoding: null };
}

const BARE_SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const files = new Map(Object.entries(JSON.parse(process.env.STORED)).map(([url, { file, encoding }]) => [url, { body: fs.readFileSync(file), encoding }]));
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

async function startBare(stored: Record<string, { file: string; encoding: string | null }>, extraHeaders: Record<string, string> | null): Promise<Server> {
  const env = { ...process.env, STORED: JSON.stringify(stored), ...(extraHeaders ? { EXTRA_HEADERS: JSON.stringify(extraHeaders) } : {}) };
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await waitForReady(child, /bare listening on (\d+)/, () => {});
  return { pid: child.pid!, port, process: child };
}

/** The budget of the server whose pages are beyond it: smaller than the demo build's small files. */
const FULL_BUDGET_MB = 1;
/** As server/site-memory.ts: larger files are never held. */
const HELD_FILE_LIMIT_BYTES = 256 * 1024;

/**
 * Asks for every file of the build but `urls`, as a browser would, so that a server with a small
 * budget holds other files and `urls` come after its budget is full. Returns the bytes offered to
 * the memory (each file with its copies).
 */
async function fillBudget(port: number, root: string, urls: string[]): Promise<number> {
  let bytes = 0;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.br')) continue;
    const file = join(entry.parentPath, entry.name);
    // A file stored only as .gz is asked for by its own name.
    if (entry.name.endsWith('.gz') && existsSync(file.slice(0, -3))) continue;
    const served = entry.name.endsWith('.gz') ? file.slice(0, -3) : file;
    const path = `/${relative(root, served).split(sep).join('/')}`.replace(/\/index\.html$/, '/');
    if (urls.includes(path)) continue;
    const size = [served, `${served}.br`, `${served}.gz`].reduce((sum, copy) => sum + (existsSync(copy) ? statSync(copy).size : 0), 0);
    if (statSync(file).size > HELD_FILE_LIMIT_BYTES) continue;
    await get(port, path);
    bytes += size;
  }
  return bytes;
}

/** The serving process from the TypeScript sources (server/main.ts) with `npm start`'s flags and allocator settings; no rebuild at start. */
async function startFromSources(dataDir: string, env: Record<string, string>): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(PROJECT_ROOT, 'server', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...SERVER_ENV, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NIGHTLY_REBUILD_TIME: 'off', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await waitForReady(child, /is ready: http:\/\/127\.0\.0\.1:(\d+)\//, () => {});
  return { pid: child.pid!, port, process: child };
}

function get(port: number, path: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': ACCEPT_ENCODING }, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

interface Load {
  answers: number;
  seconds: number;
  cpuSeconds: number;
  p99: number;
  failures: number;
  peakMb: number;
}

function addLoads(a: Load, b: Load): Load {
  return {
    answers: a.answers + b.answers,
    seconds: a.seconds + b.seconds,
    cpuSeconds: a.cpuSeconds + b.cpuSeconds,
    p99: Math.max(a.p99, b.p99),
    failures: a.failures + b.failures,
    peakMb: Math.max(a.peakMb, b.peakMb),
  };
}

/**
 * The load generators. autocannon is JavaScript: on a machine of two cores it needs about one of
 * them, and reading a longer answer costs it more, so the rate it sees is partly its own (the
 * server it loads idles 10–20% of the time). wrk, a C client (Debian's package `wrk`), costs little
 * per answer: the server is busy all the time and the rate is the server's (tests/bench/PERFORMANCE.md,
 * Serving, "7 December, late"). wrk runs when it is installed.
 */
type Client = 'autocannon' | 'wrk';
const WRK_INSTALLED = spawnSync('wrk', ['-v'], { stdio: 'ignore' }).error === undefined;

/** wrk's report: requests, failures (connect, read, write, timeout; statuses above 399) and p99 latency (--latency). */
function parseWrk(output: string): { requests: number; seconds: number; failures: number; p99Ms: number } {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m)\b/.exec(output);
  if (!total) throw new Error(`wrk printed no total: ${output}`);
  const unit = { us: 1e-6, ms: 1e-3, s: 1, m: 60 }[total[3] as 'us' | 'ms' | 's' | 'm'];
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const statuses = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(output);
  if (!p99) throw new Error(`wrk printed no 99th percentile: ${output}`);
  return {
    requests: Number(total[1]),
    seconds: Number(total[2]) * unit,
    failures: (socket ? socket.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0) + (statuses ? Number(statuses[1]) : 0),
    p99Ms: Number(p99[1]) * { us: 1e-3, ms: 1, s: 1e3 }[p99[2] as 'us' | 'ms' | 's'],
  };
}

async function load(server: Server, path: string, client: Client): Promise<Load> {
  const url = `http://127.0.0.1:${server.port}${path}`;
  const child =
    client === 'wrk'
      ? spawn('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${DURATION_SECONDS}s`, '--latency', '-H', `accept-encoding: ${ACCEPT_ENCODING}`, url], { stdio: ['ignore', 'pipe', 'ignore'] })
      : spawn(process.execPath, [AUTOCANNON, '--json', '-c', String(CONNECTIONS), '-d', String(DURATION_SECONDS), '-H', `accept-encoding=${ACCEPT_ENCODING}`, url], {
          stdio: ['ignore', 'pipe', 'ignore'],
        });
  const cpuBefore = cpuSeconds(server.pid);
  let peakMb = 0;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, statusField(server.pid, 'VmRSS') ?? 0)), 200);
  let json = '';
  child.stdout!.on('data', (chunk) => (json += chunk));
  await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  const cpuUsed = cpuSeconds(server.pid) - cpuBefore;
  if (client === 'wrk') {
    const result = parseWrk(json);
    // Successful answers only (the bytes of each server were checked before the load).
    return { answers: result.requests - result.failures, seconds: result.seconds, cpuSeconds: cpuUsed, p99: result.p99Ms, failures: result.failures, peakMb };
  }
  const result = JSON.parse(json) as { latency: { p99: number }; non2xx: number; errors: number; timeouts: number; '2xx': number };
  // Successful answers only.
  return { answers: result['2xx'], seconds: DURATION_SECONDS, cpuSeconds: cpuUsed, p99: result.latency.p99, failures: result.non2xx + result.errors + result.timeouts, peakMb };
}

const dataDir = mkdtempSync(join(tmpdir(), 'portal-bench-serving-'));
const running: Server[] = [];
try {
  console.log(`Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${release()}, Node ${process.version}`);
  console.log('starting the portal as npm start does (first start: demo bureau seeded, site built)…');
  const portal = await startPortal(dataDir);
  running.push(portal);
  const root = realpathSync(currentLink(join(dataDir, 'site')));
  const reply = readdirSync(join(root, 'replies')).find((name) => /^\d+$/.test(name));
  if (!reply) throw new Error('the demo build has no reply page');
  const urls = ['/', '/ledger/', `/replies/${reply}/`];
  const stored = Object.fromEntries(urls.map((url) => [url, storedFile(root, url)]));
  const portalHeaders = { ...SECURITY_HEADERS, 'last-modified': new Date().toUTCString(), etag: 'W/"a8c-19ac1e5e4a0"', 'cache-control': 'no-cache', vary: 'accept-encoding' };
  const servers: { name: string; server: Server }[] = [
    { name: 'bare node:http, the stored bytes in memory', server: await startBare(stored, null) },
    { name: "the same with the portal's headers (security, validators)", server: await startBare(stored, portalHeaders) },
    { name: 'portal as npm start runs it (small files in memory)', server: portal },
    { name: 'the same, the pages beyond a full memory budget', server: await startFromSources(dataDir, { SITE_MEMORY_MB: String(FULL_BUDGET_MB) }) },
  ];
  const filled = await fillBudget(servers[3]!.server.port, root, urls);
  if (filled <= FULL_BUDGET_MB * 2 ** 20) throw new Error(`the build has only ${filled} bytes of other small files: the budget of ${FULL_BUDGET_MB} MB is not full`);
  console.log(`the last server's budget (SITE_MEMORY_MB=${FULL_BUDGET_MB}) was filled first by asking for every other file of the build (${(filled / 2 ** 20).toFixed(1)} MB held or offered)`);
  running.push(...servers.filter(({ server }) => server !== portal).map(({ server }) => server));
  // The same bytes from each: the comparison is of serving, not of what is served.
  for (const url of urls) {
    const expected = readFileSync(stored[url]!.file);
    for (const { name, server } of servers) {
      const answer = await get(server.port, url);
      if (answer.status !== 200 || !answer.body.equals(expected)) throw new Error(`${name} sent other bytes for ${url} (${answer.status})`);
    }
  }
  const clients: Client[] = WRK_INSTALLED ? ['autocannon', 'wrk'] : ['autocannon'];
  console.log(
    `GET with Accept-Encoding: ${ACCEPT_ENCODING}; ${clients.map((client) => `${client} (${client === 'wrk' ? 'one thread, ' : ''}${CONNECTIONS} connections)`).join(' and ')} in a separate process on loopback, ${ROUNDS} rounds of ${DURATION_SECONDS} s per client, server and page, taking turns`,
  );
  if (!WRK_INSTALLED) console.log('wrk is not installed, so there is no figure with the server busy all the time: apt-get install -y wrk');
  // results[client][server][url]
  const results = new Map<Client, Map<string, Map<string, Load>>>(clients.map((client) => [client, new Map(servers.map(({ name }) => [name, new Map()]))]));
  for (const url of urls) {
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const client of clients) {
        for (const { name, server } of servers) {
          const byUrl = results.get(client)!.get(name)!;
          const result = await load(server, url, client);
          const before = byUrl.get(url);
          byUrl.set(url, before ? addLoads(before, result) : result);
        }
      }
    }
  }
  const rate = (result: Load) => result.answers / result.seconds;
  const cpuPerAnswer = (result: Load) => result.cpuSeconds / result.answers;
  for (const client of clients) {
    const byServer = results.get(client)!;
    const [bare, withHeaders] = [byServer.get(servers[0]!.name)!, byServer.get(servers[1]!.name)!];
    console.log(
      client === 'wrk'
        ? '\nwrk: the server busy all the time (its rate is its own speed)'
        : '\nautocannon: the load generator shares the machine with the server and takes about a core',
    );
    for (const url of urls) {
      console.log(`GET ${url} (${(readFileSync(stored[url]!.file).length / 1024).toFixed(1)} KB ${stored[url]!.encoding ?? 'uncompressed'})`);
      for (const [index, { name }] of servers.entries()) {
        const result = byServer.get(name)!.get(url)!;
        const [base, headed] = [bare.get(url)!, withHeaders.get(url)!];
        if (result.failures > 0 || base.failures > 0 || headed.failures > 0) {
          console.log(`  ${name.padEnd(58)} ${result.failures} failed requests (bare: ${base.failures}, with headers: ${headed.failures}): no rate`);
          continue;
        }
        const ofHeaders = (value: number) => (index > 1 ? ` (${value.toFixed(2)} of bare with the headers)` : '');
        console.log(
          `  ${name.padEnd(58)} ${rate(result).toFixed(0).padStart(6)} req/s = ${(rate(result) / rate(base)).toFixed(2)} of bare${ofHeaders(rate(result) / rate(headed))}, p99 ${result.p99.toFixed(client === 'wrk' ? 1 : 0)} ms;` +
            ` ${(cpuPerAnswer(result) * 1e6).toFixed(1)} µs CPU per answer = ${(cpuPerAnswer(base) / cpuPerAnswer(result)).toFixed(2)} of bare's speed${ofHeaders(cpuPerAnswer(headed) / cpuPerAnswer(result))}`,
        );
      }
    }
  }
  for (const { name, server } of servers) {
    const peak = Math.max(...clients.flatMap((client) => [...results.get(client)!.get(name)!.values()].map((result) => result.peakMb)));
    console.log(`resident memory, ${name.padEnd(58)} ${statusField(server.pid, 'VmRSS')!.toFixed(0)} MB after the load, ${peak.toFixed(0)} MB at its peak`);
  }
} finally {
  for (const server of running) await stopServer(server).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}
