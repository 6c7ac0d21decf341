// A small inline-SVG chart of a gradient check: the relative error of forward
// (solid) and central (dashed) differences over the step δ, log-log, with the
// chosen δ marked. Zero errors sit on the floor, missing ones (null) are gaps.

import { svgEl } from '../dom.js';
import { fmt } from '../format.js';
import { RUN_COLORS } from '../palette.js';

const SIZE = { width: 300, height: 110 }; // the sidebar's; a view passes its own
const PAD = { l: 40, r: 8, t: 8, b: 20 };
const FLOOR = 1e-17; // below float64's resolution of a relative error
export const FORWARD_COLOR = RUN_COLORS[0];
export const CENTRAL_COLOR = RUN_COLORS[1];

/**
 * check: the /api/gradient-check body; index: the chosen δ; labels: {title, forward, central};
 * size: the chart's {width, height} in its own units (px where it is drawn 1:1).
 */
export function checkChart(check, index, labels, { width: W, height: H } = SIZE) {
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, class: 'check-chart', role: 'img', 'aria-label': labels.title });
  svg.append(svgEl('title', {}, labels.title));
  const xs = check.deltas.map(Math.log10);
  const logError = (e) => (e === null ? null : Math.log10(Math.max(e, FLOOR)));
  const series = [check.forward_error.map(logError), check.central_error.map(logError)];
  const ys = series.flat().filter((y) => y !== null);
  const [x0, x1] = [xs[0], xs[xs.length - 1]];
  const [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys, Math.min(...ys) + 1)] : [-17, 0];
  const sx = (v) => PAD.l + ((v - x0) / (x1 - x0)) * (W - PAD.l - PAD.r);
  const sy = (v) => H - PAD.b - ((v - y0) / (y1 - y0)) * (H - PAD.t - PAD.b);

  svg.append(svgEl('rect', { x: PAD.l, y: PAD.t, width: W - PAD.l - PAD.r, height: H - PAD.t - PAD.b, class: 'sweep-frame' }));
  const marker = sx(xs[index]);
  svg.append(svgEl('line', { x1: marker, x2: marker, y1: PAD.t, y2: H - PAD.b, 'stroke-width': 1, 'stroke-dasharray': '2 2', class: 'check-marker' }));
  series.forEach((values, k) => {
    const color = k === 0 ? FORWARD_COLOR : CENTRAL_COLOR;
    const runs = [[]]; // polylines broken at missing values
    values.forEach((y, i) => (y === null ? runs.push([]) : runs[runs.length - 1].push(`${sx(xs[i]).toFixed(1)},${sy(y).toFixed(1)}`)));
    for (const points of runs.filter((r) => r.length > 1)) {
      svg.append(svgEl('polyline', {
        points: points.join(' '), fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-dasharray': k === 0 ? 'none' : '5 3',
      }));
    }
    if (values[index] !== null) svg.append(svgEl('circle', { cx: marker, cy: sy(values[index]), r: 3.2, fill: color }));
  });
  const label = (x, y, text, anchor, cls = 'sweep-tick') => svg.append(svgEl('text', { x, y, 'text-anchor': anchor, class: cls }, text));
  label(PAD.l, H - 5, `δ ${fmt(check.deltas[0], 1)}`, 'start');
  label(W - PAD.r, H - 5, fmt(check.deltas[check.deltas.length - 1], 1), 'end');
  label(PAD.l - 4, PAD.t + 9, fmt(10 ** y1, 1), 'end');
  label(PAD.l - 4, H - PAD.b, fmt(10 ** y0, 1), 'end');
  return svg;
}
