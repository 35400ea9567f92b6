// `depthlab sweep`: the grid syntax and its checks (the parameter table's own),
// the order work is dealt in, the summary, and the command: one CSV row per point
// with the fingerprint runDemo gives, failed runs as rows with their sentence, and
// Ctrl+C (SIGINT) stopping cleanly with the rows done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEMOS } from '../../web/js/demos/index.js';
import { coerce } from '../../web/js/demos/state.js';
import { costliestFirst, csvLine, dealOrder, parseAxis, summarize, sweepPoints } from '../../web/js/demos/sweep.js';
import { loadEngine } from '../../web/js/engine/index.js';
import { runDemo } from '../../web/js/demos/headless.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(repo, 'bin/depthlab.mjs');
const demo = (id) => DEMOS.find((d) => d.id === id);
const gd = demo('gd-modes');
const param = (d, key) => d.params.find((p) => p.key === key);

/** Splits CSV text into rows of cells (quoted cells may hold commas and doubled quotes). */
function parseCsv(text) {
  return text.trim().split('\n').map((line) => {
    const cells = [];
    for (let i = 0; i <= line.length;) {
      if (line[i] === '"') {
        let j = i + 1, cell = '';
        for (; j < line.length; j++) {
          if (line[j] === '"' && line[j + 1] === '"') { cell += '"'; j++; } else if (line[j] === '"') break; else cell += line[j];
        }
        cells.push(cell);
        i = j + 2;
      } else {
        const end = line.indexOf(',', i) < 0 ? line.length : line.indexOf(',', i);
        cells.push(line.slice(i, end));
        i = end + 1;
      }
    }
    return cells;
  });
}

test('axes: log and even ranges hit both ends, whole numbers, lists; every value passes the parameter table', () => {
  const lr = parseAxis(gd, 'lr=0.001..0.1:log:12').values;
  assert.equal(lr.length, 12);
  assert.equal(lr[0], 0.001);
  assert.equal(lr[11], 0.1);
  // Even in log: consecutive ratios equal to the 12 digits kept.
  const ratios = lr.slice(1).map((v, i) => v / lr[i]);
  for (const r of ratios) assert.ok(Math.abs(r / ratios[0] - 1) < 1e-10, String(ratios));
  assert.deepEqual(parseAxis(gd, 's1=1..2:5').values, [1, 1.25, 1.5, 1.75, 2]);
  assert.deepEqual(parseAxis(gd, 'depth=3..6').values, [3, 4, 5, 6]);
  assert.deepEqual(parseAxis(gd, 'depth=1..4:log:6').values, [1, 2, 3, 4], 'whole numbers, each once');
  assert.deepEqual(parseAxis(gd, 'init=small,gaussian').values, ['small', 'gaussian']);
  for (const v of lr) assert.equal(coerce(param(gd, 'lr'), String(v)).value, v);
});

test('bad axes get a sentence naming the parameter, its range or the syntax', () => {
  const cases = [
    ['lr=0.001..10:log:5', /Learning rate.*\(lr\) must be in \[0\.0001, 1\], got 10/],
    ['depth=0..3', /\(depth\) must be in \[1, 100\], got 0/],
    ['depth=1.5,2', /\(depth\) must be a whole number, got 1\.5/],
    ['init=decoupled,sideways', /\(init\) must be one of decoupled, small, gaussian, orthogonal, got sideways/],
    ['init=a..b', /\(init\) is a choice parameter: list its values/],
    ['lr=0..0.1:log:4', /\(lr\): a log range needs a > 0 and b > 0/],
    ['lr=0.01..0.1', /\(lr\) takes real values: say how many/],
    ['lr=0.01..0.1:lots', /\(lr\): cannot read the range "0\.01\.\.0\.1:lots"/],
    ['lr=0.01..0.1:0', /\(lr\): a range has 1 to 100000 values, got 0/],
    ['depth=', /\(depth\): an empty value/],
    ['nope=1', /gd-modes has no parameter "nope"; its parameters are depth, width/],
    ['depth', /a sweep axis is key=a\.\.b:log:n/],
  ];
  for (const [arg, re] of cases) assert.throws(() => parseAxis(gd, arg), re, arg);
  // The table's own words: what a link with the same value would be told.
  assert.throws(() => parseAxis(gd, 'lr=2'), new RegExp(coerce(param(gd, 'lr'), '2').error.replace(/[[\]().]/g, '\\$&')));
  assert.throws(() => sweepPoints(gd, [parseAxis(gd, 'depth=2'), parseAxis(gd, 'depth=3')]), /depth is given twice/);
});

