// Client addresses are personal data: what is kept (audit log, abuse handling) is a salted hash.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/open.ts';
import { getOrCreateSetting } from '../db/queries/reference.ts';

/**
 * A hasher for client addresses. The salt lives in the database, so hashes stay comparable across
 * restarts but mean nothing elsewhere.
 */
export function clientAddressHasher(db: Db): (ip: string) => string {
  const salt = getOrCreateSetting(db, 'ip_hash_salt', () => randomBytes(16).toString('hex'));
  return (ip) => createHash('sha256').update(`${salt}:${ip}`).digest('hex').slice(0, 32);
}
