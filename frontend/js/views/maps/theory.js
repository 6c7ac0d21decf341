// What the theory says a stability map should show, on a quadratic surface
// f(w) = ½ wᵀHw (compute/curvature.py has the derivations):
//   gradient descent converges iff η < 2/λmax (with weight decay λ_wd the
//   Hessian it sees is H + λ_wd·I: η < 2/(λmax + λ_wd));
//   the heavy ball (torch's SGD with momentum β, no dampening) iff
//   η < 2(1 + β)/(λmax + λ_wd), fastest at Polyak's (1964)
//   η* = 4/(√λmax + √λmin)², β* = ((√λmax − √λmin)/(√λmax + √λmin))².
// Pure functions: axes and hyperparameters in, curves and points out.

const SAMPLES = 96;

/** Is the Hessian the same at every probe? eigenvalues: [[λ1, λ2], …] at several points. */
export function isQuadratic(eigenvalues) {
  if (!eigenvalues.length || !eigenvalues.every((e) => e.every(Number.isFinite))) return false;
  const [a, b] = eigenvalues[0];
  const close = (u, v) => Math.abs(u - v) <= 1e-7 * Math.max(1, Math.abs(u), Math.abs(v));
  return eigenvalues.every(([u, v]) => close(u, a) && close(v, b));
}

function spaced({ min, max, scale }, n = SAMPLES) {
  return Array.from({ length: n }, (_, i) => {
    const f = i / (n - 1);
    return scale === 'log' ? min * (max / min) ** f : min + f * (max - min);
  });
}

/**
 * The theory's boundary and optimum on a stability map, or null where it has none.
 * optimizer: id; hp: the fixed hyperparameters (filled with defaults); x, y: the
 * map's axes {name, min, max, scale}; eigen: [λmin, λmax] of the quadratic.
 * Returns {boundary: {x: […], y: […]} | null, optimum: {x, y} | null, rule: key}.
 */
export function stabilityTheory(optimizer, hp, x, y, [low, high]) {
  if (!(high > 0)) return null;
  const heavyBall = optimizer === 'momentum' && !(hp.dampening > 0);
  if (optimizer !== 'gd' && !heavyBall) return null;
  const names = new Set([x.name, y.name]);
  if (!names.has('lr') || names.has('dampening')) return null;
  const other = x.name === 'lr' ? y : x;
  // The learning rate at the edge, as a function of the other axis' value v.
  const edge = (v) => {
    const value = (name) => (other.name === name ? v : hp[name] ?? 0);
    const beta = heavyBall ? value('momentum') : 0;
    return (2 * (1 + beta)) / (high + value('weight_decay'));
  };
  const values = spaced(other);
  const rates = values.map(edge);
  const boundary = x.name === 'lr' ? { x: rates, y: values } : { x: values, y: rates };
  let optimum = null;
  if (heavyBall && names.has('momentum') && low > 0 && !(hp.weight_decay > 0)) {
    const [a, b] = [Math.sqrt(high), Math.sqrt(low)];
    const point = { lr: 4 / (a + b) ** 2, momentum: ((a - b) / (a + b)) ** 2 };
    optimum = { x: point[x.name], y: point[y.name] };
  }
  return { boundary, optimum, rule: heavyBall ? 'maps.theory.heavyBall' : 'maps.theory.gd' };
}
