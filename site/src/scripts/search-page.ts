// The search page's script (pages/search.astro): reads the query and the kind from the form (or
// the address, so a search can be linked: /search/?q=食堂&kind=事项), asks Pagefind, and lists
// the results. Pagefind's own script, worker and WebAssembly come from /pagefind/ on this origin,
// loaded on the first search only. Result texts are put in as text; the only element kept from
// Pagefind's excerpts is <mark>, for the matched words.
//
// Replies are indexed in bundles (integrations/search-index.ts): a bundle is one Pagefind result
// and each of its replies a sub-result. The page lists each reply found as a result of its own,
// linking to /replies/<id>/, and counts replies, not bundles: which replies a bundle's matched
// words fall in comes from REPLY_ANCHORS_PATH, so counting loads no bundle; only the bundles
// with a reply among the results shown are loaded.
import { REPLY_ANCHOR_PREFIX, REPLY_ANCHORS_PATH, REPLY_INDEX_PATH, SEARCH_KINDS } from '../consts.ts';

/** Pagefind's JavaScript API, as much of it as this page uses (pagefind.app/docs/api/). */
interface PagefindSubResult {
  title: string;
  excerpt: string;
  anchor?: { id: string };
}
interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  filters: Record<string, string[]>;
  sub_results: PagefindSubResult[];
}
interface PagefindResult {
  /** Pagefind's hash of the page: the key of REPLY_ANCHORS_PATH's bundles. */
  id: string;
  /** Where in the page's words the search matched. */
  words: number[];
  data(): Promise<PagefindResultData>;
}
interface PagefindApi {
  options(options: { excerptLength?: number }): Promise<void>;
  mergeIndex(path: string): Promise<void>;
  search(term: string, options?: { filters?: Record<string, string> }): Promise<{ results: PagefindResult[] }>;
}

/** What the page lists: a page Pagefind found, or one reply of a bundle it found. */
interface Hit {
  result: PagefindResult;
  /** For a reply in a bundle: its number. */
  replyId?: number;
}
/** A listed result, as shown. */
interface Shown {
  kind: string | undefined;
  title: string;
  url: string;
  excerpt: string;
}

const PAGEFIND_URL = '/pagefind/pagefind.js';
/** Results shown for one search; more are named in the status with a hint to narrow it. */
const SHOWN_RESULTS = 20;

const form = document.querySelector<HTMLFormElement>('#search-form')!;
const queryInput = form.querySelector<HTMLInputElement>('#search-query')!;
const status = document.querySelector<HTMLElement>('#search-status')!;
const list = document.querySelector<HTMLOListElement>('#search-results')!;
const kindLabels = new Map<string, string>(SEARCH_KINDS.map((entry) => [entry.kind, entry.label]));

let pagefind: Promise<PagefindApi> | undefined;
let replyAnchors: Promise<Map<string, { location: number; id: number }[]>> | undefined;
let latestSearch = 0;

function loadPagefind(): Promise<PagefindApi> {
  // The replies have an index of their own (REPLY_INDEX_PATH), merged into the items' and posts'
  // when the site has any: the anchors list every bundle.
  pagefind ??= Promise.all([import(/* @vite-ignore */ PAGEFIND_URL) as Promise<PagefindApi>, loadReplyAnchors()]).then(async ([api, anchorsByPage]) => {
    await api.options({ excerptLength: 40 });
    if (anchorsByPage.size > 0) await api.mergeIndex(REPLY_INDEX_PATH);
    return api;
  });
  pagefind.catch(() => (pagefind = undefined));
  return pagefind;
}

/** For each bundle, its replies in the order of their words: where each starts, and its number. */
function loadReplyAnchors(): Promise<Map<string, { location: number; id: number }[]>> {
  replyAnchors ??= fetch(REPLY_ANCHORS_PATH).then(async (response) => {
    if (!response.ok) throw new Error(`${REPLY_ANCHORS_PATH}: ${response.status}`);
    const deltas = (await response.json()) as Record<string, number[]>;
    return new Map(
      Object.entries(deltas).map(([page, list]) => {
        const anchors: { location: number; id: number }[] = [];
        for (let at = 0; at < list.length; at += 2) {
          const previous = anchors.at(-1) ?? { location: 0, id: 0 };
          anchors.push({ location: previous.location + list[at]!, id: previous.id + list[at + 1]! });
        }
        return [page, anchors];
      }),
    );
  });
  replyAnchors.catch(() => (replyAnchors = undefined));
  return replyAnchors;
}

/**
 * The results as the page lists them: a page found is one; a bundle is as many as the replies its
 * matched words fall in, those with more matched words first, at the bundle's place in the ranking.
 */
