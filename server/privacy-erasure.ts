// What follows the deletion of a submitter's contact details (withdrawal, or the retention purge):
// the rows are gone in the transaction, but copies may remain outside it. SQLite keeps old page
// images in the WAL until a checkpoint (secure_delete, set in db/open.ts, zeroes freed space in the
// database file itself), and the file transport keeps an .eml per mail. Both go here.
import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/open.ts';
import { erasedOpinionMessageIds } from '../db/queries/mail.ts';
import { emlFileName } from './mail/transport.ts';

export interface ErasureResult {
  mailFilesDeleted: number;
  /** false when a reader kept the checkpoint from emptying the WAL; the next one will. */
  walTruncated: boolean;
}

/**
 * Deletes the .eml files of mails about these opinions (every erased opinion's when null) and
 * folds the WAL into the database and truncates it, so the deleted bytes are in neither file.
 */
export function finishErasure(db: Db, outboxDir: string, feedbackIds: readonly number[] | null): ErasureResult {
  const names = new Set(erasedOpinionMessageIds(db, feedbackIds).map(emlFileName));
  // At start every erased opinion is swept: look at what the folder holds. After one erasure, try
  // the few names directly.
  const candidates = feedbackIds === null ? listFolder(outboxDir).filter((name) => names.has(name)) : [...names];
  let mailFilesDeleted = 0;
  for (const name of candidates) {
    try {
      unlinkSync(join(outboxDir, name));
      mailFilesDeleted += 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  return { mailFilesDeleted, walTruncated: checkpoint?.busy === 0 };
}

function listFolder(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    // No outbox folder (SMTP only, or nothing sent yet): nothing to delete.
    return [];
  }
}
