import fp from 'fastify-plugin';
import { API_CACHE_CONTROL, contentSecurityPolicyFor, SECURITY_HEADERS } from '../security-headers.ts';

/**
 * Security headers on every answer, set before anything else runs so that early answers (rate
 * limit, 404, errors) carry them too. Answers written below Fastify use the same list
 * (server/http-server.ts). The search page and Pagefind's files may also compile WebAssembly.
 */
export const securityPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      reply.headers(SECURITY_HEADERS);
      reply.header('content-security-policy', contentSecurityPolicyFor(request.url));
      if (request.url.startsWith('/api/')) reply.header('cache-control', API_CACHE_CONTROL);
    });
  },
  { name: 'security' },
);
