// Group commit for writes that arrive together. Every commit in WAL mode with synchronous=FULL
// waits for the disk (fsync); an acknowledged opinion must be on disk before its 201, so each one
// needs a commit behind it, but not a commit of its own. Work queued in the same turn of the event
// loop runs in one transaction, and every piece's promise settles only after the COMMIT has
// returned: nothing is acknowledged before it is durable, and one fsync covers the whole group.
// Under load the group is every request that arrived while the previous commit waited for the disk.
//
// A piece that throws fails alone, so a piece must not leave writes behind when it throws: make
// it a db.transaction() of its own (as every named action is), which inside the group becomes a
// savepoint that is rolled back on the throw.
import type { Db } from './open.ts';

export interface GroupCommit {
  /** Runs `work` (synchronous; its own db.transaction() if it writes) and resolves with its result once it is committed. */
  run<T>(work: () => T): Promise<T>;
}

interface Job {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Largest group: a bound on how long one transaction holds the write lock. */
export const MAX_GROUP = 200;

export function createGroupCommit(db: Db): GroupCommit {
  let queue: Job[] = [];
  let scheduled = false;
  // Made once: better-sqlite3 builds four wrappers each time transaction() is called.
  const inTransaction = db.transaction((jobs: Job[], outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }>) => {
    for (const job of jobs) {
      try {
        outcomes.push({ ok: true, value: job.work() });
      } catch (error) {
        // Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM) make SQLite roll back the whole
        // transaction, not just the piece's savepoint: the pieces before it are gone too, and the
        // ones after it would each commit on their own. Fail the whole group with that error.
        if (!db.inTransaction) throw error;
        outcomes.push({ ok: false, error });
      }
    }
  });

  function flush(): void {
    scheduled = false;
    const jobs = queue.splice(0, MAX_GROUP);
    if (queue.length > 0) schedule();
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      inTransaction.immediate(jobs, outcomes);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the group was stored.
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // After the I/O phase: every request already read in this turn joins the group.
    setImmediate(flush);
  }

  return {
    run<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
  };
}
