// The 整改信息 renderer against hostile Markdown and HTML: whatever goes in, nothing but the allowed
// elements and attributes comes out, and every link is http(s) or a path on this site.
import { describe, expect, it } from 'vitest';
import { isAllowedPostLink, POST_ALLOWED_ATTRIBUTES, POST_ALLOWED_TAGS, postExcerpt, renderPostMarkdown } from '../../server/domain/post-markdown.ts';

const HOSTILE: readonly string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)><circle r=1></circle></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<a href="javascript:alert(1)">点我</a>',
  '[点我](javascript:alert(1))',
  '[点我](JaVaScRiPt:alert(1))',
  '[点我](java\nscript:alert(1))',
  '[点我](&#106;avascript:alert(1))',
  '[点我](%6Aavascript:alert(1))',
  '[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[点我](vbscript:msgbox(1))',
  '[点我](file:///etc/passwd)',
  '[点我](//evil.example/phish)',
  '[点我](/\\evil.example)',
  '[点我](mailto:someone@example.com)',
  '[点我][ref]\n\n[ref]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '![图](https://evil.example/track.png)',
  '![图](javascript:alert(1))',
  '<div style="position:fixed;top:0">覆盖</div>',
  '<p onclick="alert(1)">点击</p>',
  '<form action="https://evil.example"><input name=x><button>提交</button></form>',
  '<style>body{display:none}</style>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '<object data="x.swf"></object><embed src="x.swf">',
  '<base href="https://evil.example/">',
  '<!-- <script>alert(1)</script> -->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<details open ontoggle=alert(1)>x</details>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '| a | b |\n|:-:|--:|\n| <b onmouseover=alert(1)>x</b> | [y](javascript:1) |',
  '> <img src=x onerror=alert(1)>\n> [z](https://ok.example/ "title" onclick=alert(1))',
  '[a](https://ok.example/" onmouseover="alert(1))',
  '[a](<https://ok.example/ onmouseover=alert(1)>)',
  'https://ok.example/?q=<script>',
  '<a href="https://ok.example/" target="_blank" rel="opener" style="color:red" id="x" class="y">ok</a>',
  '# 标题 <script>x</script>\n###### 六级',
  '<h1 id=x>raw</h1>',
  '\u0000<scr\u0000ipt>alert(1)</script>',
  '<<script>script>alert(1)<</script>/script>',
  '<a href="https://ok.example/">'.repeat(50),
  '*'.repeat(5000),
  '[x](https://ok.example/'.repeat(200),
];

const ALLOWED_TAGS = new Set<string>(POST_ALLOWED_TAGS);

/** Every tag in the output with its attributes (the renderer escapes every other '<'). */
function tagsOf(html: string): { name: string; attributes: Record<string, string> }[] {
  const tags: { name: string; attributes: Record<string, string> }[] = [];
  const pattern = /<\/?([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>/g;
  // Any '<' that does not start a well-formed tag is a leak.
  for (const index of [...html.matchAll(/</g)].map((match) => match.index)) {
    pattern.lastIndex = index;
    const match = pattern.exec(html);
    expect(match?.index, `stray "<" at ${index} in ${html}`).toBe(index);
  }
  for (const match of html.matchAll(pattern)) {
    const attributes: Record<string, string> = {};
    for (const attribute of (match[2] ?? '').matchAll(/([^\s=]+)(?:="([^"]*)")?/g)) attributes[attribute[1]!.toLowerCase()] = attribute[2] ?? '';
    tags.push({ name: match[1]!.toLowerCase(), attributes });
  }
  return tags;
}

describe('renderPostMarkdown', () => {
  it.each(HOSTILE.map((input) => [input.slice(0, 60), input]))('lets nothing outside the allowed set through: %s', (_label, input) => {
    const html = renderPostMarkdown(input);
    for (const tag of tagsOf(html)) {
      expect(ALLOWED_TAGS.has(tag.name), `<${tag.name}> in ${html}`).toBe(true);
      const allowed = POST_ALLOWED_ATTRIBUTES[tag.name] ?? [];
      for (const [name, value] of Object.entries(tag.attributes)) {
        expect(allowed, `${name} on <${tag.name}> in ${html}`).toContain(name);
        if (name === 'href') expect(isAllowedPostLink(value.replaceAll('&amp;', '&')), `href ${value}`).toBe(true);
      }
    }
    expect(html).not.toMatch(/<(script|iframe|img|style|svg|math|form|object|embed|base|meta|link)\b/i);
  });

  it('keeps what a bureau writes: headings from h2, lists, emphasis, quotes, tables and links', () => {
    const html = renderPostMarkdown(
      '# 一级\n\n## 二级\n\n正文**加粗**和*强调*。\n\n- 一\n- 二\n\n1. 甲\n2. 乙\n\n> 引文\n\n| 项目 | 数量 |\n|---|---|\n| 会议 | 26 |\n\n[台账](/ledger/ZG-2026-01/) 和 [办法](https://www.example.edu.cn/a.html)',
    );
    expect(html).toContain('<h2>一级</h2>');
    expect(html).toContain('<h3>二级</h3>');
    expect(html).toContain('<strong>加粗</strong>');
    expect(html).toContain('<em>强调</em>');
    expect(html).toContain('<ul>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<td>26</td>');
    expect(html).toContain('<a href="/ledger/ZG-2026-01/">台账</a>');
    expect(html).toContain('<a href="https://www.example.edu.cn/a.html">办法</a>');
  });

  it('shows raw HTML as text, and a refused link as its words', () => {
    expect(renderPostMarkdown('<b>粗</b>')).toContain('&lt;b&gt;粗&lt;/b&gt;');
    const html = renderPostMarkdown('<a href="javascript:alert(1)">点我</a>');
    expect(html).toContain('点我');
    expect(html).not.toContain('<a');
  });

  it.each([
    ['https://example.com/a', true],
    ['http://example.com/', true],
    ['/ledger/ZG-1/', true],
    ['//evil.example', false],
    ['/\\evil.example', false],
    ['javascript:alert(1)', false],
    ['data:text/html,x', false],
    ['mailto:a@b.c', false],
    ['ledger/x', false],
  ])('isAllowedPostLink(%s) is %s', (url, expected) => {
    expect(isAllowedPostLink(url)).toBe(expected);
  });

  it('gives a plain-text excerpt without markup', () => {
    expect(postExcerpt('# 标题\n\n正文 **粗** & <b>x</b>')).toBe('标题 正文 粗 & <b>x</b>');
    expect(postExcerpt('字'.repeat(200), 10)).toBe(`${'字'.repeat(10)}……`);
  });
});
