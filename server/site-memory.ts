// Small built files held in memory, so that the embedded server sends a page without opening,
// statting and reading it (and its .br/.gz siblings) on every request, as @fastify/static does.
// Only plain GET/HEAD requests for a canonical path are answered here, with the very headers
// @fastify/static would send (tests/api/site-memory.test.ts compares the two); everything else
// (conditional and range requests, folders without their slash, large or missing files, odd
// paths) goes to @fastify/static as before. The cache belongs to one build: when the `current`
// link points elsewhere (a rebuild switched it), it is dropped and filled again from the new one.
// The answers already held do not read the link each time: a watch on the site folder (inotify)
// marks it to be read again when anything in that folder changes, a rename of `current` included.
import negotiate from '@fastify/accept-negotiator';
import send from '@fastify/send';
import { type FSWatcher, readFileSync, readlinkSync, type Stats, statSync, watch } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Files larger than this (uncompressed) are streamed from disk. */
export const SITE_MEMORY_FILE_LIMIT_BYTES = 256 * 1024;
/**
 * All the copies held together stay below this: part of the server's 150 MB. With 24 MB held the
 * serving process peaked at 174 MB under the opinions' load of tests/bench/memory.ts, with 6 MB at
 * 148–156 MB, near the demo's 2 MB alone (server/decisions/032). SITE_MEMORY_MB
 * (server/config.ts) has the same default.
 */
export const SITE_MEMORY_BUDGET_BYTES = 6 * 1024 * 1024;

type Encoding = 'br' | 'gzip' | 'identity';
const EXTENSIONS: Record<Encoding, string> = { br: '.br', gzip: '.gz', identity: '' };
/** @fastify/static's list, in its order. */
const SUPPORTED_ENCODINGS = ['br', 'gzip', 'deflate'];

export interface SiteFileVariant {
  encoding: Encoding;
  body: Buffer;
  headers: Record<string, string>;
  /** Every header of the answer as [name, value, …], made once by the site plugin. */
  allHeaders?: string[];
}

interface SiteFileEntry {
  variants: Partial<Record<Encoding, SiteFileVariant>>;
  /** The compressed encodings there are copies of, in @fastify/static's order. */
  encodings: Encoding[];
  /** The encoding chosen for each Accept-Encoding seen, shared by the entries with the same copies. */
  negotiated: Map<string | undefined, Encoding>;
}

/** Path segments without a leading dot, no empty ones, nothing to decode: a file of the build or nothing. */
const CANONICAL_PATH = /^\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*\/)*(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*)?$/;

/** The Content-Type @fastify/static gives a file (UTF-8 text types with their charset). */
export function siteContentType(file: string): string {
  const type = send.mime.getType(file) ?? 'application/octet-stream';
  return send.isUtf8MimeType(type) ? `${type}; charset=utf-8` : type;
}

/**
 * A regular file's stats, or null when there is none (missing, a folder). Synchronous: the names
 * of the live build are in the kernel's cache, and a missing one (most copies are) answers
 * without an exception; the asynchronous stat waited on libuv's pool and threw for each.
 */
export function statFile(file: string): Stats | null {
  try {
    const found = statSync(file, { throwIfNoEntry: false });
    return found?.isFile() ? found : null;
  } catch {
    return null; // a part of the path is a file (ENOTDIR), or not readable
  }
}

/** The file of the build a canonical site path names: a folder's address names its index.html. */
export function siteFileOf(root: string, path: string): string {
  return join(root, path.endsWith('/') ? `${path}index.html` : path);
}

/** The path of a site URL without its query, when it is canonical (else null: @fastify/static decides). */
export function canonicalSitePath(url: string): string | null {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return CANONICAL_PATH.test(path) ? path : null;
}

/** As @fastify/static: "*" counts as gzip; the best of `encodings` the client accepts, or null. */
export function negotiateEncoding<T extends string>(acceptEncoding: string | undefined, encodings: readonly T[]): T | null {
  if (acceptEncoding === undefined) return null;
  return negotiate(acceptEncoding.toLowerCase().replace(/\*/g, 'gzip'), [...encodings]) as T | null;
}

/**
 * Encodings chosen, by the copies there are and Accept-Encoding: browsers send a handful of
 * different headers, and parsing one on every answer from memory is a good part of its cost.
 * One map per set of copies, which each entry holds, so that an answer looks up its header
 * without building a key. Bounded (cleared when full) against a client that sends a new header
 * with every request.
 */
