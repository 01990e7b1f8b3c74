import fp from 'fastify-plugin';
import type { ContactVault } from '../domain/contact-details.ts';
import { purgeExpiredContacts, sealPlainContacts } from '../domain/contact-retention.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Seals and opens submitters' contact details (server/domain/contact-details.ts). */
    contactVault: ContactVault;
  }
}

export interface ContactsPluginOptions {
  vault: ContactVault;
  retentionDays: number;
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

    const purge = () => {
      try {
        const purged = purgeExpiredContacts(app.db, { now: now(), retentionDays: options.retentionDays });
        if (purged.length > 0) log.info({ opinions: purged.length, retentionDays: options.retentionDays }, 'purged contact details after the retention period');
      } catch (error) {
        log.error({ err: error }, 'purging contact details failed; trying again at the next run');
      }
    };
    if (options.purgeTimer ?? true) {
      let timer: NodeJS.Timeout | undefined;
      app.addHook('onReady', async () => {
        purge();
        timer = setInterval(purge, CONTACT_PURGE_INTERVAL_MS);
        timer.unref();
      });
      app.addHook('preClose', async () => clearInterval(timer));
    }
  },
  { name: 'contacts', dependencies: ['database'] },
);
