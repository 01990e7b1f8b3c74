// POST /api/feedback with all its checks — per-address limit, honeypot, schema, proof of work
// (signature, key, expiry, minimum time, replay), sealing the contact details, the row, its event,
// the spent challenge and the office's mail in one transaction — against a bare Fastify route doing
// one insert under the same pragmas (WAL, synchronous=FULL), both loaded in the same run by
// autocannon in a separate process on loopback. Prints throughput and latency; not a timed test.
// The two are measured in alternating rounds (bare, portal, bare, portal …) and the median ratio
// is reported: on a shared machine the disk's fsync time drifts from one minute to the next, and
// the bare route, which waits for one fsync per request, follows it.
// Usage: node tests/bench/feedback-post.ts   (BENCH_DURATION=10, BENCH_CONNECTIONS=20, BENCH_ROUNDS=3)
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/app.ts';
import { loadConfig, PROJECT_ROOT } from '../../server/config.ts';
import { writeFeedbackBodies } from './opinion-bodies.ts';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
/** More than the fastest route can take in the run: every request carries an unspent challenge. */
const BODIES = Number(process.env.BENCH_BODIES ?? 50_000);

interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  sent: number;
}

function load(url: string, bodies: string, offset = 0): Promise<LoadResult> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'tests', 'bench', 'post-client.ts'), url, bodies, String(CONNECTIONS), String(DURATION_SECONDS), String(offset)], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as LoadResult) : reject(new Error(`load process exited with ${code}`)))),
  );
}

const failures = (result: LoadResult) => result.non2xx + result.errors;

/** A rate counts successful answers only: a run with failures prints them and no rate. */
function row(name: string, result: LoadResult): string {
  if (failures(result) > 0) return `${name.padEnd(44)} ${failures(result)} of ${result.requests.total} requests failed: no rate, no latency`;
  return `${name.padEnd(44)} ${result.requests.average.toFixed(0).padStart(7)} req/s  p50 ${result.latency.p50.toFixed(1).padStart(5)} ms  p99 ${result.latency.p99.toFixed(1).padStart(6)} ms`;
}

const dir = mkdtempSync(join(tmpdir(), 'portal-bench-post-'));
try {
  console.log(`Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${release()}, Node ${process.version}`);
  console.log(`autocannon in a separate process, ${CONNECTIONS} connections, ${DURATION_SECONDS} s per case, on loopback\n`);

  // A throwaway key and database: deleted afterwards.
  const secretKey = randomBytes(32);
  const config = loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    NIGHTLY_REBUILD_TIME: 'off',
    MAIL_DIGEST_TIME: 'off',
    FEEDBACK_RATE_LIMIT_PER_HOUR: '100000',
    SECRET_KEY: secretKey.toString('hex'),
  });
  const bodies = join(dir, 'bodies.jsonl');
  const started = Date.now();
  await writeFeedbackBodies(bodies, BODIES, secretKey);
  console.log(`${BODIES} opinions with solved challenges prepared in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

  // Baseline: bare Fastify, one insert per request, the same pragmas as db/open.ts.
  const bareDb = new Database(join(dir, 'bare.db'));
  bareDb.pragma('journal_mode = WAL');
  bareDb.pragma('synchronous = FULL');
  bareDb.pragma('busy_timeout = 5000');
  bareDb.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = bareDb.prepare('INSERT INTO t (body) VALUES (?)');
  const bare = Fastify();
  bare.post('/', async (request, reply) => {
    insert.run(JSON.stringify(request.body));
    return reply.code(201).send({ ok: true });
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/`;

  // The portal's route: mails are queued (one 办公室 account with an address), not sent.
  const app = await buildApp(config, { logger: false, serveSite: false, mail: { worker: false, scheduler: false }, purgeTimers: false });
  app.db
    .prepare("INSERT INTO users (username, display_name, email, password_hash, created_at, updated_at) VALUES ('office', '办公室', 'office@example.edu.cn', 'x', 'now', 'now')")
    .run();
  app.db.prepare("INSERT INTO user_roles (user_id, role) VALUES ((SELECT id FROM users WHERE username = 'office'), 'office')").run();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const portalUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/feedback`;

  const ratios: number[] = [];
  let offset = 0;
  let answered = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const baseline = await load(bareUrl, bodies);
    // Each body's challenge is spent once: the portal's rounds take the file from where the last one stopped.
    const portal = await load(portalUrl, bodies, offset);
    offset += portal.sent;
    answered += portal.requests.total;
    console.log(`round ${round}`);
    console.log(`  ${row('baseline: bare Fastify + 1 insert', baseline)}`);
    console.log(`  ${row('POST /api/feedback, all checks', portal)}`);
    if (failures(baseline) > 0 || failures(portal) > 0) {
      console.log('  portal / baseline throughput: none (a run with failures)');
      continue;
    }
    const ratio = portal.requests.average / baseline.requests.average;
    ratios.push(ratio);
    console.log(`  portal / baseline throughput: ${(ratio * 100).toFixed(0)}%`);
  }
  const stored = (app.db.prepare('SELECT count(*) AS n FROM feedback').get() as { n: number }).n;
  const mails = (app.db.prepare('SELECT count(*) AS n FROM mail_outbox').get() as { n: number }).n;
  await app.close();
  await bare.close();
  bareDb.close();

  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)];
  if (median === undefined) console.log(`\nno round without failures: no ratio`);
  else console.log(`\nmedian portal / baseline throughput over the ${ratios.length} of ${ROUNDS} rounds without failures: ${(median * 100).toFixed(0)}% (goal: at least 70%)`);
  console.log(`stored ${stored} opinions and queued ${mails} mails for ${answered} answers; bodies used: ${offset} of ${BODIES}`);
  if (offset >= BODIES) console.log('(ran out of bodies: raise BENCH_BODIES for a longer run)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