const NEGOTIATED = new Map<string, Map<string | undefined, Encoding>>();
const NEGOTIATED_LIMIT = 256;

function negotiatedFor(encodings: readonly Encoding[]): Map<string | undefined, Encoding> {
  const key = encodings.join();
  let chosen = NEGOTIATED.get(key);
  if (!chosen) NEGOTIATED.set(key, (chosen = new Map()));
  return chosen;
}

/** The best encoding there is a copy of, else the file. */
function choose(entry: SiteFileEntry, acceptEncoding: string | undefined): SiteFileVariant | null {
  let encoding = entry.negotiated.get(acceptEncoding);
  if (encoding === undefined) {
    encoding = negotiateEncoding(acceptEncoding, entry.encodings) ?? 'identity';
    if (entry.negotiated.size >= NEGOTIATED_LIMIT) entry.negotiated.clear();
    entry.negotiated.set(acceptEncoding, encoding);
  }
  return entry.variants[encoding] ?? null;
}

export interface SiteMemoryOptions {
  /** The `current` link of the site folder. */
  link: string;
  /** The Cache-Control of a file, as the site plugin's setHeaders gives it. */
  cacheControl: (file: string) => string;
  budgetBytes?: number;
  fileLimitBytes?: number;
}

export class SiteMemory {
  private readonly link: string;
  private readonly cacheControl: (file: string) => string;
  private readonly budgetBytes: number;
  private readonly fileLimitBytes: number;
  private build: string | null = null;
  /** null: a file of the build that is not held (too large); absent: not looked at yet. */
  private entries = new Map<string, SiteFileEntry | null>();
  private held = 0;
  /**
   * The link was read since the site folder last changed: an answer already held is sent without
   * reading it again. Always false without a working watch (the link is read for every answer).
   */
  private linkRead = false;
  private watcher: FSWatcher | null = null;
  private closed = false;

  constructor(options: SiteMemoryOptions) {
    this.link = options.link;
    this.cacheControl = options.cacheControl;
    this.budgetBytes = options.budgetBytes ?? SITE_MEMORY_BUDGET_BYTES;
    this.fileLimitBytes = options.fileLimitBytes ?? SITE_MEMORY_FILE_LIMIT_BYTES;
    this.watchSiteFolder();
  }

  /**
   * Reading the link costs a system call per answer, about a tenth of the rate from memory
   * (tests/bench/PERFORMANCE.md, "Serving"). A rebuild switches it by rename(2) in this folder,
   * which the watch reports; until the report arrives (well under a millisecond on a local disk)
   * a request may still get the build before, as one that came a moment earlier would. Where the
   * folder cannot be watched (missing, out of inotify watches) or the watch fails, every answer
   * reads the link, as before.
   */
  private watchSiteFolder(): void {
    if (this.closed) return;
    try {
      this.watcher = watch(dirname(this.link), { persistent: false }, () => {
        this.linkRead = false;
      });
      this.watcher.on('error', () => this.stopWatching());
    } catch {
      this.watcher = null;
    }
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = null;
    this.linkRead = false;
  }

  /** Stops watching the site folder (the server is closing). */
  close(): void {
    this.closed = true;
    this.stopWatching();
  }

  /** Bytes of file content held for the live build (measured in tests/bench/site-serving.ts). */
  get heldBytes(): number {
    return this.held;
  }

  /**
   * The copy to send for a plain GET/HEAD of `url` with this Accept-Encoding, or null when
   * @fastify/static should answer.
   */
  variantFor(url: string, acceptEncoding: string | undefined): SiteFileVariant | null {
    const path = this.canonicalPath(url);
    const target = path === null ? null : this.liveBuild();
    if (path === null || target === null) return null;
    let entry = this.entries.get(path);
    if (entry === undefined) {
      entry = this.load(resolve(dirname(this.link), target), path, target, acceptEncoding);
      if (entry === undefined) return null;
    }
    return entry === null ? null : choose(entry, acceptEncoding);
  }

  /**
   * The copy to send when it is already held, at once (no disk access but reading the `current`
   * link); null sends the request on to Fastify, whose site route loads it for the next time.
   */
  heldVariant(url: string, acceptEncoding: string | undefined): SiteFileVariant | null {
    // Only canonical paths are ever held (variantFor): a lookup needs no check of its own.
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (!this.linkRead) {
      if (this.liveBuild() === null) return null;
      // A switch after this read is reported after it (events arrive between answers).
      this.linkRead = this.watcher !== null;
    }
    const entry = this.entries.get(path);
    return entry ? choose(entry, acceptEncoding) : null;
  }

