// Moving Astro's inline scripts into files (site/src/integrations/external-inline-scripts.ts): real
// script elements move, data and text that only look like a script stay where they are.
import { describe, expect, it } from 'vitest';
import { moveBodyStylesToHead, moveInlineScripts } from '../../site/src/integrations/external-inline-scripts.ts';

function move(html: string): { html: string; moved: string[] } {
  const moved: string[] = [];
  const result = moveInlineScripts(html, (code) => {
    moved.push(code);
    return `/_astro/inline.${moved.length}.js`;
  });
  return { html: result, moved };
}

describe('moveInlineScripts', () => {
  it('moves classic and module inline scripts, keeping their attributes and order', () => {
    const { html, moved } = move('<head><script>a()</script></head><body><p>x</p><script type="module" data-x="1">b()</script></body>');
    expect(moved).toEqual(['a()', 'b()']);
    expect(html).toBe('<head><script src="/_astro/inline.1.js"></script></head><body><p>x</p><script type="module" data-x="1" src="/_astro/inline.2.js"></script></body>');
  });

  it('leaves scripts with a src, data scripts and empty ones alone', () => {
    const page = '<script src="/text-size.js"></script><script type="application/ld+json">{"a":1}</script><script> </script>';
    expect(move(page)).toEqual({ html: page, moved: [] });
  });

  it.each([
    // As Astro writes it: quotes escaped, '<' and '>' not.
    ['a description holding a post’s words', '<meta name="description" content="恶意代码 <img src=x onerror=&quot;window.hacked=1&quot;> 与 <script>window.hacked=2</script> 只能">'],
    ['an attribute in single quotes', `<a title='<script>alert(1)</script>' href="/">x</a>`],
    ['a comment', '<!-- <script>alert(1)</script> -->'],
    ['a > inside an attribute before the text', '<meta content="a > b <script>alert(1)</script>">'],
  ])('writes no file for a script that is only text: %s', (_name, fragment) => {
    const page = `<head>${fragment}<script>real()</script></head>`;
    const { html, moved } = move(page);
    expect(moved).toEqual(['real()']);
    expect(html).toBe(`<head>${fragment}<script src="/_astro/inline.1.js"></script></head>`);
  });
});

describe('moveBodyStylesToHead', () => {
  it('moves the island style from the body to the end of the head, in order, and leaves head styles', () => {
    const html =
      '<!doctype html><html><head><title>t</title><style>h1{color:red}</style></head><body><h1>标题</h1>' +
      '<style>astro-island,astro-slot{display:contents}</style><astro-island></astro-island><p>x</p><style>p{margin:0}</style></body></html>';
    expect(moveBodyStylesToHead(html)).toBe(
      '<!doctype html><html><head><title>t</title><style>h1{color:red}</style><style>astro-island,astro-slot{display:contents}</style><style>p{margin:0}</style></head>' +
        '<body><h1>标题</h1><astro-island></astro-island><p>x</p></body></html>',
    );
  });

  it('leaves a page without body styles as it is, and text that only looks like a tag alone', () => {
    const page = '<html><head><meta name="description" content="</head><style>x</style>"></head><body><p>&lt;style&gt;</p></body></html>';
    expect(moveBodyStylesToHead(page)).toBe(page);
    const withStyle = '<html><head><meta name="description" content="</head>"></head><body><style>a{}</style></body></html>';
    expect(moveBodyStylesToHead(withStyle)).toBe('<html><head><meta name="description" content="</head>"><style>a{}</style></head><body></body></html>');
  });
});
