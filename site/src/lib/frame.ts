// Pages written from a frame: a page Astro renders once with a placeholder wherever a value goes
// and markers around the parts shown only for some pages or repeated on a page (a list's entries,
// its page links). The build reads the frame once, checks it, and writes each page from it with its
// values, escaped as Astro escapes them in that place (text, or a double-quoted attribute), so a
// written page is the page Astro would have rendered, at a small fraction of the time and memory
// (site/decisions/008-reply-pages-written-from-a-frame.md). Used by the reply pages
// (lib/reply-pages.ts) and the numbered pages of the reply lists (lib/reply-list-pages.ts).
import { AstroError } from 'astro/errors';

/** What a kind of frame has: its placeholders' prefix, its values, which of them are HTML, its parts. */
export interface FrameSpec<Slot extends string, Section extends string> {
  /** Names the frame in messages ("The reply frame"). */
  label: string;
  /** Starts every placeholder and marker: `__ZFZG_<KIND>_`. */
  prefix: string;
  slots: readonly Slot[];
  /** Values that are HTML already (never in a tag, never escaped). */
  htmlSlots: readonly Slot[];
  sections: readonly Section[];
  /** Where to look when the frame is refused. */
  hint: string;
}

type Node<Slot extends string, Section extends string> =
  | { kind: 'text'; text: string }
  | { kind: 'slot'; name: Slot; html: boolean; inAttribute: boolean }
  | { kind: 'section'; name: Section; children: Node<Slot, Section>[] };

/** A frame read into its parts, checked: every value and part has its place. */
export interface Frame<Slot extends string, Section extends string> {
  nodes: readonly Node<Slot, Section>[];
}

/**
 * The values of one page, or of one repetition of a repeated part. A part is shown (true), left
 * out (false), repeated once for each scope given, or given as HTML written already (a string:
 * `part` wrote it, for a part shown the same on several pages); a value or part not given here is
 * looked up in the scope around it.
 */
export interface FrameScope<Slot extends string, Section extends string> {
  values?: Partial<Record<Slot, string>>;
  sections?: Partial<Record<Section, FramePart<Slot, Section>>>;
}
export type FramePart<Slot extends string, Section extends string> = boolean | string | readonly FrameScope<Slot, Section>[];

