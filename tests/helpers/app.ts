// buildTestApp(): the real app on a fresh, migrated SQLite file in a temp folder per test.
// The schema is migrated once per worker into a base file that each test copies.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { Db } from '../../db/open.ts';
import { openDatabase } from '../../db/open.ts';
import { buildApp, type BuildAppOptions } from '../../server/app.ts';
import { type AppConfig, loadConfig } from '../../server/config.ts';
import { TEST_SECRET_KEY } from './secret-key.ts';
import { tempDir, tempDirForTest } from './temp.ts';

let baseFile: string | undefined;

function migratedBaseFile(): string {
  if (!baseFile) {
    const dir = mkdtempSync(join(tmpdir(), 'portal-base-'));
    baseFile = join(dir, 'base.db');
    const db = openDatabase(baseFile);
    // Fold the WAL into the main file so a plain copy carries the whole schema.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
  return baseFile;
}

/** A config pointing at a fresh temp data folder holding a migrated database. */
export function testConfig(env: Record<string, string> = {}, dataDir: string = tempDirForTest('portal-data-')): AppConfig {
  copyFileSync(migratedBaseFile(), join(dataDir, 'portal.db'));
  return loadConfig({ DATA_DIR: dataDir, NIGHTLY_REBUILD_TIME: 'off', LOG_LEVEL: 'silent', SECRET_KEY: TEST_SECRET_KEY, ...env });
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  config: AppConfig;
  inject: (options: InjectOptions) => Promise<LightMyRequestResponse>;
}

export async function buildTestApp(
  options: { env?: Record<string, string>; now?: () => Date; logger?: object; config?: AppConfig; build?: Partial<BuildAppOptions> } = {},
): Promise<TestApp> {
  const config = options.config ?? testConfig(options.env);
  const app = await buildApp(config, {
    serveSite: false,
    logger: options.logger ?? false,
    ...(options.now ? { now: options.now } : {}),
    ...options.build,
  });
  onTestFinished(() => app.close());
  return { app, db: app.db, config, inject: (injectOptions) => app.inject(injectOptions) };
}

/**
 * The same app for a whole suite (call in beforeAll): the caller closes it with `close()` in
 * afterAll, which also removes its data folder.
 */
export async function buildSuiteApp(
  options: { env?: Record<string, string>; now?: () => Date; build?: Partial<BuildAppOptions> } = {},
): Promise<TestApp & { close: () => Promise<void> }> {
  const folder = tempDir('portal-suite-');
  const config = testConfig(options.env, folder.path);
  const app = await buildApp(config, { serveSite: false, logger: false, ...(options.now ? { now: options.now } : {}), ...options.build });
  return {
    app,
    db: app.db,
    config,
    inject: (injectOptions) => app.inject(injectOptions),
    close: async () => {
      await app.close();
      folder.remove();
    },
  };
}
