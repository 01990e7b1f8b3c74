// The ledger screens' API calls: same origin with the session cookie, the CSRF token on changes,
// an upload as the file's bytes with its name in x-file-name, and the server's Chinese messages
// (and the import report of a 422) carried by the error.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getSession } from '../../site/src/islands/admin/api.ts';
import { ledgerApi } from '../../site/src/islands/admin/ledger-api.ts';

/** The CSRF token comes with the session, as in the app. */
async function signInWithToken(csrfToken: string) {
  respond(200, { user: null, stage: 'signed_in', csrfToken });
  await getSession();
}

function respond(status: number, body: unknown) {
  const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('ledger admin API calls', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the CSRF token with changes only, and cookies on the same origin', async () => {
    await signInWithToken('token-1');
    const fetchMock = respond(200, { items: [], total: 0, page: 1, pageSize: 50 });
    await ledgerApi.listItems({ status: 'in_progress', q: '', page: 2 });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/admin/ledger/items?status=in_progress&page=2');
    expect(init).toMatchObject({ method: 'GET', credentials: 'same-origin' });
    expect((init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();

    respond(201, { id: 3, version: 1 });
    await ledgerApi.publish(3);
    const publish = (fetch as unknown as ReturnType<typeof vi.fn>).mock.calls[0]![1] as RequestInit;
    expect(publish.headers).toMatchObject({ 'x-csrf-token': 'token-1' });
  });

  it('uploads the file as its bytes with its name in x-file-name', async () => {
    await signInWithToken('token-2');
    const fetchMock = respond(200, { report: { ok: true } });
    const file = new File(['编号,问题描述'], '整改台账.csv', { type: 'text/csv' });
    await ledgerApi.importFile(file, { dryRun: true, skipBadRows: false });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/admin/ledger/import?dryRun=true&skipBadRows=false');
    expect(init.body).toBe(file);
    expect(init.headers).toMatchObject({ 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent('整改台账.csv'), 'x-csrf-token': 'token-2' });
  });

  it('carries the server’s message, field problems and the import report of a refusal', async () => {
    respond(400, { statusCode: 400, error: 'Bad Request', message: '提交的内容有误：编号已被使用', fields: [{ field: 'code', message: '编号已被使用' }] });
    const refused = await ledgerApi.createItem({} as never).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 400, message: '提交的内容有误：编号已被使用', fields: [{ field: 'code', message: '编号已被使用' }] });

    respond(422, { statusCode: 422, error: 'Unprocessable Entity', message: '文件有 1 个问题，未导入任何内容', report: { ok: false, problems: [{ row: 2 }] } });
    const notImported = await ledgerApi.importFile(new File(['x'], 'a.csv'), { dryRun: false, skipBadRows: false }).catch((error: unknown) => error);
    expect(notImported).toMatchObject({ status: 422, report: { ok: false, problems: [{ row: 2 }] } });

    respond(500, { message: 'internal details' });
    expect(await ledgerApi.categories().catch((error: ApiError) => error.message)).toBe('服务器暂时出现问题，请稍后再试。如果问题持续，请联系系统管理员。');
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('offline'))));
    expect(await ledgerApi.categories().catch((error: ApiError) => error.status)).toBe(0);
  });
});
