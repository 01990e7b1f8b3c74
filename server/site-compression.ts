// A built site's text files compressed once at build time so that the server (or nginx's
// gzip_static) never compresses on a request.
// Brotli and gzip copies beside the file only where a copy pays (site/decisions/002): the site's
// few shared files (scripts, styles) from 1 KB at brotli's maximum quality, since every visitor
// fetches them and they change only with the code; the data files (feeds, the sitemap, JSON) from
// 8 KB at a quality that costs a thirtieth of the time for about a tenth more bytes.
// Most pages of a rebuild are byte for byte those of the build before (10,000 published replies
// do not change overnight), so the copies are kept in a cache folder keyed by the content's hash
// and hard-linked into the new build: only what changed is compressed again.
// The files are read, written and linked with synchronous calls: the rebuild runs in a process of
// its own, the files were just written (in the page cache), and each asynchronous call waited on
// libuv's thread pool, which the compression itself uses (2.2–2.7 s against 0.9 s for the first
// build's 2,782 files at 1,000 items and 10,000 replies; tests/bench/PERFORMANCE.md, "Rebuild").
// Only zlib runs there, a few files at a time.
// Two kinds of files are kept only as <file>.gz, no .br and no uncompressed file: the open data
// downloads (site/decisions/005: the largest files of the site, fetched by few), and every page
// (.html) larger than one 4 KiB block (site/decisions/006: the reply lists, the ledger's item pages
// and lists; compressed, most fit one block). Every browser and HTTP client accepts gzip; the
// server and nginx decompress them for a client that does not.
import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, extname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The site's shared files: scripts, styles and icons, written by the code (hashed names). */
const SHARED_EXTENSIONS: ReadonlySet<string> = new Set(['.css', '.js', '.mjs', '.svg', '.webmanifest']);
/** Data rewritten with the data (feeds, the sitemap, JSON): copies beside the file from 8 KiB. */
const DATA_EXTENSIONS: ReadonlySet<string> = new Set(['.json', '.txt', '.xml']);
/**
 * A page (.html) larger than this is stored only as <file>.gz (site/decisions/006); one this
 * size or smaller takes one 4 KiB block as it is, and is sent as it is.
 */
export const STORED_GZIP_ONLY_PAGE_BYTES = 4096;
/** Below this, headers outweigh what compression saves. */
export const MIN_COMPRESSIBLE_BYTES = 1024;
/**
 * Data files below this are sent as they are: such a file reaches the reader in the first round
 * trip compressed or not (TCP's initial window is ten segments, about 14 KB), while its two
 * copies would take two more 4 KiB blocks on disk, as much as the file itself.
 */
export const MIN_COMPRESSIBLE_DATA_BYTES = 8 * 1024;
/** Brotli's quality for data files: quality 11 takes ~30× the time for ~11% fewer bytes. */
const DATA_BROTLI_QUALITY = 7;

/**
 * The open data downloads: the data files (.csv, .json) under /opendata/, at any size (the
 * datasets of site/src/lib/opendata.ts and the daily statistics files under /opendata/stats/).
 * They are stored only as <file>.gz; `path` is the URL path (or the path in the build, with `/`).
 */
export function isOpenDataDownload(path: string): boolean {
  return /^\/?opendata\/(?:[^/]+\/)*[^/]+\.(?:csv|json)$/i.test(path);
}

/**
 * Whether the build keeps the file at `path` (its path in the build, with `/`) of `size` bytes
 * only as <file>.gz: an open data download at any size, a page larger than one block.
 */
export function isStoredGzipOnly(path: string, size: number): boolean {
  return isOpenDataDownload(path) || (extname(path).toLowerCase() === '.html' && size > STORED_GZIP_ONLY_PAGE_BYTES);
}

/** The smallest size at which a file gets compressed copies; null: never. */
export function compressionThreshold(file: string): number | null {
  const extension = extname(file).toLowerCase();
  if (SHARED_EXTENSIONS.has(extension)) return MIN_COMPRESSIBLE_BYTES;
  if (DATA_EXTENSIONS.has(extension)) return MIN_COMPRESSIBLE_DATA_BYTES;
  return null;
}

export interface CompressionSummary {
  files: number;
  bytes: number;
  brotliBytes: number;
  gzipBytes: number;
  /** Files whose copies came from the cache (compressed by an earlier build). */
  reused: number;
  /** Of `files`, those kept only as <file>.gz (counted in gzipBytes and, as sent to a brotli client, brotliBytes). */
  gzipOnlyFiles: number;
}

export interface PrecompressOptions {
  /**
   * A folder kept between builds (under the data folder) holding the compressed copies by content
   * hash; without it every file is compressed. Copies no file of this build uses are removed, so
   * the cache holds one site's worth at most.
   */
  cacheDir?: string;
}

