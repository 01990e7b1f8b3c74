import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentLink } from '../site-builds.ts';
import { SITE_MEMORY_BUDGET_BYTES, SiteMemory } from '../site-memory.ts';

export interface SitePluginOptions {
  siteDir: string;
  /** Bytes of small files held in memory (SITE_MEMORY_BUDGET_BYTES; 0: every file from disk). */
  memoryBudgetBytes?: number;
}

/** HTML must be revalidated so a nightly rebuild shows up; Astro's hashed assets can be cached. */
function cacheControlFor(path: string): string {
  return path.includes('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Serves the live static build through the `current` symlink. Files are resolved per request,
 * so when a rebuild switches the link the next request gets the new site without a restart.
 * The rebuild writes .br and .gz copies of text files; they are sent to clients that accept them
 * (with Vary: Accept-Encoding and an ETag of their own). Small files are answered from memory
 * (server/site-memory.ts), with the same headers; the rest by @fastify/static.
 */
export const sitePlugin = fp<SitePluginOptions>(
  async (app, options) => {
    const root = currentLink(options.siteDir);
    const budgetBytes = options.memoryBudgetBytes ?? SITE_MEMORY_BUDGET_BYTES;
    const memory = budgetBytes > 0 ? new SiteMemory({ link: root, cacheControl: cacheControlFor, budgetBytes }) : null;
    app.decorate('siteMemory', memory);
    // @fastify/static's catch-all route, with the answer from memory in front of its own handler.
    let registering = true;
    app.addHook('onRoute', (route) => {
      if (!registering || !memory || route.url !== '/*') return;
      const handler = route.handler;
      route.handler = async function siteFromMemory(request, reply) {
        const headers = request.headers;
        const plain = !headers.range && !headers['if-none-match'] && !headers['if-modified-since'] && !headers['if-match'] && !headers['if-unmodified-since'];
        const variant = plain ? await memory.variantFor(request.url, headers['accept-encoding']) : null;
        if (!variant) return handler.call(this, request, reply);
        return reply.code(200).headers(variant.headers).send(variant.body);
      };
    });
    await app.register(fastifyStatic, {
      root,
      wildcard: true,
      index: ['index.html'],
      redirect: true,
      preCompressed: true,
      // HTML must be revalidated so a nightly rebuild shows up; Astro's hashed assets can be cached.
      cacheControl: false,
      setHeaders: (response, path) => {
        response.header('cache-control', cacheControlFor(path));
      },
    });
    registering = false;
    app.decorate('sitePage404', () => {
      const file = join(root, '404.html');
      return existsSync(file) ? readFileSync(file) : null;
    });
  },
  { name: 'site' },
);

declare module 'fastify' {
  interface FastifyInstance {
    sitePage404?: () => Buffer | null;
    /** The small files of the live build held in memory, or null when they are read from disk. */
    siteMemory?: SiteMemory | null;
  }
}
