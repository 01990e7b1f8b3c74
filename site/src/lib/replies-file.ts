// The published replies at build time, without holding them: the snapshot's replies file (NDJSON,
// one PublicReply per line, newest published first) is read once per process into a compact
// index (ids, byte ranges and the few fields the lists filter and count by, in typed arrays), and
// a page reads its own records from the file by their byte range when it renders.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { AstroError } from 'astro/errors';
import { z } from 'zod';
import { publicReplySchema, type PublicReply } from '../../../db/public-snapshot-schema.ts';

const FIX_HINT = 'The replies file is written by the rebuild beside the snapshot (db/ buildPublicSnapshotCore); rebuild both with the same version of the code as the site.';

/** One line of the file: the reply and where its bytes are. */
export interface ReplyLine {
  reply: PublicReply;
  /** The line's bytes: a view of the read buffer, valid until the next line is asked for. */
  bytes: Buffer;
  /** 1-based, for messages. */
  line: number;
  offset: number;
  length: number;
}

function parseLine(path: string, text: string, line: number): PublicReply {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AstroError(`The replies file ${path}, line ${line}, is not valid JSON: ${reason}.`, FIX_HINT);
  }
  const result = publicReplySchema.safeParse(json);
  if (!result.success) {
    throw new AstroError(`The replies file ${path}, line ${line}, does not match publicReplySchema:\n${z.prettifyError(result.error)}`, FIX_HINT);
  }
  return result.data;
}

/** Bytes read from a replies file at a time (a longer line makes the buffer grow to hold it). */
const READ_SIZE = 1 << 20;

/**
 * Every line of a replies file in order, validated, with its byte range; reads the file a
 * megabyte at a time into one buffer. A stream's new buffer for each megabyte stayed resident
 * until V8 collected it: reading the 86 MB file of a million opinions that way raised the
 * process's resident set by some 55 MB, and the build reads it three times (tests/bench/PERFORMANCE.md).
 */
export async function* scanReplyLines(path: string): AsyncGenerator<ReplyLine> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AstroError(`The snapshot's replies file cannot be read: ${path} (${reason}).`, FIX_HINT);
  }
  try {
    let buffer = Buffer.allocUnsafe(READ_SIZE);
    let line = 0;
    let offset = 0;
    /** Bytes at the buffer's start not yet part of a whole line. */
    let kept = 0;
    for (;;) {
      if (kept === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, kept);
        buffer = larger;
      }
      const { bytesRead } = await file.read(buffer, kept, buffer.length - kept, null);
      if (bytesRead === 0) break;
      const filled = kept + bytesRead;
      let start = 0;
      for (let end = buffer.indexOf(0x0a, start); end !== -1 && end < filled; end = buffer.indexOf(0x0a, start)) {
        line += 1;
        const length = end - start;
        const bytes = buffer.subarray(start, end);
        yield { reply: parseLine(path, bytes.toString('utf8'), line), bytes, line, offset, length };
        offset += length + 1;
        start = end + 1;
      }
      kept = filled - start;
      if (kept > 0 && start > 0) buffer.copy(buffer, 0, start, filled);
    }
    if (kept > 0) throw new AstroError(`The replies file ${path} ends in the middle of line ${line + 1} (a file cut short?).`, FIX_HINT);
  } finally {
    await file.close();
  }
}

/** What the lists need to find and count records, one entry per line of the file. */
export interface ReplyIndex {
  path: string;
  count: number;
  ids: Uint32Array;
  offsets: Float64Array;
  lengths: Uint32Array;
  /** Position in `categories`. */
  category: Uint16Array;
  categories: { code: string; label: string }[];
  /** Position in `units` + 1; 0: no unit. */
  unit: Uint16Array;
  units: string[];
  /** Position in `itemCodes` + 1; 0: no item. */
  item: Uint32Array;
  itemCodes: string[];
  /** The publication date as yyyymmdd. */
  publishedOn: Uint32Array;
  /** A digest of each line's bytes (DIGEST_BYTES each): the record's part of the keys of the lists and item pages that show it (lib/page-cache.ts). */
  digests: Uint8Array;
}

/** Bytes of each line's digest kept in the index: the start of its SHA-256. */
const DIGEST_BYTES = 16;

/** The digest of the record at a position, as text (the record's part of its page's cacheKey). */
export function replyDigest(index: ReplyIndex, at: number): string {
  return Buffer.from(index.digests.subarray(at * DIGEST_BYTES, (at + 1) * DIGEST_BYTES)).toString('base64url');
}

