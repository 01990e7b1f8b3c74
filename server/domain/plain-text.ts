// Text as people see it. A letter made only of zero-width spaces or soft hyphens looks empty on a
// screen and must not count as an opinion; half of a surrogate pair is no character at all.

/** Characters that never show on their own (zero-width spaces, soft hyphens, bidi controls, fillers …). */
const INVISIBLE = /^[\p{Default_Ignorable_Code_Point}\u2800]$/u;
/** Joiners and variation selectors: part of what they follow (emoji sequences, 葛󠄀, Mongolian). */
const MODIFIES_PREVIOUS = /^[\u200C\u200D\u180B-\u180D\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u;
/** Tag characters spell out subdivision flags after 🏴; nowhere else do they mean anything. */
const TAG = /^[\u{E0020}-\u{E007F}]$/u;
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const WHITESPACE = /^\s$/u;

function isLoneSurrogate(char: string): boolean {
  const code = char.charCodeAt(0);
  return char.length === 1 && code >= 0xd800 && code <= 0xdfff;
}

/**
 * Removes characters that show nothing: invisible format characters (U+200B, U+00AD, U+2060,
 * U+FEFF, bidi controls, Hangul fillers, the blank braille cell …) and lone surrogates. Joiners
 * and variation selectors stay where they attach to a visible character, so emoji sequences such
 * as 👩‍👩‍👧 and ❤️ keep their meaning.
 */
export function stripInvisibleCharacters(text: string): string {
  let out = '';
  let previous = '';
  for (const char of text) {
    if (isLoneSurrogate(char)) continue;
    if (INVISIBLE.test(char)) {
      const attaches = TAG.test(char)
        ? PICTOGRAPH.test(previous) || TAG.test(previous)
        : MODIFIES_PREVIOUS.test(char) && previous !== '' && !WHITESPACE.test(previous) && !INVISIBLE.test(previous);
      if (!attaches) continue;
    }
    out += char;
    previous = char;
  }
  return out;
}
