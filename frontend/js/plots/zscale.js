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
  const ticks = niceTicks(zMin, zMax, f, (hi - lo) / 9);
  return { log: true, f, ticks: { vals: ticks.map(f), text: ticks.map((v) => fmt(v, 2)) }, bounds: [lo, hi] };
}

/**
 * Round heights for the colour bar: 0 and ±{1, 2, 5}·10^k in (zMin, zMax],
 * rounder ones first (powers of ten, then 5s, then 2s), each kept only if it
 * lies at least `gap` (in transformed units) from those already kept. So the
 * labels never crowd, and read 0.001, 0.01 rather than 8.5e−4, 0.0018.
 */
function niceTicks(zMin, zMax, f, gap) {
  const candidates = zMin < 0 && zMax > 0 ? [{ v: 0, rank: 0 }] : [];
  const top = Math.ceil(Math.log10(Math.max(Math.abs(zMin), Math.abs(zMax))));
  for (let k = top - 18; k <= top; k++) {
    [[1, 0], [5, 1], [2, 2]].forEach(([m, rank]) => {
      for (const v of [m * 10 ** k, -m * 10 ** k]) {
        if (v > zMin && v <= zMax) candidates.push({ v: Number(v.toPrecision(1)), rank });
      }
    });
  }
  candidates.sort((a, b) => a.rank - b.rank || b.v - a.v);
  const kept = [];
  for (const { v } of candidates) {
    if (kept.every((u) => Math.abs(f(u) - f(v)) >= gap)) kept.push(v);
  }
  return kept.sort((a, b) => a - b);
}

/** z[j][i] mapped through the scale (rows of plain arrays, nulls kept). */
export function transformGrid(z, scale) {
  if (!scale.log) return z;
  return z.map((row) => row.map(scale.f));
}
