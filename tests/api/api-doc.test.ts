// server/API.md and the routes the app registers, kept in step: every route the server answers is
// documented there or in a document it links to beside the routes (server/routes/admin-posts.md …),
// since bureaus script against it, and every route the documents name exists.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';

const API_DOC = join(import.meta.dirname, '../../server/API.md');

/** Routes that are not part of the API a bureau scripts against. */
function isInternal(route: string): boolean {
  const [method, url] = route.split(' ') as [string, string];
  // HEAD and OPTIONS answer beside GET and the CORS-free API; the static site is a wildcard.
  if (method === 'HEAD' || method === 'OPTIONS') return true;
  return url === '*' || url === '/*' || url.endsWith('/*');
}

/** `/api/admin/users/:id` and `/api/admin/users/:userId` are the same route. */
function normalise(route: string): string {
  return route.replace(/:[A-Za-z0-9_]+/g, ':param').replace(/\/$/, '') || route;
}

/** server/API.md and the server documents it links to (one level). */
function apiDocuments(): string[] {
  const main = readFileSync(API_DOC, 'utf8');
  const linked = [...main.matchAll(/\]\(([^)#\s]+\.md)(?:#[^)]*)?\)/g)]
    .map((match) => join(dirname(API_DOC), match[1]!))
    .filter((path) => path.includes('/server/'));
  return [main, ...new Set(linked)].map((textOrPath) => (textOrPath === main ? main : readFileSync(textOrPath, 'utf8')));
}

function documentedRoutes(): string[] {
  const text = apiDocuments().join('\n');
  const routes = new Set<string>();
  for (const match of text.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]*)`/g)) {
    routes.add(normalise(`${match[1]} ${match[2]}`));
  }
  return [...routes].sort();
}

describe('server/API.md', () => {
  it('documents every route the server registers, and names none that it does not', async () => {
    const { app } = await buildTestApp();
    await app.ready();
    const registered = [...new Set(app.registeredRoutes().filter((route) => !isInternal(route)).map(normalise))].sort();
    expect(registered.length).toBeGreaterThan(50);
    const documented = documentedRoutes();
    expect(registered.filter((route) => !documented.includes(route)), 'registered but not in server/API.md').toEqual([]);
    expect(documented.filter((route) => !registered.includes(route)), 'in server/API.md but not registered').toEqual([]);
  });
});
