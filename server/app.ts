import Fastify, { type FastifyInstance } from 'fastify';
import type { AppConfig } from './config.ts';
import { type HttpTimeouts, httpServerOptions } from './http-server.ts';
import { databasePlugin } from './plugins/database.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { httpRulesPlugin } from './plugins/http-rules.ts';
import { rateLimitPlugin } from './plugins/rate-limit.ts';
import { securityPlugin } from './plugins/security.ts';
import { sitePlugin } from './plugins/site.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { healthRoutes } from './routes/health.ts';
import { serializerCompiler, validatorCompiler } from './zod-provider.ts';

export interface BuildAppOptions {
  /** Serve the static site from config.siteDir (off in API-only tests). */
  serveSite?: boolean;
  /** Clock for the API; tests pin it. */
  now?: () => Date;
  /** Pino logger options; false for silence. */
  logger?: boolean | object;
  /** HTTP timeouts (tests shorten them); HTTP_TIMEOUTS by default. */
  timeouts?: HttpTimeouts;
}

/** Largest request body the API accepts; a 2,000-character opinion is about 6 KB of JSON. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export async function buildApp(config: AppConfig, options: BuildAppOptions = {}): Promise<FastifyInstance> {
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
            ...(typeof options.logger === 'object' ? options.logger : {}),
          },
    bodyLimit: BODY_LIMIT_BYTES,
    ...httpServerOptions(config, options.timeouts),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Infrastructure first, then routes.
  await app.register(databasePlugin, { path: config.databasePath });
  await app.register(errorsPlugin);
  await app.register(securityPlugin);
  await app.register(rateLimitPlugin);
  await app.register(httpRulesPlugin);

  await app.register(healthRoutes, { siteDir: config.siteDir });
  await app.register(feedbackRoutes, {
    rateLimitPerHour: config.feedbackRateLimitPerHour,
    ...(options.now ? { now: options.now } : {}),
  });

  if (options.serveSite ?? true) {
    await app.register(sitePlugin, { siteDir: config.siteDir });
  }
  return app;
}
