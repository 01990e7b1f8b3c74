// The start of a published text, for a heading or a list: cut at a length, but never through a
// redaction mask (redaction.ts): "联系电话138****8000" cut after "13" would read "联系电话13……", a
// half-masked number that looks like a leak and tells the reader nothing. Pure: no imports.

// A mask as redaction.ts writes it: 138****8000, +86 138****8000, 0571-****, ****, 王**, 欧阳**,
// 浙A***, QQ：*** (the label stays outside). One or two CJK characters directly before the stars
// (a surname, a plate's province) belong to the mask; taking one too many only moves a cut earlier.
const MASK = /(?:[\u3400-\u9fff]{1,2}(?=[A-Z]?\*))?[0-9A-Za-z+\-()]*\*+[0-9A-Za-z\-]*/g;

/** Every mask in a text, as UTF-16 [start, end) ranges. */
export function maskRanges(text: string): Array<[number, number]> {
  return [...text.matchAll(MASK)].map((match) => [match.index, match.index + match[0].length]);
}

/**
 * At most `length` characters (code points) of `text`, whitespace collapsed, with `ellipsis` when
 * something was left out. A cut that would fall inside a mask moves before it (or after it, when
 * the text starts with one), so a mask is either whole or absent.
 */
export function excerptText(text: string, length: number, ellipsis = '……'): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= length) return flat;
  let cut = chars.slice(0, length).join('').length;
  for (const [start, end] of maskRanges(flat)) {
    if (start < cut && cut < end) {
      cut = start === 0 ? end : start;
      break;
    }
  }
  const kept = flat.slice(0, cut).trimEnd();
  return kept.length === flat.length ? flat : `${kept}${ellipsis}`;
}
