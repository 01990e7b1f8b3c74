// Checks the public snapshot before Astro's content sync starts. The loader checks it again, but
// a loader that throws leaves Astro's data store with a pending debounced write of the previous
// build's data (node_modules/.astro/data-store.json); when the next build() runs in the same
// process (scripts/rebuild.ts, the server's "rebuild now"), that late write can land after the new
// data and the new site is rendered from the old snapshot. Failing here, before the store is
// opened, makes a bad snapshot stop the build without touching the store.
import type { AstroIntegration } from 'astro';
import { readPublicSnapshot, snapshotPathFromEnv } from '../lib/snapshot-file.ts';

export function snapshotPreflight(): AstroIntegration {
  return {
    name: 'portal-snapshot-preflight',
    hooks: {
      'astro:config:setup': async ({ command, logger, updateConfig }) => {
        if (command !== 'build') return;
        const path = snapshotPathFromEnv();
        const snapshot = await readPublicSnapshot(path);
        logger.info(`public snapshot ${path} is valid (generated ${snapshot.generatedAt})`);
        // The site's public address (PUBLIC_BASE_URL) makes the absolute URLs of the feeds, the
        // sitemap and the share tags; it travels in the snapshot like the rest of the data.
        updateConfig({ site: snapshot.channel.publicBaseUrl });
      },
    },
  };
}
