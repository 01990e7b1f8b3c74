// Where built sites live: <siteDir>/builds/<id>/ (served files) and <siteDir>/builds/<id>.json
// (build info, kept outside the served folder); <siteDir>/current is a symlink to the live build.
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';

export const buildInfoSchema = z.object({
  id: z.string(),
  builtAt: z.iso.datetime(),
  dataAsOf: z.iso.datetime(),
  durationMs: z.number(),
  pages: z.number().int(),
});
export type BuildInfo = z.infer<typeof buildInfoSchema>;

/** Why a rebuild did not produce a site: it failed, another one was running, or it was stopped. */
export type RebuildFailureReason = 'failed' | 'busy' | 'stopped';

/** What scripts/rebuild.ts reports to a parent process over IPC (server/rebuild-child.ts). */
export type RebuildReport = { kind: 'built'; info: BuildInfo } | { kind: 'failed'; reason: RebuildFailureReason; message: string };

export function currentLink(siteDir: string): string {
  return join(siteDir, 'current');
}

/** The brotli/gzip copies by content hash, kept between builds (server/site-compression.ts). */
export function compressionCacheDir(siteDir: string): string {
  return join(siteDir, 'compressed');
}

/**
 * Astro's cache between builds (scripts/rebuild.ts): the pages its incremental build reuses.
 * Only ever used under the site's rebuild lock.
 */
export function astroCacheDir(siteDir: string): string {
  return join(siteDir, 'cache', 'astro');
}

export function buildsDir(siteDir: string): string {
  return join(siteDir, 'builds');
}

/** The live build's info, or null when no build has been switched in yet. */
export function currentBuildInfo(siteDir: string): BuildInfo | null {
  const link = currentLink(siteDir);
  if (!existsSync(link)) return null;
  const target = resolve(siteDir, readlinkSync(link));
  const infoFile = join(buildsDir(siteDir), `${basename(target)}.json`);
  if (!existsSync(infoFile)) return null;
  return buildInfoSchema.parse(JSON.parse(readFileSync(infoFile, 'utf8')));
}
