// A small built site on disk, laid out as scripts/rebuild.ts lays it out, without an Astro build.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildsDir, currentLink } from '../../server/site-builds.ts';

export const FIXTURE_404_PAGE = '<!doctype html><html lang="zh-CN"><title>页面不存在</title><h1>您访问的页面不存在</h1></html>';

/** Writes files (path → content) into builds/<id>/ and points `current` at it; returns the folder. */
export function writeSiteBuild(siteDir: string, files: Record<string, string>, id = '20261126T000000Z-1'): string {
  const outDir = join(buildsDir(siteDir), id);
  for (const [path, content] of Object.entries({ '404.html': FIXTURE_404_PAGE, ...files })) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), content);
  }
  const info = { id, builtAt: '2026-11-26T00:00:00.000Z', dataAsOf: '2026-11-26T00:00:00.000Z', durationMs: 1, pages: 1 };
  writeFileSync(join(buildsDir(siteDir), `${id}.json`), JSON.stringify(info));
  symlinkSync(join('builds', id), currentLink(siteDir), 'dir');
  return outDir;
}
