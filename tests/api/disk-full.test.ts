// A full disk under the app: writes answer 503 in Chinese (never 500), nothing is half-written,
// /api/health says degraded and why, and a rebuild does not start. Once with a real small tmpfs
// filled to the last page (root only), and on any machine with SQLite's own page limit.
import type { LightMyRequestResponse } from 'fastify';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGE_FULL_MESSAGE } from '../../server/storage.ts';
import { makeFeedbackSubmission } from '../fixtures/factories.ts';
import { createStaff, TEST_ORIGIN } from '../helpers/admin.ts';
import { buildTestApp, testConfig, type TestApp } from '../helpers/app.ts';
import { runScript } from '../helpers/processes.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import { tempDirForTest } from '../helpers/temp.ts';
import { fillDisk, mountTmpfs, type Tmpfs, tmpfsUnavailable } from '../helpers/tmpfs.ts';

const count = (app: TestApp, table: string) => (app.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

async function postFeedbackRequest(app: TestApp): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/feedback', payload: (await withProofOfWork(makeFeedbackSubmission())) as object });
}

function signInWithPassword(app: TestApp, username: string, password: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/admin/login', headers: { origin: TEST_ORIGIN }, payload: { username, password } });
}

function expectStorageFull(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(503);
  expect(response.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message: STORAGE_FULL_MESSAGE });
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
}

describe.skipIf(tmpfsUnavailable !== null)(`a full data disk (a real tmpfs${tmpfsUnavailable ? `; skipped: ${tmpfsUnavailable}` : ''})`, () => {
  let disk: Tmpfs;
  beforeAll(() => {
    disk = mountTmpfs(16 * 1024 * 1024);
  });
  afterAll(() => disk?.unmount());

  it('answers opinions and sign-ins with 503 in Chinese, stores nothing, reports it in /api/health, and recovers when space is freed', async () => {
    let clock = new Date('2026-12-01T02:00:00.000Z');
    const dataDir = join(disk.path, 'data');
    mkdirSync(dataDir);
    const app = await buildTestApp({ config: testConfig({ MIN_FREE_SPACE_MB: '1' }, dataDir), now: () => clock });
    const staff = await createStaff(app.db, { roles: ['office'], now: clock });
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    // The WAL keeps its pages once written; start from an empty one, as after a checkpoint, so
    // the next write needs new pages from the disk.
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = { feedback: count(app, 'feedback'), events: count(app, 'feedback_events'), sessions: count(app, 'sessions'), audit: count(app, 'audit_log') };
    const freeDisk = fillDisk(disk.path);
    try {
      expectStorageFull(await postFeedbackRequest(app));
      expectStorageFull(await signInWithPassword(app, staff.username, staff.password));
      // The form without JavaScript answers with a page that says the same.
      const plain = await app.inject({
        method: 'POST',
        url: '/feedback/submit',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ role: 'parent', category: 'burden', content: '周末学校组织补课，每次收费两百元，希望教育局核实。', anonymous: 'on' }).toString(),
      });
      expect(plain.statusCode).toBe(503);
      expect(plain.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(plain.body).toContain(STORAGE_FULL_MESSAGE);
      expect({ feedback: count(app, 'feedback'), events: count(app, 'feedback_events'), sessions: count(app, 'sessions'), audit: count(app, 'audit_log') }).toEqual(before);

      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(503);
      const body = health.json();
      expect(body).toMatchObject({ status: 'degraded', database: 'ok', disk: { minFreeBytes: 1024 * 1024, lastFullAt: clock.toISOString() } });
      expect(body.disk.freeBytes).toBeLessThan(body.disk.minFreeBytes);
      expect(body.disk.totalBytes).toBe(16 * 1024 * 1024);
      expect(body.reasons.join('\n')).toMatch(/low disk space: .* free in the data folder/);
      expect(body.reasons.join('\n')).toContain('a write failed for lack of disk space');
    } finally {
      freeDisk();
    }

    const stored = await postFeedbackRequest(app);
    expect(stored.statusCode).toBe(201);
    expect(count(app, 'feedback')).toBe(before.feedback + 1);
    expect((await signInWithPassword(app, staff.username, staff.password)).statusCode).toBe(200);
    // The failed write is still reported for a while after space came back, then no more.
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json().reasons).toEqual([expect.stringContaining('a write failed for lack of disk space')]);
    clock = new Date(clock.getTime() + 2 * 3600_000);
    const recovered = await app.inject({ method: 'GET', url: '/api/health' });
    expect(recovered.statusCode).toBe(200);
    expect(recovered.json()).toMatchObject({ status: 'ok', reasons: [] });
  });
});

describe('a full database (SQLite page limit), on any machine', () => {
  it('answers an opinion with 503 in Chinese and stores nothing', async () => {
    const app = await buildTestApp();
    const pages = app.db.pragma('page_count', { simple: true }) as number;
    // The file may not grow: the next write that needs a page fails with SQLITE_FULL, as on a full disk.
    app.db.pragma(`max_page_count = ${pages}`);
    const before = count(app, 'feedback');
    let response = await postFeedbackRequest(app);
    // An opinion may still fit in the free room of existing pages; a few more will not.
    for (let tries = 0; response.statusCode === 201 && tries < 50; tries += 1) response = await postFeedbackRequest(app);
    expectStorageFull(response);
    const stored = count(app, 'feedback');
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json().reasons).toEqual([expect.stringContaining('a write failed for lack of disk space')]);
    // Nothing half-written: every stored opinion has its first event.
    expect(count(app, 'feedback_events')).toBe(stored);
    expect(stored).toBeGreaterThanOrEqual(before);
  });
});

describe('health and rebuild against MIN_FREE_SPACE_MB', () => {
  it('/api/health is degraded (503) when the data folder has less free space than the setting', async () => {
    const app = await buildTestApp({ env: { MIN_FREE_SPACE_MB: '1000000' } });
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'degraded', database: 'ok', disk: { minFreeBytes: 1_000_000 * 1024 * 1024, lastFullAt: null } });
    expect(response.json().reasons).toEqual([expect.stringMatching(/^low disk space: [\d.]+ MB free in the data folder, below MIN_FREE_SPACE_MB/)]);
  });

  it('the rebuild refuses to start, changes nothing and exits non-zero without a stack trace', async () => {
    const dataDir = tempDirForTest('portal-rebuild-space-');
    testConfig({}, dataDir);
    const result = await runScript('rebuild.ts', { DATA_DIR: dataDir, SECRET_KEY: TEST_SECRET_KEY, MIN_FREE_SPACE_MB: '1000000', LOG_LEVEL: 'silent' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the rebuild did not start: only');
    expect(result.stderr).toContain('MIN_FREE_SPACE_MB');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(join(dataDir, 'site', 'builds'))).toEqual([]);
    expect(existsSync(join(dataDir, 'site', 'current'))).toBe(false);
  });
});
