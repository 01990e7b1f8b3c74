// Listens and shuts down gracefully. Usage: node server/main.ts (after a rebuild has produced a
// site; `npm start` does migrate, seed, rebuild and then this).
import type { FastifyInstance } from 'fastify';
import { fileURLToPath } from 'node:url';
import { MigrationError } from '../db/migrate.ts';
import { buildApp } from './app.ts';
import { BackupError } from './backups.ts';
import { LowSpaceError } from './storage.ts';
import { type AppConfig, ConfigError, configWarnings, loadConfig } from './config.ts';
import { scheduleNightlyRebuild } from './nightly-rebuild.ts';
import { writePidFile } from './pid-file.ts';
import { stopRebuildChildren } from './rebuild-child.ts';

export async function startServer(config: AppConfig): Promise<FastifyInstance> {
  // Marks the data folder as served (npm run restore refuses while it is); removed on a clean stop.
  // A pid file left by a killed server names a process that is gone and counts for nothing.
  const removePidFile = writePidFile(config.dataDir);
  const app = await buildApp(config);
  for (const warning of configWarnings(config)) app.log.warn(warning);
  const stopNightly = scheduleNightlyRebuild(config, app.log, async () => {
    const started = app.siteRebuilds.start('nightly');
    if (started.ok) await started.value.done;
    else app.log.warn('nightly rebuild skipped: another rebuild is running');
  });
  let closing = false;
  // Graceful stop: no new connections; requests already received are answered (an opinion is
  // either committed and acknowledged, or never read); a rebuild in progress is stopped and
  // cleans up; the database closes last (the database plugin's onClose hook).
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    Promise.all([stopNightly(), stopRebuildChildren(), app.close()]).then(
      () => {
        removePidFile();
        process.exit(0);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: systemd signals the whole process group and run.mjs forwards the signal too;
  // a second SIGTERM must not fall through to Node's default and kill the graceful stop.
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await stopNightly();
    await app.close();
    removePidFile();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(`Port ${config.port} on ${config.host} is already in use; stop the other program or start with another port, e.g. PORT=4322 npm start`);
    }
    throw error;
  }
  const address = app.server.address();
  const port = address !== null && typeof address === 'object' ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`${config.bureau.columnTitle} is ready: http://${shownHost}:${port}/`);
  return app;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await startServer(loadConfig());
  } catch (error) {
    const plain = error instanceof ConfigError || error instanceof MigrationError || error instanceof BackupError || error instanceof LowSpaceError;
    console.error(plain ? error.message : error);
    process.exit(1);
  }
}
