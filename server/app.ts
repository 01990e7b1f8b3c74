import Fastify, { type FastifyInstance } from 'fastify';
import type { AppConfig } from './config.ts';
import { deriveKey } from './crypto.ts';
import { ensureSecretKeyMatches } from './key-check.ts';
import { authPlugin } from './plugins/auth.ts';
import { backupBeforeMigration } from './backups.ts';
import { clientAddressHasher } from './client-address.ts';
import { adminAuditRoutes } from './routes/admin-audit.ts';
import { adminMailRoutes } from './routes/admin-mail.ts';
import { adminFeedbackRoutes } from './routes/admin-feedback.ts';
import { adminEvaluationRoutes } from './routes/admin-evaluations.ts';
import { adminTopicRoutes } from './routes/admin-topics.ts';
import { adminLedgerRoutes } from './routes/admin-ledger.ts';
import { adminPostsRoutes } from './routes/admin-posts.ts';
import { adminSettingsRoutes } from './routes/admin-settings.ts';
import { adminSiteBuildsRoutes } from './routes/admin-site-builds.ts';
import { adminStatisticsRoutes } from './routes/admin-statistics.ts';
import { siteRebuildsPlugin, type SiteRebuildsOptions } from './plugins/site-rebuilds.ts';
import { calendarPlugin } from './plugins/calendar.ts';
import { databasePlugin } from './plugins/database.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { mailPlugin, type MailPluginOptions } from './plugins/mail.ts';
import { type HttpTimeouts, httpServerOptions } from './http-server.ts';
import { httpRulesPlugin } from './plugins/http-rules.ts';
import { rateLimitPlugin } from './plugins/rate-limit.ts';
import { securityPlugin } from './plugins/security.ts';
import { sitePlugin } from './plugins/site.ts';
import { storagePlugin } from './plugins/storage.ts';
import { adminAuthRoutes } from './routes/admin-auth.ts';
import { adminUsersRoutes } from './routes/admin-users.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { healthRoutes } from './routes/health.ts';
import { plainChannelRoutes } from './routes/channel-plain.ts';
import { trackingRoutes } from './routes/tracking.ts';
import { createTrackingGuard } from './actions/tracking-service.ts';
import { contactVaultFor } from './actions/contact-details.ts';
import { createGroupCommit, type GroupCommit } from '../db/group-commit.ts';
import { contactsPlugin } from './plugins/contacts.ts';
import { proofOfWorkPlugin } from './plugins/proof-of-work.ts';
import { DEFAULT_MAX_COUNTER, proofOfWorkSecrets } from './spam/proof-of-work.ts';
import { serializerCompiler, validatorCompiler } from './zod-provider.ts';
import { logDestination } from './log-destination.ts';
import { smsPlugin, type SmsPluginOptions } from './plugins/sms.ts';

export interface BuildAppOptions {
  /** Serve the static site from config.siteDir (off in API-only tests). */
  serveSite?: boolean;
  /** Clock for the API; tests pin it. */
  now?: () => Date;
  /** Pino logger options; false for silence. */
  logger?: boolean | object;
  /** The mail outbox's worker, scheduler and transport (tests switch the timers off). */
  mail?: Omit<MailPluginOptions, 'config'>;
  /** The SMS outbox's worker and transport (default: the worker runs when the mail worker does). */
  sms?: Pick<SmsPluginOptions, 'worker' | 'transport' | 'backoffMs'>;
  /** HTTP timeouts (tests shorten them); HTTP_TIMEOUTS by default. */
  timeouts?: HttpTimeouts;
  /** The opinion form's proof of work: the largest secret counter (tests make it small). */
  proofOfWorkMaxCounter?: number;
  /** Hourly purges of expired contact details and spent challenges (default true). */
  purgeTimers?: boolean;
  /** Bytes of the site's small files held in memory (default config.siteMemoryBytes; 0 reads each from disk). */
  siteMemoryBudgetBytes?: number;
  /** Site rebuilds from the server: another Astro root, the child's output, the quiet period (tests). */
  rebuilds?: Partial<Pick<SiteRebuildsOptions, 'root' | 'output' | 'quietMs'>>;
}

