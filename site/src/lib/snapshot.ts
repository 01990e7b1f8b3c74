// The pages' single way to the data: the public snapshot's core, read and validated from the file
// PORTAL_SNAPSHOT names (lib/snapshot-file.ts), once per build process and again only when the
// file changes (astro dev). Pages never open the database and never read files themselves.
// Not through Astro's content layer, which held the core as a collection of one entry until
// 7 December 2026: its sync (a Vite server of its own, the core validated again and serialised
// into the data store, the types) and the store's loading before the routes took about a second
// of every build's start at 1,000 items (tests/bench/PERFORMANCE.md, "7 December, day").
import { statSync } from 'node:fs';
import type { PublicSnapshotCore } from '../../../db/public-snapshot-schema.ts';
import { readPublicSnapshot, snapshotPathFromEnv } from './snapshot-file.ts';

/** What the pages get: the snapshot without its replies (lib/replies.ts reads those). */
export type PublicSnapshot = PublicSnapshotCore;
export type PublicItem = PublicSnapshot['items'][number];
export type PublicItemUpdate = PublicItem['updates'][number];
export type PublicUnit = PublicSnapshot['units'][number];
export type BureauProfile = PublicSnapshot['bureau'];
export type PublicPost = PublicSnapshot['posts'][number];

let read: { key: string; snapshot: Promise<PublicSnapshot> } | undefined;

/** The file's identity as last written: a rewritten snapshot is read again. */
function versionOf(path: string): string {
  try {
    const { mtimeMs, size, ino } = statSync(path);
    return `${path}\0${ino}\0${mtimeMs}\0${size}`;
  } catch {
    // readPublicSnapshot says why the file cannot be read.
    return `${path}\0missing`;
  }
}

export function getSnapshot(): Promise<PublicSnapshot> {
  const path = snapshotPathFromEnv();
  const key = versionOf(path);
  if (read?.key !== key) read = { key, snapshot: readPublicSnapshot(path) };
  return read.snapshot;
}
