// Memory of the serving process as `npm start` leaves it: resident set size (VmRSS) right after
// start and during load from autocannon in a separate process on loopback, beside a bare Fastify
// process loaded the same way, each figure with its ratio to the bare one (× bare). The site build
// runs in a child process; its peak is shown too. Before the opinions' load the site memory is
// filled to its budget, as on a large bureau's site (server/site-memory.ts): the live build gets
// copies of a reply page until its small files pass the budget (SITE_MEMORY_MB where it is set,
// else the default), and each is asked for once; the opinions' load then runs beside the full
// budget.
// Not a timed test: figures drift between runs and machines. Usage: node tests/bench/memory.ts
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { PROJECT_ROOT } from '../../server/config.ts';
import { parseSecretKey } from '../../server/config-values.ts';
import { writeFeedbackBodies } from './opinion-bodies.ts';
import { readBuiltFile } from '../../server/site-gzip-only.ts';
import { SITE_MEMORY_BUDGET_BYTES } from '../../server/site-memory.ts';
import { type Server, startPortal, statusField, stopServer, waitForReady } from './processes.ts';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const AUTOCANNON = join(PROJECT_ROOT, 'node_modules', 'autocannon', 'autocannon.js');
const POST_CLIENT = join(PROJECT_ROOT, 'tests', 'bench', 'post-client.ts');

/** The smallest comparable server: plain JavaScript Fastify sending a page from memory. */
async function startBaseline(page: Buffer): Promise<Server> {
  const source = `
    const fastify = require('fastify')();
    const page = Buffer.from(${JSON.stringify(page.toString('base64'))}, 'base64');
    fastify.get('/', (request, reply) => reply.type('text/html; charset=utf-8').send(page));
    fastify.listen({ port: 0, host: '127.0.0.1' }).then(() => console.log('ready on ' + fastify.server.address().port));`;
  const child = spawn(process.execPath, ['-e', source], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await waitForReady(child, /ready on (\d+)/, () => {});
  return { pid: child.pid!, port, process: child };
}

interface LoadResult {
  perSecond: number;
  p99: number;
  non2xx: number;
  errors: number;
  peakMb: number;
  afterMb: number;
}

/** GETs through autocannon's command line; POSTs of opinions (each with its own proof of work) through tests/bench/post-client.ts. */
async function load(server: Server, path: string, args: string[]): Promise<LoadResult> {
  const url = `http://127.0.0.1:${server.port}${path}`;
  const command = args[0] === 'post-bodies' ? [POST_CLIENT, url, args[1]!, args[2]!, String(DURATION_SECONDS)] : [AUTOCANNON, '--json', '-d', String(DURATION_SECONDS), ...args, url];
  const child = spawn(process.execPath, command, { stdio: ['ignore', 'pipe', 'pipe'] });
  let json = '';
  child.stdout.on('data', (chunk) => (json += chunk));
  let peakMb = 0;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, statusField(server.pid, 'VmRSS') ?? 0)), 200);
  await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  const result = JSON.parse(json) as { requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number };
  return { perSecond: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, peakMb, afterMb: statusField(server.pid, 'VmRSS') ?? 0 };
}

/** The portal's budget: SITE_MEMORY_MB from the environment (startPortal passes it on), else the default. */
const BUDGET_BYTES = process.env.SITE_MEMORY_MB ? Number(process.env.SITE_MEMORY_MB) * 2 ** 20 : SITE_MEMORY_BUDGET_BYTES;

/**
 * Fills the serving process's site memory to its budget: copies of a reply page in the live build
 * (as many as pass the budget, plus a tenth), each asked for once on a few keep-alive connections.
 * Returns the bytes asked for.
 */
async function fillSiteMemory(server: Server, siteDir: string): Promise<number> {
  const live = realpathSync(join(siteDir, 'current'));
  const reply = readdirSync(join(live, 'replies')).find((name) => /^\d+$/.test(name));
  if (!reply) throw new Error('the demo build has no reply page');
  const page = join(live, 'replies', reply, 'index.html');
  const copies = Math.ceil((BUDGET_BYTES * 1.1) / statSync(page).size);
  const paths = Array.from({ length: copies }, (_, index) => `/replies/fill-${index}/`);
  for (const path of paths) {
    mkdirSync(join(live, path), { recursive: true });
    copyFileSync(page, join(live, path, 'index.html'));
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const ask = (path: string) =>
    new Promise<void>((resolve, reject) => {
      const sent = request({ host: '127.0.0.1', port: server.port, path, agent, headers: { 'accept-encoding': 'gzip, deflate, br' } }, (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`${path}: ${response.statusCode}`))));
      });
      sent.on('error', reject);
      sent.end();
    });
  for (let index = 0; index < paths.length; index += 8) await Promise.all(paths.slice(index, index + 8).map(ask));
  agent.destroy();
  return copies * statSync(page).size;
}

const mb = (value: number) => value.toFixed(0).padStart(7);
const times = (value: number, bare: number) => `×${(value / bare).toFixed(2)}`.padStart(7);

