// Height -> colour/elevation. Log-scaled surfaces (Rosenbrock's walls are 10⁴×
// its valley) are drawn as log10(f − f_min + ε) with tick labels in real f.

import { fmt } from '../format.js';

export function zScale(landscape) {
  const { z_min: zMin, z_max: zMax, log_scale: log } = landscape;
  if (!log || zMin === null || zMax === null || !(zMax > zMin)) {
    return { log: false, f: (z) => z, ticks: null, bounds: [zMin ?? 0, zMax ?? 1] };
  }
  // ε sets how deep the colour map looks into the minimum's basin: 10⁻⁷ of the range.
  const eps = Math.max((zMax - zMin) * 1e-7, 1e-12);
  const f = (z) => (z === null || z === undefined ? null : Math.log10(Math.max(z - zMin, 0) + eps));
  const lo = f(zMin);
  const hi = f(zMax);
  const vals = [];
  const text = [];
  // Ticks at round heights above the minimum: f = f_min + 10^k.
  const first = Math.ceil(Math.log10(eps * 10));
  const step = hi - lo > 8 ? 2 : 1;
  for (let k = first; f(zMin + 10 ** k) <= hi; k += step) {
    // Round heights: 10^k itself when f_min is small against it (a grid rarely hits f* = 0).
    const v = zMin >= 0 && zMin < 0.5 * 10 ** k ? 10 ** k : Number((zMin + 10 ** k).toPrecision(2));
    if (f(v) === null || f(v) < lo || f(v) > hi) continue;
    vals.push(f(v));
    text.push(fmt(v, 2));
  }
  return { log: true, f, ticks: { vals, text }, bounds: [lo, hi] };
}

/** z[j][i] mapped through the scale (rows of plain arrays, nulls kept). */
export function transformGrid(z, scale) {
  if (!scale.log) return z;
  return z.map((row) => row.map(scale.f));
}
