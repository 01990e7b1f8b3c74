// The server side of tests/bench/staff-screens.ts, in its own process: the portal's app on the
// scale fixture's file, and beside it a bare Fastify route answering one indexed row of the same
// file (the baseline). Signs in one staff member per role through the real routes (password and
// TOTP) and prints one JSON line with the ports and the session cookies; the load comes from the
// parent process.
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { dirname } from 'node:path';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { createStaff, signIn } from '../helpers/admin.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';

const file = process.argv[2]!;
const handlerUnit = Number(process.argv[3]);
const config = loadConfig({ DATA_DIR: dirname(file), DATABASE_PATH: file, LOG_LEVEL: 'silent', NIGHTLY_REBUILD_TIME: 'off', SEED_DEMO: 'false', SECRET_KEY: TEST_SECRET_KEY });
const app = await buildApp(config, { logger: false, serveSite: false });
await app.ready();
const sessions: Record<string, string> = {};
for (const [name, roles, unitId] of [['office', ['office'], null], ['handler', ['handler'], handlerUnit], ['sysadmin', ['sysadmin'], null]] as const) {
  const username = `bench-${name}-${process.pid}`;
  const staff = await createStaff(app.db, { username, roles: [...roles], unitId });
  sessions[name] = `${SESSION_COOKIE}=${(await signIn(app, staff)).sessionId}`;
}
await app.listen({ port: 0, host: '127.0.0.1' });

const bareDb = new Database(file, { readonly: true });
const lookup = bareDb.prepare('SELECT id, tracking_code, status, submitted_at FROM feedback WHERE id = ?');
const max = (bareDb.prepare('SELECT max(id) AS n FROM feedback').get() as { n: number }).n;
const bare = Fastify();
bare.get('/', async () => lookup.get(1 + Math.floor(Math.random() * max)));
await bare.listen({ port: 0, host: '127.0.0.1' });

const portOf = (server: typeof bare.server) => (server.address() as { port: number }).port;
console.log(JSON.stringify({ appPort: portOf(app.server), barePort: portOf(bare.server), sessions }));
process.on('SIGTERM', () => {
  void Promise.all([app.close(), bare.close()]).then(() => {
    bareDb.close();
    process.exit(0);
  });
});
