// The setup every e2e suite shares: a temp data folder, the demo bureau seeded as the scripts seed
// it, the suite's own rows added, the site built once by scripts/rebuild.ts, the app listening on
// loopback and one Chromium; `close` undoes all of it. One site build per suite.
import type { FastifyInstance } from 'fastify';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import type { Db } from '../../db/open.ts';
import { openDatabase } from '../../db/open.ts';
import type { PublicSnapshot } from '../../db/public-snapshot-schema.ts';
import { seedDemoForConfig } from '../../scripts/demo/seed-for-config.ts';
import { buildApp, type BuildAppOptions } from '../../server/app.ts';
import { type AppConfig, loadConfig } from '../../server/config.ts';
import { readSnapshotFiles } from '../fixtures/snapshot-files.ts';
import { launchChromium } from './browser.ts';
import { runScript } from './processes.ts';
import { TEST_SECRET_KEY } from './secret-key.ts';
import { tempDir } from './temp.ts';

/** The environment of every e2e portal: the demo, no nightly rebuild or mail digest, quiet logs. */
export const PORTAL_ENV = { NIGHTLY_REBUILD_TIME: 'off', LOG_LEVEL: 'silent', SEED_DEMO: 'true', SECRET_KEY: TEST_SECRET_KEY, MAIL_DIGEST_TIME: 'off' } as const;

export interface PortalOptions {
  /** Prefix of the temp data folder. */
  name: string;
  /** Files the suite writes into the data folder before the configuration is read (e.g. bureau.json). */
  prepare?: (dataDir: string) => void;
  /** Rows the suite adds to the seeded demo before the site is built (the database closes after). */
  seed?: (db: Db, config: AppConfig) => Promise<void> | void;
  /**
   * 'first' (default): build, then listen. 'at-address': listen, then build with PUBLIC_BASE_URL set
   * to the address, for pages whose QR codes lead back to it. 'none': no build.
   */
  build?: 'first' | 'at-address' | 'none';
  /** The origin's host name: 'localhost' (default) or '127.0.0.1'. */
  host?: 'localhost' | '127.0.0.1';
  /** Options for buildApp besides the logger (default: no mail worker or scheduler; `{}` for the app's own defaults). */
  app?: Omit<BuildAppOptions, 'logger'>;
  /** Extra environment for the config and the rebuild (default PORTAL_ENV). */
  env?: Record<string, string>;
}

export interface Portal {
  config: AppConfig;
  /** The temp data folder. */
  dataDir: string;
  app: FastifyInstance;
  db: Db;
  baseUrl: string;
  browser: Browser;
  /** The live build's folder. */
  siteRoot: string;
  /** The public snapshot the live build was made from (kept beside it). */
  snapshot: () => PublicSnapshot;
  /** Runs scripts/rebuild.ts again on the data folder and expects it to succeed. */
  rebuild: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startPortal(options: PortalOptions): Promise<Portal> {
  const data = tempDir(`portal-e2e-${options.name}-`);
  const env = { ...PORTAL_ENV, ...options.env, DATA_DIR: data.path };
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await app?.close();
    data.remove();
  };
  try {
    options.prepare?.(data.path);
    const config = loadConfig(env);
    const db = openDatabase(config.databasePath);
    try {
      await seedDemoForConfig(db, config);
      await options.seed?.(db, config);
    } finally {
      db.close();
    }
    let buildEnv: Record<string, string> = env;
    const rebuild = async () => {
      const built = await runScript('rebuild.ts', buildEnv);
      expect(built.code, built.stderr).toBe(0);
      expect(built.stdout).toContain('site rebuilt');
    };
    const build = options.build ?? 'first';
    if (build === 'first') await rebuild();
    app = await buildApp(config, { ...(options.app ?? { mail: { worker: false, scheduler: false } }), logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('the portal listens on no port');
    const baseUrl = `http://${options.host ?? 'localhost'}:${address.port}`;
    if (build === 'at-address') {
      buildEnv = { ...env, PUBLIC_BASE_URL: baseUrl };
      await rebuild();
    }
    browser = await launchChromium();
    const siteRoot = join(config.siteDir, 'current');
    const snapshot = () => {
      const buildId = readlinkSync(siteRoot).split('/').at(-1)!;
      return readSnapshotFiles(join(config.siteDir, 'builds', `${buildId}.snapshot.json`));
    };
    return { config, dataDir: data.path, app, db: app.db, baseUrl, browser, siteRoot, snapshot, rebuild, close };
  } catch (error) {
    await close();
    throw error;
  }
}
