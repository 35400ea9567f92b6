// E[phi'(sqrt(q) z)^k], z ~ N(0, 1), by the trapezoid rule: the tests' own quadrature, for
// rho = E[phi'^4] / E[phi'^2]^2 in finite-width allowances (tanh and erf).
const D1 = { tanh: (h) => 1 / Math.cosh(h) ** 2, erf: (h) => Math.exp(-Math.PI * h * h / 4) };

export function phiMoment(phi, q, k) {
  let s = 0;
  for (let z = -10; z <= 10; z += 1e-3) s += Math.exp(-z * z / 2) * D1[phi](Math.sqrt(q) * z) ** k;
  return s * 1e-3 / Math.sqrt(2 * Math.PI);
}

export const rho = (phi, q) => phiMoment(phi, q, 4) / phiMoment(phi, q, 2) ** 2;
