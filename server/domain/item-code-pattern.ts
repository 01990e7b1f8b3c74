// The codes the import gives items of a sheet that has none: a pattern such as ZG-{YYYY}-{NNN}
// (LEDGER_CODE_PATTERN) → ZG-2026-001, ZG-2026-002 … in the sheet's order, after the highest code
// of that form already in the ledger. Pure: the caller passes the codes that exist.
import { itemCodeProblem } from './ledger-rules.ts';

export const DEFAULT_ITEM_CODE_PATTERN = 'ZG-{YYYY}-{NNN}';

export interface ItemCodePattern {
  source: string;
  /** The code with counter `n` in `year`. */
  format(year: number, n: number): string;
  /** The counter of a code made by this pattern in `year`, or null for any other code. */
  counterOf(code: string, year: number): number | null;
}

const TOKEN = /\{(YYYY|N+)\}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pattern, or a message saying what is wrong with it (for the config's error list). */
export function parseItemCodePattern(source: string): { ok: true; pattern: ItemCodePattern } | { ok: false; message: string } {
  const counters = [...source.matchAll(/\{N+\}/g)];
  if (counters.length !== 1) return { ok: false, message: 'must contain exactly one counter such as {NNN} (three digits), e.g. ZG-{YYYY}-{NNN}' };
  const unknown = source.replace(TOKEN, '').match(/[{}]/);
  if (unknown) return { ok: false, message: 'only {YYYY} (the year) and {NNN} (the counter) may stand in braces' };
  const digits = counters[0]![0].length - 2;
  const format = (year: number, n: number) => source.replace(TOKEN, (token) => (token === '{YYYY}' ? String(year) : String(n).padStart(digits, '0')));
  const example = format(2026, 1);
  const problem = itemCodeProblem(example);
  if (problem !== null || format(2026, 10 ** digits).length > 32) return { ok: false, message: `gives codes such as ${example} that an item cannot have: letters, digits, - _ . only, at most 32 characters, not digits only` };
  return {
    ok: true,
    pattern: {
      source,
      format,
      counterOf(code, year) {
        const regex = new RegExp(
          `^${source
            .split(TOKEN)
            .map((part, index) => (index % 2 === 0 ? escapeRegExp(part) : part === 'YYYY' ? String(year) : '(\\d+)'))
            .join('')}$`,
          'i',
        );
        const match = regex.exec(code);
        return match ? Number(match[1]) : null;
      },
    },
  };
}

/**
 * Hands out new codes one by one: the next counter after the highest of this year's codes of the
 * pattern, skipping any code already taken whatever its case.
 */
export function itemCodeAllocator(pattern: ItemCodePattern, year: number, existingCodes: Iterable<string>): () => string {
  const taken = new Set<string>();
  let counter = 0;
  for (const code of existingCodes) {
    taken.add(code.toLowerCase());
    const n = pattern.counterOf(code, year);
    if (n !== null && n > counter) counter = n;
  }
  return () => {
    let code: string;
    do {
      counter += 1;
      code = pattern.format(year, counter);
    } while (taken.has(code.toLowerCase()));
    taken.add(code.toLowerCase());
    return code;
  };
}

/** ZG-{YYYY}-{NNN}, parsed: the default of LEDGER_CODE_PATTERN. */
export const defaultItemCodePattern: ItemCodePattern = (() => {
  const parsed = parseItemCodePattern(DEFAULT_ITEM_CODE_PATTERN);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.pattern;
})();
