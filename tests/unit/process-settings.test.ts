// The V8 flags of the serving process and of the rebuild child (server/process-settings.mjs) are
// given on the command line by scripts/run.mjs and server/rebuild-child.ts: a flag this Node does
// not know stops the process at once ("bad option"), and one V8 reads differently would quietly
// undo what the benchmarks measured. Each must be taken and set as written.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REBUILD_NODE_FLAGS, SERVER_NODE_FLAGS } from '../../server/process-settings.mjs';

function flagValues(flags: readonly string[]): { status: number | null; values: string[]; stderr: string } {
  const result = spawnSync(process.execPath, [...flags, '--print-flag-values', '-e', '0'], { encoding: 'utf8' });
  return { status: result.status, values: result.stdout.split('\n').map((line) => line.trim()), stderr: result.stderr };
}

describe('the V8 flags the portal runs its processes with', () => {
  it.each([
    ['the serving process', SERVER_NODE_FLAGS],
    ['the rebuild child', REBUILD_NODE_FLAGS],
  ])('%s: this Node takes each flag and sets it as written', (_name, flags) => {
    expect(flags.length).toBeGreaterThan(0);
    const { status, values, stderr } = flagValues(flags);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    for (const flag of flags) expect(values).toContain(flag);
  });

  it('the serving process does not let V8 move the objects of each request into the old generation', () => {
    // About one start in six went into a state where every request's objects were made in the old
    // generation: a full collection every 50-90 ms and pages at half their rate (PERFORMANCE.md).
    expect(SERVER_NODE_FLAGS).toContain('--no-allocation-site-pretenuring');
    expect(flagValues(SERVER_NODE_FLAGS).values).not.toContain('--allocation-site-pretenuring');
  });

  it('the serving process keeps its small heap without V8 shrinking it while it is busy', () => {
    // --optimize-for-size holds the heap's growth back (the 150 MB goal); the memory reducer it
    // would run cost 15-20% of the rate of pages from memory and hardly moved the peaks (PERFORMANCE.md).
    expect(SERVER_NODE_FLAGS).toContain('--optimize-for-size');
    expect(SERVER_NODE_FLAGS).toContain('--no-memory-reducer');
    const { values } = flagValues(SERVER_NODE_FLAGS);
    expect(values).toContain('--optimize-for-size');
    expect(values).not.toContain('--memory-reducer');
  });
});
