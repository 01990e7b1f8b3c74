// A test that writes to console.error without saying it expects to fails: unexpected errors
// must not scroll by unnoticed.
import { afterEach, beforeEach, vi } from 'vitest';

let unexpected: unknown[][] = [];
let allowed = false;

/** Call in a test that expects console.error output. */
export function allowConsoleError(): void {
  allowed = true;
}

beforeEach(() => {
  unexpected = [];
  allowed = false;
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    unexpected.push(args);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  if (!allowed && unexpected.length > 0) {
    throw new Error(`unexpected console.error:\n${unexpected.map((args) => args.map(String).join(' ')).join('\n')}`);
  }
});
