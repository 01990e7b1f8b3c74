// Turns the bytes of an uploaded ledger into sheets of cells, deciding by content (not by the file
// name) whether it is an .xlsx workbook or CSV text, and saying in Chinese what it is when it is
// neither: an old .xls, a Word document, a PDF, a picture, a damaged file. Never throws.
import { decodeText, looksBinary, parseCsv } from './csv.ts';
import { looksLikeZip, readZipDirectory, readZipEntry, type ZipEntry } from './zip.ts';

export type CellValue = string | number | boolean | Date | null;

export interface SheetInput {
  name: string;
  hidden: boolean;
  /** rows[i][j] is the cell in row i + 1, column j + 1 (as Excel numbers them). */
  rows: CellValue[][];
  /** Formula cells by 'row:column' (0-based), and whether the file carried a computed value. */
  formulas: Map<string, { cached: boolean }>;
  /** Cells ('row:column', 0-based) that lay inside a merged range and were given its value. */
  mergedCells: Set<string>;
}

export type ReadResult =
  | { ok: true; format: 'xlsx' | 'csv'; encoding: string | null; sheets: SheetInput[] }
  | { ok: false; message: string };

/** The largest upload the import reads (also the import route's body limit). */
export const LEDGER_IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** An .xlsx may not unpack to more than this: a zip bomb is refused before it is inflated. */
const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 5000;

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function tooLargeMessage(size: number): string {
  return `文件过大（${formatMegabytes(size)}），最大 ${formatMegabytes(LEDGER_IMPORT_MAX_BYTES)}。台账通常不到 1 MB：请删去图片、附件和无关的工作表后再导入。`;
}

const RESAVE = '请在 Excel 或 WPS 中打开后“另存为” Excel 工作簿（.xlsx）或 CSV 再导入。';

export async function readLedgerFile(bytes: Uint8Array): Promise<ReadResult> {
  if (bytes.length === 0) return { ok: false, message: '文件是空的（0 字节），请选择填好的台账文件。' };
  if (bytes.length > LEDGER_IMPORT_MAX_BYTES) return { ok: false, message: tooLargeMessage(bytes.length) };
  if (looksLikeZip(bytes)) return readXlsx(bytes);
  const kind = knownBinaryKind(bytes);
  if (kind) return { ok: false, message: kind };
  const decoded = decodeText(bytes);
  if (decoded === null || looksBinary(decoded.text)) {
    return { ok: false, message: `无法识别的文件：既不是 Excel 工作簿（.xlsx），也不是 CSV 文本（UTF-8 或 GBK 编码）。文件可能已损坏或被改了扩展名。${RESAVE}` };
  }
  const parsed = parseCsv(decoded.text);
  if (parsed.unclosedQuoteLine !== null) {
    return { ok: false, message: `CSV 文件第 ${parsed.unclosedQuoteLine} 行有一个引号（"）没有闭合，之后的内容无法分列。请检查该行，或在 Excel 中打开后重新保存。` };
  }
  return {
    ok: true,
    format: 'csv',
    encoding: decoded.encoding,
    sheets: [{ name: 'CSV', hidden: false, rows: parsed.rows, formulas: new Map(), mergedCells: new Set() }],
  };
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

function knownBinaryKind(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return `这是旧版 Excel 97-2003（.xls）文件或设置了打开密码的 Excel 文件，无法直接读取。${RESAVE}（如有密码请先取消。）`;
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return `这是 PDF 文件，不是台账表格。${RESAVE}`;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) {
    return '这是图片文件，不是台账表格。请上传 Excel 工作簿（.xlsx）或 CSV 文件。';
  }
  if (startsWith(bytes, [0x52, 0x61, 0x72, 0x21]) || startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf])) return '这是 RAR/7z 压缩包，不是台账表格。请解压后上传其中的 .xlsx 或 CSV 文件。';
  return null;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(value: string): string {
  return value
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) =>
      entity.startsWith('#x') || entity.startsWith('#X')
        ? String.fromCodePoint(Number.parseInt(entity.slice(2), 16))
        : entity.startsWith('#')
          ? String.fromCodePoint(Number(entity.slice(1)))
          : (XML_ENTITIES[entity.toLowerCase()] ?? ''),
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) found[match[1]!] = unescapeXml(match[2]!);
  return found;
}

/** 'AB' → 27 (0-based column index). */
export function columnIndex(letters: string): number {
  let index = 0;
  for (const char of letters) index = index * 26 + (char.charCodeAt(0) - 64);
  return index - 1;
}

