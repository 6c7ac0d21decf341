// A small inline-SVG chart of a learning-rate sweep: final loss over η (log-log),
// diverged rates as crosses along the top, the best rate circled.

import { svgEl } from '../dom.js';
import { DANGER, INK } from '../palette.js';
import { fmt } from '../format.js';

const W = 300;
const H = 96;
const PAD = { l: 40, r: 8, t: 8, b: 20 };

export function sweepChart(sweep, color, title) {
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, class: 'sweep-chart', role: 'img', 'aria-label': title });
  svg.append(svgEl('title', {}, title));
  const rows = sweep.results;
  const lrs = rows.map((r) => Math.log10(r.lr));
  const finite = rows.filter((r) => r.final_loss !== null);
  const logY = finite.length > 0 && finite.every((r) => r.final_loss > 0);
  const yOf = (f) => (logY ? Math.log10(f) : f);
  const ys = finite.map((r) => yOf(r.final_loss));
  const [x0, x1] = [Math.min(...lrs), Math.max(...lrs)];
  let [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 1, y1 + 1];
  const sx = (v) => PAD.l + ((v - x0) / (x1 - x0 || 1)) * (W - PAD.l - PAD.r);
  const sy = (v) => H - PAD.b - ((v - y0) / (y1 - y0)) * (H - PAD.t - PAD.b);

  svg.append(svgEl('rect', { x: PAD.l, y: PAD.t, width: W - PAD.l - PAD.r, height: H - PAD.t - PAD.b, class: 'sweep-frame' }));
  const points = finite.map((r) => `${sx(Math.log10(r.lr)).toFixed(1)},${sy(yOf(r.final_loss)).toFixed(1)}`);
  if (points.length) svg.append(svgEl('polyline', { points: points.join(' '), fill: 'none', stroke: color, 'stroke-width': 2 }));
  for (const r of rows) {
    const x = sx(Math.log10(r.lr));
    if (r.final_loss === null) {
      svg.append(svgEl('path', { d: `M${x - 3},${PAD.t + 1}l6,6m0,-6l-6,6`, stroke: DANGER, 'stroke-width': 1.6 }));
    } else {
      svg.append(svgEl('circle', { cx: x, cy: sy(yOf(r.final_loss)), r: 1.8, fill: color }));
    }
  }
  if (sweep.best) {
    const b = sweep.best;
    svg.append(svgEl('circle', {
      cx: sx(Math.log10(b.lr)), cy: sy(yOf(b.final_loss)), r: 5, fill: 'none', stroke: INK, 'stroke-width': 1.8,
    }));
  }
  const label = (x, y, text, anchor) => svg.append(svgEl('text', { x, y, 'text-anchor': anchor, class: 'sweep-tick' }, text));
  label(PAD.l, H - 5, `η ${fmt(10 ** x0, 2)}`, 'start');
  label(W - PAD.r, H - 5, fmt(10 ** x1, 2), 'end');
  if (ys.length) {
    label(PAD.l - 4, PAD.t + 9, fmt(logY ? 10 ** y1 : y1, 2), 'end');
    label(PAD.l - 4, H - PAD.b, fmt(logY ? 10 ** y0 : y0, 2), 'end');
  }
  return svg;
}