class Codes {
  readonly list: string[] = [];
  readonly #positions = new Map<string, number>();
  position(code: string): number {
    let position = this.#positions.get(code);
    if (position === undefined) {
      position = this.list.length;
      this.list.push(code);
      this.#positions.set(code, position);
    }
    return position;
  }
}

/** Reads the whole file once, validating every line; `expected` is the count the core carries. */
export async function indexReplies(path: string, expected: number): Promise<ReplyIndex> {
  const index: ReplyIndex = {
    path,
    count: 0,
    ids: new Uint32Array(expected),
    offsets: new Float64Array(expected),
    lengths: new Uint32Array(expected),
    category: new Uint16Array(expected),
    categories: [],
    unit: new Uint16Array(expected),
    units: [],
    item: new Uint32Array(expected),
    itemCodes: [],
    publishedOn: new Uint32Array(expected),
    digests: new Uint8Array(expected * DIGEST_BYTES),
  };
  const categories = new Codes();
  const units = new Codes();
  const items = new Codes();
  for await (const { reply, bytes, line, offset, length } of scanReplyLines(path)) {
    const digest = createHash('sha256').update(bytes).digest();
    const at = line - 1;
    if (at >= expected) throw new AstroError(`The replies file ${path} has more lines than the ${expected} replies its snapshot counts.`, FIX_HINT);
    index.ids[at] = reply.id;
    index.offsets[at] = offset;
    index.lengths[at] = length;
    const category = categories.position(reply.category);
    if (category === index.categories.length) index.categories.push({ code: reply.category, label: reply.categoryLabel });
    index.category[at] = category;
    index.unit[at] = reply.unitCode === null ? 0 : units.position(reply.unitCode) + 1;
    index.item[at] = reply.itemCode === null ? 0 : items.position(reply.itemCode) + 1;
    index.publishedOn[at] = Number(reply.publishedOn.replaceAll('-', ''));
    index.digests.set(digest.subarray(0, DIGEST_BYTES), at * DIGEST_BYTES);
    index.count = line;
  }
  if (index.count !== expected) throw new AstroError(`The replies file ${path} has ${index.count} lines; its snapshot counts ${expected} replies.`, FIX_HINT);
  index.units = units.list;
  index.itemCodes = items.list;
  return index;
}

// Shared by every copy of this module in the process (the config's integrations load one, the
// bundled pages another): the file is read once per build. Keyed by the file's identity, so a
// rewritten file is read again; only the latest file's index is kept.
const INDEXES = Symbol.for('zuofeng-portal.reply-indexes');
type IndexCache = Map<string, Promise<ReplyIndex>>;

export async function replyIndex(path: string, expected: number): Promise<ReplyIndex> {
  const store = globalThis as unknown as Record<symbol, IndexCache | undefined>;
  const cache = (store[INDEXES] ??= new Map());
  // Every page asks for the index: a synchronous stat (see readRepliesAt).
  const info = statSync(path, { throwIfNoEntry: false }) ?? null;
  const key = `${path}\0${info?.size}\0${info?.mtimeMs}\0${expected}`;
  let index = cache.get(key);
  if (!index) {
    cache.clear();
    index = indexReplies(path, expected);
    cache.set(key, index);
    index.catch(() => cache.delete(key));
  }
  return index;
}

/**
 * The records at these positions of the file (any order), read by their byte ranges. Read
 * synchronously: a page reads a few records of a few KB from a file the build has just read (in
 * the page cache), and each asynchronous open, read and close waited its turn on libuv's pool
 * while the page sat idle; synchronous reads made a first build at 1,000 items and 10,000 replies
 * 0.86× as long (farm-bench, four pairs; tests/bench/PERFORMANCE.md, Rebuild).
 */
export async function readRepliesAt(index: ReplyIndex, positions: readonly number[]): Promise<PublicReply[]> {
  if (positions.length === 0) return [];
  const fd = openSync(index.path, 'r');
  try {
    const replies: PublicReply[] = [];
    for (const at of positions) {
      const buffer = Buffer.allocUnsafe(index.lengths[at]!);
      readSync(fd, buffer, 0, buffer.length, index.offsets[at]!);
      replies.push(JSON.parse(buffer.toString('utf8')) as PublicReply);
    }
    return replies;
  } finally {
    closeSync(fd);
  }
}
