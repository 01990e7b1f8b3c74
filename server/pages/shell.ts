// The frame of the pages the server writes itself: the built site's /shell/<section>/ page (the
// site's header, navigation, large-text switch, footer and stylesheet) with placeholders for the
// title and the content. Read from the live build on each use, so a rebuild's new stylesheet is
// picked up; without a built site (API-only tests, a broken build) a plain frame is used.
import { join } from 'node:path';
import { currentLink } from '../site-builds.ts';
import { readBuiltFile } from '../site-gzip-only.ts';
import { escapeHtml, type SafeHtml } from './html.ts';

export const SHELL_TITLE = '__ZFZG_TITLE__';
export const SHELL_CONTENT = '__ZFZG_CONTENT__';
export type ShellSection = 'feedback' | 'track';

const FALLBACK = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${SHELL_TITLE}</title>
<style>body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;font-size:18px;line-height:1.75;color:#1f1f1f;max-width:40rem;margin:0 auto;padding:1rem}a{color:#b3261e}.button{display:inline-block;min-height:44px;padding:.5rem 1rem}</style>
</head><body><main id="main">${SHELL_CONTENT}</main></body></html>`;

export function loadShell(siteDir: string | null, section: ShellSection): string {
  if (siteDir === null) return FALLBACK;
  try {
    // A page larger than a block is stored only as index.html.gz (site/decisions/006).
    const shell = readBuiltFile(join(currentLink(siteDir), 'shell', section, 'index.html'))?.toString('utf8');
    return shell?.includes(SHELL_CONTENT) ? shell : FALLBACK;
  } catch {
    return FALLBACK;
  }
}

export function renderPage(shell: string, title: string, content: SafeHtml): string {
  return shell.replaceAll(SHELL_TITLE, escapeHtml(title)).replace(SHELL_CONTENT, () => content.value);
}
