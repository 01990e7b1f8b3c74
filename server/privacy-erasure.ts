// What follows the deletion of a submitter's contact details (withdrawal, or the retention purge):
// the rows are gone in the transaction, but copies may remain outside it. SQLite keeps old page
// images in the WAL until a checkpoint (secure_delete, set in db/open.ts, zeroes freed space in the
// database file itself), the file transport keeps an .eml per mail, and the SMS file transport a
// text file per message. All go here.
import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/open.ts';
import { erasedFeedbackMessageIds } from '../db/queries/mail.ts';
import { emlFileName } from './mail/transport.ts';
import { erasedFeedbackSmsIds } from '../db/queries/sms.ts';
import { smsFileName } from './sms/gateway.ts';

export interface ErasureResult {
  mailFilesDeleted: number;
  smsFilesDeleted: number;
  /** false when a reader kept the checkpoint from emptying the WAL; the next one will. */
  walTruncated: boolean;
}

/**
 * Deletes the .eml files of mails about these opinions (every erased opinion's when null) and
 * folds the WAL into the database and truncates it, so the deleted bytes are in neither file.
 */
export function finishErasure(db: Db, outboxDir: string, feedbackIds: readonly number[] | null, smsOutboxDir: string | null = null): ErasureResult {
  const mailFilesDeleted = deleteFiles(outboxDir, new Set(erasedFeedbackMessageIds(db, feedbackIds).map(emlFileName)), feedbackIds === null);
  // The SMS file transport's files (the demo, no gateway) hold the phone number the same way.
  const smsFilesDeleted = smsOutboxDir === null ? 0 : deleteFiles(smsOutboxDir, new Set(erasedFeedbackSmsIds(db, feedbackIds).map(smsFileName)), feedbackIds === null);
  const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  return { mailFilesDeleted, smsFilesDeleted, walTruncated: checkpoint?.busy === 0 };
}

/** At start every erased opinion is swept (look at what the folder holds); after one erasure, the few names directly. */
function deleteFiles(dir: string, names: Set<string>, sweep: boolean): number {
  const candidates = sweep ? listFolder(dir).filter((name) => names.has(name)) : [...names];
  let deleted = 0;
  for (const name of candidates) {
    try {
      unlinkSync(join(dir, name));
      deleted += 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return deleted;
}

function listFolder(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    // No outbox folder (SMTP only, or nothing sent yet): nothing to delete.
    return [];
  }
}