/** Largest request body the API accepts; a 2,000-character opinion is about 6 KB of JSON. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export async function buildApp(config: AppConfig, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  // Tests give their own logger options; a server logs where LOG_FORMAT says.
  const destination = typeof options.logger === 'object' ? {} : logDestination(config);
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            // Personal information stays out of logs: no client addresses, no bodies, no query strings.
            serializers: {
              req: (request: { method: string; url: string; id: string }) => ({
                id: request.id,
                method: request.method,
                url: request.url.split('?')[0],
              }),
            },
            ...destination,
            ...(typeof options.logger === 'object' ? options.logger : {}),
          },
    bodyLimit: BODY_LIMIT_BYTES,
    ...httpServerOptions(config, options.timeouts),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const clock = options.now ? { now: options.now } : {};

  // Infrastructure first, then application decorators (sessions, the staff guard), then routes.
  await app.register(databasePlugin, { path: config.databasePath, beforeMigration: backupBeforeMigration(config, (line) => app.log.warn(line)) });
  try {
    ensureSecretKeyMatches(app.db, config);
  } catch (error) {
    await app.close();
    throw error;
  }
  await app.register(calendarPlugin);
  await app.register(storagePlugin, { dataDir: config.dataDir, minFreeBytes: config.minFreeSpaceBytes, ...clock });
  await app.register(errorsPlugin);
  await app.register(securityPlugin);
  await app.register(rateLimitPlugin);
  await app.register(httpRulesPlugin);
  await app.register(authPlugin, clock);
  await app.register(smsPlugin, {
    config,
    worker: options.sms?.worker ?? options.mail?.worker ?? true,
    ...(options.sms?.transport ? { transport: options.sms.transport } : {}),
    ...(options.sms?.backoffMs ? { backoffMs: options.sms.backoffMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  await app.register(mailPlugin, { config, ...options.mail, ...(options.now && !options.mail?.now ? { now: options.now } : {}) });
  // Before any route can read them: contact details from before encryption are sealed here.
  await app.register(contactsPlugin, {
    vault: contactVaultFor(config),
    retentionDays: config.contactRetentionDays,
    outboxDir: config.mail.outboxDir,
    smsOutboxDir: config.sms.outboxDir,
    purgeTimer: options.purgeTimers ?? true,
    ...clock,
  });
  await app.register(proofOfWorkPlugin, {
    secrets: proofOfWorkSecrets(deriveKey(config, 'proof-of-work')),
    maxCounter: options.proofOfWorkMaxCounter ?? DEFAULT_MAX_COUNTER,
    purgeTimer: options.purgeTimers ?? true,
    ...clock,
  });

  await app.register(siteRebuildsPlugin, {
    config,
    quietMs: config.rebuildAfterPublicationSeconds === null ? null : config.rebuildAfterPublicationSeconds * 1000,
    ...options.rebuilds,
    ...clock,
  });
  await app.register(healthRoutes, { siteDir: config.siteDir, ...clock });
  app.decorate('feedbackCommits', createGroupCommit(app.db));
  app.decorate('publicBaseUrl', config.publicBaseUrl);
  await app.register(feedbackRoutes, { rateLimitPerHour: config.feedbackRateLimitPerHour, ...clock });
  // One count per client address and per tracking code, shared by the JSON and the plain routes.
  const trackingGuard = createTrackingGuard({ perAddressPerHour: config.trackingRateLimitPerHour, perCodePerHour: config.trackingCodeRateLimitPerHour });
  await app.register(trackingRoutes, { guard: trackingGuard, ...clock });
  await app.register(plainChannelRoutes, {
    siteDir: (options.serveSite ?? true) ? config.siteDir : null,
    plainFormRateLimitPerHour: config.plainFormRateLimitPerHour,
    guard: trackingGuard,
    ...clock,
  });
  await app.register(adminAuthRoutes, {
    totpKey: deriveKey(config, 'totp'),
    issuer: config.bureau.name,
    loginRateLimitPerHour: config.loginRateLimitPerHour,
    ...clock,
  });
  await app.register(adminUsersRoutes, clock);
  const hashIp = clientAddressHasher(app.db);
  const bureauPhones = [config.bureau.phone, ...config.bureau.hotlines].filter((phone) => phone.trim() !== '');
  await app.register(adminFeedbackRoutes, { bureauPhones, hashIp, contacts: app.contactVault, bureauName: config.bureau.name, ...clock });
  await app.register(adminSettingsRoutes, { hashIp, ...clock });
  await app.register(adminLedgerRoutes, { hashIp, bureauName: config.bureau.name, codePattern: config.ledgerCodePattern, bureauPhones, ...clock });
  await app.register(adminEvaluationRoutes, { hashIp, ...clock });
  await app.register(adminTopicRoutes, { hashIp, ...clock });
  await app.register(adminPostsRoutes, { hashIp, ...clock });
  await app.register(adminAuditRoutes);
  await app.register(adminSiteBuildsRoutes, { hashIp });
  await app.register(adminStatisticsRoutes, { hashIp, bureauName: config.bureau.name, ...clock });
  await app.register(adminMailRoutes, { onRequest: app.requireStaff('sysadmin', 'office'), staffOf: (request) => request.staff ?? undefined, ...clock });

  if (options.serveSite ?? true) {
    await app.register(sitePlugin, { siteDir: config.siteDir, memoryBudgetBytes: options.siteMemoryBudgetBytes ?? config.siteMemoryBytes });
  }
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Submissions arriving together share one commit (db/group-commit.ts), for storeFeedback. */
    feedbackCommits: GroupCommit;
    /** PUBLIC_BASE_URL, for the tracking link on receipts. */
    publicBaseUrl: string;
  }
}
