// Writing .xlsx files (the ledger, the opinions, the statistics exports; the ledger template): the
// Excel package is loaded at the first export, not when the server starts. Most processes never
// write a sheet, and loading it costs the long-running server about 2 MB resident
// (tests/bench/PERFORMANCE.md, Memory).
import type writeExcelFile from 'write-excel-file/node';

/** The sheets of a workbook (the package's own type: its last signature takes a list of them). */
type Sheets = Parameters<typeof writeExcelFile>[0];

/** The sheets as one .xlsx file. */
export async function xlsxFile(sheets: Sheets): Promise<Buffer> {
  const { default: write } = await import('write-excel-file/node');
  return write(sheets).toBuffer();
}
