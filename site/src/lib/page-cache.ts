// Keys for Astro's incremental build (experimental.incrementalBuild, astro.config.mjs): a page
// whose getStaticPaths entry returns the same `cacheKey` as in the last build, and whose code is
// unchanged (Astro hashes the page's module graph itself), is not rendered again: its last output
// is copied from the build cache (<SITE_DIR>/cache/astro, scripts/rebuild.ts). The key must cover
// EVERYTHING the page shows from the snapshot — its own record, what it links to, and the frame
// every page has (BaseLayout, SiteFooter: the bureau's profile and the public address). A value
// the page reads but the key leaves out would be shown stale, so each page that sets a key names
// its inputs beside its getStaticPaths, and tests/api/incremental-build.test.ts changes each one.
import { createHash } from 'node:crypto';
import type { PublicSnapshot } from './snapshot.ts';

/** What the frame of every page (BaseLayout, SiteFooter) shows from the snapshot. */
export function frameInputs(snapshot: PublicSnapshot): unknown[] {
  return [snapshot.bureau, snapshot.channel];
}

/** A short digest of the page's inputs (JSON), for `cacheKey`. */
export function pageCacheKey(...inputs: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(inputs)).digest('base64url');
}
