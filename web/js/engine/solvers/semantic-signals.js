// What a semantic network sends back and what it represents, over training
// (docs/theory.md §4.8–4.9): the back-propagated error per group of properties,
// and the similarity of two networks' hidden representations (RSA). Both run
// eng.semantic.simulate (the one gradient-descent core) and set the records
// against the exact mode dynamics a_α(t) (deep_linear.h).
import { int, real, reals } from '../params.js';
import { pow } from '../dmath.js';
import { aborted } from '../errors.js';
import { trajectory } from './deep-linear.js';
import { DLAB_DLS_MAX_WIDTH, DLAB_SEM_MAX_FEATURES } from '../c-constants.js';

/** a_α(t) of every mode of S from a balanced decoupled start a0 (modes with s ≈ 0 stay at 0). */
function modeCurves(w, S, depth, a0, t) {
  return Array.from(S, (s) => (s > 1e-9 * S[0] && s > a0 ? trajectory(w, depth, s, a0, t) : new Float64Array(t.length)));
}

/** Group index of every feature: integers 0..G-1 -> { groups, G, members: [feature indices per group] }. */
function groupsOf(p, rows) {
  const groups = reals(p, 'groups', { minLength: rows, maxLength: rows, each: { min: 0, max: DLAB_SEM_MAX_FEATURES - 1 } });
  groups.forEach((g, f) => { if (!Number.isInteger(g)) throw new RangeError(`groups[${f}] must be a whole number (a group index), got ${g}`); });
  const G = Math.max(...groups) + 1;
  const members = Array.from({ length: G }, () => []);
  groups.forEach((g, f) => members[g].push(f));
  return { G, members };
}

/**
 * The error each group of output properties sends back to the first hidden layer,
 * ‖(W^D..W^2)[G]ᵀ (Y − W_tot)[G]‖_F (summed over items), per record, beside its value
 * from the exact mode dynamics from a balanced decoupled start a0:
 *   E_G(t)² = Σ_αβ a_α^(2(D−1)/D) (U_Gᵀ U_G)_αβ² (s_β − a_β)².
 */
export async function groupErrors(w, ns, p, { signal, onProgress } = {}) {
  const depth = int(p, 'depth', { min: 2, max: 10, def: 2 });
  const rows = int(p, 'rows', { min: 1, max: DLAB_SEM_MAX_FEATURES });
  const { G, members } = groupsOf(p, rows);
  const a0 = real(p, 'a0', { min: 0, max: 1, minOpen: true, def: 0.001 });
  const sim = await ns.simulate({ ...p, depth, a0, record: { hidden: false, outputs: true, readout: true } }, { signal, onProgress });
  const { Y, cols } = p;
  const n1 = sim.widths[1];
  const errors = members.map(() => new Float64Array(sim.t.length));
  for (let r = 0; r < sim.t.length; r++) {
    if (signal?.aborted) throw aborted();
    const Wt = sim.outputs[r], R = sim.readout[r];   // features x items, features x n_1
    members.forEach((fs, g) => {
      if (!fs.length) return;
      const RG = new Float64Array(fs.length * n1), EG = new Float64Array(fs.length * cols);
      fs.forEach((f, k) => {
        RG.set(R.subarray(f * n1, (f + 1) * n1), k * n1);
        for (let i = 0; i < cols; i++) EG[k * cols + i] = Y[f * cols + i] - Wt[f * cols + i];
      });
      const back = w.matmul(RG, EG, n1, fs.length, cols, { transA: true });   // n_1 x items
      errors[g][r] = Math.sqrt(back.reduce((m, x) => m + x * x, 0));
    });
  }
  // Theory: W^D..W^2 = U diag(a^((D−1)/D)) R₁ᵀ and Y − W_tot = U diag(s − a) Vᵀ.
  const { U, S, p: q } = ns.svd({ Y, rows, cols });
  const a = modeCurves(w, S, depth, a0, sim.t);
  const theory = members.map((fs) => {
    const M = new Float64Array(q * q);   // U_Gᵀ U_G
    for (const f of fs) for (let x = 0; x < q; x++) for (let y = 0; y < q; y++) M[x * q + y] += U[f * q + x] * U[f * q + y];
    return Float64Array.from(sim.t, (_, k) => {
      let e2 = 0;
      for (let x = 0; x < q; x++) {
        const c2 = pow(a[x][k], (2 * (depth - 1)) / depth);
        for (let y = 0; y < q; y++) { const d = S[y] - a[y][k]; e2 += c2 * M[x * q + y] * M[x * q + y] * d * d; }
      }
      return Math.sqrt(e2);
    });
  });
  return { t: sim.t, loss: sim.loss, modes: sim.modes, S, groups: G, errors, theory };
}

