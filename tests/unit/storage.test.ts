// Telling a full disk from other faults, with real ones: the kernel's /dev/full and SQLite's page limit.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freeSpace, isStorageFull, LowSpaceError, requireFreeSpace } from '../../server/storage.ts';
import { tempDirForTest } from '../helpers/temp.ts';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('isStorageFull', () => {
  it('recognises ENOSPC from a file write (/dev/full)', () => {
    expect(isStorageFull(thrown(() => writeFileSync('/dev/full', 'x')))).toBe(true);
  });

  it('recognises SQLITE_FULL, also when wrapped as a cause', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x)');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const error = thrown(() => db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(64 * 1024)));
    expect(isStorageFull(error)).toBe(true);
    expect(isStorageFull(new Error('the import failed', { cause: error }))).toBe(true);
  });

  it.each([
    ['a missing file', () => writeFileSync('/nonexistent-folder/x', 'x')],
    ['a constraint', () => new Database(':memory:').exec('CREATE TABLE t (x NOT NULL); INSERT INTO t VALUES (NULL)')],
  ])('does not take %s for a full disk', (_name, run) => {
    expect(isStorageFull(thrown(run))).toBe(false);
  });
});

describe('requireFreeSpace', () => {
  it('passes with enough room and says how much is free and what to do when there is not', () => {
    const dir = tempDirForTest();
    const space = requireFreeSpace(dir, 1, 'the task');
    expect(space.freeBytes).toBeGreaterThanOrEqual(1);
    expect(space.totalBytes).toBe(freeSpace(dir).totalBytes);
    const error = thrown(() => requireFreeSpace(dir, Number.MAX_SAFE_INTEGER, 'the task', 'SOME_SETTING'));
    expect(error).toBeInstanceOf(LowSpaceError);
    expect((error as Error).message).toMatch(/^the task did not start: only [\d.]+ MB free on the disk of .*\(SOME_SETTING\)\. Free some space/);
  });
});
