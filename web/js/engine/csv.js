// A small item x property matrix pasted as CSV -> numbers for the engine.
//
//   item,grow,move,fly          <- header: a label, then one name per property
//   robin,1,1,1                 <- one line per item: its name, then its values
//   salmon,1,1,0
//
// Commas separate cells; a cell may be "double quoted" (with "" for a quote).
// Blank lines and lines starting with '#' are skipped. Every error names the
// line and column, so the user can find it.

import { DLAB_SEM_MAX_ITEMS, DLAB_SEM_MAX_ABS, DLAB_DLS_MAX_WIDTH } from './c-constants.js';

// Items and values as semantic.h takes them; properties as many as a network can output.
export const CSV_LIMITS = Object.freeze({
  maxItems: DLAB_SEM_MAX_ITEMS, maxProperties: DLAB_DLS_MAX_WIDTH, maxChars: 1 << 20, maxAbs: DLAB_SEM_MAX_ABS,
});

/** Error for malformed CSV; `line` and `column` are 1-based (column 0: the whole line). */
export class CSVError extends RangeError {
  constructor(message, line, column) {
    super(column ? `CSV line ${line}, column ${column}: ${message}` : `CSV line ${line}: ${message}`);
    this.name = 'CSVError';
    this.line = line;
    this.column = column;
  }
}

/** Splits one line into cells, honouring double quotes. */
function cellsOf(text, line) {
  const cells = [];
  let i = 0;
  for (;;) {
    let cell = '';
    const column = cells.length + 1;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new CSVError('a quoted cell is not closed (missing ")', line, column);
        if (text[i] === '"') {
          if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
          i++;
          break;
        }
        cell += text[i++];
      }
      while (text[i] === ' ' || text[i] === '\t') i++;
      if (i < text.length && text[i] !== ',') throw new CSVError('unexpected text after a quoted cell', line, column);
    } else {
      while (i < text.length && text[i] !== ',') cell += text[i++];
      cell = cell.trim();
    }
    cells.push(cell);
    if (i >= text.length) return cells;
    i++;   // the comma
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses the CSV text. Returns { Y (features x items, row-major Float64Array),
 * rows (= features), cols (= items), items, features } or throws a CSVError.
 */
export function parseItemCSV(text) {
  if (typeof text !== 'string') throw new CSVError(`expected text, got ${typeof text}`, 1, 0);
  if (text.length > CSV_LIMITS.maxChars) throw new CSVError(`the text is longer than ${CSV_LIMITS.maxChars} characters`, 1, 0);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).map((t, k) => ({ t, n: k + 1 }))
    .filter(({ t }) => t.trim() !== '' && !t.trimStart().startsWith('#'));
  if (lines.length === 0) throw new CSVError('the CSV is empty: expected a header line "item,property 1,property 2,..." then one line per item', 1, 0);
  const head = lines[0];
  const header = cellsOf(head.t, head.n);
  if (header.length < 2) throw new CSVError('the header needs an item column and at least one property name', head.n, 0);
  const features = header.slice(1);
  if (features.length > CSV_LIMITS.maxProperties) {
    throw new CSVError(`at most ${CSV_LIMITS.maxProperties} properties, got ${features.length}`, head.n, 0);
  }
  const seenF = new Map();
  features.forEach((name, j) => {
    if (name === '') throw new CSVError('the property name is empty', head.n, j + 2);
    if (seenF.has(name)) throw new CSVError(`property "${name}" repeats column ${seenF.get(name)}`, head.n, j + 2);
    seenF.set(name, j + 2);
  });
  const body = lines.slice(1);
  if (body.length === 0) throw new CSVError('no items: add one line per item after the header', head.n, 0);
  if (body.length > CSV_LIMITS.maxItems) throw new CSVError(`at most ${CSV_LIMITS.maxItems} items, got ${body.length}`, body[CSV_LIMITS.maxItems].n, 0);
  const nf = features.length, ni = body.length;
  const Y = new Float64Array(nf * ni);
  const items = [], seenI = new Map();
  body.forEach(({ t, n }, i) => {
    const cells = cellsOf(t, n);
    if (cells.length !== nf + 1) {
      throw new CSVError(`expected ${nf + 1} cells (the item's name and ${nf} values), got ${cells.length}`, n, 0);
    }
    const name = cells[0];
    if (name === '') throw new CSVError('the item name is empty', n, 1);
    if (seenI.has(name)) throw new CSVError(`item "${name}" repeats line ${seenI.get(name)}`, n, 1);
    seenI.set(name, n);
    items.push(name);
    for (let j = 0; j < nf; j++) {
      const cell = cells[j + 1];
      const where = `(item "${name}", property "${features[j]}")`;
      if (cell === '') throw new CSVError(`the value ${where} is empty`, n, j + 2);
      if (!NUMBER.test(cell)) throw new CSVError(`"${cell.slice(0, 20)}" ${where} is not a number`, n, j + 2);
      const v = Number(cell);
      if (!Number.isFinite(v) || Math.abs(v) > CSV_LIMITS.maxAbs) {
        throw new CSVError(`${cell.slice(0, 20)} ${where} must be in [-${CSV_LIMITS.maxAbs}, ${CSV_LIMITS.maxAbs}]`, n, j + 2);
      }
      Y[j * ni + i] = v;
    }
  });
  if (!Y.some((v) => v !== 0)) throw new CSVError('every value is 0: nothing to learn', body[0].n, 0);
  return { Y, rows: nf, cols: ni, items, features };
}