/** 0 → 'A', 27 → 'AB'. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

interface WorkbookSheet {
  name: string;
  hidden: boolean;
  path: string | null;
}

function workbookSheets(workbookXml: string, relsXml: string): WorkbookSheet[] {
  const targets = new Map<string, string>();
  for (const match of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const attrs = attributes(match[0]);
    if (attrs.Id && attrs.Target) targets.set(attrs.Id, attrs.Target);
  }
  const sheets: WorkbookSheet[] = [];
  for (const match of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const attrs = attributes(match[0]);
    if (!attrs.name) continue;
    const relationId = Object.entries(attrs).find(([key]) => key === 'r:id' || key.endsWith(':id'))?.[1];
    const target = relationId ? targets.get(relationId) : undefined;
    const path = target === undefined ? null : target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/[^/]+\/\.\.\//g, '');
    sheets.push({ name: attrs.name, hidden: attrs.state === 'hidden' || attrs.state === 'veryHidden', path });
  }
  return sheets;
}

interface SheetStructure {
  merges: { top: number; left: number; bottom: number; right: number }[];
  formulas: Map<string, { cached: boolean }>;
}

const CELL_REF = /^([A-Z]{1,3})(\d{1,7})$/;

function sheetStructure(xml: string): SheetStructure {
  const merges: SheetStructure['merges'] = [];
  for (const match of xml.matchAll(/<mergeCell\b[^>]*\bref="([A-Z]{1,3}\d{1,7})(?::([A-Z]{1,3}\d{1,7}))?"/g)) {
    const from = CELL_REF.exec(match[1]!)!;
    const to = CELL_REF.exec(match[2] ?? match[1]!)!;
    merges.push({ top: Number(from[2]) - 1, left: columnIndex(from[1]!), bottom: Number(to[2]) - 1, right: columnIndex(to[1]!) });
  }
  const formulas = new Map<string, { cached: boolean }>();
  if (xml.includes('<f')) {
    for (const match of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const inner = match[2];
      if (!inner || !/<f[\s>/]/.test(inner)) continue;
      const ref = /\br="([A-Z]{1,3})(\d{1,7})"/.exec(match[1]!);
      if (!ref) continue;
      formulas.set(`${Number(ref[2]) - 1}:${columnIndex(ref[1]!)}`, { cached: /<v>[^<]+<\/v>/.test(inner) || /<is>/.test(inner) });
    }
  }
  return { merges, formulas };
}

function fillMerges(rows: CellValue[][], merges: SheetStructure['merges']): Set<string> {
  const filled = new Set<string>();
  for (const merge of merges) {
    const value = rows[merge.top]?.[merge.left] ?? null;
    if (value === null) continue;
    for (let row = merge.top; row <= merge.bottom; row += 1) {
      while (rows.length <= row) rows.push([]);
      const cells = rows[row]!;
      for (let column = merge.left; column <= merge.right; column += 1) {
        if (row === merge.top && column === merge.left) continue;
        while (cells.length <= column) cells.push(null);
        if (cells[column] === null) {
          cells[column] = value;
          filled.add(`${row}:${column}`);
        }
      }
    }
  }
  return filled;
}

async function readXlsx(bytes: Uint8Array): Promise<ReadResult> {
  const damaged = `文件已损坏，或不是有效的 Excel 工作簿（.xlsx）。${RESAVE}`;
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(bytes);
  } catch {
    return { ok: false, message: damaged };
  }
  if (entries.length > MAX_ZIP_ENTRIES) return { ok: false, message: `文件中包含 ${entries.length} 个部件，远超台账所需，已拒绝读取。${RESAVE}` };
  const unpacked = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (unpacked > MAX_UNPACKED_BYTES) {
    return { ok: false, message: `文件解压后有 ${formatMegabytes(unpacked)}，超过 ${formatMegabytes(MAX_UNPACKED_BYTES)} 的上限，已拒绝读取（可能含大量图片或异常数据）。${RESAVE}` };
  }
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const workbook = byName.get('xl/workbook.xml');
  if (!workbook) {
    if ([...byName.keys()].some((name) => name.startsWith('word/'))) return { ok: false, message: `这是 Word 文档（.docx），不是 Excel 工作簿。请把台账表格复制到 Excel 中，保存为 .xlsx 再导入。` };
    if ([...byName.keys()].some((name) => name.startsWith('ppt/'))) return { ok: false, message: '这是 PowerPoint 演示文稿（.pptx），不是 Excel 工作簿。' };
    return { ok: false, message: `这是一个压缩包（.zip），不是 Excel 工作簿。请解压后上传其中的 .xlsx 或 CSV 文件。` };
  }
  let sheets: WorkbookSheet[];
  const structures = new Map<string, SheetStructure>();
  try {
    const rels = byName.get('xl/_rels/workbook.xml.rels');
    sheets = workbookSheets(readZipEntry(bytes, workbook).toString('utf8'), rels ? readZipEntry(bytes, rels).toString('utf8') : '');
    for (const sheet of sheets) {
      const entry = sheet.path ? byName.get(sheet.path) : undefined;
      if (entry) structures.set(sheet.name, sheetStructure(readZipEntry(bytes, entry).toString('utf8')));
    }
  } catch {
    return { ok: false, message: damaged };
  }
  if (sheets.length === 0) return { ok: false, message: `工作簿中没有工作表。${RESAVE}` };
  let data: { sheet: string; data: CellValue[][] }[];
  // Loaded at the first workbook read, not with the server (about 3.5 MB resident it rarely needs).
  const { default: readXlsxFile } = await import('read-excel-file/node');
  try {
    data = (await readXlsxFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) as unknown as { sheet: string; data: CellValue[][] }[];
  } catch {
    return { ok: false, message: damaged };
  }
  return {
    ok: true,
    format: 'xlsx',
    encoding: null,
    sheets: data.map((sheet, index) => {
      const info = sheets.find((candidate) => candidate.name === sheet.sheet) ?? sheets[index];
      const structure = structures.get(sheet.sheet) ?? { merges: [], formulas: new Map() };
      const rows = sheet.data.map((row) => [...row]);
      const mergedCells = fillMerges(rows, structure.merges);
      return { name: sheet.sheet, hidden: info?.hidden ?? false, rows, formulas: structure.formulas, mergedCells };
    }),
  };
}
