// Height -> colour/elevation. Log-scaled surfaces (Rosenbrock's walls are 10⁴×
// its valley) are drawn as log10(f − f_min + ε) with tick labels in real f.

import { fmt } from '../format.js';

export function zScale(landscape) {
  const { z_min: zMin, z_max: zMax, log_scale: log } = landscape;
  if (!log || zMin === null || zMax === null || !(zMax > zMin)) {
    return { log: false, f: (z) => z, ticks: null, bounds: [zMin ?? 0, zMax ?? 1] };
  }
  const eps = Math.max((zMax - zMin) * 1e-6, 1e-12);
  const f = (z) => (z === null || z === undefined ? null : Math.log10(Math.max(z - zMin, 0) + eps));
  const lo = f(zMin);
  const hi = f(zMax);
  const vals = [];
  const text = [];
  for (let k = Math.ceil(lo); k <= Math.floor(hi); k++) {
    vals.push(k);
    text.push(fmt(zMin + 10 ** k - eps, 2));
  }
  return { log: true, f, ticks: { vals, text }, bounds: [lo, hi] };
}

/** z[j][i] mapped through the scale (rows of plain arrays, nulls kept). */
export function transformGrid(z, scale) {
  if (!scale.log) return z;
  return z.map((row) => row.map(scale.f));
}
