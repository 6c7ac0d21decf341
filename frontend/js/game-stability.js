// A game's local dynamics, as the race's curvature layer shows them
// (compute/game_jacobian.py has the math and the references).
//
// At w the descent–ascent field F = (−∂V/∂x, +∂V/∂y) is F(w) + J d to first
// order, J = [[a, b], [c, d]] its Jacobian, eigenvalues λ = α ± iβ. Each game
// optimizer's step is then linear in the perturbation, and it grows or shrinks
// by the spectral radius ρ of that step's matrix (ρ < 1: locally stable):
//   simultaneous GDA  δ ← (I + ηJ) δ                                  ρ = max |1 + ηλ_i|
//   alternating GDA   y first, then x from the new y:
//                     δ ← [[1 + ηa, ηb], [0, 1]]·[[1, 0], [ηc, 1 + ηd]] δ
//   optimistic GDA    δ' = (I + 2ηJ) δ − ηJ δ_prev: per λ_i the roots μ of
//                     μ² − (1 + 2ηλ_i) μ + ηλ_i = 0, ρ = max |μ|
// (Mescheder et al. 2017 "The Numerics of GANs"; Daskalakis et al. 2018;
// Gidel et al. 2019 for the alternating and optimistic forms on bilinear games).

/** Complex numbers as [re, im]. */
const mul = ([a, b], [c, d]) => [a * c - b * d, a * d + b * c];
const abs = ([a, b]) => Math.hypot(a, b);
function sqrt([a, b]) {
  const r = abs([a, b]);
  const re = Math.sqrt(Math.max(0, (r + a) / 2));
  const im = Math.sqrt(Math.max(0, (r - a) / 2));
  return [re, b < 0 ? -im : im];
}

/** Roots of μ² − tμ + s = 0 for complex t, s. */
function quadraticRoots(t, s) {
  const half = [t[0] / 2, t[1] / 2];
  const [hr, hi] = mul(half, half);
  const root = sqrt([hr - s[0], hi - s[1]]);
  return [[half[0] + root[0], half[1] + root[1]], [half[0] - root[0], half[1] - root[1]]];
}

/** Eigenvalues [[re, im], [re, im]] of a real 2×2 matrix. */
export function eigenvalues2([[a, b], [c, d]]) {
  return quadraticRoots([a + d, 0], [a * d - b * c, 0]);
}

/** The game optimizers whose linearised step is known here. */
export const GAME_STEPS = new Set(['gda', 'alternating_gda', 'optimistic_gda']);

/** ρ of `optimizer`'s linearised step with rate `lr` at a point with Jacobian J; null if unknown. */
export function stepRadius(optimizer, lr, jacobian) {
  if (!GAME_STEPS.has(optimizer) || !(lr > 0) || !jacobian.flat().every(Number.isFinite)) return null;
  const [[a, b], [c, d]] = jacobian;
  if (optimizer === 'alternating_gda') {
    const step = [[1 + lr * a + lr * lr * b * c, lr * b * (1 + lr * d)], [lr * c, 1 + lr * d]];
    return Math.max(...eigenvalues2(step).map(abs));
  }
  const lambdas = eigenvalues2(jacobian);
  if (optimizer === 'gda') return Math.max(...lambdas.map(([re, im]) => Math.hypot(1 + lr * re, lr * im)));
  return Math.max(...lambdas.flatMap((l) => {
    const scaled = [lr * l[0], lr * l[1]];
    return quadraticRoots([1 + 2 * scaled[0], 2 * scaled[1]], scaled).map(abs);
  }));
}

/** Simultaneous GDA's largest stable rate, min −2 Re λ_i/|λ_i|²; null unless every Re λ_i < 0. */
export function gdaStableLr(lambdas) {
  if (!lambdas.flat().every(Number.isFinite) || lambdas.some(([re]) => re >= 0)) return null;
  return Math.min(...lambdas.map(([re, im]) => (-2 * re) / (re * re + im * im)));
}

/** Real eigenvectors of J (unit length) for real, distinct eigenvalues; null for a complex pair. */
export function realEigenvectors(jacobian, lambdas) {
  if (lambdas.some(([, im]) => im !== 0)) return null;
  const [[a, b], [c, d]] = jacobian;
  return lambdas.map(([lam]) => {
    // (J − λI)v = 0: v ⟂ either row of J − λI; the longer of the two answers is the accurate one.
    const first = [b, lam - a];
    const second = [lam - d, c];
    const v = Math.hypot(...first) >= Math.hypot(...second) ? first : second;
    const n = Math.hypot(...v);
    return n > 0 ? [v[0] / n, v[1] / n] : [1, 0];
  });
}

/**
 * The orbit d(t) = exp(Jt) d0 of the local linear flow, as `count` points (RK4).
 * One turn (t up to 2π/|Im λ|) for a rotation, cut where the radius has grown
 * or shrunk `growth` times, so a strong contraction or expansion stays visible.
 */
export function flowOrbit(jacobian, lambdas, d0, { count = 120, growth = 20 } = {}) {
  const [[a, b], [c, d]] = jacobian;
  const turn = Math.max(...lambdas.map(([, im]) => Math.abs(im)));
  const rate = Math.max(...lambdas.map(([re]) => Math.abs(re)));
  const horizon = Math.min(turn > 0 ? (2 * Math.PI) / turn : Infinity, rate > 0 ? Math.log(growth) / rate : Infinity);
  if (!Number.isFinite(horizon)) return [d0];
  const h = horizon / (count - 1);
  const f = ([x, y]) => [a * x + b * y, c * x + d * y];
  const add = (p, q, s) => [p[0] + s * q[0], p[1] + s * q[1]];
  const out = [d0];
  let p = d0;
  for (let i = 1; i < count; i++) {
    const k1 = f(p);
    const k2 = f(add(p, k1, h / 2));
    const k3 = f(add(p, k2, h / 2));
    const k4 = f(add(p, k3, h));
    p = [p[0] + (h / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]), p[1] + (h / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])];
    out.push(p);
  }
  return out;
}
