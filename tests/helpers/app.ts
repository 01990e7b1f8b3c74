// buildTestApp(): the real app on a fresh, migrated SQLite file in a temp folder per test.
// The schema is migrated once per worker into a base file that each test copies.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { Db } from '../../db/open.ts';
import { openDatabase } from '../../db/open.ts';
import { buildApp } from '../../server/app.ts';
import { type AppConfig, loadConfig } from '../../server/config.ts';
import { TEST_SECRET_KEY } from './secret-key.ts';
import { tempDirForTest } from './temp.ts';

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
export function testConfig(env: Record<string, string> = {}): AppConfig {
  const dataDir = tempDirForTest('portal-data-');
  copyFileSync(migratedBaseFile(), join(dataDir, 'portal.db'));
  return loadConfig({ DATA_DIR: dataDir, NIGHTLY_REBUILD_TIME: 'off', LOG_LEVEL: 'silent', SECRET_KEY: TEST_SECRET_KEY, ...env });
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  config: AppConfig;
  inject: (options: InjectOptions) => Promise<LightMyRequestResponse>;
}

export async function buildTestApp(options: { env?: Record<string, string>; now?: () => Date; logger?: object } = {}): Promise<TestApp> {
  const config = testConfig(options.env);
  const app = await buildApp(config, {
    serveSite: false,
    logger: options.logger ?? false,
    ...(options.now ? { now: options.now } : {}),
  });
  onTestFinished(() => app.close());
  return { app, db: app.db, config, inject: (injectOptions) => app.inject(injectOptions) };
}
