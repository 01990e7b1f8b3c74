// The server's synchronous check of a solved challenge agrees with altcha-lib's own verifySolution
// on every case: solved, tampered, signed elsewhere, malformed.
import { solveChallenge, verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey as deriveShaKey } from 'altcha-lib/algorithms/sha';
import { describe, expect, it } from 'vitest';
import { issueChallenge, proofOfWorkSecrets, verifyOwnSolution } from '../../server/spam/proof-of-work.ts';

const secrets = proofOfWorkSecrets(Buffer.alloc(32, 1));
const otherSecrets = proofOfWorkSecrets(Buffer.alloc(32, 2));

async function solved() {
  const challenge = await issueChallenge(secrets, { now: new Date(), maxCounter: 30 });
  const solution = (await solveChallenge({ challenge, deriveKey: deriveShaKey }))!;
  return { challenge, solution };
}

type Case = (input: { challenge: Challenge; solution: Solution }) => Promise<{ challenge: Challenge; solution: Solution }> | { challenge: Challenge; solution: Solution };

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const CASES: [string, Case, boolean][] = [
  ['a solved challenge', (input) => input, true],
  ['a wrong counter with the right key', ({ challenge, solution }) => ({ challenge, solution: { ...solution, counter: solution.counter + 1 } }), true],
  ['a wrong derived key', ({ challenge, solution }) => ({ challenge, solution: { ...solution, derivedKey: 'ab'.repeat(32) } }), false],
  ['an upper-case derived key', ({ challenge, solution }) => ({ challenge, solution: { ...solution, derivedKey: solution.derivedKey.toUpperCase() } }), false],
  ['a negative counter', ({ challenge, solution }) => ({ challenge, solution: { ...solution, counter: -1 } }), false],
  ['a fractional counter', ({ challenge, solution }) => ({ challenge, solution: { ...solution, counter: 1.5 } }), false],
  [
    'a changed expiry in the data',
    ({ challenge, solution }) => {
      const changed = clone(challenge);
      const data = changed.parameters.data as Record<string, number>;
      data.expires = Number(data.expires) + 1;
      return { challenge: changed, solution };
    },
    false,
  ],
  [
    'a changed key prefix',
    ({ challenge, solution }) => {
      const changed = clone(challenge);
      changed.parameters.keyPrefix = '00';
      return { challenge: changed, solution };
    },
    false,
  ],
  [
    'reordered parameter keys',
    ({ challenge, solution }) => {
      const reordered = { ...challenge, parameters: Object.fromEntries(Object.entries(challenge.parameters).reverse()) as Challenge['parameters'] };
      return { challenge: reordered, solution };
    },
    true,
  ],
  [
    'a challenge signed under another key',
    async () => {
      const challenge = await issueChallenge(otherSecrets, { now: new Date(), maxCounter: 30 });
      return { challenge, solution: (await solveChallenge({ challenge, deriveKey: deriveShaKey }))! };
    },
    false,
  ],
  ['no key signature', ({ challenge, solution }) => ({ challenge: { ...challenge, parameters: { ...challenge.parameters, keySignature: undefined } }, solution }), false],
];

describe('verifyOwnSolution', () => {
  it.each(CASES)('agrees with altcha-lib on %s', async (_name, make, expected) => {
    const { challenge, solution } = await make(await solved());
    const library = await verifySolution({ challenge, solution, deriveKey: deriveShaKey, hmacSignatureSecret: secrets.signature, hmacKeySignatureSecret: secrets.keySignature });
    const ours = verifyOwnSolution(secrets, challenge as never, solution);
    expect(ours).toBe(expected);
    expect(library.verified).toBe(expected);
  });
});
