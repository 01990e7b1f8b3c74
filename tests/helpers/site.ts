// A small built site on disk, laid out as scripts/rebuild.ts lays it out, without an Astro build.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildsDir, currentLink } from '../../server/site-builds.ts';
import { readBuiltFile } from '../../server/site-gzip-only.ts';

export const FIXTURE_404_PAGE = '<!doctype html><html lang="zh-CN"><title>页面不存在</title><h1>您访问的页面不存在</h1></html>';

/**
 * A page of a finished build as Astro wrote it, whether it is kept as it is or, larger than a
 * block, only as <file>.gz (site/decisions/006); fails when it is neither.
 */
export function readBuiltPage(file: string): string {
  const content = readBuiltFile(file);
  if (content === null) throw new Error(`the build has neither ${file} nor ${file}.gz`);
  return content.toString('utf8');
}

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

/** Listens on a free loopback port; answers the port. */
export async function listenOnLoopback(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

/** A request on its own connection, the body as sent (not decompressed); headers as a record or as raw [name, value, …] (repeated names, their case kept). */
export function rawRequest(port: number, method: string, path: string, headers: Record<string, string> | string[]): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    // Raw headers are sent as they are: Node adds no Host to them.
    const sent = Array.isArray(headers) ? ['Host', `127.0.0.1:${port}`, ...headers] : headers;
    const request = httpRequest({ host: '127.0.0.1', port, method, path, headers: sent, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end();
  });
}
