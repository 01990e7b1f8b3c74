import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../db/migrate.ts';
import { replaceCalendarYear } from '../../db/queries/calendar.ts';
import { buildTestApp } from '../helpers/app.ts';

describe('GET /api/health', () => {
  it('reports the database, its schema version and that no site has been built yet', async () => {
    const { inject } = await buildTestApp({ now: () => new Date('2025-06-01T02:00:00.000Z') });
    const response = await inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      database: 'ok',
      schemaVersion: loadMigrations().at(-1)!.version,
      site: { builtAt: null, dataAsOf: null, lastBuild: null, rebuildRunning: false, rebuildScheduledFor: null },
      calendar: { missingYears: [] },
      mail: { queued: 0, failed: 0 },
      disk: { freeBytes: expect.any(Number), totalBytes: expect.any(Number), minFreeBytes: 200 * 1024 * 1024, lastFullAt: null },
      reasons: [],
    });
  });

  it('says which year has no holiday calendar yet, until a 系统管理员 enters it', async () => {
    const { inject, app, db } = await buildTestApp({ now: () => new Date('2026-11-26T02:00:00.000Z') });
    expect((await inject({ method: 'GET', url: '/api/health' })).json().calendar).toEqual({ missingYears: [2027] });
    db.transaction(() => replaceCalendarYear(db, 2027, '测试用的节假日安排', [{ date: '2027-01-01', isWorkingDay: false, name: '元旦' }], null, '2026-11-26T02:00:00.000Z'))();
    app.invalidateWorkCalendar();
    expect((await inject({ method: 'GET', url: '/api/health' })).json().calendar).toEqual({ missingYears: [] });
  });

  it('answers 503 when the database is gone', async () => {
    const { inject, db } = await buildTestApp();
    db.close();
    const response = await inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'degraded', database: 'unreachable', reasons: ['the database cannot be read'] });
  });

  it('answers unknown API paths with a Chinese 404', async () => {
    const { inject } = await buildTestApp();
    const response = await inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('您访问的内容不存在');
  });
});
