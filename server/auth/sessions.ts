// Server-side sign-in sessions: ids, expiry and storage. The cookie handling lives in
// server/plugins/auth.ts; nothing here knows about HTTP.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/open.ts';
import * as sessions from '../../db/queries/sessions.ts';
import type { SignInStage } from './sign-in.ts';

export const SESSION_IDLE_MINUTES = 30;
export const SESSION_ABSOLUTE_HOURS = 12;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export type SessionStage = SignInStage | 'signed_in';

/** What a session holds, stored as JSON in sessions.data. */
export interface SessionData {
  userId: number;
  stage: SessionStage;
  /** Kept here by @fastify/csrf-protection (its sessionKey). */
  csrfSecret?: string;
  /** The TOTP secret offered at enrolment (sealed with the 'totp' key) until a code confirms it. */
  pendingTotpSecret?: string;
}

export interface LoadedSession {
  idHash: string;
  data: SessionData;
  createdAt: Date;
  lastSeenAt: Date;
}

const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** 256 random bits, base64url: the value of the cookie. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this is stored: a copy of the database holds no usable session ids. */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** 30 minutes after the last request, and never more than 12 hours after signing in. */
export function sessionExpiresAt(createdAt: Date, lastSeenAt: Date): Date {
  return new Date(Math.min(lastSeenAt.getTime() + SESSION_IDLE_MINUTES * 60_000, createdAt.getTime() + SESSION_ABSOLUTE_HOURS * 3_600_000));
}

/** The live session for a cookie value, or null; an expired one is deleted on the way. */
export function loadSession(db: Db, id: string, now: Date): LoadedSession | null {
  if (!SESSION_ID_PATTERN.test(id)) return null;
  const idHash = hashSessionId(id);
  const row = sessions.findSession(db, idHash);
  if (!row) return null;
  if (row.expires_at <= now.toISOString()) {
    sessions.deleteSession(db, idHash);
    return null;
  }
  let data: SessionData;
  try {
    data = JSON.parse(row.data) as SessionData;
  } catch {
    sessions.deleteSession(db, idHash);
    return null;
  }
  return { idHash, data, createdAt: new Date(row.created_at), lastSeenAt: new Date(row.last_seen_at) };
}

/**
 * Stores a new session under a new id and returns the id (for the cookie). `createdAt` carries
 * over when an id is replaced mid-sign-in, so the 12-hour limit counts from the password step.
 */
export function createSession(db: Db, data: SessionData, now: Date, createdAt: Date = now): { id: string; session: LoadedSession } {
  const id = newSessionId();
  const idHash = hashSessionId(id);
  sessions.insertSession(db, {
    id_hash: idHash,
    user_id: data.userId,
    data: JSON.stringify(data),
    created_at: createdAt.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: sessionExpiresAt(createdAt, now).toISOString(),
  });
  return { id, session: { idHash, data, createdAt, lastSeenAt: now } };
}

export function saveSessionData(db: Db, session: LoadedSession): void {
  sessions.updateSessionData(db, session.idHash, JSON.stringify(session.data));
}

/** Moves the idle deadline on; skipped when the last write was under a minute ago. */
export function touchSession(db: Db, session: LoadedSession, now: Date): void {
  if (now.getTime() - session.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) return;
  sessions.touchSession(db, session.idHash, now.toISOString(), sessionExpiresAt(session.createdAt, now).toISOString());
  session.lastSeenAt = now;
}

export function destroySession(db: Db, idHash: string): void {
  sessions.deleteSession(db, idHash);
}

export function purgeExpiredSessions(db: Db, now: Date): number {
  return sessions.deleteExpiredSessions(db, now.toISOString());
}
