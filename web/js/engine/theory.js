// Closed-form theory the engine computes in JS (the mode dynamics, learning
// times and the stable learning rate are C's: deep_linear.h, dl_sim.h). Every
// formula here exists once; the solvers put its values into their results, and
// demos draw them — demos never re-derive theory. Deterministic: dmath only.
import { exp, log, pow } from './dmath.js';

// ---- λ-balanced two-layer networks (Dominé et al. 2025) ------------------------------
// Each direction a is a pair (b, c) with c^2 - b^2 = λ conserved and b c = a strength
// (a0 at the start, s_a at the end): b^2 = (-λ + sqrt(λ^2 + 4 a^2)) / 2. The larger of
// b^2, c^2 comes from that form, the other as a^2 over it: no cancellation at any λ.
function gains2(lambda, a) {
  const big = 0.5 * (Math.abs(lambda) + Math.sqrt(lambda * lambda + 4 * a * a)), small = (a * a) / big;
  return lambda >= 0 ? { b2: small, c2: big } : { b2: big, c2: small };
}

/**
 * Relative changes of W1^T W1 (hidden), W2 W2^T (readout) and the tangent kernel
 * over training from the aligned λ-balanced start at strength a0 to the data's
 * singular values s (n_0 = n_1 = n_2 = modes); b0, c0 the start's layer gains.
 */
export function lambdaTheory(lambda, a0, s) {
  const start = gains2(lambda, a0), end = s.map((v) => gains2(lambda, v));
  const bInf = end.map((g) => g.b2), cInf = end.map((g) => g.c2);
  const delta = bInf.map((v) => v - start.b2);   // = change of c^2 as well
  const norm = (arr) => Math.sqrt(arr.reduce((t, v) => t + v * v, 0));
  let dK = 0, K = 0;
  for (let a = 0; a < s.length; a++) {
    for (let b = 0; b < s.length; b++) {
      const d = delta[a] + delta[b], k = cInf[a] + bInf[b];
      dK += d * d;
      K += k * k;
    }
  }
  return {
    hidden: norm(delta) / norm(bInf), readout: norm(delta) / norm(cInf), ntk: Math.sqrt(dK / K),
    b0: Math.sqrt(start.b2), c0: Math.sqrt(start.c2),
  };
}

/** sinh(x) / x, accurate at small x (the series there: no cancellation). */
function sinhc(x) {
  if (Math.abs(x) < 0.1) { const y = x * x; return 1 + y / 6 * (1 + y / 20 * (1 + y / 42 * (1 + y / 72))); }
  return (exp(x) - exp(-x)) / (2 * x);
}

/** C = A B, row-major (n x k times k x m). */
function mul(A, B, n, k, m) {
  const C = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const a = A[i * k + j];
      if (a !== 0) for (let c = 0; c < m; c++) C[i * m + c] += a * B[j * m + c];
    }
  }
  return C;
}

/**
 * The exact gradient flow of a two-layer linear network on whitened inputs (Sigma11 = I)
 * from a λ-balanced state, over a time dt (Dominé et al. 2025). With Q = [W1^T; W2]
 * ((n0 + n2) x n1) and W2^T W2 - W1 W1^T = λ I the flow is dQ/dt = F Q - Q Q^T Q / 2,
 * F = [[-λ/2 I, Σ^T], [Σ, λ/2 I]] (Σ = Sigma31), so P = Q Q^T solves the Riccati equation
 * dP/dt = F P + P F - P^2, whose solution is
 *   P(t) = e^(Ft) Q0 (I + Q0^T G(t) Q0)^(-1) Q0^T e^(Ft),  G(t) = ∫_0^t e^(2Fτ) dτ.
 * F^2 is block diagonal (λ²/4 + Σ^T Σ, λ²/4 + Σ Σ^T), so with ω = sqrt(s² + λ²/4) per
 * singular value (|λ|/2 off the data's span): e^(Ft) = cosh(Ωt) + F t sinhc(Ωt) and
 * G(t) = t sinhc(2Ωt) + F t² sinhc(Ωt)². `svd` = { U (n2 x p), S (p), V (n0 x p) } of Σ.
 * Returns step(Q, n1): a factor Q' of P(t + dt) (Q' = e^(F dt) Q L^-T, L L^T = I + Q^T G Q);
 * P, not Q, is unique. Long intervals are cut so that e^(ω dt) stays below e^8.
 */
