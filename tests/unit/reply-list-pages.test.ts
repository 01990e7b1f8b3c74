// The reply list frame's reading and writing (site/src/lib/reply-list-pages.ts on lib/frame.ts):
// repeated parts (a reply's card, a page number), parts shown only on some pages, values escaped
// where they stand. A frame that lost a placeholder or a part fails the build, naming it. The pages
// written from the real frame are checked in tests/api/site-scale.test.ts (every page of every
// list, the sitemap, the escaping) and in Chromium (tests/e2e/public-pages.test.ts).
import { describe, expect, it } from 'vitest';
import type { PublicReply } from '../../db/public-snapshot-schema.ts';
import { parseReplyListFrame, replyCardHtml, replyListPageHtml, replyListSection, replyListSlot, type ReplyListSection, type ReplyListSlot } from '../../site/src/lib/reply-list-pages.ts';

const S = (name: ReplyListSlot) => replyListSlot(name);
const part = (name: ReplyListSection, inner: string) => `${replyListSection.start(name)}${inner}${replyListSection.end(name)}`;

/** A frame with every placeholder in a place like the real one's. */
function frame(): string {
  return [
    `<title>${S('title')}</title><meta content="${S('description')}"><meta content="https://x/${S('pagePath')}">`,
    part('introAll', '<p>all</p>'),
    part('introFilter', '<p>filter</p>'),
    `<p>当前：${S('currentLabel')}</p><ol>`,
    part('card', `<li><a href="${S('cardHref')}">${S('cardTitle')}</a> ${S('cardCategory')} ${S('cardRole')} <time datetime="${S('cardDatetime')}">${S('cardDate')}</time>${part('cardUnit', ` · ${S('cardUnit')}答复`)}${part('cardRating', ` · ${S('cardRating')}`)} ${S('cardExcerpt')}</li>`),
    `</ol><ul><li><a href="${S('firstHref')}">最新</a></li><li><a href="${S('newerHref')}">较新</a></li>`,
    part('number', `${part('gap', '<li>…</li>')}${part('here', `<li><a href="${S('numberHref')}" aria-current="page">${S('number')}</a></li>`)}${part('link', `<li><a href="${S('numberHref')}">${S('number')}</a></li>`)}`),
    part('older', `<li><a href="${S('olderHref')}">较早</a></li>`),
    '</ul>',
  ].join('');
}

const REPLY: PublicReply = {
  id: 42,
  title: 'A "quoted" <title>',
  category: 'fees',
  categoryLabel: '收费&"经费"',
  role: 'parent',
  content: '正文',
  reply: '答复 <b>',
  unitCode: 'S03',
  unitName: '实验小学',
  unitKind: 'school',
  itemCode: null,
  submittedOn: '2026-11-25',
  repliedOn: '2026-12-03',
  publishedOn: '2026-12-04',
  rating: null,
};

describe('the reply list frame', () => {
  const parsed = parseReplyListFrame(frame());

  it("writes a reply's card with its unit, without a rating it has none of, escaped", () => {
    const card = replyCardHtml(parsed, REPLY);
    expect(card).toBe('<li><a href="/replies/42/">A &quot;quoted&quot; &lt;title&gt;</a> 收费&amp;&quot;经费&quot; 家长 <time datetime="2026-11-25">2026年11月25日</time> · 实验小学答复 答复 &lt;b&gt;</li>');
    expect(replyCardHtml(parsed, { ...REPLY, unitCode: null, unitName: null, rating: 'satisfied' })).toMatch(/<\/time> · 满意 答复/);
  });

  it('writes a middle page of a filter: its cards, its numbers with gaps and the current one, newer and older', () => {
    const html = replyListPageHtml(parsed, { kind: 'category', code: 'fees', label: '收费&"经费"', total: 200 }, 6, '<li>card</li>');
    expect(html).toContain('<title>留言选登：收费&amp;&quot;经费&quot;（第 6 页）</title>');
    expect(html).toContain('<meta content="收费&amp;&quot;经费&quot;类的公开留言和答复。">');
    expect(html).toContain('<meta content="https://x/replies/category/fees/6/">');
    expect(html).toContain('<p>filter</p>');
    expect(html).not.toContain('<p>all</p>');
    expect(html).toContain('<ol><li>card</li></ol>');
    // Newest first: 8 7 [6] 5 4 … 1 (no last page: it moves with newer replies); 较新 is page 7, 较早 page 5.
    expect(html).toContain(
      '<li><a href="/replies/category/fees/">最新</a></li><li><a href="/replies/category/fees/7/">较新</a></li>' +
        '<li><a href="/replies/category/fees/8/">8</a></li><li><a href="/replies/category/fees/7/">7</a></li><li><a href="/replies/category/fees/6/" aria-current="page">6</a></li>' +
        '<li><a href="/replies/category/fees/5/">5</a></li><li><a href="/replies/category/fees/4/">4</a></li><li>…</li><li><a href="/replies/category/fees/1/">1</a></li>' +
        '<li><a href="/replies/category/fees/5/">较早</a></li></ul>',
    );
  });

  it("writes the list of every reply's newest and oldest pages: 较新 leads to the first address, page 1 has no 较早", () => {
    const newest = replyListPageHtml(parsed, { kind: 'all', code: '', label: '', total: 45 }, 3, '');
    expect(newest).toContain('<title>留言选登（第 3 页）</title>');
    expect(newest).toContain('<p>all</p>');
    expect(newest).toContain('<p>当前：全部留言</p>');
    expect(newest).toContain('<li><a href="/replies/">较新</a></li>');
    const oldest = replyListPageHtml(parsed, { kind: 'unit', code: 'S03', label: '实验小学', total: 45 }, 1, '');
    expect(oldest).toContain('<li><a href="/replies/unit/S03/2/">较新</a></li>');
    expect(oldest).not.toContain('较早');
    expect(oldest).toContain('<meta content="实验小学答复的公开留言。">');
  });

  it.each([
    ['a missing place', frame().replace(S('olderHref'), ''), /no place for: olderHref/],
    ['a missing part', frame().replace(replyListSection.start('gap'), '').replace(replyListSection.end('gap'), ''), /no place for: part gap/],
    ['an unknown place', frame().replace(S('cardExcerpt'), '__ZFZG_LIST_SLOT_phone__'), /unknown placeholder __ZFZG_LIST_SLOT_phone__/],
    ['a repeated part left open', frame().replace(replyListSection.end('card'), ''), /closes its part card where|leaves its part card open/],
    ['a placeholder cut short', `${frame()}__ZFZG_LIST_SLOT_`, /has a placeholder this build does not read/],
  ])('refuses a frame with %s', (_, html, message) => {
    expect(() => parseReplyListFrame(html)).toThrow(message);
  });
});