  private canonicalPath(url: string): string | null {
    return canonicalSitePath(url);
  }

  /** The build `current` points at; a switch drops what was held of the one before. */
  private liveBuild(): string | null {
    let target: string;
    try {
      target = readlinkSync(this.link);
    } catch {
      // No link (no build yet, or the site folder was removed): a watch of a removed folder
      // reports nothing more, so a new one is made with the next build seen.
      this.stopWatching();
      return null;
    }
    if (target !== this.build) {
      // A site folder made (or made again) after the server started is watched from its first build on.
      if (this.watcher === null) this.watchSiteFolder();
      this.build = target;
      this.entries = new Map();
      this.held = 0;
    }
    return target;
  }

  /**
   * Reads a file of the build and its copies; undefined when the file is not there (or went while
   * it was read: Fastify answers), null when it is too large to hold. A file stored only as .gz
   * (server/site-gzip-only.ts: an open data download, a page larger than a block) is held as its
   * gzip answer alone: a client that does not accept gzip goes on to Fastify and gets it
   * decompressed. When the budget is full the file is not held: only the copy this client gets is
   * read, and sent, so that the pages beyond the budget (a large site's long tail) are still read
   * in one go rather than through @fastify/static's streams.
   */
  private load(root: string, path: string, target: string, acceptEncoding: string | undefined): SiteFileEntry | null | undefined {
    const file = siteFileOf(root, path);
    const plain = statFile(file);
    const gzipOnly = plain ? null : statFile(`${file}.gz`);
    const stored = plain ?? gzipOnly;
    if (!stored) return undefined;
    if (stored.size > this.fileLimitBytes) {
      this.remember(path, null, 0, target);
      return null;
    }
    const found = new Map<Encoding, Stats>();
    for (const encoding of gzipOnly ? (['gzip'] as const) : (['br', 'gzip', 'identity'] as const)) {
      const stats = encoding === 'identity' ? plain : statFile(file + EXTENSIONS[encoding]);
      if (stats) found.set(encoding, stats);
    }
    const encodings = [...found.keys()].filter((encoding) => encoding !== 'identity').sort((a, b) => SUPPORTED_ENCODINGS.indexOf(a) - SUPPORTED_ENCODINGS.indexOf(b));
    const entry: SiteFileEntry = { variants: {}, encodings, negotiated: negotiatedFor(encodings) };
    const bytes = [...found.values()].reduce((sum, stats) => sum + stats.size, 0);
    const hold = this.held + bytes <= this.budgetBytes;
    const cacheControl = this.cacheControl(file);
    // Not held: only the copy this client gets is read.
    const sent = hold ? null : (negotiateEncoding(acceptEncoding, encodings) ?? 'identity');
    for (const [encoding, stats] of found) {
      if (sent !== null && encoding !== sent) continue;
      let body: Buffer;
      try {
        // Synchronous, as the stats above: a file of at most fileLimitBytes, which the rebuild has
        // just written (in the kernel's cache). readFile's open, stat, read and close each waited
        // on libuv's pool: on two cores the pages beyond the budget spent most of their time
        // switching between its threads (tests/bench/PERFORMANCE.md, Serving).
        body = readFileSync(file + EXTENSIONS[encoding]);
      } catch {
        return undefined; // an old build removed while it was read
      }
      const headers: Record<string, string> = {
        // Ranges of a file stored only as .gz are not answered (the whole file, 200).
        ...(gzipOnly ? {} : { 'accept-ranges': 'bytes' }),
        'last-modified': stats.mtime.toUTCString(),
        etag: `W/"${stats.size.toString(16)}-${stats.mtime.getTime().toString(16)}"`,
        'content-type': siteContentType(file),
        'content-length': String(body.length),
        'cache-control': cacheControl,
        vary: 'accept-encoding',
      };
      if (encoding !== 'identity') headers['content-encoding'] = encoding;
      entry.variants[encoding] = { encoding, body, headers };
    }
    if (hold) this.remember(path, entry, bytes, target);
    return entry;
  }

  private remember(path: string, entry: SiteFileEntry | null, bytes: number, target: string): void {
    // A rebuild switched the site while the file was read: what was read belongs to the old one.
    if (target !== this.build || this.entries.has(path)) return;
    this.entries.set(path, entry);
    this.held += bytes;
  }
}
