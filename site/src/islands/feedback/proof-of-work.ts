// The browser's half of the proof of work: fetch a challenge from this site's API and solve it in
// altcha's own SHA worker (~1.6 KB, served from this origin as a file, so the strict CSP's
// script-src 'self' allows it). The full altcha widget (~35 KB) is not used.
import shaWorkerUrl from 'altcha/workers/sha?url';
import { CHALLENGE_TTL_MS, MIN_FILL_MS } from '../../../../server/domain/feedback-rules.ts';
import { FEEDBACK_CHALLENGE_PATH } from '../../consts.ts';

export interface SolvedChallenge {
  /** base64 JSON of { challenge, solution }: the body's `altcha`. */
  payload: string;
  /** When the challenge arrived, on this device's clock (the server counts from when it issued it). */
  receivedAt: number;
}

const SOLVE_TIMEOUT_MS = 90_000;

/** Workers and WebCrypto (a secure context: https, or localhost) are needed; else the plain form is used. */
export function canSolve(): boolean {
  return typeof Worker !== 'undefined' && typeof crypto !== 'undefined' && typeof crypto.subtle !== 'undefined';
}

interface Challenge {
  parameters: Record<string, unknown>;
  signature?: string;
}

interface Solution {
  counter: number;
  derivedKey: string;
}

function solveInWorker(challenge: Challenge): Promise<Solution> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(shaWorkerUrl);
    const finish = () => {
      clearTimeout(timer);
      worker.terminate();
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error('proof of work timed out'));
    }, SOLVE_TIMEOUT_MS);
    worker.onmessage = (event: MessageEvent<unknown>) => {
      finish();
      const data = event.data as Partial<Solution> | null;
      if (data && typeof data.counter === 'number' && typeof data.derivedKey === 'string') resolve({ counter: data.counter, derivedKey: data.derivedKey });
      else reject(new Error('proof of work not solved'));
    };
    worker.onerror = () => {
      finish();
      reject(new Error('proof of work worker failed'));
    };
    worker.postMessage({ type: 'work', challenge, counterMode: 'uint32', counterStart: 0, counterStep: 1, timeout: SOLVE_TIMEOUT_MS });
  });
}

export async function fetchAndSolve(): Promise<SolvedChallenge> {
  const response = await fetch(FEEDBACK_CHALLENGE_PATH, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`challenge: HTTP ${response.status}`);
  const receivedAt = Date.now();
  const challenge = (await response.json()) as Challenge;
  const solution = await solveInWorker(challenge);
  return { payload: btoa(JSON.stringify({ challenge, solution })), receivedAt };
}

/** Too old to send (with a margin for a slow network): fetch a fresh one. */
export function isStale(solved: SolvedChallenge, now: number = Date.now()): boolean {
  return now - solved.receivedAt > CHALLENGE_TTL_MS - 5 * 60_000;
}

/** How long to wait before the server will take it (its minimum time to fill, plus a margin). */
export function waitBeforeSending(solved: SolvedChallenge, now: number = Date.now()): number {
  return Math.max(0, solved.receivedAt + MIN_FILL_MS + 750 - now);
}