test('the grid: last axis fastest, defaults elsewhere, page links; dealt costliest first', () => {
  const points = sweepPoints(gd, [parseAxis(gd, 'depth=2,8'), parseAxis(gd, 'width=4,16,8')]);
  assert.deepEqual(points.map((p) => [p.values.depth, p.values.width]), [[2, 4], [2, 16], [2, 8], [8, 4], [8, 16], [8, 8]]);
  assert.ok(points.every((p) => p.values.lr === param(gd, 'lr').def && p.hash.startsWith('#/gd-modes?depth=')));
  assert.deepEqual(dealOrder(points).map((p) => p.index), [4, 5, 1, 3, 2, 0]);
  assert.deepEqual(costliestFirst([{ c: 1 }, { c: 3 }, { c: 1 }, { c: 2 }], (x) => x.c), [1, 3, 0, 2], 'ties keep their order');
});

test('summary: the readout by default, else named fields of the result', async () => {
  const eng = await loadEngine();
  const run = await runDemo(eng, '#/gd-modes?depth=2&steps=100&v=1');
  assert.deepEqual(summarize(run.demo, run.data, run.values), run.demo.readout(run.data, run.values));
  assert.deepEqual(summarize(run.demo, run.data, run.values, ['sim.loss', 'sim.loss.0', 'sim.loss.-2', 'sim.stableLr']),
    [['sim.loss', run.data.sim.loss.at(-1)], ['sim.loss.0', run.data.sim.loss[0]], ['sim.loss.-2', run.data.sim.loss.at(-2)], ['sim.stableLr', run.data.sim.stableLr]]);
  assert.throws(() => summarize(run.demo, run.data, run.values, ['sim.lost']), /--summary sim\.lost: the result of gd-modes has no "lost"; there: t, loss/);
  assert.throws(() => summarize(run.demo, run.data, run.values, ['sim']), /is an object .* name one of its fields: t, loss/);
  assert.equal(csvLine(['a,b', 'say "hi"', 1.5, '', ' x']), '"a,b","say ""hi""",1.5,," x"\n');
});

test('the command writes one row per point with runDemo\'s fingerprint; a failed run is a row with its sentence', async () => {
  const { stdout, stderr } = await promisify(execFile)(process.execPath,
    [CLI, 'sweep', 'gd-modes', 'lr=0.01,1', 'depth=10', 'steps=200', '--summary', 'sim.stableLr', '--workers', '2'], { cwd: repo });
  const [head, ...rows] = parseCsv(stdout);
  assert.deepEqual(head, ['point', 'lr', 'depth', 'steps', 'sim.stableLr', 'fingerprint', 'link', 'error']);
  assert.equal(rows.length, 2);
  const byPoint = Object.fromEntries(rows.map((r) => [r[0], Object.fromEntries(head.map((h, i) => [h, r[i]]))]));
  const eng = await loadEngine();
  const ok = await runDemo(eng, byPoint[0].link);
  assert.equal(byPoint[0].fingerprint, ok.fingerprint);
  assert.equal(Number(byPoint[0]['sim.stableLr']), ok.data.sim.stableLr);
  assert.equal(byPoint[0].error, '');
  assert.equal(byPoint[1].fingerprint, '');
  assert.match(byPoint[1].error, /diverged/);
  assert.match(stderr, /done: 2 points/);
});

test('the command refuses a bad range with a sentence and exit code 2, before any work', async () => {
  await assert.rejects(promisify(execFile)(process.execPath, [CLI, 'sweep', 'gd-modes', 'lr=0.001..10:log:5']),
    (e) => e.code === 2 && /\(lr\) must be in \[0\.0001, 1\], got 10/.test(e.stderr) && e.stdout === '');
});

test('Ctrl+C stops a sweep cleanly and keeps the rows done', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'depthlab-sweep-'));
  const csv = join(dir, 'out.csv');
  try {
    // 21 points of about a second each: far more than the time to the first row.
    const child = spawn(process.execPath, [CLI, 'sweep', 'gd-modes', 'depth=20..40', 'steps=5000', '--workers', '1', '--csv', csv], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    await new Promise((resolve) => child.stderr.on('data', (d) => { stderr += d; if (/[1-9]\d* of 21 points/.test(stderr)) resolve(); }));
    child.kill('SIGINT');
    const { code } = await exited;
    assert.equal(code, 130, stderr);
    const k = Number(/stopped: (\d+) of 21 points written/.exec(stderr)?.[1]);
    assert.ok(k >= 1 && k < 21, stderr);
    const [head, ...rows] = parseCsv(readFileSync(csv, 'utf8'));
    assert.deepEqual(head.slice(0, 2), ['point', 'depth']);
    assert.equal(rows.length, k, 'every finished point, as a whole row');
    assert.ok(rows.every((r) => r.length === head.length && /^[0-9a-f]{16}$/.test(r[head.indexOf('fingerprint')])));
    assert.equal(rows[0][1], '40', 'the deepest point went first');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
