// 重建网站 from the admin app and after a publication: the same rebuild as the nightly one, in a
// child process, one at a time, recorded, audited; a failed build keeps the served site, says why
// and mails the 系统管理员s. The failing builds here use a broken Astro project (real child
// process, real Astro); the browser test (tests/e2e/site-builds.test.ts) sees a real one succeed.
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import type { StaffRole } from '../../server/domain/staff.ts';
import { type AdminClient, createStaff, signIn } from '../helpers/admin.ts';
import { testConfig } from '../helpers/app.ts';
import { insertItem } from '../fixtures/factories.ts';

const BROKEN_SITE = join(import.meta.dirname, '..', 'fixtures', 'broken-site');

async function rebuildApp(quietMs: number | null = null) {
  const config = testConfig();
  const output: string[] = [];
  const app = await buildApp(config, {
    serveSite: false,
    logger: false,
    mail: { worker: false, scheduler: false },
    rebuilds: { root: BROKEN_SITE, quietMs, output: (text) => void output.push(text) },
  });
  const clients = new Map<StaffRole, AdminClient>();
  for (const role of ['sysadmin', 'office', 'handler', 'ledger'] as StaffRole[]) {
    const staff = await createStaff(app.db, { roles: [role], ...(role === 'sysadmin' ? { username: `admin_${role}` } : {}) });
    app.db.prepare('UPDATE users SET email = ? WHERE id = ?').run(`${role}@bureau.example.cn`, staff.id);
    clients.set(role, await signIn(app, staff));
  }
  const as = (role: StaffRole | 'nobody', method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>): Promise<LightMyRequestResponse> => {
    const client = role === 'nobody' ? undefined : clients.get(role);
    const body = payload === undefined ? {} : { payload };
    return client ? client.inject({ method, url, ...body }) : app.inject({ method, url, ...body, headers: { origin: 'http://localhost' } });
  };
  return { app, db: app.db, as, close: () => app.close() };
}

/**
 * Polls the admin status until no build runs and `done` holds, with a bound: the build's end (the
 * child's exit) happens inside the app under test, where no event reaches the test.
 */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`never reached: ${JSON.stringify(value)}`);
    await delay(50);
  }
}

describe('POST /api/admin/site-builds (重建网站)', { timeout: 180_000 }, () => {
  it('the 办公室 starts a rebuild; a second waits its turn (409); the failure keeps the site, says why, is audited and mailed to the 系统管理员', async () => {
    const { db, as, close } = await rebuildApp();
    try {
      const started = await as('office', 'POST', '/api/admin/site-builds');
      expect(started.statusCode).toBe(202);
      expect(started.json().build).toMatchObject({ trigger: 'manual', triggerLabel: '手动', status: 'running', statusLabel: '正在重建' });
      expect(started.json().build.requestedBy).toMatch(/^测试人员/);

      const second = await as('sysadmin', 'POST', '/api/admin/site-builds');
      expect(second.statusCode).toBe(409);
      expect(second.json().message).toContain('网站正在重建');

      const status = await until(
        async () => (await as('office', 'GET', '/api/admin/site-builds')).json(),
        (body) => body.running === null,
      );
      expect(status.lastFinished).toMatchObject({ id: started.json().build.id, status: 'failed', statusLabel: '失败', pages: null });
      expect(status.lastFinished.error).toMatch(/failed/);
      expect(status.lastFinished.finishedAt).not.toBeNull();
      expect(status.recent).toHaveLength(1);

      const audit = db.prepare("SELECT actor_kind, action, object_type FROM audit_log WHERE action LIKE 'site.%'").all();
      expect(audit).toEqual([{ actor_kind: 'user', action: 'site.rebuild', object_type: 'site_build' }]);
      const mails = db.prepare("SELECT to_address FROM mail_outbox WHERE kind = 'rebuild_failed'").all();
      expect(mails).toEqual([{ to_address: 'sysadmin@bureau.example.cn' }]);

      const health = await as('nobody', 'GET', '/api/health');
      expect(health.json().site).toMatchObject({
        builtAt: null,
        lastBuild: { trigger: 'manual', result: 'failed', pages: null },
        rebuildRunning: false,
        rebuildScheduledFor: null,
      });
      // The reason stays in the admin app: the public health check does not show it.
      expect(health.body).not.toContain('failed:');
    } finally {
      await close();
    }
  });

  it.each([
    ['handler', 403],
    ['ledger', 403],
    ['nobody', 401],
  ] as const)('%s may neither start a rebuild nor see the records (%i)', async (role, status) => {
    const { db, as, close } = await rebuildApp();
    try {
      expect((await as(role, 'POST', '/api/admin/site-builds')).statusCode).toBe(status);
      expect((await as(role, 'GET', '/api/admin/site-builds')).statusCode).toBe(status);
      expect(db.prepare('SELECT count(*) AS n FROM site_builds').get()).toEqual({ n: 0 });
    } finally {
      await close();
    }
  });
});