export function lambdaFlow(svd, lambda, n0, n2, dt) {
  const { U, S, V } = svd, p = S.length, N = n0 + n2, half = Math.abs(lambda) / 2;
  const omega = Array.from(S, (s) => Math.sqrt(s * s + half * half));
  const pieces = Math.max(1, Math.ceil((Math.max(half, ...omega) * dt) / 8)), h = dt / pieces;
  // f(F^2) on both blocks: X diag(f(ω)) X^T + f(|λ|/2) (I - X X^T), X = V (inputs), U (outputs).
  const ofF2 = (f) => {
    const M = new Float64Array(N * N), off = f(half);
    for (const [X, n, at] of [[V, n0, 0], [U, n2, n0]]) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let v = i === j ? off : 0;
          for (let a = 0; a < p; a++) v += X[i * p + a] * X[j * p + a] * (f(omega[a]) - off);
          M[(at + i) * N + at + j] = v;
        }
      }
    }
    return M;
  };
  const F = new Float64Array(N * N);
  for (let i = 0; i < n0; i++) F[i * N + i] = -lambda / 2;
  for (let i = n0; i < N; i++) F[i * N + i] = lambda / 2;
  for (let i = 0; i < n2; i++) {
    for (let j = 0; j < n0; j++) {
      let v = 0;
      for (let a = 0; a < p; a++) v += U[i * p + a] * S[a] * V[j * p + a];
      F[(n0 + i) * N + j] = v;
      F[j * N + n0 + i] = v;
    }
  }
  const plus = (A, B) => A.map((v, i) => v + B[i]);
  const cosh = (x) => (exp(x) + exp(-x)) / 2, sq = (x) => x * x;
  const E = plus(ofF2((w) => cosh(w * h)), mul(F, ofF2((w) => h * sinhc(w * h)), N, N, N));
  const G = plus(ofF2((w) => h * sinhc(2 * w * h)), mul(F, ofF2((w) => sq(h * sinhc(w * h))), N, N, N));
  return (Q0, n1) => {
    let Q = Q0;
    for (let k = 0; k < pieces; k++) {
      const Y = mul(E, Q, N, N, n1), GQ = mul(G, Q, N, N, n1);
      // M = I + Q^T G Q (symmetric, >= I) and its Cholesky factor L.
      const L = new Float64Array(n1 * n1);
      for (let i = 0; i < n1; i++) {
        for (let j = 0; j <= i; j++) {
          let m = i === j ? 1 : 0;
          for (let r = 0; r < N; r++) m += Q[r * n1 + i] * GQ[r * n1 + j];
          for (let c = 0; c < j; c++) m -= L[i * n1 + c] * L[j * n1 + c];
          L[i * n1 + j] = i === j ? Math.sqrt(m) : m / L[j * n1 + j];
        }
      }
      // Each row y of Y becomes x with L x = y.
      Q = new Float64Array(N * n1);
      for (let r = 0; r < N; r++) {
        for (let i = 0; i < n1; i++) {
          let v = Y[r * n1 + i];
          for (let c = 0; c < i; c++) v -= L[i * n1 + c] * Q[r * n1 + c];
          Q[r * n1 + i] = v / L[i * n1 + i];
        }
      }
    }
    return Q;
  };
}

// ---- products of random matrices ------------------------------------------------
/**
 * Digamma function psi(x), x > 0: the recurrence psi(x) = psi(x + 1) - 1/x up to
 * x >= 10, then the asymptotic series to the x^-12 term (the first term left out is
 * below 1e-15 there).
 */
export function digamma(x) {
  let r = 0;
  while (x < 10) { r -= 1 / x; x += 1; }
  const f = 1 / (x * x);
  return r + log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760))))));
}