/**
 * Files compressed at once. zlib compresses on libuv's thread pool, so with one file at a time
 * the rebuild used one core; a few at a time use the machine's cores (the Astro build before this
 * step uses one). Bounded so that memory holds a few files, not the site.
 */
const COMPRESSION_CONCURRENCY = Math.min(4, Math.max(2, availableParallelism()));

/** Runs `work` on every item, at most `limit` at a time; rejects with the first failure. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Marks a cached content that compression does not make smaller (sent as it is). */
const NOT_SMALLER = Buffer.alloc(0);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

async function compress(file: string, content: Buffer): Promise<{ br: Buffer; gz: Buffer }> {
  const shared = SHARED_EXTENSIONS.has(extname(file).toLowerCase());
  const [br, gz] = await Promise.all([
    brotli(content, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: shared ? constants.BROTLI_MAX_QUALITY : DATA_BROTLI_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }),
    gzipAsync(content, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  return { br: br.length < content.length ? br : NOT_SMALLER, gz: gz.length < content.length ? gz : NOT_SMALLER };
}

/** A hard link to the cached copy (no second copy on disk); a copy where links cannot be made. */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    if (!cannotLink(error)) throw error;
    copyFileSync(from, to);
  }
}

/** A file system (or a pair of them) without hard links between these names. */
function cannotLink(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP';
}

let partialWrites = 0;

/**
 * Written under a temporary name and then given its name: a killed build never leaves half a copy
 * in the cache. The name is given by a hard link, never by a rename over a copy already there:
 * two files of the same content are compressed at once (inParallel), and a rename would drop the
 * other's copy while it is being linked into the build (link(2) fails with ENOENT on a file whose
 * last name is gone). The copy already there has the same content and stays.
 */
function writeCached(file: string, content: Buffer): void {
  // Unique per write: two files of the same content may be compressed at once.
  partialWrites += 1;
  const partial = `${file}.${process.pid}-${partialWrites}.partial`;
  writeFileSync(partial, content);
  try {
    linkSync(partial, file);
  } catch (error) {
    if (cannotLink(error)) return renameSync(partial, file); // no hard links here
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      rmSync(partial, { force: true });
      throw error;
    }
  }
  rmSync(partial, { force: true });
}

/**
 * A copy written into the build and given its name in the cache too: the build's file is complete
 * before the cache has it (a killed build leaves nothing half-written there), one write serves
 * both, and a link never replaces a copy already cached (EEXIST: another file of the same content
 * was compressed at once; the copies are the same). Where the two cannot be linked, the cache gets
 * its own copy.
 */
function writeBuiltAndCached(file: string, cached: string, content: Buffer): void {
  writeFileSync(file, content);
  try {
    linkSync(file, cached);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (!cannotLink(error)) throw error;
    writeCached(cached, content);
  }
}

/** The cache's folders, each made once per build. */
class CacheShards {
  private readonly made = new Set<string>();
  private readonly cacheDir: string;

  constructor(cacheDir: string) {
    this.cacheDir = cacheDir;
  }

  /** Where the compressed copies of `content` are cached: <cacheDir>/<2 hex>/<sha-256>, plus .br or .gz (the shard folder made). */
  copiesOf(content: Buffer): { hash: string; base: string } {
    const hash = createHash('sha256').update(content).digest('hex');
    const shard = join(this.cacheDir, hash.slice(0, 2));
    if (!this.made.has(shard)) {
      mkdirSync(shard, { recursive: true });
      this.made.add(shard);
    }
    return { hash, base: join(shard, hash) };
  }
}

/**
 * Replaces a file by its gzip copy (best compression, even where that is not smaller: the URL is
 * always served from the .gz). With a cache, an unchanged file's copy is a hard link to the one
 * an earlier build made.
 */
async function storeGzipOnly(file: string, shards: CacheShards | null, used: Set<string>, summary: CompressionSummary): Promise<void> {
  const content = readFileSync(file);
  summary.files += 1;
  summary.gzipOnlyFiles += 1;
  summary.bytes += content.length;
  let gzipBytes: number;
  const cached = shards ? shards.copiesOf(content) : null;
  const cachedFile = cached ? `${cached.base}.gz` : null;
  if (cached) used.add(cached.hash);
  // An empty cached copy marks content whose gzip was not smaller (a copy beside a data file): no
  // use here, and left as it is. The cache is checked by size, without reading the copy.
  const found = cachedFile ? cachedSize(cachedFile) : null;
  if (cachedFile && found) {
    summary.reused += 1;
    gzipBytes = found;
    linkOrCopy(cachedFile, `${file}.gz`);
  } else {
    const gz = await gzipAsync(content, { level: constants.Z_BEST_COMPRESSION });
    gzipBytes = gz.length;
    if (cachedFile && found === null) writeBuiltAndCached(`${file}.gz`, cachedFile, gz);
    else writeFileSync(`${file}.gz`, gz);
  }
  rmSync(file);
  summary.gzipBytes += gzipBytes;
  summary.brotliBytes += gzipBytes;
}

