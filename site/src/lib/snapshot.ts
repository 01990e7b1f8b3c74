// The pages' single way to the data: the snapshot entry that the content loader stored.
// Pages never open the database and never read files themselves.
import { getEntry } from 'astro:content';
import type { PublicSnapshotCore } from '../../../db/public-snapshot-schema.ts';
import { SNAPSHOT_COLLECTION, SNAPSHOT_ENTRY_ID, SNAPSHOT_ENV_VAR } from './snapshot-file.ts';

/** What the pages get: the snapshot without its replies (lib/replies.ts reads those). */
export type PublicSnapshot = PublicSnapshotCore;
export type PublicItem = PublicSnapshot['items'][number];
export type PublicItemUpdate = PublicItem['updates'][number];
export type PublicUnit = PublicSnapshot['units'][number];
export type BureauProfile = PublicSnapshot['bureau'];
export type PublicPost = PublicSnapshot['posts'][number];

export async function getSnapshot(): Promise<PublicSnapshot> {
  const entry = await getEntry(SNAPSHOT_COLLECTION, SNAPSHOT_ENTRY_ID);
  if (!entry) {
    // Only reachable when the content sync was skipped; never render pages without data.
    throw new Error(
      `The public snapshot is missing from the content store. Check the build log for errors from ${SNAPSHOT_ENV_VAR} or site/src/content.config.ts.`,
    );
  }
  const snapshot: PublicSnapshot = entry.data;
  return snapshot;
}
