// CSV as RFC 4180 writes it, made safe for spreadsheets: CRLF between records, quotes
// doubled, and a UTF-8 byte order mark first, without which Excel reads UTF-8 as the local
// code page and garbles emoji, accents and right-to-left text (LibreOffice, Google Sheets
// and pandas with encoding="utf-8-sig" all accept it).
import { withoutBidiControls } from './bidiControls.ts';

export const CSV_BOM = '\uFEFF';

/** A cell of free text (a belief, a name, an id): see `textCell`. */
export interface TextCell {
  text: string;
}

export type CsvCell = string | number | TextCell;

// A spreadsheet runs a cell that starts like a formula; a note saying "=HYPERLINK(…)"
// must stay words. OWASP's advice: lead such a text with an apostrophe, which keeps it
// text. "Starts" looks past white space, quotes and invisible characters (zero-width
// space and joiners, direction marks, byte order mark), which a reader may skip first.
const SKIPPED_BEFORE_FORMULA = `[\\s"'\u200B-\u200F\u2060\uFEFF\u061C]*`;
const FORMULA_START = new RegExp(`^${SKIPPED_BEFORE_FORMULA}[=+\\-@]|^[\\t\\r]`);
// Quotes keep a text in one cell only for a reader that splits on our comma. Excel set to
// a German or French locale splits on ";", others on tabs, and they honour a quote only
// at the start of what they take for a cell, so "x;=cmd|' /C calc'!A0" would still give
// them a cell starting "=cmd…"; a line break inside the text starts a new row for them.
// OWASP: mind the separators inside the text too. So a formula character after a ";",
// a tab or a line break gets the apostrophe as well.
const FORMULA_AFTER_SEPARATOR = new RegExp(`([;\\t\\r\\n]${SKIPPED_BEFORE_FORMULA})(?=[=+\\-@])`, 'g');

export function textCell(text: string): TextCell {
  return { text };
}

function quoted(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** Free text as a cell no spreadsheet runs, whichever separator it splits on. */
function guardedText(text: string): string {
  const inner = withoutBidiControls(text).replace(FORMULA_AFTER_SEPARATOR, "$1'");
  return quoted(FORMULA_START.test(inner) ? `'${inner}` : inner);
}

/**
 * Free text is always quoted and guarded (`guardedText`). Figures and fixed words are
 * quoted only when they hold a quote, comma or line break, so spreadsheets read numbers
 * and times as such.
 */
function field(cell: CsvCell): string {
  if (typeof cell === 'object') return guardedText(cell.text);
  const value = String(cell);
  return /[",\r\n]/.test(value) ? quoted(value) : value;
}

/** The whole file: BOM, header, rows, each record ended by CRLF. */
export function csvFile(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map((name) => field(name)), ...rows.map((row) => row.map(field))];
  return CSV_BOM + lines.map((cells) => `${cells.join(',')}\r\n`).join('');
}
