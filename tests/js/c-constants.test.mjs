// One source of truth for limits, enum values, record indices and status codes: the
// headers. The engine imports them from web/js/engine/c-constants.js, which the build
// writes from include/depthlab/*.h. Here the C compiler checks every value, and a value
// just past a limit is refused by the engine's JS check and by the C export alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as C from '../../web/js/engine/c-constants.js';
import { headerConstants, evaluate } from '../../build-scripts/c-constants.mjs';
import { loadEngine } from '../../web/js/engine/index.js';
import { instantiate } from '../../web/js/engine/wasm.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('the generated module holds exactly the headers\' constants', async () => {
  const fromHeaders = (await headerConstants()).flatMap((h) => h.constants);
  const byName = (a, b) => (a[0] < b[0] ? -1 : 1);
  assert.deepEqual(Object.entries(C).sort(byName), fromHeaders.sort(byName), 'stale: run make build');
  assert.ok(fromHeaders.length > 100, `only ${fromHeaders.length} constants found`);
});

test('the C compiler gives every value the module holds', () => {
  const headers = readdirSync(join(root, 'include/depthlab')).filter((f) => f.endsWith('.h'));
  const dir = mkdtempSync(join(tmpdir(), 'dlab-constants-'));
  try {
    const src = [
      '#include <stdio.h>',
      ...headers.map((h) => `#include "depthlab/${h}"`),
      'int main(void) {',
      // %.17g round-trips a double exactly
      ...Object.keys(C).map((name) => `  printf("%s %.17g\\n", "${name}", (double)(${name}));`),
      '  return 0;', '}',
    ].join('\n');
    writeFileSync(join(dir, 'c.c'), src);
    execFileSync('gcc', ['-std=c99', `-I${join(root, 'include')}`, join(dir, 'c.c'), '-o', join(dir, 'c')]);
    const out = execFileSync(join(dir, 'c')).toString().trim().split('\n');
    assert.equal(out.length, Object.keys(C).length);
    for (const line of out) {
      const [name, value] = line.split(' ');
      assert.ok(Object.is(Number(value), C[name]), `${name}: C says ${value}, the module ${C[name]}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the generator reads C constant expressions as C does, and refuses what it cannot read', () => {
  assert.equal(evaluate('(40L << 20)'), 41943040);
  assert.equal(evaluate('(64L * 1024 * 1024)'), 67108864);
  assert.equal(evaluate('7 / 2'), 3);        // integer division truncates
  assert.equal(evaluate('7.0 / 2'), 3.5);
  assert.equal(evaluate('1e-3'), 0.001);
  assert.equal(evaluate('100000000L'), 1e8);
  assert.equal(evaluate('-(2 + 3) * 4'), -20);
  assert.equal(evaluate('DLAB_A + 1', { DLAB_A: 4 }), 5);
  for (const bad of ['sizeof(double)', '1 ? 2 : 3', 'DLAB_UNKNOWN', '(1 + 2', '1.5 << 2']) {
    assert.throws(() => evaluate(bad), /cannot evaluate/, bad);
  }
});

// ---- a value just past a limit: refused in JS and in C, each with a sentence ----------
const eng = await loadEngine();
const w = await instantiate(new URL('../../web/wasm/depthlab.wasm', import.meta.url));
const buf = w.alloc(1 << 16);   // room for any output below
// Past a limit: + 1 for a count, the next double for a real-valued bound.
const plusOne = (x) => x + 1, nextDouble = (x) => x * (1 + 2 ** -52);
const dls = (widths) => w.result('ptr', w.x.dlab_dls_create, widths.length - 1, widths);

const CASES = [
  ['depth (mode dynamics)', C.DLAB_DL_MAX_DEPTH, plusOne, /depth/,
    (v) => eng.deepLinear.modeTrajectory({ depth: v, s: 1, a0: 0.1, t: [0] }),
    (v) => w.x.dlab_dl_mode_trajectory(v, 1, 0.1, buf, 1, buf + 8)],
  ['s (mode dynamics)', C.DLAB_DL_MAX_STRENGTH, nextDouble, /\bs\b/,
    (v) => eng.deepLinear.learningTime({ depth: 2, s: v, a0: 0.1, af: 1 }),
    (v) => w.x.dlab_dl_learning_time(2, v, 0.1, 1, buf)],
  ['width (simulator)', C.DLAB_DLS_MAX_WIDTH, plusOne, /width/,
    (v) => eng.deepLinear.simulate({ depth: 1, width: v, singularValues: [1], lr: 0.1, steps: 1 }),
    (v) => { w.f64.set([v, 1], buf / 8); return w.x.dlab_dls_create(1, buf, buf + 16); }],
  ['lr (simulator)', C.DLAB_DLS_MAX_LR, nextDouble, /lr/,
    (v) => eng.deepLinear.simulate({ depth: 1, width: 2, singularValues: [1], lr: v, steps: 1 }),
    (v) => {
      const h = dls([2, 2]);
      try {
        w.invoke(w.x.dlab_dls_set_spectrum, h, [1], 1, 1);
        w.invoke(w.x.dlab_dls_init, h, C.DLAB_DLS_INIT_SMALL, 0.1, 0, 1);
        return w.x.dlab_dls_step(h, 1, v);
      } finally { w.x.dlab_dls_free(h); }
    }],
  ['seed', C.DLAB_MAX_WHOLE, plusOne, /seed/,
    (v) => eng.deepLinear.simulate({ depth: 1, width: 2, singularValues: [1], lr: 0.1, steps: 1, seed: v }),
    (v) => { const h = dls([2, 2]); try { return w.x.dlab_dls_set_spectrum(h, buf, 1, v); } finally { w.x.dlab_dls_free(h); } }],
  ['sw (transient chaos)', C.DLAB_CHAOS_MAX_SW, nextDouble, /sw/,
    (v) => eng.chaos.fixedPoint({ phi: 'tanh', sw: v, sb: 0 }),
    (v) => w.x.dlab_chaos_fixed_point(C.DLAB_PHI_TANH, C.DLAB_CHAOS_FAST, v, 0, buf)],
  ['neurons (perceptual)', C.DLAB_PL_MAX_NEURONS, plusOne, /\bn\b|neurons/,
    (v) => eng.perceptual.population({ neurons: v }),
    (v) => w.x.dlab_pl_population(v, 15, 2, 1, buf, buf + 8 * 1024, buf + 16 * 1024, buf + 24 * 1024)],
  ['branching (semantic)', C.DLAB_SEM_MAX_BRANCHING, plusOne, /branching/,
    (v) => eng.semantic.treeTheory({ branching: v, levels: 2 }),
    (v) => w.x.dlab_sem_tree_svals(v, 2, buf, buf + 8 * 64)],
  ['pathways', C.DLAB_PW_MAX_PATHWAYS, plusOne, /pathways/,
    (v) => eng.pathways.simulate({ pathways: v, steps: 1 }),
    (v) => { w.f64.set([1], buf / 8); return w.x.dlab_pw_create(v, 1, 2, C.DLAB_PHI_LINEAR, buf, 1, 0.5, 1, buf + 8); }],
  ['matrix side (linear algebra)', C.DLAB_MAX_DIM, plusOne, /\bm\b/,
    (v) => eng.linalg.gemm({ m: v, n: 1, k: 1, A: [], B: [1] }),
    (v) => w.x.dlab_linalg_gemm(C.DLAB_KERNEL_AUTO, C.DLAB_NOTRANS, C.DLAB_NOTRANS, v, 1, 1, 1, buf, buf, 0, buf)],
];

test('a value just past a header limit is refused by the engine and by C, each naming it', async () => {
  for (const [what, limit, past, name, js, c] of CASES) {
    const v = past(limit);
    let jsError = null;
    try { await js(v); } catch (e) { jsError = e; }
    assert.ok(jsError instanceof RangeError, `${what}: the engine accepted ${v} (limit ${limit})`);
    assert.match(jsError.message, name, `${what}: ${jsError.message}`);
    assert.ok(jsError.message.includes(String(limit)) || limit > 1e15, `${what}: "${jsError.message}" does not give the limit ${limit}`);
    const status = c(v);
    const sentence = w.cstring(w.x.dlab_last_error());
    assert.ok(status === C.DLAB_EINVAL || status === C.DLAB_ELIMIT, `${what}: C returned ${status} for ${v}`);
    assert.match(sentence, name, `${what}: C said "${sentence}"`);
  }
});
