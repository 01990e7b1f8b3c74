// The reply frame's reading (site/src/lib/reply-pages.ts): a frame that lost a placeholder, has
// one this code does not know, or leaves a part open fails the build with a message that names
// it, instead of writing 200,000 pages with a hole in each. The pages written from the real frame
// are checked in tests/api/site-scale.test.ts and in Chromium (tests/e2e/public-pages.test.ts).
import { describe, expect, it } from 'vitest';
import { parseReplyFrame, replyPageHtml, replySection, replySlot, type ReplySection, type ReplySlot } from '../../site/src/lib/reply-pages.ts';
import type { PublicReply } from '../../db/public-snapshot-schema.ts';

const S = (name: ReplySlot) => replySlot(name);
const part = (name: ReplySection, inner: string) => `${replySection.start(name)}${inner}${replySection.end(name)}`;

/** A frame with every placeholder in a place like the real one's. */
function frame(overrides: { head?: string; body?: string } = {}): string {
  const head = overrides.head ?? `<title>${S('title')} - 留言选登</title><meta name="description" content="${S('description')}"><link href="/replies/${S('id')}/">`;
  const body =
    overrides.body ??
    [
      `<a href="${S('categoryHref')}">${S('categoryLabel')}</a>`,
      `<p>第${S('id')}号 · ${S('role')} · ${S('submittedOn')}留言 · ${S('rating')}</p>`,
      part('item', `<p><a href="${S('itemHref')}">${S('itemCode')} ${S('itemTitle')}</a></p>`),
      `<div>${S('content')}</div>`,
      `<p>${part('unit', `<a href="${S('unitHref')}">${S('unitName')}</a>`)}${part('bureau', '示例县教育局')}，${S('repliedOn')}</p>${S('reply')}`,
      `<p>${S('publishedOn')}</p>`,
    ].join('');
  return `<html><head>${head}</head><body>${body}</body></html>`;
}

const REPLY: PublicReply = {
  id: 42,
  title: 'A "quoted" <title>',
  category: 'fees',
  categoryLabel: '收费与经费',
  role: 'parent',
  content: '第一段 & more\n\n第二段',
  reply: '答复',
  unitCode: 'S03',
  unitName: '实验小学',
  unitKind: 'school',
  itemCode: 'ZG-01',
  submittedOn: '2026-11-25',
  repliedOn: '2026-12-03',
  publishedOn: '2026-12-04',
  rating: 'satisfied',
};

describe('the reply frame', () => {
  it('fills every place of the frame, escaping text and attribute values as Astro does', () => {
    const html = replyPageHtml(parseReplyFrame(frame()), REPLY, '一个事项');
    expect(html).toContain('<title>A &quot;quoted&quot; &lt;title&gt; - 留言选登</title>');
    expect(html).toContain('<meta name="description" content="第一段 &amp; more 第二段">');
    expect(html).toContain('<link href="/replies/42/">');
    expect(html).toContain('<div><p>第一段 &amp; more</p><p>第二段</p></div>');
    expect(html).toContain('<p><a href="/ledger/ZG-01/">ZG-01 一个事项</a></p>');
    expect(html).toContain('<p><a href="/replies/unit/S03/">实验小学</a>，2026年12月3日</p><p>答复</p>');
    expect(html).not.toContain('示例县教育局');
    expect(html).not.toContain('__ZFZG_');
  });

  it('leaves out the item and the unit where a reply has none, and names the bureau', () => {
    const html = replyPageHtml(parseReplyFrame(frame()), { ...REPLY, itemCode: null, unitCode: null, unitName: null }, undefined);
    expect(html).not.toContain('/ledger/');
    expect(html).not.toContain('/replies/unit/');
    expect(html).toContain('<p>示例县教育局，2026年12月3日</p>');
    // An item the snapshot does not know (withdrawn from the ledger) is not linked either.
    expect(replyPageHtml(parseReplyFrame(frame()), REPLY, undefined)).not.toContain('/ledger/');
  });

  it.each([
    ['a missing place', frame({ body: frame().replace(S('publishedOn'), '') }), /no place for: publishedOn/],
    ['a missing part', frame().replace(replySection.start('bureau'), '').replace(replySection.end('bureau'), ''), /no place for: part bureau/],
    ['an unknown place', frame({ head: `<title>${S('title')}${'__ZFZG_REPLY_SLOT_phone__'}</title><meta content="${S('description')}">` }), /unknown placeholder __ZFZG_REPLY_SLOT_phone__/],
    ['a part left open', frame().replace(replySection.end('item'), ''), /closes its part unit where it is not the last one opened|leaves its part item open/],
    ['HTML in an attribute', frame({ head: `<title>${S('title')}</title><meta content="${S('content')}${S('description')}"><i>${S('id')}</i>` }), /puts __ZFZG_REPLY_SLOT_content__ \(HTML\) inside a tag/],
  ])('refuses a frame with %s', (_, html, message) => {
    expect(() => parseReplyFrame(html)).toThrow(message);
  });
});
