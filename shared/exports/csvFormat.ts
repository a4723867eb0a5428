// CSV as RFC 4180 writes it, made safe for spreadsheets: CRLF between records, a field
// quoted when it holds a quote, comma or line break (quotes doubled), and a UTF-8 byte
// order mark first, without which Excel reads UTF-8 as the local code page and garbles
// emoji, accents and right-to-left text (LibreOffice, Google Sheets and pandas with
// encoding="utf-8-sig" all accept it).

export const CSV_BOM = '\uFEFF';

/** A cell of free text (a belief, a name): see `textCell`. */
export interface TextCell {
  text: string;
}

export type CsvCell = string | number | TextCell;

// A spreadsheet runs a cell that starts like a formula; a note saying "=HYPERLINK(…)"
// must stay words. OWASP's advice: lead such a text with an apostrophe, which spreadsheets
// show as nothing and keep as text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function textCell(text: string): TextCell {
  return { text };
}

function field(cell: CsvCell): string {
  const value = typeof cell === 'object' ? (FORMULA_START.test(cell.text) ? `'${cell.text}` : cell.text) : String(cell);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The whole file: BOM, header, rows, each record ended by CRLF. */
export function csvFile(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map((name) => field(name)), ...rows.map((row) => row.map(field))];
  return CSV_BOM + lines.map((cells) => `${cells.join(',')}\r\n`).join('');
}
