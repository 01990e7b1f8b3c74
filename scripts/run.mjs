// Entry point for every npm script. Plain JavaScript on purpose: it must run on whatever
// Node the machine has (even Node 20, which cannot strip types), find or fetch Node 24,
// install dependencies against that Node, and then run the real task with it.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REBUILD_ENV, REBUILD_NODE_FLAGS, SERVER_ENV, SERVER_NODE_FLAGS } from '../server/process-settings.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MIN_NODE = [22, 12];
const FETCHED_NODE_SPEC = 'node@24';

// Operator-facing tasks read .env when there is one (see .env.example); tests never do.
// (--env-file-if-exists would print a notice on every run without one.)
const ENV_FILE = existsSync(join(ROOT, '.env')) ? '--env-file=.env' : null;
// The serving process runs a bundle of scripts/start.ts made just before (scripts/bundle-server.mjs):
// without Node's type stripping it is ~15 MB smaller resident (tests/bench/PERFORMANCE.md, "Memory").
const SERVER_BUNDLE = 'node_modules/.cache/zuofeng-portal/server/start.mjs';
const TASKS = {
  start: [
    ['node', 'scripts/bundle-server.mjs'],
    ['node', ...SERVER_NODE_FLAGS, ENV_FILE, SERVER_BUNDLE],
  ],
  rebuild: [['node', ...REBUILD_NODE_FLAGS, ENV_FILE, 'scripts/rebuild.ts']],
  seed: [['node', ENV_FILE, 'scripts/seed-demo.ts']],
  'create-admin': [['node', ENV_FILE, 'scripts/create-admin.ts']],
  'demo-code': [['node', ENV_FILE, 'scripts/demo-code.ts']],
  'mail-test': [['node', ENV_FILE, 'scripts/mail-test.ts']],
  'import-ledger': [['node', ENV_FILE, 'scripts/import-ledger.ts']],
  'export-ledger': [['node', ENV_FILE, 'scripts/export-ledger.ts']],
  'ledger-sample': [['node', 'scripts/ledger-sample.ts']],
  backup: [['node', ENV_FILE, 'scripts/backup.ts']],
  restore: [['node', ENV_FILE, 'scripts/restore.ts']],
  check: [['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json']],
  test: [
    ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'],
    ['npx', 'vitest', 'run', '--config', 'tests/vitest.config.ts'],
  ],
  // Against a server that is already running; see tests/README.md.
  'probe:privacy': [['node', 'tests/probe/privacy-probe.ts']],
  bench: [
    ['node', 'tests/bench/feedback-post.ts'],
    ['node', 'tests/bench/memory.ts'],
    ['node', 'tests/bench/ledger.ts'],
    ['node', 'tests/bench/site-serving.ts'],
    ['node', 'tests/bench/rebuild-scale.ts'],
    ['node', 'tests/bench/search-index-memory.ts', '--replies', '2000,10000'],
    ['node', 'tests/bench/statistics.ts'],
    ['node', 'tests/bench/staff-screens.ts'],
  ],
  'bench:stats': [['node', 'tests/bench/statistics.ts']],
};

function log(message) {
  process.stderr.write(`[portal] ${message}\n`);
}

function fail(message) {
  log(message);
  process.exit(1);
}

