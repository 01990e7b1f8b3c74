import fp from 'fastify-plugin';
import type { Db } from '../../db/open.ts';
import { openDatabase, type OpenOptions } from '../../db/open.ts';

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

/** Opens (and migrates) the database once for the app; closes it when the app closes. */
export const databasePlugin = fp<DatabasePluginOptions>(
  async (app, options) => {
    const db = openDatabase(options.path, options.beforeMigration ? { beforeMigration: options.beforeMigration } : {});
    app.decorate('db', db);
    app.addHook('onClose', async () => {
      db.close();
    });
  },
  { name: 'database' },
);
