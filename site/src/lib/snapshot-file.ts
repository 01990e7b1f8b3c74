// Reads and validates the public snapshot file named by PORTAL_SNAPSHOT. Runs only at build time:
// in the integrations and, for the pages, through lib/snapshot.ts (getSnapshot).
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { AstroError } from 'astro/errors';
import { z } from 'zod';
import { type PublicReply, publicSnapshotCoreSchema, type PublicSnapshotCore } from '../../../db/public-snapshot-schema.ts';
import { scanReplyLines } from './replies-file.ts';

export const SNAPSHOT_ENV_VAR = 'PORTAL_SNAPSHOT';

const HINT =
  `Set ${SNAPSHOT_ENV_VAR} to the absolute path of a public snapshot JSON file, for example ` +
  `PORTAL_SNAPSHOT=$PWD/tests/fixtures/sample-snapshot.json, or run "npm run rebuild", which writes one from the database.`;

/** Absolute path of the snapshot file, or an error that says how to provide one. */
export function snapshotPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const value = env[SNAPSHOT_ENV_VAR]?.trim();
  if (!value) {
    throw new AstroError(`${SNAPSHOT_ENV_VAR} is not set: the site cannot be built without a public snapshot.`, HINT);
  }
  return isAbsolute(value) ? value : resolve(value);
}

/**
 * The snapshot's core (everything but the replies), validated. Its `repliesFile` comes back as an
 * absolute path, so that pages find the replies wherever the build runs.
 */
export async function readPublicSnapshot(path: string): Promise<PublicSnapshotCore> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AstroError(`${SNAPSHOT_ENV_VAR} names a file that cannot be read: ${path} (${reason}).`, HINT);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AstroError(`The snapshot file ${path} (from ${SNAPSHOT_ENV_VAR}) is not valid JSON: ${reason}.`, HINT);
  }
  const result = publicSnapshotCoreSchema.safeParse(json);
  if (!result.success) {
    throw new AstroError(
      `The snapshot file ${path} (from ${SNAPSHOT_ENV_VAR}) does not match publicSnapshotCoreSchema:\n${z.prettifyError(result.error)}`,
      'The snapshot is written by db/ (the public snapshot builder); rebuild it with the same version of the code as the site.',
    );
  }
  const core = result.data;
  return { ...core, repliesFile: core.repliesFile === null ? null : resolve(dirname(path), core.repliesFile) };
}

/** Every published reply of a replies file (the core's `repliesFile`), in order, validated; one at a time. */
export async function* readPublicReplies(path: string): AsyncGenerator<PublicReply> {
  for await (const { reply } of scanReplyLines(path)) yield reply;
}

