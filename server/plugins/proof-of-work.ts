import fp from 'fastify-plugin';
import { runPeriodically } from './periodic.ts';
import { type ProofOfWorkSecrets, purgeUsedChallenges } from '../spam/proof-of-work.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** HMAC secrets for the opinion form's proof-of-work challenges (server/spam/proof-of-work.ts). */
    proofOfWork: { secrets: ProofOfWorkSecrets; maxCounter: number };
  }
}

export interface ProofOfWorkPluginOptions {
  secrets: ProofOfWorkSecrets;
  /** Upper bound of the secret counter (the work); DEFAULT_MAX_COUNTER in production. */
  maxCounter: number;
  /** Purge spent challenges at start and every hour (default true). */
  purgeTimer?: boolean;
  now?: () => Date;
}

export const CHALLENGE_PURGE_INTERVAL_MS = 60 * 60_000;

/** The proof-of-work secrets, and the hourly purge of spent challenges once they have expired. */
export const proofOfWorkPlugin = fp<ProofOfWorkPluginOptions>(
  async (app, options) => {
    const now = options.now ?? (() => new Date());
    app.decorate('proofOfWork', { secrets: options.secrets, maxCounter: options.maxCounter });
    if (options.purgeTimer ?? true) {
      const purge = () => {
        try {
          purgeUsedChallenges(app.db, now());
        } catch (error) {
          app.log.error({ err: error }, 'purging spent proof-of-work challenges failed; trying again at the next run');
        }
      };
      runPeriodically(app, purge, CHALLENGE_PURGE_INTERVAL_MS);
    }
  },
  { name: 'proof-of-work', dependencies: ['database'] },
);