/**
 * Lyapunov exponents mu_i of products of real N x N Gaussian matrices with entry
 * variance g^2 / N: the i-th singular value of a product of D of them grows like
 * exp(D mu_i), mu_i = log g + (log(2/N) + psi((N - i + 1)/2)) / 2 (Newman 1986).
 */
export function gaussianLyapunov(N, gain = 1) {
  return Float64Array.from({ length: N }, (_, i) => log(gain) + 0.5 * (log(2 / N) + digamma((N - i) / 2)));
}

/**
 * Singular values of products W^l..W^1 of Gaussian layers (gain g), for l = 1..depth:
 * geometricMean[l-1] = exp(l mean_i mu_i), exact in expectation at any N (E log|det| =
 * l sum mu_i); largest[l-1] = g^l sqrt((l+1)^(l+1) / l^l), the upper edge of the
 * Fuss-Catalan law of the product's squared singular values (N -> infinity at fixed l).
 */
export function gaussianProductTheory(depth, lyapunov, gain) {
  const meanMu = lyapunov.reduce((t, m) => t + m, 0) / lyapunov.length;
  const l = Float64Array.from({ length: depth }, (_, i) => i + 1);
  return {
    geometricMean: l.map((k) => exp(k * meanMu)),
    largest: l.map((k) => pow(gain, k) * Math.sqrt(pow(k + 1, k + 1) / pow(k, k))),
  };
}

// ---- a planted category: a rank-one spike in noise ---------------------------------
/**
 * Benaych-Georges & Nadakuditi (2012) for an nf x no spike theta u v^T (theta2 =
 * theta^2) in noise of unit variance: the top singular value s and the squared
 * overlaps of its singular vectors with the spike's (0 below the threshold
 * theta^2 = sqrt(no nf), where s sits at the noise edge sqrt(no) + sqrt(nf)).
 */
export function spikeTheory(no, nf, theta2) {
  const c = nf / no, t2 = theta2 / no;   // scaled: noise entries of variance 1/no
  const edge = Math.sqrt(no) + Math.sqrt(nf);
  if (t2 <= Math.sqrt(c)) return { s: edge, itemOverlap: 0, featureOverlap: 0, detectable: false };
  return {
    s: Math.sqrt(no) * Math.sqrt((1 + t2) * (c + t2) / t2),
    itemOverlap: 1 - (c + t2) / (t2 * (t2 + 1)),
    featureOverlap: 1 - (c * (1 + t2)) / (t2 * (t2 + c)),
    detectable: true,
  };
}

// ---- the saddle of y = w2 w1 x (Saxe et al. 2014) ------------------------------------
/**
 * Gradient flow of the loss (s - w2 w1)^2 / 2 (one input, one hidden unit, one output;
 * the input statistics folded into s): tau dw1/dt = w2 (s - w2 w1), tau dw2/dt =
 * w1 (s - w2 w1). A saddle at 0, minima on the hyperbola w2 w1 = s; w1^2 - w2^2 is
 * conserved. -> [tau dw1/dt, tau dw2/dt]
 */
export function saddleFlow(s, w1, w2) {
  const g = s - w2 * w1;
  return [w2 * g, w1 * g];
}

// ---- one mode shared by parallel deep linear pathways (Shi, Shea-Brown & Buice 2022) ----
/**
 * The reduced dynamics of one mode of singular value s carried by P aligned deep linear
 * pathways of depth D: pathway p is a chain of D gains (input layer first) whose product
 * is its strength a_p, and all see the one error E = s - sum_q a_q. Gradient flow keeps
 * every difference of neighbouring squared gains (W^(l+1)T W^(l+1) - W^l W^lT is
 * conserved), so with g the output gain, the input gain^2 is g^2 + first and every hidden
 * one g^2 + hidden (offsets >= 0; 0 and 0 is the balanced case of the paper):
 *   a = g sqrt((g^2 + first) (g^2 + hidden)^(D-2)),   tau dg/dt = (a / g) E.
 * Balanced, this is tau da_p/dt = D |a_p|^(2-2/D) E: with D >= 3 the pathway ahead grows
 * faster and takes the mode. D = 1 (a = g, no offsets) is solved exactly; otherwise
 * classical RK4 with each step bounded so that no g changes by more than 2% of
 * |g| + sqrt(smallest positive offset) and no stiffness rate times the step exceeds 0.02
 * (local error ~ 0.02^5; the tests measure the global error against closed forms); once
 * |E| <= 1e-10 s the strengths are held (what is left to change is smaller than that).
 * Offsets must be >= 0. a0: the start per pathway; t: ascending times (tau = 1) from 0.
 * -> [pathway] Float64Array of a_p over t
 */
