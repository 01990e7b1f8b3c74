// The search page's script (pages/search.astro): reads the query and the kind from the form (or
// the address, so a search can be linked: /search/?q=食堂&kind=事项), asks Pagefind, and lists
// the results. Pagefind's own script, worker and WebAssembly come from /pagefind/ on this origin,
// loaded on the first search only. Result texts are put in as text; the only element kept from
// Pagefind's excerpts is <mark>, for the matched words.
import { SEARCH_KINDS } from '../consts.ts';

/** Pagefind's JavaScript API, as much of it as this page uses (pagefind.app/docs/api/). */
interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  filters: Record<string, string[]>;
}
interface PagefindApi {
  options(options: { excerptLength?: number }): Promise<void>;
  search(term: string, options?: { filters?: Record<string, string> }): Promise<{ results: { data(): Promise<PagefindResultData> }[] }>;
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
let latestSearch = 0;

function loadPagefind(): Promise<PagefindApi> {
  pagefind ??= (import(/* @vite-ignore */ PAGEFIND_URL) as Promise<PagefindApi>).then(async (api) => {
    await api.options({ excerptLength: 40 });
    return api;
  });
  return pagefind;
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

function resultItem(data: PagefindResultData): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'search-result';
  const kind = kindLabels.get(data.filters.kind?.[0] ?? '');
  if (kind) {
    const badge = document.createElement('span');
    badge.className = 'search-result__kind';
    badge.textContent = kind;
    item.append(badge);
  }
  const heading = document.createElement('h2');
  heading.className = 'search-result__title';
  const link = document.createElement('a');
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  heading.append(link);
  const excerpt = document.createElement('p');
  excerpt.className = 'search-result__excerpt';
  excerpt.append(...excerptNodes(data.excerpt));
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
    const api = await loadPagefind();
    const found = await api.search(term, kind ? { filters: { kind } } : {});
    const shown = await Promise.all(found.results.slice(0, SHOWN_RESULTS).map((result) => result.data()));
    if (searchId !== latestSearch) return;
    const scope = kind ? `在${kindLabels.get(kind) ?? kind}中` : '';
    if (shown.length === 0) {
      status.textContent = `${scope}没有找到与“${term}”相关的内容。请检查错别字、换一个说法或减少关键词后再试，也可以浏览整改台账、整改信息和留言选登。`;
      return;
    }
    const more = found.results.length > shown.length ? `，下面列出前 ${shown.length} 条；加一个关键词可以缩小范围` : '';
    status.textContent = `${scope}找到 ${found.results.length} 条与“${term}”相关的内容${more}。`;
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