describe('a rebuild after a publication', { timeout: 180_000 }, () => {
  it('publishing a ledger item schedules one after the quiet period; it runs as the system and is recorded', async () => {
    const { db, as, close } = await rebuildApp(20);
    try {
      const item = insertItem(db, { isPublished: false });
      const published = await as('ledger', 'POST', `/api/admin/ledger/items/${item}/publish`);
      expect(published.statusCode).toBe(200);
      const finished = await until(
        async () => (await as('sysadmin', 'GET', '/api/admin/site-builds')).json(),
        (body) => body.lastFinished !== null && body.running === null,
      );
      expect(finished.lastFinished).toMatchObject({ trigger: 'publication', triggerLabel: '发布后自动', requestedBy: null, status: 'failed' });
      expect(db.prepare("SELECT actor_kind, action FROM audit_log WHERE action LIKE 'site.%'").all()).toEqual([
        { actor_kind: 'system', action: 'site.rebuild_scheduled' },
      ]);
    } finally {
      await close();
    }
  });

  it('says when the scheduled rebuild will start, and does nothing when switched off', async () => {
    const waiting = await rebuildApp(3_600_000);
    try {
      const item = insertItem(waiting.db, { isPublished: false });
      await waiting.as('ledger', 'POST', `/api/admin/ledger/items/${item}/publish`);
      const status = (await waiting.as('office', 'GET', '/api/admin/site-builds')).json();
      expect(status.scheduledFor).not.toBeNull();
      expect(status.running).toBeNull();
      expect((await waiting.as('nobody', 'GET', '/api/health')).json().site.rebuildScheduledFor).toBe(status.scheduledFor);
    } finally {
      await waiting.close();
    }
    const off = await rebuildApp(null);
    try {
      const item = insertItem(off.db, { isPublished: false });
      await off.as('ledger', 'POST', `/api/admin/ledger/items/${item}/publish`);
      expect((await off.as('office', 'GET', '/api/admin/site-builds')).json().scheduledFor).toBeNull();
    } finally {
      await off.close();
    }
  });

  it('a 整改信息 post schedules one when it is published, not while it is a draft', async () => {
    const waiting = await rebuildApp(3_600_000);
    try {
      const scheduled = async () => (await waiting.as('office', 'GET', '/api/admin/site-builds')).json().scheduledFor;
      const draft = await waiting.as('office', 'POST', '/api/admin/posts', { title: '三严三控工作进展', body: '正文', postDate: '2026-11-20' });
      expect(draft.statusCode, draft.body).toBe(201);
      expect(await scheduled()).toBeNull();
      const { id } = draft.json() as { id: number };
      const { version } = waiting.db.prepare<[number], { version: number }>('SELECT version FROM posts WHERE id = ?').get(id)!;
      const published = await waiting.as('office', 'POST', `/api/admin/posts/${id}/publish`, { version });
      expect(published.statusCode, published.body).toBe(200);
      expect(await scheduled()).not.toBeNull();
    } finally {
      await waiting.close();
    }
  });
});
