// A game's local dynamics at w_k, drawn in the curvature layer (plots/curvature.js's SVG):
// the orbit of the local linear flow ḋ = J d around w_k, a spiral for a
// complex pair λ = α ± iβ (inwards for α < 0, a closed loop for α = 0, outwards
// for α > 0), or, for real eigenvalues, J's eigen-directions with arrows in
// (λ < 0, solid) or out (λ > 0, dashed); beside it the label λ = α ± βi.

import { svgEl as svg } from '../dom.js';
import { flowOrbit, realEigenvectors } from '../game-stability.js';

const AXIS_PX = 46; // the orbit's farthest point on screen, before projector scaling (as the ellipse's)

/**
 * item: {run, color, point, jacobian, eigenvalues: [[re, im], [re, im]], label (null: none)};
 * axes: the overlay's geometry (toPixel); scale: the projector's.
 */
export function flowGlyph({ run, color, point, jacobian, eigenvalues, label }, axes, scale) {
  const [px, py] = axes.toPixel(point[0], point[1]);
  // Pixel offset of a data offset at the point (axes may differ in scale).
  const onScreen = ([dx, dy]) => {
    const [ex, ey] = axes.toPixel(point[0] + dx, point[1] + dy);
    return [ex - px, ey - py];
  };
  const vectors = realEigenvectors(jacobian, eigenvalues);
  const g = svg('g', {
    class: 'curv-flow',
    'data-run': run,
    'data-kind': vectors ? 'real' : 'rotation',
    'data-point': point.join(','),
    'data-jacobian': jacobian.flat().join(','),
    'data-eigenvalues': eigenvalues.flat().join(','),
  });
  const width = 2 * scale;
  if (vectors) {
    const raw = vectors.map(onScreen);
    vectors.forEach((_, i) => {
      const [u, v] = raw[i];
      const n = Math.hypot(u, v) || 1;
      const [ux, uy] = [(u / n) * AXIS_PX * scale, (v / n) * AXIS_PX * scale];
      const expanding = eigenvalues[i][0] > 0;
      const attrs = { class: `curv-axis curv-axis-${i}`, x1: px - ux, y1: py - uy, x2: px + ux, y2: py + uy, stroke: color, 'stroke-width': width, 'stroke-linecap': 'round' };
      if (expanding) attrs['stroke-dasharray'] = `${5 * scale} ${4 * scale}`;
      g.append(svg('line', attrs));
      // Arrowheads halfway out on both sides, pointing away from w_k if expanding, towards it if not.
      for (const side of [-1, 1]) {
        const direction = expanding ? [side * ux, side * uy] : [-side * ux, -side * uy];
        g.append(arrowhead([px + 0.6 * side * ux, py + 0.6 * side * uy], direction, color, scale));
      }
    });
  } else {
    const orbit = flowOrbit(jacobian, eigenvalues, [1, 0]).map(onScreen);
    const farthest = Math.max(...orbit.map(([u, v]) => Math.hypot(u, v))) || 1;
    const k = (AXIS_PX * scale) / farthest;
    const pts = orbit.map(([u, v]) => [px + u * k, py + v * k]);
    const d = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
    g.append(svg('path', { class: 'curv-orbit', d, fill: 'none', stroke: color, 'stroke-width': width, opacity: 0.9 }));
    const [end, before] = [pts.at(-1), pts.at(-3) ?? pts[0]];
    g.append(arrowhead(end, [end[0] - before[0], end[1] - before[1]], color, scale));
  }
  g.append(svg('circle', { cx: px, cy: py, r: 2.5 * scale, fill: color }));
  if (label) g.append(labelText([px, py], label, color, axes, scale));
  return g;
}

/** λ's label at the glyph's upper right, flipped left or down where it would leave the axes. */
function labelText([px, py], label, color, axes, scale) {
  const size = 13 * scale;
  const offset = (AXIS_PX + 6) * scale * 0.72;
  const width = 0.6 * size * label.length; // about Inter's average advance
  const left = px + offset + width > axes.x0 + axes.w;
  const down = py - offset - size < axes.y0;
  return svg('text', {
    class: 'curv-label', x: left ? px - offset : px + offset, y: down ? py + offset + size : py - offset,
    'text-anchor': left ? 'end' : 'start', fill: color, 'font-size': size,
  }, label);
}

function arrowhead([x, y], [u, v], color, scale) {
  const n = Math.hypot(u, v) || 1;
  const [ux, uy] = [u / n, v / n];
  const [length, half] = [9 * scale, 4.5 * scale];
  const tip = [x + ux * length * 0.5, y + uy * length * 0.5];
  const base = [x - ux * length * 0.5, y - uy * length * 0.5];
  const corners = [[base[0] - uy * half, base[1] + ux * half], [base[0] + uy * half, base[1] - ux * half]];
  const d = `M${tip.map((c) => c.toFixed(1)).join(',')}L${corners[0].map((c) => c.toFixed(1)).join(',')}L${corners[1].map((c) => c.toFixed(1)).join(',')}Z`;
  return svg('path', { class: 'curv-arrow', d, fill: color });
}
