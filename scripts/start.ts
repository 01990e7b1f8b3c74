// `npm start`: migrate the database, seed the demo bureau into an empty one, build the site,
// then serve site + API on one port. run.mjs has already chosen Node and installed packages.
import { seedDemoBureau, isDatabaseEmpty } from '../db/demo/seed-demo.ts';
import { openDatabase } from '../db/open.ts';
import { schemaVersion } from '../db/migrate.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { startServer } from '../server/main.ts';
import { currentBuildInfo } from '../server/site-builds.ts';
import { rebuildSite } from './rebuild.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

const db = openDatabase(config.databasePath);
console.log(`database ${config.databasePath} at schema version ${schemaVersion(db)}`);
if (config.seedDemo && isDatabaseEmpty(db)) {
  const counts = seedDemoBureau(db);
  console.log(`seeded the demo bureau: ${counts.units} units, ${counts.items} ledger items, ${counts.feedback} opinions`);
}
db.close();

try {
  const info = await rebuildSite(config);
  console.log(`site built: ${info.pages} pages in ${(info.durationMs / 1000).toFixed(1)} s`);
} catch (error) {
  const previous = currentBuildInfo(config.siteDir);
  console.error(`site build failed: ${error instanceof Error ? error.message : String(error)}`);
  if (!previous) {
    console.error('no earlier build to serve; fix the error above and run npm start again');
    process.exit(1);
  }
  console.error(`serving the previous build from ${previous.builtAt}`);
}

try {
  await startServer(config);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