export function pathwaysReduced(s, depth, a0, t, { first = 0, hidden = 0 } = {}) {
  const P = a0.length, D = depth, out = Array.from(a0, () => new Float64Array(t.length));
  if (D === 1) {   // tau da_p/dt = s - sum a: equal additive changes
    const A0 = a0.reduce((x, y) => x + y, 0);
    t.forEach((x, i) => a0.forEach((a, p) => { out[p][i] = a + ((s - A0) / P) * (1 - exp(-P * x)); }));
    return out;
  }
  // R(g) = a / g and a(g) = g R(g); a is increasing in g, so the start is found by bisection.
  // Whole powers by multiplication: no pow in the RK4 loop (pow dominated its time).
  const R = (g) => {
    const g2 = g * g;
    let r = g2 + first;
    for (let l = 2; l < D; l++) r *= g2 + hidden;
    return Math.sqrt(r);
  };
  const strengthOf = (g) => g * R(g);
  const part = (g2, c) => (c > 0 ? g2 / (g2 + c) : 1);   // g d(log sqrt(g^2 + c))/dg
  const slope = (g) => { const g2 = g * g; return R(g) * (1 + part(g2, first) + (D - 2) * part(g2, hidden)); };   // da/dg
  const gOf = (a) => {
    let lo = -1, hi = 1;
    while (strengthOf(lo) > a) lo *= 2;
    while (strengthOf(hi) < a) hi *= 2;
    for (let i = 0; i < 200; i++) {
      const mid = 0.5 * (lo + hi);
      if (mid === lo || mid === hi) break;
      if (strengthOf(mid) < a) lo = mid; else hi = mid;
    }
    return Math.abs(strengthOf(lo) - a) <= Math.abs(strengthOf(hi) - a) ? lo : hi;
  };
  const offsets = D > 2 ? [first, hidden] : [first];
  const positive = offsets.filter((c) => c > 0);
  const floor = positive.length ? Math.sqrt(Math.min(...positive)) : 0;
  let g = Array.from(a0, gOf), now = 0, steps = 0;
  const rhs = (gs) => {
    let e = s;
    for (const x of gs) e -= strengthOf(x);
    return gs.map((x) => R(x) * e);
  };
  let settled = false;   // |E| <= 1e-10 s: what is left to change is below that, g is held
  for (let i = 0; i < t.length; i++) {
    while (now < t[i] && !settled) {
      const dg = rhs(g);
      if (Math.abs(s - g.reduce((x, y) => x + strengthOf(y), 0)) <= 1e-10 * s) { settled = true; break; }
      let rate = 1e-300;
      for (let p = 0; p < P; p++) rate = Math.max(rate, Math.abs(dg[p]) / (Math.abs(g[p]) + floor || 1e-300), P * R(g[p]) * slope(g[p]));
      const h = Math.min(t[i] - now, 0.02 / rate);
      const k1 = dg, k2 = rhs(g.map((x, p) => x + 0.5 * h * k1[p])), k3 = rhs(g.map((x, p) => x + 0.5 * h * k2[p])), k4 = rhs(g.map((x, p) => x + h * k3[p]));
      g = g.map((x, p) => x + (h / 6) * (k1[p] + 2 * k2[p] + 2 * k3[p] + k4[p]));
      now += h;
      if (++steps > 5e6) throw new RangeError(`the reduced pathway dynamics need more than 5e6 steps to reach t = ${t[i]}; shorten the time span`);
    }
    for (let p = 0; p < P; p++) out[p][i] = strengthOf(g[p]);
  }
  return out;
}
