// Property-based fuzzing of the CSV item x property parser (web/js/csv.js) with fast-check:
// any string yields a matrix of finite numbers, or a CSVError whose message names a line
// (and column where one applies); never another exception, never NaN. Seeded, so a
// failure reproduces; fast-check shrinks it to a minimal input in the report.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';

import { CSV_LIMITS, CSVError, parseItemCSV } from '../../web/js/engine/csv.js';

const SEED = 20240509;

function checkOutcome(text) {
  let result;
  try {
    result = parseItemCSV(text);
  } catch (err) {
    assert.ok(err instanceof CSVError, `not a CSVError: ${err && err.name}: ${err && err.message}`);
    assert.match(err.message, /^CSV line \d+(, column \d+)?: \S/);
    assert.ok(Number.isInteger(err.line) && err.line >= 1, `line ${err.line}`);
    assert.ok(Number.isInteger(err.column) && err.column >= 0, `column ${err.column}`);
    return 'error';
  }
  const { Y, rows, cols, items, features } = result;
  assert.ok(Y instanceof Float64Array);
  assert.ok(rows >= 1 && rows <= CSV_LIMITS.maxProperties && cols >= 1 && cols <= CSV_LIMITS.maxItems);
  assert.equal(Y.length, rows * cols);
  assert.equal(items.length, cols);
  assert.equal(features.length, rows);
  for (const v of Y) assert.ok(Number.isFinite(v) && Math.abs(v) <= CSV_LIMITS.maxAbs, `value ${v}`);
  return 'matrix';
}

// Cells that look like numbers, almost-numbers and CSV syntax, so random tables
// reach the deep paths (quotes, duplicates, limits), not only the first check.
const cell = fc.oneof(
  fc.double({ noNaN: false }).map(String),
  fc.integer({ min: -3, max: 3 }).map(String),
  fc.constantFrom('', ' ', '1e999', '-0', '.5', '5.', '1e', '+', 'NaN', 'Infinity', '0x10', '1_0', '"1"',
    '"a,b"', '"unclosed', '""""', '"x" y', '#', '\t2\t', '1e6', '1000001', '\uFEFF1'),
  fc.string({ maxLength: 6 }),
);
const row = fc.array(cell, { minLength: 0, maxLength: 5 }).map((cells) => cells.join(','));
const table = fc.tuple(fc.array(row, { minLength: 0, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([rows, eol]) => rows.join(eol));
// Well-formed tables (k properties, n items, small numbers, padding, comments), then
// sometimes one character replaced: mostly matrices, and errors one edit away from them.
const wellFormed = fc.record({
  k: fc.integer({ min: 1, max: 4 }),
  n: fc.integer({ min: 1, max: 5 }),
  values: fc.array(fc.oneof(fc.integer({ min: -9, max: 9 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
    { minLength: 20, maxLength: 20 }),
  pad: fc.constantFrom('', ' ', '\t'),
  comment: fc.boolean(),
  edit: fc.option(fc.tuple(fc.nat(), fc.constantFrom(',', '"', '\n', 'x', '', ' ', 'e', '-', '#')), { freq: 3 }),
}).map(({ k, n, values, pad, comment, edit }) => {
  const lines = [['item', ...Array.from({ length: k }, (_, j) => `p${j}`)].join(',')];
  if (comment) lines.push('# a comment');
  for (let i = 0; i < n; i++) {
    lines.push([`i${i}`, ...Array.from({ length: k }, (_, j) => `${pad}${values[(i * k + j) % 20]}${pad}`)].join(','));
  }
  let text = lines.join('\n');
  if (edit) {
    const at = edit[0] % (text.length + 1);
    text = text.slice(0, at) + edit[1] + text.slice(at + 1);
  }
  return text;
});

test('csv fuzz: arbitrary strings give a matrix or a located CSVError', () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => { checkOutcome(text); }),
    { seed: SEED, numRuns: 3000 });
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => { checkOutcome(text); }),
    { seed: SEED + 1, numRuns: 1000 });
});

test('csv fuzz: CSV-shaped tables give a matrix or a located CSVError', () => {
  const seen = { matrix: 0, error: 0 };
  fc.assert(fc.property(table, (text) => { seen[checkOutcome(text)]++; }), { seed: SEED + 2, numRuns: 3000 });
  fc.assert(fc.property(wellFormed, (text) => { seen[checkOutcome(text)]++; }), { seed: SEED + 3, numRuns: 3000 });
  // The generator must reach both outcomes, or the property says little.
  assert.ok(seen.matrix > 50 && seen.error > 50, JSON.stringify(seen));
});

test('csv fuzz: non-strings and size limits', () => {
  for (const v of [undefined, null, 1, {}, [], new Uint8Array(2)]) checkOutcome(v);
  checkOutcome('x,' + 'p,'.repeat(CSV_LIMITS.maxProperties + 1) + 'q\na,' + '1,'.repeat(CSV_LIMITS.maxProperties + 2) + '1');
  checkOutcome('x,p\n' + Array.from({ length: CSV_LIMITS.maxItems + 1 }, (_, i) => `i${i},1`).join('\n'));
  checkOutcome('x'.repeat(CSV_LIMITS.maxChars + 1));
});
