// Arrows as line segments in ONE scatter trace (null-separated), with small
// arrowheads. Annotations would be ~5× slower to draw (docs: MEASURED.md).

const HEAD_ANGLE = 0.45; // radians either side of the shaft

/**
 * Append an arrow from (x, y) along (dx, dy) (data units) to xs/ys.
 * k = {kx, ky} pixels per unit, so heads look the same at any aspect ratio.
 */
export function pushArrow(xs, ys, x, y, dx, dy, k, headPx = 7) {
  const px = dx * k.kx;
  const py = dy * k.ky;
  const length = Math.hypot(px, py);
  if (!(length > 0.5)) return;
  const head = Math.min(headPx, 0.45 * length);
  const angle = Math.atan2(py, px);
  const tipX = x + dx;
  const tipY = y + dy;
  const wing = (side) => [
    tipX - (head * Math.cos(angle + side * HEAD_ANGLE)) / k.kx,
    tipY - (head * Math.sin(angle + side * HEAD_ANGLE)) / k.ky,
  ];
  const [ax, ay] = wing(1);
  const [bx, by] = wing(-1);
  xs.push(x, tipX, null, ax, tipX, bx, null);
  ys.push(y, tipY, null, ay, tipY, by, null);
}

/**
 * An arrow of fixed on-screen length `lengthPx` in the direction (u, v).
 * Used where the true length would be meaningless or invisible.
 */
export function pushDirection(xs, ys, x, y, u, v, k, lengthPx, headPx = 7) {
  const px = u * k.kx;
  const py = v * k.ky;
  const norm = Math.hypot(px, py);
  if (!(norm > 0) || !Number.isFinite(norm)) return;
  const s = lengthPx / norm;
  pushArrow(xs, ys, x, y, u * s, v * s, k, headPx);
}

/**
 * The −∇f field: arrow lengths grow with log‖∇f‖ from 35% to 90% of a grid
 * cell, so both the flat valley and the steep walls stay readable.
 */
export function fieldSegments(arrows, k, cellPx) {
  const xs = [];
  const ys = [];
  const norms = arrows.u.map((u, i) => Math.hypot(u, arrows.v[i]));
  const positive = norms.filter((n) => n > 0);
  if (!positive.length) return { xs, ys };
  const lo = Math.log(Math.min(...positive));
  const hi = Math.log(Math.max(...positive));
  for (let i = 0; i < norms.length; i++) {
    if (!(norms[i] > 0)) continue;
    const t = hi > lo ? (Math.log(norms[i]) - lo) / (hi - lo) : 1;
    const lengthPx = cellPx * (0.35 + 0.55 * t);
    // Centre each arrow on its grid point.
    const px = (arrows.u[i] / norms[i]) * lengthPx;
    const py = (arrows.v[i] / norms[i]) * lengthPx;
    const x0 = arrows.x[i] - px / 2 / k.kx;
    const y0 = arrows.y[i] - py / 2 / k.ky;
    pushDirection(xs, ys, x0, y0, arrows.u[i], arrows.v[i], k, lengthPx, Math.min(6, lengthPx * 0.4));
  }
  return { xs, ys };
}
