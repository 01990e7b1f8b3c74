// The bureau profile's colours over the stylesheet's defaults (themeCss), as one small stylesheet
// every public page links: written once per build instead of into each page's head, where it took
// a tenth of a reply page's bytes (tests/api/site-scale.test.ts keeps a reply page in one disk block).
import type { APIRoute } from 'astro';
import { themeCss } from '../../../server/domain/bureau-profile.ts';
import { getSnapshot } from '../lib/snapshot.ts';

export const GET: APIRoute = async () => {
  const { bureau } = await getSnapshot();
  return new Response(themeCss(bureau.theme), { headers: { 'Content-Type': 'text/css; charset=utf-8' } });
};