/** The size of a cached copy (0: the empty mark), or null when there is none. */
function cachedSize(file: string): number | null {
  return statSync(file, { throwIfNoEntry: false })?.size ?? null;
}

/**
 * Counts what a client of each encoding gets for a file of `size` bytes: its copy's size, or the
 * file itself where the copy is not smaller (a size of 0: the empty mark, or NOT_SMALLER).
 */
function countSent(summary: CompressionSummary, size: number, brBytes: number, gzBytes: number): void {
  summary.brotliBytes += brBytes > 0 ? brBytes : size;
  summary.gzipBytes += gzBytes > 0 ? gzBytes : size;
}

/** Files between two turns of the event loop when nothing has to be compressed (a stop is heard). */
const FILES_PER_TURN = 64;

/**
 * Writes <file>.br and <file>.gz beside each text file of at least its compressionThreshold; a
 * copy that would not be smaller is not written, and the file is then sent as it is. The open
 * data downloads and the pages larger than a block (isStoredGzipOnly) are replaced by their .gz.
 */
export async function precompressSite(dir: string, options: PrecompressOptions = {}): Promise<CompressionSummary> {
  const summary: CompressionSummary = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0, reused: 0, gzipOnlyFiles: 0 };
  const shards = options.cacheDir ? new CacheShards(options.cacheDir) : null;
  const used = new Set<string>();
  const path = (file: string) => relative(dir, file).split(sep).join('/');
  const isPage = (file: string) => extname(file).toLowerCase() === '.html';
  const candidates = filesUnder(dir).filter((file) => compressionThreshold(file) !== null || isPage(file) || isOpenDataDownload(path(file)));
  let done = 0;
  await inParallel(candidates, COMPRESSION_CONCURRENCY, async (file) => {
    done += 1;
    if (done % FILES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const { size } = statSync(file);
    if (isStoredGzipOnly(path(file), size)) return storeGzipOnly(file, shards, used, summary);
    const threshold = compressionThreshold(file);
    if (threshold === null || size < threshold) return;
    const content = readFileSync(file);
    summary.files += 1;
    summary.bytes += content.length;
    if (!shards) {
      const { br, gz } = await compress(file, content);
      if (br !== NOT_SMALLER) writeFileSync(`${file}.br`, br);
      if (gz !== NOT_SMALLER) writeFileSync(`${file}.gz`, gz);
      countSent(summary, content.length, br.length, gz.length);
      return;
    }
    const { hash, base } = shards.copiesOf(content);
    used.add(hash);
    // The cache is checked by size, without reading the copies (0: the empty mark, not smaller).
    const brBytes = cachedSize(`${base}.br`);
    const gzBytes = cachedSize(`${base}.gz`);
    if (brBytes !== null && gzBytes !== null) {
      summary.reused += 1;
      if (brBytes > 0) linkOrCopy(`${base}.br`, `${file}.br`);
      if (gzBytes > 0) linkOrCopy(`${base}.gz`, `${file}.gz`);
      countSent(summary, content.length, brBytes, gzBytes);
      return;
    }
    const { br, gz } = await compress(file, content);
    for (const [copy, extension] of [[br, '.br'], [gz, '.gz']] as const) {
      // A copy that is not smaller: the empty mark in the cache, nothing beside the file.
      if (copy === NOT_SMALLER) writeCached(`${base}${extension}`, copy);
      else writeBuiltAndCached(`${file}${extension}`, `${base}${extension}`, copy);
    }
    countSent(summary, content.length, br.length, gz.length);
  });
  if (options.cacheDir) await pruneCache(options.cacheDir, used);
  return summary;
}

/** Removes cached copies this build did not use; the builds that use them hold their own links. */
async function pruneCache(cacheDir: string, used: ReadonlySet<string>): Promise<void> {
  let shards: string[];
  try {
    shards = await readdir(cacheDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const shard of shards) {
    for (const name of await readdir(join(cacheDir, shard))) {
      const hash = name.replace(/\..*$/, '');
      // A temporary file left by a build that was killed while writing (one build at a time: the site lock).
      if (!used.has(hash) || name.endsWith('.partial')) await rm(join(cacheDir, shard, name), { force: true });
    }
  }
}
