// robots.txt: everything public may be read; the staff app, the API and tracking may not. Names the sitemap.
import type { APIContext } from 'astro';
import { NOT_IN_SITEMAP } from '../lib/feeds.ts';

export function GET(context: APIContext) {
  const disallowed = ['/api/', ...NOT_IN_SITEMAP.filter((path) => path.endsWith('/'))];
  const lines = ['User-agent: *', ...disallowed.map((path) => `Disallow: ${path}`), '', `Sitemap: ${new URL('/sitemap-index.xml', context.site).href}`, ''];
  return new Response(lines.join('\n'), { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
