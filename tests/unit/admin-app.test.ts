// The admin island's plain parts: hash routes, who sees which screen, action names, and the API
// wrapper's headers and error mapping (fetch is stubbed; no server, no browser).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getSession, listUsers, login, onUnauthorized, takeFeedbackAction, toQuery } from '../../site/src/islands/admin/api.ts';
import { actionSlug } from '../../site/src/islands/admin/FeedbackActions.tsx';
import { endSentence } from '../../site/src/islands/admin/labels.ts';
import { allowedScreens, href, parseHash, positiveInt } from '../../site/src/islands/admin/routing.ts';
import { svgDataUrl } from '../../site/src/islands/admin/TotpEnrol.tsx';

describe('admin hash routes', () => {
  it('reads the path and the query from the fragment', () => {
    const route = parseHash('#/inbox?state=pending&overdue=true&page=2');
    expect(route.path).toBe('/inbox');
    expect(route.segments).toEqual(['inbox']);
    expect(route.query.get('state')).toBe('pending');
    expect(route.query.get('page')).toBe('2');
  });

  it.each([
    ['', '/', []],
    ['#', '/', []],
    ['#/', '/', []],
    ['#/feedback/123', '/feedback/123', ['feedback', '123']],
    ['#/calendar/2027/', '/calendar/2027', ['calendar', '2027']],
  ])('parses %j', (hash, path, segments) => {
    expect(parseHash(hash).path).toBe(path);
    expect(parseHash(hash).segments).toEqual(segments);
  });

  it('leaves empty and false filter values out of a link', () => {
    expect(href('/inbox', { state: '', unitId: 3, overdue: true, dueSoon: false, q: undefined })).toBe('#/inbox?unitId=3&overdue=true');
    expect(href('/inbox')).toBe('#/inbox');
    expect(href('/inbox', { q: '食堂 收费' })).toBe('#/inbox?q=%E9%A3%9F%E5%A0%82+%E6%94%B6%E8%B4%B9');
  });

  it.each([
    ['12', 12],
    ['0', null],
    ['-1', null],
    ['1e3', null],
    ['abc', null],
    [null, null],
  ])('takes %j as the positive whole number %j', (value, expected) => expect(positiveInt(value)).toBe(expected));
});

describe('admin navigation by role', () => {
  it.each<[string[], string[]]>([
    [['sysadmin'], ['users', 'units', 'categories', 'calendar', 'templates', 'audit', 'ledger', 'evaluations', 'topics', 'mail', 'site']],
    [['office'], ['dashboard', 'inbox', 'templates', 'evaluations', 'topics', 'posts', 'mail', 'site']],
    [['handler'], ['dashboard', 'inbox']],
    [['ledger'], ['ledger', 'evaluations', 'posts']],
    [['office', 'sysadmin'], ['dashboard', 'inbox', 'users', 'units', 'categories', 'calendar', 'templates', 'audit', 'ledger', 'evaluations', 'topics', 'posts', 'mail', 'site']],
  ])('%j sees %j', (roles, screens) => expect(allowedScreens(roles as never)).toEqual(screens));
});

describe('admin wording', () => {
  it.each([
    ['draft_reply', 'draft-reply'],
    ['draft-reply', 'draft-reply'],
    ['hand_back', 'hand-back'],
    ['follow_up_reopened', 'follow-up-reopen'],
    ['follow-up-reopen', 'follow-up-reopen'],
    ['accept', 'accept'],
  ])('calls the action %s "%s" in the URL', (action, slug) => expect(actionSlug(action)).toBe(slug));

  it.each([
    ['该意见刚刚已被他人办理', '该意见刚刚已被他人办理。'],
    ['已保存。', '已保存。'],
    ['真的吗？', '真的吗？'],
    ['不能受理；', '不能受理。'],
  ])('ends %j as a sentence', (text, expected) => expect(endSentence(text)).toBe(expected));

  it('turns the QR code into an image URL, not markup', () => {
    const url = svgDataUrl('<svg xmlns="http://www.w3.org/2000/svg"><title>二维码</title></svg>');
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const decoded = new TextDecoder().decode(Uint8Array.from(atob(url.split(',')[1]!), (c) => c.charCodeAt(0)));
    expect(decoded).toContain('<title>二维码</title>');
  });
});

describe('admin API wrapper', () => {
  type Call = { url: string; init: RequestInit };
  let calls: Call[] = [];

  function answer(status: number, body?: unknown) {
    const fetchStub = vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    });
    vi.stubGlobal('fetch', fetchStub);
  }

  afterEach(() => {
    vi.unstubAllGlobals();
    onUnauthorized(null);
    calls = [];
  });

  it('sends cookies and the session CSRF token on writes, not on reads', async () => {
    answer(200, { user: null, stage: 'none', csrfToken: 'token-1' });
    await getSession();
    answer(200, { feedback: {}, events: [] });
    await takeFeedbackAction(7, 'draft-reply', { version: 3, reply: '答复' });
    const [read, write] = calls;
    expect(read!.init.credentials).toBe('same-origin');
    expect((read!.init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect(write!.url).toBe('/api/admin/feedback/7/actions/draft-reply');
    expect(write!.init.method).toBe('POST');
    expect(write!.init.credentials).toBe('same-origin');
    expect((write!.init.headers as Record<string, string>)['x-csrf-token']).toBe('token-1');
    expect(JSON.parse(String(write!.init.body))).toEqual({ version: 3, reply: '答复' });
  });

  it('maps an error body to status, message and field problems', async () => {
    answer(400, { statusCode: 400, error: 'Bad Request', message: '请检查填写的内容', fields: [{ field: 'note', message: '请填写说明' }] });
    const error = await takeFeedbackAction(1, 'reject', { version: 1 }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, message: '请检查填写的内容', fields: [{ field: 'note', message: '请填写说明' }] });
  });

  it('keeps the calendar check list', async () => {
    answer(400, { statusCode: 400, message: '节假日安排未通过检查', problems: ['没有春节假期'] });
    const error = await listUsers().catch((failure: unknown) => failure);
    expect(error).toMatchObject({ problems: ['没有春节假期'] });
  });

  it('hides server faults behind a message that says what to do', async () => {
    answer(500, { statusCode: 500, message: 'SqliteError: database is locked' });
    const error = await listUsers().catch((failure: unknown) => failure);
    expect(error).toMatchObject({ status: 500 });
    expect((error as ApiError).message).not.toContain('Sqlite');
    expect((error as ApiError).message).toContain('系统管理员');
  });

  it('reports an unreachable server as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(listUsers()).rejects.toMatchObject({ status: 0 });
  });

  it('treats 401 as a lost session, except on the sign-in steps', async () => {
    const lost = vi.fn();
    onUnauthorized(lost);
    answer(401, { statusCode: 401, message: '用户名或密码错误' });
    await expect(login('office', 'wrong')).rejects.toMatchObject({ status: 401, message: '用户名或密码错误' });
    expect(lost).not.toHaveBeenCalled();
    answer(401, { statusCode: 401, message: '请先登录' });
    await expect(listUsers()).rejects.toMatchObject({ status: 401 });
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it('writes filter queries without empty values', () => {
    expect(toQuery({ state: 'pending', unitId: '', overdue: true, dueSoon: false, page: 2 })).toBe('?state=pending&overdue=true&page=2');
    expect(toQuery({ state: '' })).toBe('');
  });
});
