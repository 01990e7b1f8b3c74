// `npm start`: migrate the database, seed the demo bureau into an empty one, build the site,
// then serve site + API on one port. run.mjs has already chosen Node and installed packages.
// The build runs in a child process (server/rebuild-child.ts): Astro's few hundred megabytes are
// returned to the system when it ends, and this process, which goes on serving, stays small.
import { openDatabase } from '../db/open.ts';
import { schemaVersion } from '../db/migrate.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { startServer } from '../server/main.ts';
import { runRebuildChild } from '../server/rebuild-child.ts';
import { currentBuildInfo } from '../server/site-builds.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

const db = openDatabase(config.databasePath);
console.log(`database ${config.databasePath} at schema version ${schemaVersion(db)}`);
if (config.seedDemo) {
  // Loaded only when wanted: a production server (SEED_DEMO=false) never holds the demo data.
  const { isDatabaseEmpty, seedDemoBureau } = await import('../db/demo/seed-demo.ts');
  if (isDatabaseEmpty(db)) {
    const counts = seedDemoBureau(db);
    console.log(`seeded the demo bureau: ${counts.units} units, ${counts.items} ledger items, ${counts.feedback} opinions`);
  }
}
db.close();

// A stop while the site is being built stops the build (which cleans up) and then this process.
const stopBuild = new AbortController();
const onSignal = (signal: NodeJS.Signals) => stopBuild.abort(signal);
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
try {
  const info = await runRebuildChild(config, { signal: stopBuild.signal });
  console.log(`site built: ${info.pages} pages in ${(info.durationMs / 1000).toFixed(1)} s`);
} catch (error) {
  if (stopBuild.signal.aborted) {
    console.log(`stopped by ${String(stopBuild.signal.reason)} before the server started`);
    process.exit(0);
  }
  const previous = currentBuildInfo(config.siteDir);
  console.error(`site build failed: ${error instanceof Error ? error.message : String(error)}`);
  if (!previous) {
    console.error('no earlier build to serve; fix the error above and run npm start again');
    process.exit(1);
  }
  console.error(`serving the previous build from ${previous.builtAt}`);
} finally {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

try {
  await startServer(config);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
