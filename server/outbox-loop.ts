// The one outbox mechanism behind both transports (server/mail/worker.ts, server/sms/worker.ts):
// recover abandoned claims → claim the row due first → send it (the transport's part, which
// marks the row sent, queued again or failed) → next row, up to a batch; then sleep until the
// next row falls due, at most a poll interval, unless woken. Each row is claimed by one UPDATE
// (db/queries/outbox.ts), so two workers never send the same row.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/open.ts';
import type { ContactVault } from './actions/contact-details.ts';

export interface WorkerLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const SILENT_LOG: WorkerLog = { info() {}, warn() {}, error() {} };

export interface RunSummary {
  sent: number;
  retried: number;
  failed: number;
  recovered: number;
}

/** What a worker on either outbox is given; `Transport` sends one row's message. */
export interface OutboxWorkerOptions<Transport> {
  db: Db;
  transport: Transport;
  /** Opens the sealed recipients (and mail bodies) to submitters. */
  contacts: ContactVault;
  /** Attempts before a row is marked failed. */
  maxAttempts: number;
  now?: () => Date;
  /** Never given addresses, numbers or bodies: ids, kinds, attempts and masked errors only. */
  log?: WorkerLog;
  /** The longest the worker sleeps: it also picks up rows queued by other processes. */
  pollIntervalMs?: number;
  /** A claim older than this belongs to a worker that is gone (well above the transport's timeouts). */
  claimLeaseMs?: number;
  /** Milliseconds to wait after the n-th failed attempt. */
  backoffMs?: (attempt: number) => number;
}

export interface OutboxLoopOptions<Row> {
  /** 'mail' or 'sms', for the log. */
  name: string;
  /** `host:pid:random`, written into the rows this worker claims. */
  id: string;
  /** Puts rows claimed by workers that are gone back in the queue; returns how many. */
  recover(): number;
  claimNext(workerId: string, at: string): Row | undefined;
  /** Sends one claimed row and records the outcome on the row and in the summary. */
  send(row: Row, summary: RunSummary): Promise<void>;
  /** When the next queued row falls due, or null when nothing is queued. */
  nextDueAt(): string | null;
  now: () => Date;
  log: WorkerLog;
  /** The longest the worker sleeps: it also picks up rows queued by other processes. */
  pollIntervalMs: number;
  /** Most rows sent in one run before the worker lets other work in (then it runs again at once). */
  batchSize: number;
}

export interface OutboxLoop {
  readonly id: string;
  start(): void;
  /**
   * Stops after the row being sent. With `waitMs`, waits at most that long and resolves false when
   * the run was still sending; without it, waits for the run to end.
   */
  stop(waitMs?: number): Promise<boolean>;
  /** Something was queued: send it now rather than at the next poll. */
  wake(): void;
  runOnce(): Promise<RunSummary>;
}

export function outboxWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
}

const BASE_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/** 1, 2, 4, 8 … minutes, at most an hour: ten attempts span about four hours. */
export function exponentialBackoffMs(attempt: number): number {
  return Math.min(BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_MS);
}

/** A worker's options with their defaults filled in, and its own id. */
export function outboxWorkerSettings<Options extends OutboxWorkerOptions<unknown>>(options: Options, defaultLeaseMs: number) {
  return {
    ...options,
    now: options.now ?? (() => new Date()),
    log: options.log ?? SILENT_LOG,
    claimLeaseMs: options.claimLeaseMs ?? defaultLeaseMs,
    backoffMs: options.backoffMs ?? exponentialBackoffMs,
    id: outboxWorkerId(),
  };
}

export function createOutboxLoop<Row>(options: OutboxLoopOptions<Row>): OutboxLoop {
  const { name, id, now, log, pollIntervalMs, batchSize } = options;
  let stopped = true;
  /** Set by stop(): the run in progress ends after its current row. */
  let halting = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let runAgain = false;

  async function runOnce(): Promise<RunSummary> {
    const summary: RunSummary = { sent: 0, retried: 0, failed: 0, recovered: options.recover() };
    for (let count = 0; count < batchSize && !halting; count += 1) {
      const row = options.claimNext(id, now().toISOString());
      if (!row) break;
      await options.send(row, summary);
    }
    if (summary.sent + summary.retried + summary.failed === batchSize) runAgain = true;
    return summary;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, Math.max(0, delayMs));
    timer.unref();
  }

  function delayUntilNextDue(): number {
    const next = options.nextDueAt();
    if (next === null) return pollIntervalMs;
    return Math.min(pollIntervalMs, Math.max(0, Date.parse(next) - now().getTime()));
  }

  function tick(): void {
    timer = null;
    if (stopped) return;
    if (running) {
      runAgain = true;
      return;
    }
    running = runOnce()
      .then(
        () => undefined,
        (error: unknown) => log.error({ err: error }, `${name} worker run failed; retrying at the next poll`),
      )
      .finally(() => {
        running = null;
        if (stopped) return;
        let delay = pollIntervalMs;
        try {
          delay = runAgain ? 0 : delayUntilNextDue();
        } catch (error) {
          log.error({ err: error }, `${name} worker could not read the queue`);
        }
        runAgain = false;
        schedule(delay);
      });
  }

  return {
    id,
    start() {
      if (!stopped) return;
      stopped = false;
      halting = false;
      schedule(0);
    },
    async stop(waitMs) {
      stopped = true;
      halting = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (!running) return true;
      if (waitMs === undefined) {
        await running;
        return true;
      }
      let timeout: NodeJS.Timeout | undefined;
      const settled = await Promise.race([
        running.then(() => true),
        new Promise<boolean>((resolve) => {
          timeout = setTimeout(() => resolve(false), waitMs);
          timeout.unref();
        }),
      ]);
      clearTimeout(timeout);
      return settled;
    },
    wake() {
      if (stopped) return;
      if (running) runAgain = true;
      else schedule(0);
    },
    runOnce,
  };
}
