import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/**
 * Security headers. The Content-Security-Policy allows this origin only: the product promises no
 * CDN, no external fonts and no analytics, and the policy makes a regression visible at once.
 */
export const securityPlugin = fp(
  async (app) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Astro inlines small style blocks and style attributes.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'self'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
        },
      },
      // The site is plain HTTP on localhost in development; HSTS belongs to the TLS proxy (nginx).
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
    });
  },
  { name: 'security' },
);
