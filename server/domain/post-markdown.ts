// The one renderer of 整改信息 bodies, used by the site build and by the admin app's preview.
// markdown-it with raw HTML off and links limited to http(s) and this site's own paths, then
// sanitize-html as a second line with an explicit list of elements and attributes: whatever the
// first line lets through by mistake, nothing outside that list reaches a page.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** The elements a rendered post may contain, and their attributes. Nothing else survives. */
export const POST_ALLOWED_TAGS = [
  'p', 'br', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'del', 'blockquote', 'code', 'pre', 'hr',
  'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
] as const;
export const POST_ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = { a: ['href'], ol: ['start'] };

/** http(s) addresses, and paths on this site ('/ledger/…', not '//host'). */
export function isAllowedPostLink(url: string): boolean {
  const trimmed = url.trim();
  if (/^\/(?![/\\])/.test(trimmed)) return true;
  return /^https?:\/\/[^\s/\\]/i.test(trimmed);
}

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
// No images: a post may not load anything from another origin, and there is nothing to upload them to.
markdown.disable(['image']);
markdown.validateLink = isAllowedPostLink;

// A post's title is the page's <h1>: headings in the body start at <h2>.
const HEADING_SHIFT: Record<string, string> = { h1: 'h2', h2: 'h3', h3: 'h4', h4: 'h4', h5: 'h4', h6: 'h4' };

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...POST_ALLOWED_TAGS],
  allowedAttributes: Object.fromEntries(Object.entries(POST_ALLOWED_ATTRIBUTES).map(([tag, names]) => [tag, [...names]])),
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Text inside refused elements such as <script> or <style> goes with them.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'embed', 'svg', 'math'],
  transformTags: {
    ...HEADING_SHIFT,
    // A link to anywhere else keeps its words and loses the link (an element not on the list is
    // dropped, its text kept).
    a: (tagName, attribs): sanitizeHtml.Tag => {
      const href = attribs.href?.trim() ?? '';
      return isAllowedPostLink(href) ? { tagName, attribs: { href } } : { tagName: 'unlinked', attribs: {} };
    },
  },
};

/** A post's Markdown as the HTML a page shows: rendered, then sanitised. */
export function renderPostMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), SANITIZE);
}

/** The first words of a post as plain text, for descriptions, feeds and lists. */
export function postExcerpt(source: string, length = 120): string {
  const text = sanitizeHtml(markdown.render(source), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > length ? `${text.slice(0, length)}……` : text;
}
