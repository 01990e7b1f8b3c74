// The headers every answer carries: pages, API answers, 404s and the errors Node's HTTP parser
// raises before Fastify sees a request (server/http-server.ts writes those to the socket itself).
// One list, so no kind of answer can be left without them.

/**
 * This origin only: the product promises no CDN, no external fonts and no analytics, and the
 * policy makes a regression visible at once.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Astro inlines small style blocks and style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  // The opinion form solves its proof of work in a worker script from this origin (no blob: URLs).
  "worker-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join(';');

/**
 * The site search (/search/) runs Pagefind, whose index is read by WebAssembly: in Pagefind's worker
 * (/pagefind/pagefind-worker.js, which takes the policy sent with its own script) or, where workers
 * fail, on the page itself. Compiling WebAssembly needs 'wasm-unsafe-eval' (never 'unsafe-eval':
 * JavaScript eval stays blocked); only those two paths get it, every other page keeps the plain policy.
 */
const SEARCH_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");
const WEBASSEMBLY_PATHS = /^\/(?:search|pagefind)(?:[/?]|$)/;

/** The Content-Security-Policy for an answer to `url` (a request's path and query). */
export function contentSecurityPolicyFor(url: string): string {
  return WEBASSEMBLY_PATHS.test(url) ? SEARCH_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
}

/** Powerful browser features the portal never uses, switched off for this origin and any frame. */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
].join(', ');

/**
 * HSTS is missing on purpose: the server speaks plain HTTP on localhost and HSTS belongs to the
 * TLS proxy (nginx). Four headers that guard nothing in a browser of today are not sent either
 * (X-XSS-Protection, X-Download-Options, X-Permitted-Cross-Domain-Policies,
 * X-DNS-Prefetch-Control): every answer paid for them, about a tenth of the embedded server's
 * rate (server/decisions/030-only-headers-that-guard-something.md).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'permissions-policy': PERMISSIONS_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
});

/**
 * API answers are never stored by a browser or a proxy: the 201 carries the submitter's one-time
 * secret, and the others describe a moment.
 */
export const API_CACHE_CONTROL = 'no-store';