interface Row {
  name: string;
  resident: number;
  peak: number | null;
  result?: LoadResult | undefined;
}

/**
 * Each row with its ratio to the bare baseline of the same run: resident memory to the bare process
 * idle (rows without load) or after its load, peak and req/s to the bare process under load.
 */
function printRows(rows: Row[], bareIdle: number, bare: LoadResult): void {
  console.log(
    `${'case'.padEnd(46)} ${'after'.padStart(7)} ${'× bare'.padStart(7)} ${'peak'.padStart(7)} ${'× bare'.padStart(7)} ${'req/s'.padStart(7)} ${'× bare'.padStart(7)} ${'p99 ms'.padStart(7)} ${'non-2xx'.padStart(8)}`,
  );
  for (const { name, resident, peak, result } of rows) {
    const residentRatio = times(resident, result ? bare.afterMb : bareIdle);
    const peakColumns = peak === null ? ''.padStart(15) : `${mb(peak)} ${times(peak, bare.peakMb)}`;
    // A rate counts successful answers only: a load with failures shows them and no rate.
    const failed = result ? result.non2xx + result.errors : 0;
    const bareFailed = bare.non2xx + bare.errors;
    const load = !result
      ? ''
      : failed > 0 || bareFailed > 0
        ? `${failed} failed (bare: ${bareFailed}): no rate`.padStart(31) + ` ${String(failed).padStart(8)}`
        : `${result.perSecond.toFixed(0).padStart(7)} ${times(result.perSecond, bare.perSecond)} ${result.p99.toFixed(0).padStart(7)} ${String(failed).padStart(8)}`;
    console.log(`${name.padEnd(46)} ${mb(resident)} ${residentRatio} ${peakColumns} ${load}`);
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'portal-bench-memory-'));
try {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${cpus().length} CPUs (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${release()}, Node ${process.version}`);
  console.log(`Resident set (VmRSS, MB) of the serving process; autocannon ${DURATION_SECONDS} s per load in a separate process on loopback.\n`);

  const portal = await startPortal(dataDir, { FEEDBACK_RATE_LIMIT_PER_HOUR: '100000' });
  await delay(2000);
  // Stored only as .gz when larger than a block (site/decisions/006): the page as Astro wrote it.
  const page = readBuiltFile(join(dataDir, 'site', 'current', 'index.html'))!;
  // The demo's key, written by its first start: opinions need proofs of work made with it.
  const bodies = join(dataDir, 'opinions.jsonl');
  await writeFeedbackBodies(bodies, 20_000, parseSecretKey(readFileSync(join(dataDir, 'secret.key'), 'utf8'))!);
  console.log(`npm start: the site build ran in a child process that peaked at ${portal.buildPeakMb.toFixed(0)} MB and exited.\n`);
  // Printed at the end, each beside the bare baseline measured after them (it serves the portal's page).
  const rows: Row[] = [];
  rows.push({ name: 'portal: right after npm start', resident: statusField(portal.pid, 'VmRSS')!, peak: null });
  rows.push({ name: '(its parent, scripts/run.mjs, for comparison)', resident: statusField(portal.process.pid!, 'VmRSS')!, peak: null });
  const cases: [string, string, string[]][] = [
    ['portal: GET / (gzip as stored), 20 connections', '/', ['-c', '20', '-H', 'accept-encoding=gzip, deflate, br']],
    ['portal: GET /ledger/ (no gzip: gunzip), 20 conn.', '/ledger/', ['-c', '20']],
    ['portal: POST /api/feedback, 10 connections', '/api/feedback', ['post-bodies', bodies, '10']],
  ];
  for (const [name, path, args] of cases) {
    if (path === '/api/feedback') {
      const asked = await fillSiteMemory(portal, join(dataDir, 'site'));
      rows.push({ name: `portal: site memory full (${(BUDGET_BYTES / 2 ** 20).toFixed(0)} MB budget)`, resident: statusField(portal.pid, 'VmRSS')!, peak: null });
      console.log(`site memory: ${(asked / 2 ** 20).toFixed(1)} MB of copies of a reply page asked for, past the ${(BUDGET_BYTES / 2 ** 20).toFixed(0)} MB budget, before the opinions' load.`);
    }
    const result = await load(portal, path, args);
    rows.push({ name, resident: result.afterMb, peak: result.peakMb, result });
  }
  await stopServer(portal);

  const baseline = await startBaseline(page);
  await delay(1000);
  const bareIdle = statusField(baseline.pid, 'VmRSS')!;
  rows.push({ name: 'baseline: bare Fastify (plain JS), idle', resident: bareIdle, peak: null });
  const bare = await load(baseline, '/', ['-c', '20']);
  rows.push({ name: 'baseline: GET / from memory, 20 connections', resident: bare.afterMb, peak: bare.peakMb, result: bare });
  await stopServer(baseline);
  printRows(rows, bareIdle, bare);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
