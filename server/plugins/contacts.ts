import fp from 'fastify-plugin';
import { runPeriodically } from './periodic.ts';
import type { ContactVault } from '../actions/contact-details.ts';
import { purgeExpiredContacts, sealPlainContacts } from '../actions/contact-retention.ts';
import { finishErasure } from '../privacy-erasure.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Seals and opens submitters' contact details (server/actions/contact-details.ts). */
    contactVault: ContactVault;
    /** After contact details were deleted: removes the copies outside the tables (privacy-erasure.ts). */
    finishErasure: (feedbackIds: readonly number[]) => void;
  }
}

export interface ContactsPluginOptions {
  vault: ContactVault;
  retentionDays: number;
  /** The .eml folder of the file transport (kept even when SMTP is configured: older files may be there). */
  outboxDir: string;
  /** The SMS file transport's folder (kept even with a gateway: older files may be there). */
  smsOutboxDir?: string;
  /** Run the retention purge at start and every hour (default true; tests call it themselves). */
  purgeTimer?: boolean;
  now?: () => Date;
}

export const CONTACT_PURGE_INTERVAL_MS = 60 * 60_000;

/**
 * Contact details at rest: decorates the vault, seals rows from before encryption once at start
 * (before any route can read them), and purges details CONTACT_RETENTION_DAYS after an opinion
 * was closed, at start and every hour, each purge audited as a system action.
 */
export const contactsPlugin = fp<ContactsPluginOptions>(
  async (app, options) => {
    const now = options.now ?? (() => new Date());
    const log = app.log.child({ component: 'contacts' });
    app.decorate('contactVault', options.vault);

    const sealed = sealPlainContacts(app.db, options.vault, now());
    if (sealed > 0) log.info({ opinions: sealed }, 'sealed contact details stored before encryption');

    const finish = (feedbackIds: readonly number[] | null) => {
      const result = finishErasure(app.db, options.outboxDir, feedbackIds, options.smsOutboxDir ?? null);
      if (result.mailFilesDeleted + result.smsFilesDeleted > 0 || !result.walTruncated) log.info(result, 'removed the copies of erased contact details');
    };
    app.decorate('finishErasure', (feedbackIds: readonly number[]) => {
      try {
        finish(feedbackIds);
      } catch (error) {
        // The rows are gone already; the files and the WAL are swept again at the next start or purge.
        log.error({ err: error }, 'removing copies of erased contact details failed; they are swept again at the next purge');
      }
    });
    // Mail files of opinions erased while the server was stopped (or before this sweep existed).
    finish(null);

    const purge = () => {
      try {
        const purged = purgeExpiredContacts(app.db, { now: now(), retentionDays: options.retentionDays });
        if (purged.length > 0) {
          log.info({ opinions: purged.length, retentionDays: options.retentionDays }, 'purged contact details after the retention period');
          finish(purged);
        }
      } catch (error) {
        log.error({ err: error }, 'purging contact details failed; trying again at the next run');
      }
    };
    if (options.purgeTimer ?? true) runPeriodically(app, purge, CONTACT_PURGE_INTERVAL_MS);
  },
  { name: 'contacts', dependencies: ['database'] },
);