// Astro's own escaping (astro/dist/runtime/server: escapeHTML for text, toAttributeString for
// attribute values), so that a written page is byte for byte the page Astro would have rendered.
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' };
export function escapeText(value: string): string {
  return value.replace(/[&<>'"]/g, (char) => TEXT_ESCAPES[char]!);
}
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** The placeholders, the markers, the reading and the writing of one kind of frame. */
export function defineFrame<Slot extends string, Section extends string>(spec: FrameSpec<Slot, Section>) {
  const { label, prefix, hint } = spec;
  const mark = new RegExp(`${prefix}(SLOT|IF|END)_([A-Za-z]+)__`, 'g');
  const htmlSlots: ReadonlySet<string> = new Set(spec.htmlSlots);
  const refuse = (message: string) => new AstroError(`${label} ${message}`, hint);

  /** The placeholder of a value, for the frame. */
  const slot = (name: Slot): string => `${prefix}SLOT_${name}__`;
  /** The markers around a part of the frame shown only for some pages, or repeated. */
  const section = { start: (name: Section) => `${prefix}IF_${name}__`, end: (name: Section) => `${prefix}END_${name}__` };

  /** Reads the frame Astro rendered; fails when a placeholder is unknown, missing or out of place. */
  function parse(html: string): Frame<Slot, Section> {
    const root: Node<Slot, Section>[] = [];
    const open: { name: Section; children: Node<Slot, Section>[] }[] = [];
    const seen = new Set<string>();
    const into = () => open.at(-1)?.children ?? root;
    let last = 0;
    for (const match of html.matchAll(mark)) {
      const [token, kind, name] = match as unknown as [string, 'SLOT' | 'IF' | 'END', string];
      const at = match.index;
      if (at > last) into().push({ kind: 'text', text: html.slice(last, at) });
      last = at + token.length;
      if (kind === 'SLOT') {
        if (!(spec.slots as readonly string[]).includes(name)) throw refuse(`has an unknown placeholder ${token}.`);
        // Inside a tag (the last angle bracket before it opens one): an attribute's value.
        const inAttribute = html.lastIndexOf('<', at) > html.lastIndexOf('>', at);
        const isHtml = htmlSlots.has(name);
        if (isHtml && inAttribute) throw refuse(`puts ${token} (HTML) inside a tag.`);
        into().push({ kind: 'slot', name: name as Slot, html: isHtml, inAttribute });
        seen.add(name);
      } else {
        if (!(spec.sections as readonly string[]).includes(name)) throw refuse(`has an unknown part ${token}.`);
        const part = name as Section;
        if (kind === 'IF') {
          if (open.some((opened) => opened.name === part)) throw refuse(`opens its part ${part} twice.`);
          const node = { kind: 'section' as const, name: part, children: [] };
          into().push(node);
          open.push(node);
          seen.add(`part:${part}`);
        } else if (open.pop()?.name !== part) throw refuse(`closes its part ${part} where it is not the last one opened.`);
      }
    }
    if (last < html.length) into().push({ kind: 'text', text: html.slice(last) });
    if (open.length > 0) throw refuse(`leaves its part ${open.at(-1)!.name} open.`);
    const missing = [...spec.slots.filter((name) => !seen.has(name)), ...spec.sections.filter((name) => !seen.has(`part:${name}`)).map((name) => `part ${name}`)];
    if (missing.length > 0) throw refuse(`has no place for: ${missing.join(', ')}.`);
    if (html.replace(mark, '').includes(prefix)) throw refuse('has a placeholder this build does not read.');
    return { nodes: root };
  }

  function value(scopes: readonly FrameScope<Slot, Section>[], name: Slot): string {
    for (let at = scopes.length - 1; at >= 0; at -= 1) {
      const found = scopes[at]!.values?.[name];
      if (found !== undefined) return found;
    }
    throw new Error(`${label}: no value for ${name}`);
  }

  function shown(scopes: readonly FrameScope<Slot, Section>[], name: Section): FramePart<Slot, Section> {
    for (let at = scopes.length - 1; at >= 0; at -= 1) {
      const found = scopes[at]!.sections?.[name];
      if (found !== undefined) return found;
    }
    throw new Error(`${label}: nothing says whether to show ${name}`);
  }

  function write(nodes: readonly Node<Slot, Section>[], scopes: FrameScope<Slot, Section>[]): string {
    let html = '';
    for (const node of nodes) {
      if (node.kind === 'text') html += node.text;
      else if (node.kind === 'slot') {
        const text = value(scopes, node.name);
        html += node.html ? text : node.inAttribute ? escapeAttribute(text) : escapeText(text);
      } else {
        const part = shown(scopes, node.name);
        if (part === true) html += write(node.children, scopes);
        else if (typeof part === 'string') html += part;
        else if (part !== false) {
          for (const scope of part) {
            scopes.push(scope);
            html += write(node.children, scopes);
            scopes.pop();
          }
        }
      }
    }
    return html;
  }

  /** A page: the frame with its values. */
  function page(frame: Frame<Slot, Section>, scope: FrameScope<Slot, Section>): string {
    return write(frame.nodes, [scope]);
  }

  function find(nodes: readonly Node<Slot, Section>[], name: Section): (Node<Slot, Section> & { kind: 'section' }) | undefined {
    for (const node of nodes) {
      if (node.kind !== 'section') continue;
      if (node.name === name) return node;
      const inner = find(node.children, name);
      if (inner) return inner;
    }
    return undefined;
  }

  /** One part of the frame (its first place) with these values: HTML to give a page as the part's value. */
  function part(frame: Frame<Slot, Section>, name: Section, scope: FrameScope<Slot, Section>): string {
    const node = find(frame.nodes, name);
    if (!node) throw new Error(`${label}: no part ${name}`);
    return write(node.children, [scope]);
  }

  return { slot, section, parse, page, part };
}
