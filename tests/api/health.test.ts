import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../db/migrate.ts';
import { buildTestApp } from '../helpers/app.ts';

describe('GET /api/health', () => {
  it('reports the database, its schema version and that no site has been built yet', async () => {
    const { inject } = await buildTestApp();
    const response = await inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      database: 'ok',
      schemaVersion: loadMigrations().at(-1)!.version,
      site: { builtAt: null, dataAsOf: null },
      mail: { queued: 0, failed: 0 },
    });
  });

  it('answers 503 when the database is gone', async () => {
    const { inject, db } = await buildTestApp();
    db.close();
    const response = await inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'degraded', database: 'unreachable' });
  });

  it('answers unknown API paths with a Chinese 404', async () => {
    const { inject } = await buildTestApp();
    const response = await inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('您访问的内容不存在');
  });
});
