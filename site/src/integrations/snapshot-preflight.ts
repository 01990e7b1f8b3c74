// Checks the public snapshot before Astro starts building, so that a missing or invalid snapshot
// stops the build with one clear error before any route or page is read (the pages read it
// through lib/snapshot.ts). The replies file is checked here too, line by line, while it is
// indexed once for the pages (lib/replies-file.ts).
// After the build, the open data files made of the replies are streamed into the site
// (lib/opendata.ts writeStreamedOpenData): tens of megabytes at scale, never one string.
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { writeStreamedOpenData } from '../lib/opendata.ts';
import { replyIndex } from '../lib/replies-file.ts';
import { readPublicReplies, readPublicSnapshot, snapshotPathFromEnv } from '../lib/snapshot-file.ts';

export function snapshotPreflight(): AstroIntegration {
  return {
    name: 'portal-snapshot-preflight',
    hooks: {
      'astro:config:setup': async ({ command, logger, updateConfig }) => {
        if (command !== 'build') return;
        const path = snapshotPathFromEnv();
        const snapshot = await readPublicSnapshot(path);
        if (snapshot.repliesFile !== null) await replyIndex(snapshot.repliesFile, snapshot.replyCount);
        logger.info(`public snapshot ${path} is valid (generated ${snapshot.generatedAt}, ${snapshot.replyCount} replies)`);
        // The site's public address (PUBLIC_BASE_URL) makes the absolute URLs of the feeds, the
        // sitemap and the share tags; it travels in the snapshot like the rest of the data.
        updateConfig({ site: snapshot.channel.publicBaseUrl });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const snapshot = await readPublicSnapshot(snapshotPathFromEnv());
        const repliesFile = snapshot.repliesFile;
        const files = await writeStreamedOpenData(fileURLToPath(dir), snapshot, () => (repliesFile === null ? emptyReplies() : readPublicReplies(repliesFile)));
        logger.info(`open data from ${snapshot.replyCount} replies: ${files.length} files`);
      },
    },
  };
}

async function* emptyReplies(): AsyncGenerator<never> {}
