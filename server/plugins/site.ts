import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { join } from 'node:path';
import { currentLink } from '../site-builds.ts';
import { gzipOnlyAnswer, readBuiltFile } from '../site-gzip-only.ts';
import { SITE_MEMORY_BUDGET_BYTES, SiteMemory } from '../site-memory.ts';
import { contentSecurityPolicyFor, SECURITY_HEADERS } from '../security-headers.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface SitePluginOptions {
  siteDir: string;
  /** Bytes of small files held in memory (SITE_MEMORY_BUDGET_BYTES; 0: every file from disk). */
  memoryBudgetBytes?: number;
}

/** HTML must be revalidated so a nightly rebuild shows up; Astro's hashed assets can be cached. */
function cacheControlFor(path: string): string {
  return path.includes('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Headers that make a request conditional or partial: such a request goes on to Fastify. */
const NOT_PLAIN = new Set(['range', 'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since']);
/** Their lengths: a name of another length is none of them, and is not lower-cased. */
const NOT_PLAIN_LENGTHS = new Set([...NOT_PLAIN].map((name) => name.length));
const ACCEPT_ENCODING = 'accept-encoding';

/**
 * The Accept-Encoding of a plain request (several joined as Node joins them; undefined when there
 * is none), or false for a conditional or range request (NOT_PLAIN). Read from the raw headers:
 * building `request.headers` is a good part of the cost of an answer from memory. Names are told
 * apart by their length first, so that most are not lower-cased at all.
 */
function plainAcceptEncoding(raw: string[]): string | undefined | false {
  let acceptEncoding: string | undefined;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index]!;
    if (name.length === ACCEPT_ENCODING.length && name.toLowerCase() === ACCEPT_ENCODING) {
      acceptEncoding = acceptEncoding === undefined ? raw[index + 1]! : `${acceptEncoding}, ${raw[index + 1]!}`;
    } else if (NOT_PLAIN_LENGTHS.has(name.length) && NOT_PLAIN.has(name.toLowerCase())) return false;
  }
  return acceptEncoding;
}

/**
 * Serves the live static build through the `current` symlink. Files are resolved per request,
 * so when a rebuild switches the link the next request gets the new site without a restart.
 * The rebuild writes .br and .gz copies of text files; they are sent to clients that accept them
 * (with Vary: Accept-Encoding and an ETag of their own). Small files are answered from memory
 * (server/site-memory.ts), with the same headers; the files stored only as .gz (the open data
 * downloads, the pages larger than a block) by server/site-gzip-only.ts; the rest by
 * @fastify/static.
 */
export const sitePlugin = fp<SitePluginOptions>(
  async (app, options) => {
    const root = currentLink(options.siteDir);
    const budgetBytes = options.memoryBudgetBytes ?? SITE_MEMORY_BUDGET_BYTES;
    const memory = budgetBytes > 0 ? new SiteMemory({ link: root, cacheControl: cacheControlFor, budgetBytes }) : null;
    app.decorate('siteMemory', memory);
    if (memory) app.addHook('onClose', async () => memory.close());
    // @fastify/static's catch-all route, with the answer from memory and the files stored only as
    // .gz (server/site-gzip-only.ts) in front of its own handler.
    let registering = true;
    app.addHook('onRoute', (route) => {
      if (!registering || route.url !== '/*') return;
      const handler = route.handler;
      route.handler = async function siteFile(request, reply) {
        const headers = request.headers;
        if (memory) {
          const plain = !headers.range && !headers['if-none-match'] && !headers['if-modified-since'] && !headers['if-match'] && !headers['if-unmodified-since'];
          const variant = plain ? memory.variantFor(request.url, headers['accept-encoding']) : null;
          if (variant) return reply.code(200).headers(variant.headers).send(variant.body);
        }
        const gzipOnly = await gzipOnlyAnswer(root, request.url, { method: request.method, headers }, cacheControlFor);
        if (gzipOnly) return reply.code(gzipOnly.status).headers(gzipOnly.headers).send(gzipOnly.body ?? undefined);
        return handler.call(this, request, reply);
      };
    });
    // A page already held is written straight to the socket, before Fastify's routing and hooks:
    // with the security headers every answer carries and the headers @fastify/static gives it. A
    // small file not held yet (its first request, or any request once the budget is full: a large
    // site's long tail) is read and sent the same way. Anything else (large or missing files, odd
    // paths, the API, conditional and range requests) goes on to Fastify. Listeners of extra
    // servers Fastify may open (localhost on IPv4 and IPv6) are not wrapped: they answer through
    // Fastify, the same answer.
    if (memory) {
      const server = app.server;
      const [fastifyListener] = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
      if (fastifyListener) {
        server.removeListener('request', fastifyListener);
        server.on('request', function answerHeld(this: unknown, request: IncomingMessage, response: ServerResponse) {
          const url = request.url ?? '';
          const acceptEncoding = (request.method === 'GET' || request.method === 'HEAD') && !url.startsWith('/api/') ? plainAcceptEncoding(request.rawHeaders) : false;
          const variant = acceptEncoding === false ? null : (memory.heldVariant(url, acceptEncoding) ?? memory.variantFor(url, acceptEncoding));
          if (!variant) return fastifyListener.call(this, request, response);
          // The policy depends on the path only (the search pages), which is the variant's own.
          variant.allHeaders ??= Object.entries({ ...SECURITY_HEADERS, 'content-security-policy': contentSecurityPolicyFor(url), ...variant.headers }).flat();
          response.writeHead(200, variant.allHeaders);
          response.end(request.method === 'HEAD' ? undefined : variant.body);
        });
      }
    }
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
    app.decorate('sitePage404', () => readBuiltFile(join(root, '404.html')));
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
