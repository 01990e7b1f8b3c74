// Proof of work without a third party: altcha-lib makes the challenges, the browser solves them
// in a small worker (altcha's own SHA worker, ~1.6 KB), and the server checks the solution the
// way altcha-lib's verifySolution does, synchronously (verifyOwnSolution). Challenges are deterministic
// (altcha's "counter" mode): the server picks a random counter, publishes half of the key it
// derives from it, and the solver must find that counter, so the work is proportional to it. The
// challenge's data carries when it was issued and when it expires, signed with everything else;
// they are checked against the app's clock rather than altcha's `expiresAt` (checked against
// Date.now()), so tests can pin the time.
import { createChallenge, type Challenge } from 'altcha-lib';
import { deriveKey as deriveShaKey } from 'altcha-lib/algorithms/sha';
import { createHmac, createSecretKey, type KeyObject, randomInt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/open.ts';
import { CHALLENGE_TTL_MS, MIN_FILL_MS } from '../domain/feedback-rules.ts';
import { deleteExpiredChallenges, insertUsedChallenge } from '../../db/queries/proof-of-work.ts';

export const POW_ALGORITHM = 'SHA-256';
// Shared with the form's island, which waits out the minimum time before it posts.
export { CHALLENGE_TTL_MS, MIN_FILL_MS } from '../domain/feedback-rules.ts';
/**
 * Upper bound of the secret counter: the solver tries on average half of it. A phone's browser
 * does some 50,000–200,000 SHA-256 a second in a worker, so this is well under a second there and
 * a real cost for a script sending thousands.
 */
export const DEFAULT_MAX_COUNTER = 100_000;
/** The payload is base64 JSON of { challenge, solution }; anything longer is not one. */
export const MAX_PAYLOAD_LENGTH = 2_000;

export interface ProofOfWorkSecrets {
  /** As altcha-lib takes them (text, used as UTF-8 bytes). */
  signature: string;
  keySignature: string;
  /** The same as KeyObjects, for the synchronous check on every submission. */
  signatureKey: KeyObject;
  keySignatureKey: KeyObject;
}

/** The HMAC secrets, from the 'proof-of-work' subkey of SECRET_KEY (deriveKey(config, 'proof-of-work')). */
export function proofOfWorkSecrets(subkey: Buffer): ProofOfWorkSecrets {
  const signature = createHmac('sha256', subkey).update('challenge-signature').digest('hex');
  const keySignature = createHmac('sha256', subkey).update('key-signature').digest('hex');
  return { signature, keySignature, signatureKey: createSecretKey(signature, 'utf8'), keySignatureKey: createSecretKey(keySignature, 'utf8') };
}

export interface IssueOptions {
  now: Date;
  /** Default DEFAULT_MAX_COUNTER. */
  maxCounter?: number;
  /** Default CHALLENGE_TTL_MS. */
  ttlMs?: number;
}

export async function issueChallenge(secrets: ProofOfWorkSecrets, options: IssueOptions): Promise<Challenge> {
  const issued = options.now.getTime();
  const maxCounter = options.maxCounter ?? DEFAULT_MAX_COUNTER;
  return createChallenge({
    algorithm: POW_ALGORITHM,
    cost: 1,
    counter: randomInt(0, maxCounter + 1),
    deriveKey: deriveShaKey,
    hmacSignatureSecret: secrets.signature,
    hmacKeySignatureSecret: secrets.keySignature,
    data: { issued, expires: issued + (options.ttlMs ?? CHALLENGE_TTL_MS) },
  });
}

const payloadSchema = z.object({
  challenge: z.object({
    parameters: z
      .object({
        algorithm: z.literal(POW_ALGORITHM),
        nonce: z.string().regex(/^[0-9a-f]{2,128}$/),
        salt: z.string().regex(/^[0-9a-f]{2,128}$/),
        cost: z.number(),
        keyLength: z.number(),
        keyPrefix: z.string().max(128),
        keySignature: z.string().max(128).optional(),
        data: z.object({ issued: z.number(), expires: z.number() }).loose(),
      })
      .loose(),
    signature: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  solution: z.object({ counter: z.number().int().nonnegative(), derivedKey: z.string().max(256) }).loose(),
});

export type ProofOfWorkProblem = 'missing' | 'malformed' | 'invalid' | 'expired' | 'too_fast' | 'replayed';

export type ProofOfWorkCheck =
  | { ok: true; challengeId: string; expiresAt: string }
  | { ok: false; problem: ProofOfWorkProblem };

/** What the submitter is told, next to the form (field "altcha"). */
export const PROOF_OF_WORK_MESSAGES: Record<ProofOfWorkProblem, string> = {
  missing: '页面的安全校验还没有完成，请稍候几秒再提交；如果一直不成功，请刷新页面后重试',
  malformed: '安全校验未通过，请刷新页面后重新提交',
  invalid: '安全校验未通过，请刷新页面后重新提交',
  expired: '页面停留时间较长，安全校验已过期，请重新提交',
  too_fast: '提交得太快了，请核对填写的内容后再提交',
  replayed: '这次安全校验已经用过了，请刷新页面后重新提交',
};

/** altcha's canonical form of the parameters: keys sorted at every level, undefined dropped. */
function sortKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .flatMap((key) => {
        const inner = (value as Record<string, unknown>)[key];
        return inner === undefined ? [] : [[key, sortKeys(inner)]];
      }),
  );
}

function hmacHex(key: KeyObject, data: string | Buffer): Buffer {
  return Buffer.from(createHmac('sha256', key).update(data).digest('hex'), 'utf8');
}

function sameText(a: Buffer, b: string): boolean {
  const other = Buffer.from(b, 'utf8');
  return a.length === other.length && timingSafeEqual(a, other);
}

const MAX_UINT32 = 0xffffffff;

/**
 * altcha-lib's verifySolution for the challenges this server makes (deterministic, with a key
 * signature), done synchronously with node:crypto. The library's own goes through WebCrypto, a
 * key import and a thread-pool round trip per HMAC: about 0.3 ms of a submission's CPU, which
 * limits how many opinions a second the API can take. The signature is HMAC-SHA256 of the
 * canonical JSON of the parameters, the key signature HMAC-SHA256 of the derived key's bytes;
 * tests/unit/proof-of-work.test.ts checks that both verifiers agree.
 */
export function verifyOwnSolution(
  secrets: ProofOfWorkSecrets,
  challenge: { parameters: Record<string, unknown> & { keySignature?: string | undefined }; signature: string },
  solution: { counter: number; derivedKey: string },
): boolean {
  if (!sameText(hmacHex(secrets.signatureKey, JSON.stringify(sortKeys(challenge.parameters))), challenge.signature)) return false;
  if (typeof challenge.parameters.keySignature !== 'string') return false;
  if (!/^(?:[0-9a-f]{2})+$/.test(solution.derivedKey) || !Number.isInteger(solution.counter) || solution.counter < 0 || solution.counter > MAX_UINT32) return false;
  return sameText(hmacHex(secrets.keySignatureKey, Buffer.from(solution.derivedKey, 'hex')), challenge.parameters.keySignature);
}

function decode(payload: string): z.infer<typeof payloadSchema> | null {
  try {
    const json: unknown = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    const parsed = payloadSchema.safeParse(json);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Checks a solved challenge: signed by us, solved, issued at least MIN_FILL_MS ago and not
 * expired. Whether it was used before is the caller's to find out, inside the transaction that
 * stores the opinion (markChallengeUsed), so a replay racing the first use still loses.
 */
export function checkProofOfWork(
  secrets: ProofOfWorkSecrets,
  payload: string | undefined,
  options: { now: Date; minFillMs?: number },
): ProofOfWorkCheck {
  if (payload === undefined || payload.trim() === '') return { ok: false, problem: 'missing' };
  if (payload.length > MAX_PAYLOAD_LENGTH) return { ok: false, problem: 'malformed' };
  const decoded = decode(payload.trim());
  if (!decoded) return { ok: false, problem: 'malformed' };
  const verified = verifyOwnSolution(secrets, decoded.challenge, decoded.solution);
  if (!verified) return { ok: false, problem: 'invalid' };
  const { issued, expires } = decoded.challenge.parameters.data;
  const now = options.now.getTime();
  if (now > expires) return { ok: false, problem: 'expired' };
  if (now - issued < (options.minFillMs ?? MIN_FILL_MS)) return { ok: false, problem: 'too_fast' };
  // Whether it was used before is found out where it is marked used, in the transaction that
  // stores the opinion (markChallengeUsed): one statement instead of two, and no race.
  return { ok: true, challengeId: decoded.challenge.signature, expiresAt: new Date(expires).toISOString() };
}

/** Records a challenge as used; false when it was used already (a replay). */
export function markChallengeUsed(db: Db, check: { challengeId: string; expiresAt: string }, now: Date): boolean {
  return insertUsedChallenge(db, check.challengeId, check.expiresAt, now.toISOString());
}

/** Forgets challenges that have expired: they would be refused as expired anyway. */
export function purgeUsedChallenges(db: Db, now: Date): number {
  return deleteExpiredChallenges(db, now.toISOString());
}

/** Thrown inside the submission's transaction when the challenge was used meanwhile: rolls it back. */
export class ChallengeReplayedError extends Error {
  override name = 'ChallengeReplayedError';
}
