// CSV as bureaus' Excel writes it: UTF-8 with or without a BOM, GB18030/GBK from Excel on Chinese
// Windows ("CSV (逗号分隔)"), UTF-16 from "Unicode 文本"; commas, tabs or semicolons; quoted cells
// with line breaks inside.

export interface DecodedText {
  text: string;
  /** How the bytes were read, in words for the report. */
  encoding: 'UTF-8' | 'UTF-8（带 BOM）' | 'GB18030/GBK' | 'UTF-16';
}

/** Decodes the bytes of a text file, or returns null when they are not text in any of these encodings. */
export function decodeText(bytes: Uint8Array): DecodedText | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryDecode('utf-8', bytes.subarray(3));
    return text === null ? null : { text, encoding: 'UTF-8（带 BOM）' };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const text = tryDecode(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', bytes.subarray(2));
    return text === null ? null : { text, encoding: 'UTF-16' };
  }
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'UTF-8' };
  const gb = tryDecode('gb18030', bytes);
  return gb === null ? null : { text: gb, encoding: 'GB18030/GBK' };
}

function tryDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Control characters that never appear in a text file (NUL and friends): a sign of binary data. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  let control = 0;
  for (const char of sample) {
    const code = char.charCodeAt(0);
    if (code === 0) return true;
    if (code < 0x20 && char !== '\n' && char !== '\r' && char !== '\t') control += 1;
  }
  return control > sample.length / 100 + 2;
}

const DELIMITERS = [',', '\t', ';'] as const;

/** The delimiter used most in the first lines (outside quotes). */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  let lines = 0;
  for (let index = 0; index < text.length && lines < 20; index += 1) {
    const char = text[index]!;
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '\n') lines += 1;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const delimiter of DELIMITERS) if (counts.get(delimiter)! > counts.get(best)!) best = delimiter;
  return best;
}

export interface ParsedCsv {
  rows: (string | null)[][];
  /** The line where a quoted cell started and never ended, if one did. */
  unclosedQuoteLine: number | null;
}

/** RFC 4180 with the usual tolerances: any line ending, "" for a quote inside quotes. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): ParsedCsv {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let quoteLine = 0;
  const endCell = () => {
    row.push(cell === '' && !wasQuoted ? null : cell);
    cell = '';
    wasQuoted = false;
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          cell += '"';
          index += 1;
        } else {
          quoted = false;
        }
      } else {
        if (char === '\n') line += 1;
        cell += char;
      }
      continue;
    }
    if (char === '"' && cell.trim() === '') {
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
      cell = '';
    } else if (char === delimiter) {
      endCell();
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      line += 1;
      endRow();
    } else {
      cell += char;
    }
  }
  if (cell !== '' || wasQuoted || row.length > 0) endRow();
  return { rows, unclosedQuoteLine: quoted ? quoteLine : null };
}

/** The same guard as the audit log's CSV: a formula-like cell gets an apostrophe in front. */
export { csvCell } from '../domain/audit-labels.ts';

/** Undoes csvCell's apostrophe, so that an exported cell reads back as it was. */
export function unescapeFormulaGuard(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
