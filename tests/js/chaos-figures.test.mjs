// Poole et al. 2016's results through the wasm engine: the decision boundary's curvature
// against depth (Fig. 4G), depth against width (Theorem 1), the c-map at every offset
// (Figs. 2, 3), iterations to converge (Fig. 1D). Exact checks are in
// tests/c/test_chaos_figures.c; the autocorrelation and shallow-network statistics ride
// on the simulations of tests/js/chaos.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';
import { rho } from './phi-moments.mjs';

const { chaos } = await loadEngine({ variant: 'simd' });

const near = (got, want, tol, what) =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} (|diff| ${Math.abs(got - want)} > ${tol})`);

test('boundary curvature grows like chi1 per layer towards the input when chaotic, and levels off when ordered', async () => {
  // N = 100, L = 6, 12 points over 3 networks. Checked: (1) at the readout layer L the mean
  // sum of squared principal curvatures is chi2/chi1 in expectation: within 4 standard errors
  // plus 2 rho / N (Jensen in 1/|g|^2 and the projection, O(rho/N)); (2) the growth over
  // the three layers nearest the input, R = K^1 / K^4, agrees with the finite-width theory
  // within a factor 1.5 (the spread of K between networks is ~20 % per layer here), and
  // (3) it is exponential in the chaotic case (R >= chi1^3) and not in the ordered one
  // (R <= 3, where chi1^3 < 1).
  const L = 6, R = {};
  for (const [sw, phase] of [[4, 'chaotic'], [1.3, 'ordered']]) {
    const runs = [];
    for (const seed of [1, 2, 3]) runs.push(await chaos.boundaryCurvature({ phi: 'tanh', sw, sb: 0.3, width: 100, layers: L, points: 4, seed }));
    const mean = (l) => runs.reduce((a, r) => a + r.sumSq[l], 0) / runs.length;
    const se = (l) => Math.sqrt(runs.reduce((a, r) => a + r.sumSqSe[l] ** 2, 0)) / runs.length;
    const th = runs[0].theory.sumSq, fp = chaos.fixedPoint({ phi: 'tanh', sw, sb: 0.3 });
    near(mean(L - 1), fp.chi2 / fp.chi1, 4 * se(L - 1) + (2 * rho('tanh', fp.qStar) / 100) * th[L - 1], `${phase}: K at the readout layer`);
    R[phase] = mean(0) / mean(3);
    const Rth = th[0] / th[3];
    assert.ok(R[phase] >= Rth / 1.5 && R[phase] <= Rth * 1.5, `${phase}: growth ${R[phase]} vs theory ${Rth}`);
    if (phase === 'chaotic') assert.ok(R[phase] >= fp.chi1 ** 3, `chaotic growth ${R[phase]} < chi1^3 = ${fp.chi1 ** 3}`);
    else assert.ok(R[phase] <= 3 && fp.chi1 < 1, `ordered growth ${R[phase]}`);
    for (const r of runs) for (let p = 0; p < r.points; p++) assert.ok(r.info[4 * p + 2] <= 1e-11, `|G| = ${r.info[4 * p + 2]}`);
  }
});

test('a linear network has a flat boundary; derivatives are exact; bad input is named', async () => {
  const lin = await chaos.boundaryCurvature({ phi: 'linear', sw: 0.9, sb: 0.3, width: 10, layers: 3, points: 2 });
  assert.ok(lin.kappa.every((k) => k === 0));
  assert.ok(lin.sumSq.every((k) => k === 0) && lin.theory.sumSq.every((k) => k === 0));
  // One Hessian entry against a central difference of the exact gradient (the C tests check all).
  const p = { phi: 'tanh', sw: 3, sb: 0.3, width: 6, layers: 3, seed: 4, layer: 2 };
  const h = [0.3, -1.2, 2, 0.7, -0.4, 1.1], e = 1e-5;
  const d = chaos.boundaryDerivatives({ ...p, h });
  const plus = chaos.boundaryDerivatives({ ...p, h: h.map((x, i) => (i === 2 ? x + e : x)) });
  const minus = chaos.boundaryDerivatives({ ...p, h: h.map((x, i) => (i === 2 ? x - e : x)) });
  near((plus.grad[4] - minus.grad[4]) / (2 * e), d.hess[4 * 6 + 2], 1e-7 * (1 + Math.abs(d.hess[26])), 'H[4][2]');
  near((plus.G - minus.G) / (2 * e), d.grad[2], 1e-7 * (1 + Math.abs(d.grad[2])), 'g[2]');
  await assert.rejects(chaos.boundaryCurvature({ phi: 'tanh', sw: 3, sb: 0.3, width: 400 }), /width must be an integer in \[2, 300\]/);
  await assert.rejects(chaos.boundaryCurvature({ phi: 'tanh', sw: 3, sb: 0.3, points: 0 }), /points must be an integer in \[1, 64\]/);
  assert.throws(() => chaos.boundaryDerivatives({ ...p, h: [1, 2] }), /h must be an array of 6 to 6 numbers/);
  assert.throws(() => chaos.boundaryTheory({ phi: 'tanh', sw: 3, sb: 0.3, width: 1, layers: 3 }), /width must be an integer in \[2/);
});

test('depth beats width: the deep circle outgrows the one-hidden-layer bound, the shallow net never does', async () => {
  // sw = 4, N = 100: the deep length grows like chi1^(l/2) (chi1 = 2.37), the bound 6 N l
  // only linearly. The layer where the simulation first exceeds the bound is within one of
  // the theory's (the theory's length is 30 % above the simulation's by layer 20 at this width,
  // allowed for by the circle tests' 5 (l - 1) / N).
  const s = await chaos.simulateCircle({ phi: 'tanh', sw: 4, sb: 0.3, width: 100, layers: 20, points: 64, seed: 1 });
  const cross = (a) => a.findIndex((x, l) => x > s.theory.bound[l]) + 1;
  assert.ok(cross(s.lengthX) > 1 && Math.abs(cross(s.lengthX) - cross(s.theory.lengthX)) <= 1, `crossing ${cross(s.lengthX)} vs ${cross(s.theory.lengthX)}`);
  assert.equal(cross(s.shallow), 0, 'the shallow net stays under N1 (1 + s) R');
  const relu = await chaos.simulateCircle({ phi: 'relu', sw: 1.2, sb: 0.3, width: 20, layers: 2, points: 16 });
  assert.ok(relu.theory.bound.every((b) => b === Infinity), 'ReLU is unbounded: no finite N1 (1 + s) R');
});

test('Fig. 2: correlations from 0.2, 0.5, 0.8 go to c* (chaotic) or 1 (ordered) in 31 layers', () => {
  for (const [sw, to] of [[4, 'cStar'], [2.5, 'cStar'], [1.3, 'one']]) {
    const fp = chaos.fixedPoint({ phi: 'tanh', sw, sb: 0.3 });
    const { c } = chaos.correlationIterates({ phi: 'tanh', sw, sb: 0.3, layers: 31, c: [0.2, 0.5, 0.8] });
    assert.deepEqual(Array.from(c[0]), [0.2, 0.5, 0.8]);
    // Near a fixed point of slope s < 1 the distance to it is |c^31 - c^30| / (1 - s) to
    // first order (twice that allowed); c* by Newton on the 2-D trapezoid map (1e-11) vs
    // iterates of the series (1e-12 per step): 1e-9.
    const target = to === 'one' ? 1 : fp.cStar, slope = to === 'one' ? fp.chi1 : fp.slopeC;
    c[30].forEach((x, i) => near(x, target, (2 * Math.abs(x - c[29][i])) / (1 - slope) + 1e-9, `sw ${sw}`));
  }
});

test('Fig. 1D: iterations to converge, caption (1 %) and code (10 %) bands', async () => {
  const cap = await chaos.convergence({ phi: 'tanh' });
  const code = await chaos.convergence({ phi: 'tanh', band: 0.1 });
  assert.equal(cap.sw.length, 41);
  assert.equal(cap.sb.length, 41);
  near(cap.sw[15], 2.5, 1e-15, 'sw grid');
  near(cap.sb[3], 0.3, 1e-15, 'sb grid');
  // A wider band is met no later, start by start, so on average too.
  for (let i = 0; i < cap.iters.length; i++) assert.ok(!(code.iters[i] > cap.iters[i]), `cell ${i}`);
  // sb = 0: the start q0 = 0 stays at the unstable fixed point 0.
  for (let i = 0; i < 41; i++) assert.equal(cap.iters[i], Infinity);
  // The highlighted cell (2.5, 0.3) by direct iteration of the length map from 25 starts.
  const { qStar } = chaos.fixedPoint({ phi: 'tanh', sw: 2.5, sb: 0.3 });
  let sum = 0;
  for (let k = 0; k < 25; k++) {
    let q = (15 * k) / 24, t = 0;
    while (Math.abs(q - qStar) > 0.01 * qStar) { q = chaos.lengthMap({ phi: 'tanh', sw: 2.5, sb: 0.3, q }).q; t++; }
    sum += t;
  }
  assert.equal(cap.iters[3 * 41 + 15], sum / 25);
  await assert.rejects(chaos.convergence({ phi: 'tanh', band: 1 }), /band must be in \(0, 1\), got 1/);
  await assert.rejects(chaos.convergence({ phi: 'tanh', q0Max: 2000 }), /q0Max must be in/);
});

test("Poole et al.'s parameter sets in README.md are links the views accept as they are", async () => {
  const { readFile } = await import('node:fs/promises');
  const { parseHash } = await import('../../web/js/demos/state.js');
  const { DEMOS } = await import('../../web/js/demos/index.js');
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const table = readme.slice(readme.indexOf("Poole et al. 2016's parameter sets"));
  const links = [...table.slice(0, table.indexOf('\n\n', table.indexOf('| figure |'))).matchAll(/`(#\/chaos-[^`]+)`/g)].map((m) => m[1]);
  assert.ok(links.length >= 6, `${links.length} links`);
  for (const link of links) {
    const { demo, notices } = parseHash(link, DEMOS);
    assert.deepEqual(notices, [], link);
    assert.equal(`#/${demo.id}`, link.slice(0, link.indexOf('?')));
  }
});