function versionAtLeast(version, [major, minor]) {
  const [a, b] = version.replace(/^v/, '').split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

function run(command, args, env, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, env, stdio: 'inherit', ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

// Returns { binDir, nodedir } of a Node that satisfies engines, fetching node@24 from the
// npm registry into a cache outside the work tree when the system Node is too old.
function ensureNode() {
  if (versionAtLeast(process.version, MIN_NODE)) return { binDir: dirname(process.execPath), nodedir: null };
  const cacheRoot = process.env.PORTAL_TOOLCHAIN_DIR
    ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'zuofeng-portal');
  const home = join(cacheRoot, 'node24');
  // The platform package holds both the binary and include/node (headers for native builds).
  const platformDir = join(home, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
  const binary = join(platformDir, 'bin', 'node');
  if (!existsSync(binary)) {
    log(`system Node ${process.version} is older than ${MIN_NODE.join('.')}; fetching ${FETCHED_NODE_SPEC} into ${home}`);
    mkdirSync(home, { recursive: true });
    // The package's preinstall script installs the platform package (binary + headers): allow
    // exactly that one script.
    const manifest = { name: 'portal-node-toolchain', private: true, allowScripts: { node: true } };
    writeFileSync(join(home, 'package.json'), `${JSON.stringify(manifest)}\n`);
    const status = run('npm', ['install', '--no-audit', '--no-fund', '--no-save', FETCHED_NODE_SPEC], process.env, { cwd: home });
    if (status !== 0 || !existsSync(binary)) fail(`could not fetch ${FETCHED_NODE_SPEC}; install Node.js 24 LTS and run this command again`);
  }
  return { binDir: join(platformDir, 'bin'), nodedir: platformDir };
}

function nodeVersion(env) {
  const result = spawnSync('node', ['-p', 'process.versions.node + "-" + process.versions.modules'], { env, encoding: 'utf8' });
  return result.stdout.trim();
}

// Installs dependencies when node_modules is missing or was installed from another lockfile
// or for another Node ABI (native modules such as better-sqlite3 would not load).
function ensureDependencies(env) {
  const lockfile = join(ROOT, 'package-lock.json');
  const manifest = readFileSync(join(ROOT, 'package.json'));
  const hash = createHash('sha256').update(manifest);
  if (existsSync(lockfile)) hash.update(readFileSync(lockfile));
  const stamp = `${hash.digest('hex')} ${nodeVersion(env)}`;
  const stampFile = join(ROOT, 'node_modules', '.portal-install-stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  const args = existsSync(lockfile) ? ['ci'] : ['install'];
  log(`installing dependencies (npm ${args[0]}) with Node ${nodeVersion(env).split('-')[0]}`);
  const status = run('npm', [...args, '--no-audit', '--no-fund'], env);
  if (status !== 0) fail('npm install failed; see the messages above');
  // Recompute: npm install may have written the lockfile.
  const after = createHash('sha256').update(manifest);
  if (existsSync(lockfile)) after.update(readFileSync(lockfile));
  writeFileSync(stampFile, `${after.digest('hex')} ${nodeVersion(env)}`);
}

function chromiumPath(env) {
  return env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Root on a system with apt-get: a missing Debian package can be installed here. */
function canInstallWithApt() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot && spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
}

// Browser tests need Debian's Chromium (never a test tool's own download).
function ensureChromium(env) {
  const path = chromiumPath(env);
  if (existsSync(path)) return;
  const command = 'apt-get update && apt-get install -y chromium fonts-noto-cjk';
  if (!canInstallWithApt()) fail(`Chromium is missing at ${path}. Install it with:\n  sudo sh -c '${command}'\nor set CHROMIUM_PATH to a Chromium binary, then run npm test again.`);
  log(`Chromium missing; running: ${command}`);
  const status = run('sh', ['-c', command], { ...env, DEBIAN_FRONTEND: 'noninteractive' });
  if (status !== 0 || !existsSync(path)) fail(`installing Chromium failed; run it by hand: ${command}`);
}

// The serving benchmark (tests/bench/site-serving.ts) loads the server with wrk too, a C client
// that keeps the server busy; without it that benchmark gives only autocannon's figures.
function ensureWrk(env) {
  if (spawnSync('sh', ['-c', 'command -v wrk'], { env }).status === 0) return;
  const command = 'apt-get update && apt-get install -y wrk';
  if (!canInstallWithApt()) {
    log(`wrk is not installed: the serving benchmark runs without it (install it with: sudo sh -c '${command}')`);
    return;
  }
  log(`wrk missing; running: ${command}`);
  if (run('sh', ['-c', command], { ...env, DEBIAN_FRONTEND: 'noninteractive' }) !== 0) log(`installing wrk failed; the serving benchmark runs without it (run by hand: ${command})`);
}

const task = process.argv[2];
const extraArgs = process.argv.slice(3);
if (!task || !(task in TASKS)) fail(`usage: node scripts/run.mjs <${Object.keys(TASKS).join('|')}> [args]`);

const { binDir, nodedir } = ensureNode();
const env = {
  ...process.env,
  PATH: [binDir, join(ROOT, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter),
  TZ: process.env.TZ ?? 'Asia/Shanghai',
};
if (nodedir) env.npm_config_nodedir = nodedir;
if (task === 'start') for (const [name, value] of Object.entries(SERVER_ENV)) env[name] ??= value;
if (task === 'rebuild') for (const [name, value] of Object.entries(REBUILD_ENV)) env[name] ??= value;
// Node 22.12–22.17 strip types only behind a flag; from 22.18 on it is the default.
const chosenVersion = nodedir ? null : process.version;
if (chosenVersion && !versionAtLeast(chosenVersion, [22, 18])) {
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --experimental-strip-types`.trim();
}
ensureDependencies(env);
if (task === 'test') ensureChromium(env);
if (task === 'bench') ensureWrk(env);

// Runs one step, passing SIGINT/SIGTERM on to it so that `kill <npm pid>` or a service manager
// stops the server cleanly instead of orphaning it.
function runStep(command, args) {
  return new Promise((resolveStep) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => fail(`could not run ${command}: ${error.message}`));
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolveStep(code ?? (signal ? 128 + 15 : 1));
    });
  });
}

// Extra arguments go to the last step (`npm test -- tests/x.test.ts` reaches vitest), but to every
// step of a benchmark task: `npm run bench -- --scale 100000` reaches each bench that reads --scale
// (statistics.ts, staff-screens.ts); the others ignore it.
const EVERY_STEP = new Set(['bench', 'bench:stats']);
const steps = TASKS[task].map((step) => step.filter((arg) => arg !== null));
for (const [index, [command, ...args]] of steps.entries()) {
  const isLast = index === steps.length - 1;
  const status = await runStep(command, isLast || EVERY_STEP.has(task) ? [...args, ...extraArgs] : args);
  if (status !== 0) process.exit(status);
}
