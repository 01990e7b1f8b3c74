// The open data downloads are stored only as <file>.gz (site/decisions/005, isStoredGzipOnly in
// server/site-compression.ts). @fastify/static's preCompressed finds such a .gz for a client that
// accepts gzip, but answers 404 to one that does not, and a Range request gets a slice of the
// compressed bytes. This answers them instead: to a client that accepts gzip the .gz as it is
// (Content-Encoding: gzip), to any other the file decompressed on the way (byte for byte the file
// the build wrote); the same URL, the original Content-Type, Vary: Accept-Encoding, an ETag per
// answer, If-None-Match / If-Modified-Since revalidation; Range is ignored (200, the whole file,
// no Accept-Ranges). Small ones are also held by server/site-memory.ts (the gzip answer only), and
// decompressed in one piece for the other clients (ONE_PIECE_LIMIT_BYTES).
// readBuiltFile reads such a file for the server's own use (the 404 page, the shells).
import { createReadStream, existsSync, readFileSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createGunzip, gunzip, gunzipSync } from 'node:zlib';
import { canonicalSitePath, negotiateEncoding, siteContentType, siteFileOf, statFile } from './site-memory.ts';

export interface GzipOnlyAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  /** null for HEAD and 304. */
  body: Readable | Buffer | null;
}

/**
 * A .gz up to this size is decompressed in one piece for a client that does not accept gzip: the
 * answer has its length. A stream per answer read even a small file through a 64 KB buffer and a
 * gunzip stream: tests/bench/memory.ts (GET /ledger/ without gzip, 20 connections) had 2,750–4,250
 * answers a second that way and 4,800–7,700 in one piece. Larger files (the open data downloads)
 * are streamed.
 */
export const ONE_PIECE_LIMIT_BYTES = 256 * 1024;
const gunzipped = promisify(gunzip);

export interface GzipOnlyRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/** As @fastify/static: "*" counts as gzip; gzip;q=0, identity only or no header: not accepted. */
export function acceptsGzip(acceptEncoding: string | string[] | undefined): boolean {
  return typeof acceptEncoding === 'string' && negotiateEncoding(acceptEncoding, ['gzip']) === 'gzip';
}

/** The ETag of the .gz as @fastify/send and site-memory.ts make it; the decompressed answer has its own. */
export function gzipOnlyEtag(gz: Stats, encoding: 'gzip' | 'identity'): string {
  const tag = `${gz.size.toString(16)}-${gz.mtime.getTime().toString(16)}`;
  return encoding === 'gzip' ? `W/"${tag}"` : `W/"${tag}-gunzip"`;
}

function notModified(request: GzipOnlyRequest, etag: string, gz: Stats): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (typeof ifNoneMatch === 'string') {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (typeof ifModifiedSince !== 'string') return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Math.floor(gz.mtime.getTime() / 1000) * 1000 <= since;
}

/**
 * A file of a build as the build wrote it, whether it is stored as it is or only as <file>.gz;
 * null when it is neither.
 */
export function readBuiltFile(file: string): Buffer | null {
  if (existsSync(file)) return readFileSync(file);
  if (existsSync(`${file}.gz`)) return gunzipSync(readFileSync(`${file}.gz`));
  return null;
}

/**
 * The answer to a GET/HEAD of `url` when it names a file stored only as .gz in the build at
 * `root`; null when it does not (a file stored as it is, or none): @fastify/static answers then.
 */
export async function gzipOnlyAnswer(root: string, url: string, request: GzipOnlyRequest, cacheControl: (file: string) => string): Promise<GzipOnlyAnswer | null> {
  const path = canonicalSitePath(url);
  if (path === null) return null;
  const file = siteFileOf(root, path);
  const gzFile = `${file}.gz`;
  const gz = statFile(gzFile);
  if (!gz || statFile(file)) return null;
  const encoding = acceptsGzip(request.headers['accept-encoding']) ? 'gzip' : 'identity';
  const etag = gzipOnlyEtag(gz, encoding);
  const headers: Record<string, string> = {
    'last-modified': gz.mtime.toUTCString(),
    etag,
    'cache-control': cacheControl(file),
    vary: 'accept-encoding',
  };
  if (notModified(request, etag, gz)) return { status: 304, headers, body: null };
  headers['content-type'] = siteContentType(file);
  if (encoding === 'identity' && gz.size <= ONE_PIECE_LIMIT_BYTES) {
    let body: Buffer;
    try {
      body = await gunzipped(await readFile(gzFile));
    } catch {
      return null; // an old build removed while it was read, or a damaged .gz: never wrong bytes
    }
    headers['content-length'] = String(body.length);
    return { status: 200, headers, body: request.method === 'HEAD' ? null : body };
  }
  // A large file's decompressed length is not known without reading it: sent chunked.
  if (encoding === 'gzip') {
    headers['content-encoding'] = 'gzip';
    headers['content-length'] = String(gz.size);
  }
  if (request.method === 'HEAD') return { status: 200, headers, body: null };
  const compressed = createReadStream(gzFile);
  if (encoding === 'gzip') return { status: 200, headers, body: compressed };
  // A damaged .gz ends the answer with an error (the client sees a cut-off body), never wrong bytes.
  return { status: 200, headers, body: pipeline(compressed, createGunzip(), () => {}) };
}
