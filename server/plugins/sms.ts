// The SMS outbox's worker: decorated as app.smsWorker, started when the app is ready, stopped
// before it closes (and before the database goes). Messages are queued by the mail hooks
// (server/mail/notifications.ts, the reply released) inside the step's transaction.
import fp from 'fastify-plugin';
import type { AppConfig } from '../config.ts';
import { contactVaultFor } from '../actions/contact-details.ts';
import { createSmsTransport, type SmsTransport } from '../sms/gateway.ts';
import { createSmsWorker, type SmsWorker } from '../sms/worker.ts';

declare module 'fastify' {
  interface FastifyInstance {
    smsWorker: SmsWorker;
    smsTransport: SmsTransport;
  }
}

export interface SmsPluginOptions {
  config: AppConfig;
  /** Send from the outbox while the app runs (default true; tests drive the worker themselves). */
  worker?: boolean;
  /** Instead of the configured gateway or the files. */
  transport?: SmsTransport;
  now?: () => Date;
  backoffMs?: (attempt: number) => number;
}

export const smsPlugin = fp<SmsPluginOptions>(
  async (app, options) => {
    const { config } = options;
    const log = app.log.child({ component: 'sms' });
    const transport = options.transport ?? createSmsTransport(config.sms, config.bureau.shortName);
    const worker = createSmsWorker({
      db: app.db,
      transport,
      contacts: contactVaultFor(config),
      maxAttempts: config.sms.maxAttempts,
      log,
      ...(options.now ? { now: options.now } : {}),
      ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
    });
    app.decorate('smsWorker', worker);
    app.decorate('smsTransport', transport);
    app.addHook('onReady', async () => {
      if (options.worker ?? true) {
        worker.start();
        log.info({ transport: transport.description }, 'sms worker started');
      }
    });
    app.addHook('preClose', async () => {
      await worker.stop();
    });
  },
  { name: 'sms', dependencies: ['database'] },
);
