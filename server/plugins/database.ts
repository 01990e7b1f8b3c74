import fp from 'fastify-plugin';
import type { Db } from '../../db/open.ts';
import { openDatabase, optimizeDatabase, type OpenOptions } from '../../db/open.ts';

/** How often the server refreshes the planner's statistics (SQLite suggests every few hours). */
const OPTIMIZE_INTERVAL_MS = 6 * 60 * 60 * 1000;

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export interface DatabasePluginOptions {
  path: string;
  /** Copies the database before a migration changes it (server/backups.ts). */
  beforeMigration?: OpenOptions['beforeMigration'];
}

/** Opens (and migrates) the database once for the app, keeps its statistics fresh, closes it when the app closes. */
export const databasePlugin = fp<DatabasePluginOptions>(
  async (app, options) => {
    const db = openDatabase(options.path, options.beforeMigration ? { beforeMigration: options.beforeMigration } : {});
    optimizeDatabase(db, 'opening');
    app.decorate('db', db);
    // A database closed under the app (a test of the health check, a restore) is left as it is.
    const timer = setInterval(() => {
      if (db.open) optimizeDatabase(db, 'periodic');
    }, OPTIMIZE_INTERVAL_MS);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      if (!db.open) return;
      optimizeDatabase(db, 'closing');
      db.close();
    });
  },
  { name: 'database' },
);
