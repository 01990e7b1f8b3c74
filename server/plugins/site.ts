import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentLink } from '../site-builds.ts';

export interface SitePluginOptions {
  siteDir: string;
}

/**
 * Serves the live static build through the `current` symlink. Files are resolved per request,
 * so when a rebuild switches the link the next request gets the new site without a restart.
 * The rebuild writes .br and .gz copies of text files; they are sent to clients that accept them
 * (with Vary: Accept-Encoding and an ETag of their own).
 */
export const sitePlugin = fp<SitePluginOptions>(
  async (app, options) => {
    const root = currentLink(options.siteDir);
    await app.register(fastifyStatic, {
      root,
      wildcard: true,
      index: ['index.html'],
      redirect: true,
      preCompressed: true,
      // HTML must be revalidated so a nightly rebuild shows up; Astro's hashed assets can be cached.
      cacheControl: false,
      setHeaders: (response, path) => {
        response.header('cache-control', path.includes('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
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
  }
}