function hitsOf(results: readonly PagefindResult[], anchorsByPage: Map<string, { location: number; id: number }[]>): Hit[] {
  return results.flatMap((result): Hit[] => {
    const anchors = anchorsByPage.get(result.id);
    if (!anchors) return [{ result }];
    const matched = new Map<number, number>();
    for (const word of result.words) {
      let at = anchors.length - 1;
      while (at >= 0 && anchors[at]!.location > word) at -= 1;
      if (at >= 0) matched.set(anchors[at]!.id, (matched.get(anchors[at]!.id) ?? 0) + 1);
    }
    return [...matched].sort((a, b) => b[1] - a[1]).map(([replyId]) => ({ result, replyId }));
  });
}

/** What a hit shows: a page's own title, address and excerpt, or those of the reply's sub-result. */
function shownOf(hit: Hit, data: PagefindResultData): Shown {
  const kind = kindLabels.get(data.filters.kind?.[0] ?? '');
  if (hit.replyId === undefined) return { kind, title: data.meta.title ?? data.url, url: data.url, excerpt: data.excerpt };
  const sub = data.sub_results.find((candidate) => candidate.anchor?.id === `${REPLY_ANCHOR_PREFIX}${hit.replyId}`);
  if (!sub) throw new Error(`reply ${hit.replyId} is not in its bundle's sub-results`);
  return { kind, title: sub.title, url: `/replies/${hit.replyId}/`, excerpt: sub.excerpt };
}

function selectedKind(): string {
  return new FormData(form).get('kind')?.toString() ?? '';
}

/** Pagefind's excerpt as nodes: its text, with <mark> around the matched words and nothing else. */
function excerptNodes(excerpt: string): Node[] {
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, 'text/html');
  return [...(parsed.body.firstChild?.childNodes ?? [])].map((node) => {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent ?? '');
  });
}

function resultItem(shown: Shown): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'search-result';
  const { kind } = shown;
  if (kind) {
    const badge = document.createElement('span');
    badge.className = 'search-result__kind';
    badge.textContent = kind;
    item.append(badge);
  }
  const heading = document.createElement('h2');
  heading.className = 'search-result__title';
  const link = document.createElement('a');
  link.href = shown.url;
  link.textContent = shown.title;
  heading.append(link);
  const excerpt = document.createElement('p');
  excerpt.className = 'search-result__excerpt';
  excerpt.append(...excerptNodes(shown.excerpt));
  item.append(heading, excerpt);
  return item;
}

async function runSearch(): Promise<void> {
  const term = queryInput.value.trim();
  const kind = selectedKind();
  const searchId = ++latestSearch;
  list.replaceChildren();
  if (term === '') {
    status.textContent = '请输入要搜索的关键词。';
    return;
  }
  status.textContent = '正在搜索……';
  try {
    const [api, anchorsByPage] = await Promise.all([loadPagefind(), loadReplyAnchors()]);
    const found = await api.search(term, kind ? { filters: { kind } } : {});
    const hits = hitsOf(found.results, anchorsByPage);
    // A bundle's data is loaded once, however many of its replies are shown.
    const loaded = new Map<PagefindResult, Promise<PagefindResultData>>();
    const dataOf = (result: PagefindResult) => loaded.get(result) ?? loaded.set(result, result.data()).get(result)!;
    const shown = await Promise.all(hits.slice(0, SHOWN_RESULTS).map(async (hit) => shownOf(hit, await dataOf(hit.result))));
    if (searchId !== latestSearch) return;
    const scope = kind ? `在${kindLabels.get(kind) ?? kind}中` : '';
    if (shown.length === 0) {
      status.textContent = `${scope}没有找到与“${term}”相关的内容。请检查错别字、换一个说法或减少关键词后再试，也可以浏览整改台账、整改信息和留言选登。`;
      return;
    }
    const more = hits.length > shown.length ? `，下面列出前 ${shown.length} 条；加一个关键词可以缩小范围` : '';
    status.textContent = `${scope}找到 ${hits.length} 条与“${term}”相关的内容${more}。`;
    list.replaceChildren(...shown.map(resultItem));
  } catch {
    if (searchId !== latestSearch) return;
    status.textContent = '搜索暂时无法使用，请稍后再试，或浏览整改台账、整改信息和留言选登。';
  }
}

/** Keeps the search in the address, so that it can be shared and survives going back. */
function rememberSearch(): void {
  const params = new URLSearchParams();
  const term = queryInput.value.trim();
  if (term) params.set('q', term);
  if (selectedKind()) params.set('kind', selectedKind());
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  rememberSearch();
  void runSearch();
});
form.addEventListener('change', (event) => {
  if ((event.target as HTMLInputElement).name !== 'kind' || queryInput.value.trim() === '') return;
  rememberSearch();
  void runSearch();
});

const initial = new URLSearchParams(location.search);
queryInput.value = initial.get('q') ?? '';
const initialKind = form.querySelector<HTMLInputElement>(`input[name="kind"][value="${CSS.escape(initial.get('kind') ?? '')}"]`);
if (initialKind) initialKind.checked = true;
form.hidden = false;
if (queryInput.value.trim() !== '') void runSearch();
