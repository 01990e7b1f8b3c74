import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered so far as `METHOD /url` (HEAD included where Fastify adds it). */
    registeredRoutes: () => string[];
  }
}

const NOT_FOUND_MESSAGE = '您访问的内容不存在';

/** A route path such as /api/feedback/:code as a pattern for request paths. */
function routePattern(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+(?:\([^)]*\))?|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

function httpError(statusCode: number, message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode });
}

/**
 * The API's HTTP manners beyond single routes: a known path with the wrong method answers 405
 * with Allow (not 404), a body that is not plain JSON answers 415 (not "invalid JSON"), and unknown
 * addresses get the site's Chinese 404 page or a Chinese JSON 404 under /api/.
 */
export const httpRulesPlugin = fp(
  async (app) => {
    const apiRoutes: { pattern: RegExp; methods: Set<string> }[] = [];
    const registered: string[] = [];
    app.decorate('registeredRoutes', () => [...registered]);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) registered.push(`${method.toUpperCase()} ${route.url}`);
      if (!route.url.startsWith('/api/')) return;
      const methods = [route.method].flat().map((method) => method.toUpperCase());
      const pattern = routePattern(route.url);
      const known = apiRoutes.find((entry) => entry.pattern.source === pattern.source);
      const entry = known ?? { pattern, methods: new Set<string>() };
      if (!known) apiRoutes.push(entry);
      for (const method of methods) entry.methods.add(method);
      if (entry.methods.has('GET')) entry.methods.add('HEAD');
    });

    // The API reads JSON; Fastify's default text/plain parser would hand a route a string instead
    // of answering 415 for a type the API does not take.
    app.removeContentTypeParser('text/plain');

    // Bodies are read as sent; a gzip-encoded body would otherwise reach the JSON parser as bytes.
    app.addHook('preParsing', async (request, reply, payload) => {
      const encoding = request.headers['content-encoding']?.trim().toLowerCase();
      const hasBody = request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
      if (hasBody && encoding && encoding !== 'identity') {
        reply.header('accept-encoding', 'identity');
        throw httpError(415, '不支持压缩的请求内容，请直接以 JSON 格式提交');
      }
      return payload;
    });

    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      if (path.startsWith('/api/')) {
        const allowed = new Set(apiRoutes.filter((entry) => entry.pattern.test(path)).flatMap((entry) => [...entry.methods]));
        if (allowed.size > 0) {
          return reply
            .code(405)
            .header('allow', [...allowed].sort().join(', '))
            .send({ statusCode: 405, error: 'Method Not Allowed', message: '该地址不支持这种请求方式' });
        }
        return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: NOT_FOUND_MESSAGE });
      }
      const page = app.sitePage404?.();
      if (page) return reply.code(404).type('text/html; charset=utf-8').send(page);
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: NOT_FOUND_MESSAGE });
    });
  },
  { name: 'http-rules' },
);
