// Astro writes the island runtime (the <astro-island> element and the client:* directives) into
// each page as inline <script>s. The server's Content-Security-Policy is `script-src 'self'`
// (server/plugins/security.ts), which blocks every inline script, so the form would never come
// alive. After the build, this moves each inline script into a content-addressed file next to
// Astro's other assets and points the tag at it. Order and semantics are kept: a classic
// `<script src>` without async/defer runs at the same point of parsing as the inline one did.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

// The page read token by token, left to right: a comment, a script element (its text ends at the
// first "</script", so a lazy match is exact) or any other tag with its quoted attribute values.
// Reading whole tags matters: an attribute value may hold the text "<script>…</script>" (a
// post's or an opinion's words in <meta name="description">), which is no element and must stay
// as it is; a plain search for "<script" would turn it into a script file on this origin.
const HTML_TOKEN = /<!--[\s\S]*?-->|<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/script\s*>|<\/?[a-zA-Z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
const TYPE_ATTRIBUTE = /\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const SRC_ATTRIBUTE = /\bsrc\s*=/i;
/**
 * Whether a page may need either rewrite: an opening script tag with text after it, or a style
 * element anywhere. Every token the rewrites act on matches one of these, so a page matching
 * neither (most pages: a reply's has only `<script src>`) is left as it is without tokenizing it.
 */
const MAY_HAVE_INLINE_SCRIPT = /<script\b(?:[^>"']|"[^"]*"|'[^']*')*>(?!\s*<\/script\s*>)/i;
const MAY_HAVE_STYLE = /<style\b/i;
/** Types a browser executes; anything else (application/json, ld+json …) is data and stays inline. */
const EXECUTABLE_TYPES = new Set(['', 'text/javascript', 'application/javascript', 'module']);

// One list passed down: spreading a folder's files into push() overflows the stack when a folder
// holds some 200,000 pages (/replies/ at a million opinions). Synchronous calls: every page of the
// build is read, and fs/promises' per-call overhead made this step take two to three times as
// long (12,740 pages: 0.8 s against 2–2.9 s); nothing else of the build waits on this process then
// but the search indexer's feeding, which is a process of its own.
function htmlFiles(dir: string, files: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) htmlFiles(path, files);
    else if (entry.name.endsWith('.html')) files.push(path);
  }
  return files;
}

function isExecutable(attributes: string): boolean {
  const match = TYPE_ATTRIBUTE.exec(attributes);
  const type = (match?.[1] ?? match?.[2] ?? match?.[3] ?? '').trim().toLowerCase();
  return EXECUTABLE_TYPES.has(type);
}

/**
 * The page with each inline executable script element replaced by `<script … src>`, the source
 * for that address coming from `place(code)` (which writes the file).
 */
export function moveInlineScripts(html: string, place: (code: string) => string): string {
  return html.replace(HTML_TOKEN, (token: string, attributes: string | undefined, code: string | undefined) => {
    if (attributes === undefined || code === undefined) return token; // a comment or another tag
    if (SRC_ATTRIBUTE.test(attributes) || !isExecutable(attributes) || code.trim() === '') return token;
    return `<script${attributes} src="${place(code)}"></script>`;
  });
}

// The same reading with style elements as tokens of their own (their text ends at the first
// "</style").
const HTML_TOKEN_WITH_STYLES =
  /<!--[\s\S]*?-->|<script\b(?:[^>"']|"[^"]*"|'[^']*')*>[\s\S]*?<\/script\s*>|<style\b(?:[^>"']|"[^"]*"|'[^']*')*>[\s\S]*?<\/style\s*>|<\/?[a-zA-Z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>/gi;

/**
 * The page with every style element of its body moved to the end of its head, in order. Astro
 * writes its island rule (`astro-island{display:contents}`) just before the first island, in the
 * middle of the body, where HTML allows a style element only as the first child of its parent (the
 * W3C Nu checker's "A style element in body must be the first child of its parent"). In the head
 * the rules apply the same, before anything is drawn.
 */
export function moveBodyStylesToHead(html: string): string {
  const styles: string[] = [];
  let inBody = false;
  const withoutBodyStyles = html.replace(HTML_TOKEN_WITH_STYLES, (token: string) => {
    if (/^<body\b/i.test(token)) inBody = true;
    if (inBody && /^<style\b/i.test(token)) {
      styles.push(token);
      return '';
    }
    return token;
  });
  if (styles.length === 0) return html;
  let placed = false;
  return withoutBodyStyles.replace(HTML_TOKEN_WITH_STYLES, (token: string) => {
    if (placed || !/^<\/head\s*>/i.test(token)) return token;
    placed = true;
    return `${styles.join('')}${token}`;
  });
}

export function externalInlineScripts(): AstroIntegration {
  let base = '/';
  let assetsDir = '_astro';
  return {
    name: 'portal-external-inline-scripts',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        assetsDir = config.build.assets;
      },
      'astro:build:done': ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const written = new Set<string>();
        let pagesChanged = 0;
        for (const file of htmlFiles(outDir)) {
          const html = readFileSync(file, 'utf8');
          if (!MAY_HAVE_INLINE_SCRIPT.test(html) && !MAY_HAVE_STYLE.test(html)) continue;
          const rewritten = moveBodyStylesToHead(moveInlineScripts(html, (code) => {
            const hash = createHash('sha256').update(code).digest('base64url').slice(0, 12);
            const name = `inline.${hash}.js`;
            if (!written.has(name)) {
              written.add(name);
              mkdirSync(join(outDir, assetsDir), { recursive: true });
              writeFileSync(join(outDir, assetsDir, name), code);
            }
            return `${base}${assetsDir}/${name}`;
          }));
          if (rewritten !== html) {
            writeFileSync(file, rewritten);
            pagesChanged += 1;
          }
        }
        if (written.size > 0) logger.info(`moved ${written.size} inline script(s) out of ${pagesChanged} page(s) for script-src 'self'`);
      },
    },
  };
}
