// The content layer: the public snapshot is the site's only data source. One collection,
// "snapshot", with one entry ("current") that holds the parsed snapshot's core, so that every
// page sees the same generatedAt and the same numbers. Pages read it through lib/snapshot.ts.
// The published replies stay in their own file (lib/replies-file.ts): they grow with the
// opinions, and the store would hold them whole and serialise them again.
import { defineCollection } from 'astro:content';
import type { Loader } from 'astro/loaders';
import { publicSnapshotCoreSchema } from '../../db/public-snapshot-schema.ts';
import {
  SNAPSHOT_COLLECTION,
  SNAPSHOT_ENTRY_ID,
  readPublicSnapshot,
  snapshotPathFromEnv,
} from './lib/snapshot-file.ts';

function publicSnapshotLoader(): Loader {
  return {
    name: 'portal-public-snapshot',
    async load({ store, logger, watcher }) {
      // The store persists between builds (in cacheDir). Empty it first, so that whatever happens
      // next, no page is ever rendered from an older snapshot: at worst it finds no data and fails.
      store.clear();
      // Read the variable inside load(), not at module level: an error thrown while the config
      // module is imported only makes Astro skip the sync, and the build would go on without data.
      const path = snapshotPathFromEnv();
      const snapshot = await readPublicSnapshot(path);
      store.set({ id: SNAPSHOT_ENTRY_ID, data: snapshot });
      logger.info(`public snapshot ${path}: ${snapshot.items.length} items, ${snapshot.replyCount} replies, generated ${snapshot.generatedAt}`);
      // In `astro dev`, pick up a rewritten snapshot without a restart.
      watcher?.add(path);
      watcher?.on('change', async (changed) => {
        if (changed !== path) return;
        store.clear();
        store.set({ id: SNAPSHOT_ENTRY_ID, data: await readPublicSnapshot(path) });
      });
    },
  };
}

export const collections = {
  [SNAPSHOT_COLLECTION]: defineCollection({
    loader: publicSnapshotLoader(),
    schema: publicSnapshotCoreSchema,
  }),
};
