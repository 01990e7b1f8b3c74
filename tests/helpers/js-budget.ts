// The JavaScript a built page makes the browser download, and its compressed size: the scripts
// the HTML names, the islands' components and renderers, every module they import (statically or
// dynamically) and every worker they start, followed to the end. Counted from the built files, so
// nothing that a page loads can be left out by mistake.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readBuiltPage } from './site.ts';

export interface JsFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

const HTML_SCRIPT = /<script\b[^>]*\bsrc="([^"]+)"/g;
const ISLAND_URL = /\b(?:component-url|renderer-url|before-hydration-url)="([^"]+)"/g;
// Any quoted path to a .js file: import … from "./x.js", import("./x.js"), worker URLs
// (`/_astro/sha.….js`), Vite's preload lists ("_astro/x.js", from the site's root).
const MODULE_REFERENCE = /["'`]((?:\.{1,2}\/|\/?_astro\/)[^"'`\s]+\.js)["'`]/g;

function resolve(from: string, reference: string): string {
  if (reference.startsWith('/')) return reference;
  if (reference.startsWith('_astro/')) return `/${reference}`;
  return new URL(reference, `http://site${from}`).pathname;
}

/** Every JavaScript file a page at `pagePath` (e.g. '/feedback/') loads, with its gzip size. */
export function pageJavaScript(siteRoot: string, pagePath: string): JsFile[] {
  const html = readBuiltPage(join(siteRoot, pagePath, 'index.html'));
  const queue = [...html.matchAll(HTML_SCRIPT), ...html.matchAll(ISLAND_URL)].map((match) => match[1]!).filter((src) => src.endsWith('.js'));
  const seen = new Map<string, JsFile>();
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path) || /^https?:/.test(path)) continue;
    const source = readFileSync(join(siteRoot, path));
    seen.set(path, { path, bytes: source.length, gzipBytes: gzipSync(source, { level: 9 }).length });
    for (const match of source.toString('utf8').matchAll(MODULE_REFERENCE)) queue.push(resolve(path, match[1]!));
  }
  return [...seen.values()];
}
