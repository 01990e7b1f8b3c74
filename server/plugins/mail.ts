import { sealUnsealedSubmitterMails } from '../mail/outbox.ts';
import fp from 'fastify-plugin';
import type { AppConfig } from '../config.ts';
import { type MailHooks, createMailHooks } from '../mail/notifications.ts';
import { startMailScheduler } from '../mail/scheduler.ts';
import { mailSettings } from '../mail/settings.ts';
import { createMailTransport, type MailTransport } from '../mail/transport.ts';
import { createMailWorker, type MailWorker } from '../mail/worker.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Hooks for the named actions, called inside their transactions so a mail is queued together
     * with the event: `{ now, calendar, onStep: app.mailHooks.onStep }` for the staff actions,
     * `onSubmitted` for submitFeedback, `onRated` for rateReply.
     */
    mailHooks: MailHooks;
    /** Sends the outbox; `wake()` after queueing outside the hooks (a resend). */
    mailWorker: MailWorker;
    mailTransport: MailTransport;
  }
}

export interface MailPluginOptions {
  config: AppConfig;
  /** Send from the outbox while the app runs (default true; tests drive the worker themselves). */
  worker?: boolean;
  /** Queue reminders and digests on a timer (default true). */
  scheduler?: boolean;
  /** Instead of the configured SMTP server or .eml folder. */
  transport?: MailTransport;
  /** How long the worker waits between looks at the outbox when nothing wakes it (default 30 s). */
  pollIntervalMs?: number;
  now?: () => Date;
}

/**
 * The mail outbox: decorates the hooks and the worker, starts the worker and the reminder
 * scheduler when the app is ready and stops them before it closes (and before the database goes).
 */
export const mailPlugin = fp<MailPluginOptions>(
  async (app, options) => {
    const { config } = options;
    const log = app.log.child({ component: 'mail' });
    const settings = mailSettings(config);
    const transport = options.transport ?? createMailTransport(config.mail);
    const worker = createMailWorker({
      db: app.db,
      transport,
      contacts: settings.contacts,
      from: config.mail.from,
      maxAttempts: config.mail.maxAttempts,
      log,
      ...(options.now ? { now: options.now } : {}),
      ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    });
    // The hooks run inside a transaction; by the time setImmediate fires it has committed.
    const wake = () => setImmediate(() => worker.wake());
    app.decorate(
      'mailHooks',
      createMailHooks(settings, {
        onQueued: wake,
        onSmsQueued: () => setImmediate(() => app.smsWorker.wake()),
        onRefused: (kind, reason) => log.warn({ kind, reason }, 'mail refused by the safety rules; the action went on without it'),
      }),
    );
    // The admin routes for the workflow look for this one (declared there as
    // `feedbackStepHook?: StepContext['onStep']`): the same function as mailHooks.onStep.
    app.decorate('feedbackStepHook', app.mailHooks.onStep);
    app.decorate('mailWorker', worker);
    const sealed = sealUnsealedSubmitterMails(app.db, settings.contacts, (options.now ?? (() => new Date()))());
    if (sealed.sealed + sealed.cleared > 0) log.info(sealed, 'sealed or cleared mails to submitters written before sealing');
    app.decorate('mailTransport', transport);

    let stopScheduler = () => {};
    app.addHook('onReady', async () => {
      if (options.worker ?? true) {
        worker.start();
        log.info({ transport: transport.description }, 'mail worker started');
      }
      if (options.scheduler ?? true) {
        stopScheduler = startMailScheduler({
          db: app.db,
          settings,
          digestTime: config.mail.digestTime,
          log,
          onQueued: wake,
          ...(options.now ? { now: options.now } : {}),
        });
      }
    });
    app.addHook('preClose', async () => {
      stopScheduler();
      await worker.stop(5000);
      transport.close();
    });
  },
  { name: 'mail', dependencies: ['database', 'sms'] },
);
