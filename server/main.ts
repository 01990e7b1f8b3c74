// Listens and shuts down gracefully. Usage: node server/main.ts (after a rebuild has produced a
// site; `npm start` does migrate, seed, rebuild and then this).
import type { FastifyInstance } from 'fastify';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { type AppConfig, ConfigError, configWarnings, loadConfig } from './config.ts';
import { enqueueRebuildFailedMail } from './mail/notifications.ts';
import { mailSettings } from './mail/settings.ts';
import { scheduleNightlyRebuild } from './nightly-rebuild.ts';
import { stopRebuildChildren } from './rebuild-child.ts';

export async function startServer(config: AppConfig): Promise<FastifyInstance> {
  const app = await buildApp(config);
  for (const warning of configWarnings(config)) app.log.warn(warning);
  const stopNightly = scheduleNightlyRebuild(config, app.log, (reason) => {
    if (enqueueRebuildFailedMail(app.db, new Error(reason), new Date(), mailSettings(config)) > 0) app.mailWorker.wake();
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
      () => process.exit(0),
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
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(`Port ${config.port} on ${config.host} is already in use; stop the other program or start with another port, e.g. PORT=4322 npm start`);
    }
    throw error;
  }
  const address = app.server.address();
  const port = address !== null && typeof address === 'object' ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`作风整改进行时 is ready: http://${shownHost}:${port}/`);
  return app;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await startServer(loadConfig());
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
}
