// Solved proof-of-work challenges for tests that post opinions, made with the test apps' key
// (TEST_SECRET_KEY) by the server's own issueChallenge and solved by altcha-lib, as a browser would.
// By default issued long ago and valid for a century, so they pass the minimum fill time and the
// expiry check whatever clock a test pins; each one is good for one submission.
import { solveChallenge } from 'altcha-lib';
import { deriveKey as deriveShaKey } from 'altcha-lib/algorithms/sha';
import { deriveKey } from '../../server/crypto.ts';
import { issueChallenge, proofOfWorkSecrets } from '../../server/spam/proof-of-work.ts';
import { TEST_SECRET_KEY } from './secret-key.ts';

export const TEST_POW_SECRETS = proofOfWorkSecrets(deriveKey({ secretKey: Buffer.from(TEST_SECRET_KEY, 'hex') }, 'proof-of-work'));

const LONG_AGO = new Date('2000-01-01T00:00:00.000Z');
const CENTURY_MS = 100 * 365 * 86_400_000;

export interface ProofOfWorkOptions {
  issuedAt?: Date;
  ttlMs?: number;
  secrets?: typeof TEST_POW_SECRETS;
}

/** The base64 payload the form sends as `altcha`. */
export async function solvedProofOfWork(options: ProofOfWorkOptions = {}): Promise<string> {
  const challenge = await issueChallenge(options.secrets ?? TEST_POW_SECRETS, {
    now: options.issuedAt ?? LONG_AGO,
    maxCounter: 50,
    ttlMs: options.ttlMs ?? (options.issuedAt ? undefined : CENTURY_MS),
  });
  return encodeSolution(challenge, await solveChallenge({ challenge, deriveKey: deriveShaKey }));
}

export function encodeSolution(challenge: unknown, solution: unknown): string {
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

/** The body with a fresh solved challenge, unless it has one (or is not an object). */
export async function withProofOfWork<T>(body: T): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || 'altcha' in body) return body;
  return { ...body, altcha: await solvedProofOfWork() };
}