/** Pearson correlation of the entries i <= j of two symmetric n x n matrices (0 when one is constant). */
export function rsmCorrelation(A, B, n) {
  let m = 0, sa = 0, sb = 0;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) { sa += A[i * n + j]; sb += B[i * n + j]; m++; }
  const ma = sa / m, mb = sb / m;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const x = A[i * n + j] - ma, y = B[i * n + j] - mb;
      ab += x * y; aa += x * x; bb += y * y;
    }
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Hᵀ H for H (h x n, row-major): the items' similarity matrix (n x n). */
const gram = (w, H, h, n) => w.matmul(H, H, n, h, n, { transA: true });

/**
 * Two networks of different hidden widths (and seeds), trained on the same data from
 * small random starts (init 'small', W_ij ~ N(0, scale²)) with the same step size:
 * the items' hidden similarity matrices RSM = W¹ᵀ W¹ per record, the correlation
 * between the two (RSA), and of each with the theory's V diag(a(t)^(2/D)) Vᵀ
 * (balanced decoupled start a0).
 */
export async function rsa(w, ns, p, { signal, onProgress } = {}) {
  const depth = int(p, 'depth', { min: 2, max: 10, def: 2 });
  const cols = int(p, 'cols', { min: 2, max: 64 });
  const hidden = reals(p, 'hidden', { minLength: 2, maxLength: 2, each: { min: 1, max: DLAB_DLS_MAX_WIDTH } });
  const seeds = reals(p, 'seeds', { minLength: 2, maxLength: 2, each: { min: 0, max: 2147483647 } });
  [...hidden, ...seeds].forEach((v) => { if (!Number.isInteger(v)) throw new RangeError(`hidden and seeds must be whole numbers, got ${v}`); });
  const a0 = real(p, 'a0', { min: 0, max: 1, minOpen: true, def: 0.001 });
  const runs = [];
  for (let k = 0; k < 2; k++) {
    const progress = onProgress && ((f, note) => onProgress((k + f) / 2, note));
    const sim = await ns.simulate({ ...p, depth, init: 'small', hidden: hidden[k], seed: seeds[k], record: { hidden: true, outputs: false } },
      { signal, onProgress: progress });
    runs.push({ loss: sim.loss, t: sim.t, rsm: sim.hidden.map((H) => gram(w, H, hidden[k], cols)) });
  }
  const { t } = runs[0];
  const { S, V, p: q } = ns.svd({ Y: p.Y, rows: p.rows, cols });
  const a = modeCurves(w, S, depth, a0, t);
  const theory = Array.from(t, (_, k) => {
    const K = new Float64Array(cols * cols);
    for (let x = 0; x < q; x++) {
      const g = pow(a[x][k], 2 / depth);
      for (let i = 0; i < cols; i++) for (let j = 0; j < cols; j++) K[i * cols + j] += g * V[i * q + x] * V[j * q + x];
    }
    return K;
  });
  const corr = (X, Z) => Float64Array.from(t, (_, k) => rsmCorrelation(X[k], Z[k], cols));
  return { t, loss: runs.map((r) => r.loss), rsm: runs.map((r) => r.rsm), theory, between: corr(runs[0].rsm, runs[1].rsm),
    vsTheory: runs.map((r) => corr(r.rsm, theory)) };
}
