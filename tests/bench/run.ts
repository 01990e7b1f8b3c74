// Benchmarks that print figures (npm run bench). Not a timed test: absolute numbers drift between
// runs and machines, so each figure is printed beside a bare baseline measured in the same run.
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDatabaseEmpty } from '../../scripts/demo/seed-demo.ts';
import { seedDemoForConfig } from '../../scripts/demo/seed-for-config.ts';
import { openDatabase } from '../../db/open.ts';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';

const REQUESTS = 3000;
const CONCURRENCY = 20;

async function load(url: string, body: () => string): Promise<{ perSecond: number; p50: number; p99: number; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        const t0 = performance.now();
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body() });
        await response.arrayBuffer();
        if (response.status !== 201) failures++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: REQUESTS / seconds,
    p50: latencies[Math.floor(latencies.length * 0.5)]!,
    p99: latencies[Math.floor(latencies.length * 0.99)]!,
    failures,
  };
}

/** A rate counts successful answers only; a run with any failure prints its failures and no figure. */
function print(name: string, result: Awaited<ReturnType<typeof load>>): void {
  if (result.failures > 0) {
    console.log(`${name.padEnd(44)} FAILED ${result.failures} of ${REQUESTS} requests: no rate, no latency`);
    return;
  }
  console.log(`${name.padEnd(44)} ${result.perSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms`);
}

const dir = mkdtempSync(join(tmpdir(), 'portal-bench-'));
try {
  console.log(`${REQUESTS} POSTs per case, ${CONCURRENCY} concurrent clients on loopback, Node ${process.version}`);

  // Baseline: bare Fastify, one insert per request, same pragmas.
  const bareDb = new Database(join(dir, 'bare.db'));
  bareDb.pragma('journal_mode = WAL');
  bareDb.pragma('synchronous = FULL');
  bareDb.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = bareDb.prepare('INSERT INTO t (body) VALUES (?)');
  const bare = Fastify();
  bare.post('/', async (request, reply) => {
    insert.run(JSON.stringify(request.body));
    return reply.code(201).send({ ok: true });
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const barePort = (bare.server.address() as { port: number }).port;

  // A throwaway key: the benchmark's database is deleted afterwards.
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', NIGHTLY_REBUILD_TIME: 'off', FEEDBACK_RATE_LIMIT_PER_HOUR: '100000', SECRET_KEY: randomBytes(32).toString('hex') });
  const app = await buildApp(config, { logger: false, serveSite: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const appPort = (app.server.address() as { port: number }).port;
  const opinion = () =>
    JSON.stringify({ role: 'parent', category: 'burden', content: `周末补课问题反映，编号${Math.random()}，请核实处理。`, anonymous: true, consentToPublish: false });

  print('baseline: bare Fastify + 1 insert', await load(`http://127.0.0.1:${barePort}/`, opinion));
  // Every opinion needs a solved proof of work since the public channel (issue 8): this in-process
  // loader only shows that the route refuses one without (all non-2xx). The real comparison,
  // with the load from a separate process, is tests/bench/feedback-post.ts.
  print('POST /api/feedback without proof of work', await load(`http://127.0.0.1:${appPort}/api/feedback`, opinion));
  await bare.close();
  await app.close();
  bareDb.close();

  const db = openDatabase(join(dir, 'demo.db'));
  if (isDatabaseEmpty(db)) await seedDemoForConfig(db, config);
  const t0 = performance.now();
  const runs = 50;
  for (let i = 0; i < runs; i++) buildPublicSnapshot(db, config.bureau);
  console.log(`${'public snapshot of the demo bureau'.padEnd(44)} ${((performance.now() - t0) / runs).toFixed(2)} ms per snapshot`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
