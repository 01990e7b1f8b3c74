import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** What the app knows about its disk: where the data lives and when a write last failed for lack of space. */
    storage: StorageState;
  }
}

export interface StorageState {
  dataDir: string;
  minFreeBytes: number;
  /** When a write last failed for lack of space (SQLITE_FULL, ENOSPC), or null. */
  lastFullAt: Date | null;
  recordFull(): void;
}

export interface StoragePluginOptions {
  dataDir: string;
  minFreeBytes: number;
  now?: () => Date;
}

/** Holds the disk state the error handlers record and /api/health reports. */
export const storagePlugin = fp<StoragePluginOptions>(
  async (app, options) => {
    const now = options.now ?? (() => new Date());
    const state: StorageState = {
      dataDir: options.dataDir,
      minFreeBytes: options.minFreeBytes,
      lastFullAt: null,
      recordFull() {
        state.lastFullAt = now();
      },
    };
    app.decorate('storage', state);
  },
  { name: 'storage' },
);
