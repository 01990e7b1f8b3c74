import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';

/** Registers the limiter without a global limit; routes opt in with `config.rateLimit`. */
export const rateLimitPlugin = fp(
  async (app) => {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) => ({
        statusCode: context.statusCode,
        error: 'Too Many Requests',
        message: `提交过于频繁，请在 ${Math.max(1, Math.ceil(context.ttl / 60000))} 分钟后再试；如有急事请致电教育局`,
      }),
    });
  },
  { name: 'rate-limit' },
);
