// A CSV file as a spreadsheet set to another separator reads it: Excel in a German or
// French locale splits on ";", others on tabs. Like Excel and LibreOffice, it honours a
// double quote only at the start of what it takes for a cell, and a line break outside
// such a quote ends the row. Tests use it to ask which cells a spreadsheet would see.

/** Every cell of every row, as a reader splitting on `separator` sees them. */
export function cellsAsSplitOn(csv: string, separator: string): string[] {
  const text = csv.startsWith('\uFEFF') ? csv.slice(1) : csv;
  const cells: string[] = [];
  let at = 0;
  while (at < text.length) {
    let cell = '';
    if (text[at] === '"') {
      at++;
      while (at < text.length) {
        if (text[at] === '"' && text[at + 1] === '"') {
          cell += '"';
          at += 2;
        } else if (text[at] === '"') {
          at++;
          break;
        } else cell += text[at++];
      }
    }
    while (at < text.length && text[at] !== separator && text[at] !== '\r' && text[at] !== '\n') cell += text[at++];
    cells.push(cell);
    if (text[at] === separator) at++;
    else if (text[at] === '\r' && text[at + 1] === '\n') at += 2;
    else if (text[at] === '\r' || text[at] === '\n') at++;
  }
  return cells;
}

const FIGURE = /^-?\d+(\.\d+)?$/;
// What makes a spreadsheet read a cell as a formula (OWASP), after any white space.
const FORMULA = /^\s*[=+\-@]/;

/** Cells a spreadsheet splitting on `separator` would run as formulas (figures such as "-2" aside). */
export function formulaCells(csv: string, separator: string): string[] {
  return cellsAsSplitOn(csv, separator).filter((cell) => FORMULA.test(cell) && !FIGURE.test(cell));
}
