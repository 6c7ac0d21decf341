// What the race draws on each slider move, as plain shapes in data
// coordinates: the halo under all paths, each run's path up to its current
// step (with its step arrow Δw), the −∇f and −m directions, the current-step
// markers and the divergence marks. One description feeds the canvas
// (race-canvas.js), the SVG export and the hover readout, so they cannot
// disagree. Styles are the ones the Plotly overlay used (Plotly's own dash
// lengths and marker sizes), so the picture did not change.

import { DANGER, VECTOR } from '../palette.js';
import { marginFor, pixelsPerUnit, plotArea } from '../view.js';
import { pushArrow, pushDirection } from './arrows.js';
import { DEFAULT_LOOK } from './landscape.js';

export const HALO = 'rgba(255,255,255,0.8)';
const VECTOR_PX = 52; // on-screen length of direction-only arrows

/**
 * model: {window, width, height, look, showVectors, labels,
 *   runs: [{name, color, dash, marker, xs, ys, upto, current: {x, y, step}|null,
 *           diverged: {xs, ys, last}|null, vectors: {gradient, update, momentum}|null}]}
 * -> {paths: [{name, color, dash, width, x, y}] (views of the results, no copy),
 *     strokes: [{x, y, color, width, dash}] in drawing order (null or NaN breaks a line),
 *     marks: [{x, y, symbol, size, fill, line: {color, width}, clip}],
 *     texts: [{x, y, text, color, size, dy}] (dy: the baseline's offset in px)}
 */
export function raceShapes(model) {
  const { runs } = model;
  const s = (model.look || DEFAULT_LOOK).scale; // projector mode: thicker lines, bigger markers
  const k = pixelsPerUnit(model.window, plotArea(model.width, model.height, marginFor(model.look)));
  const paths = runs.map((run) => ({
    name: run.name, color: run.color, dash: run.dash || 'solid', width: 2.6 * s,
    x: run.xs.subarray(0, run.upto + 1), y: run.ys.subarray(0, run.upto + 1), step: run.current ? run.current.step : null,
  }));
  const strokes = [{ x: joined(paths.map((p) => p.x)), y: joined(paths.map((p) => p.y)), color: HALO, width: 6 * s, dash: 'solid' }];
  runs.forEach((run, i) => {
    const path = paths[i];
    strokes.push({ x: path.x, y: path.y, color: path.color, width: path.width, dash: path.dash });
    const update = model.showVectors && run.current && run.vectors && run.vectors.update;
    if (update) {
      const x = [];
      const y = [];
      pushArrow(x, y, run.current.x, run.current.y, update[0], update[1], k, 9 * s);
      strokes.push({ x, y, color: path.color, width: path.width, dash: path.dash });
    }
  });
  if (model.showVectors) strokes.push(...directions(runs, k, s));
  const marks = runs.filter((r) => r.current).map((r) => ({
    x: r.current.x, y: r.current.y, symbol: r.marker || 'circle', size: 12 * s, fill: r.color, line: { color: '#ffffff', width: 2.2 * s }, clip: true,
  }));
  const texts = [];
  for (const run of runs) {
    const d = run.diverged && divergenceMark(run.diverged, model.window);
    if (!d) continue;
    // A mark on the border must show whole: not clipped to the plot area.
    marks.push({ x: d.x, y: d.y, symbol: 'x-thin', size: 18 * s, fill: null, line: { color: DANGER, width: 3.5 * s }, clip: false });
    const below = d.y > model.window.y[1] - 0.2 * (model.window.y[1] - model.window.y[0]);
    // Plotly's textPointPosition: the baseline clears the marker by r / 0.8 + 1 px.
    const [size, clear] = [13 * s, (9 * s) / 0.8 + 1];
    texts.push({ x: d.x, y: d.y, text: model.labels.diverged, color: DANGER, size, dy: below ? 0.75 * size + clear : -0.25 * size - clear });
  }
  return { paths, strokes, marks, texts };
}

/** Every path end to end, NaN (a gap) between them: one stroke for the halo. */
function joined(columns) {
  const out = new Float32Array(columns.reduce((sum, c) => sum + c.length + 1, 0));
  let at = 0;
  for (const c of columns) {
    out.set(c, at);
    at += c.length;
    out[at++] = NaN;
  }
  return out;
}

/**
 * Where to mark a divergence: the last finite point if it is in view, else
 * where the path leaves the view for good (the blow-up is usually far outside).
 */
function divergenceMark({ xs, ys, last }, win) {
  const inside = (i) => xs[i] >= win.x[0] && xs[i] <= win.x[1] && ys[i] >= win.y[0] && ys[i] <= win.y[1];
  if (inside(last)) return { x: xs[last], y: ys[last] };
  let i = last - 1;
  while (i >= 0 && !inside(i)) i--;
  if (i < 0) return null;
  // Walk from the inside point towards the next one until the border.
  const [x0, y0, dx, dy] = [xs[i], ys[i], xs[i + 1] - xs[i], ys[i + 1] - ys[i]];
  let t = 1;
  if (dx) t = Math.min(t, ((dx > 0 ? win.x[1] : win.x[0]) - x0) / dx);
  if (dy) t = Math.min(t, ((dy > 0 ? win.y[1] : win.y[0]) - y0) / dy);
  return { x: x0 + t * dx, y: y0 + t * dy };
}

/** −∇f and −m at the current step, as directions of fixed on-screen length. */
function directions(runs, k, s) {
  const gradient = { x: [], y: [], color: VECTOR.gradient, width: 1.8 * s, dash: 'solid' };
  const momentum = { x: [], y: [], color: VECTOR.momentum, width: 2.2 * s, dash: 'dot' };
  for (const run of runs) {
    const v = run.vectors;
    if (!run.current || !v) continue;
    const { x, y } = run.current;
    if (v.gradient) pushDirection(gradient.x, gradient.y, x, y, -v.gradient[0], -v.gradient[1], k, VECTOR_PX * s);
    if (v.momentum) pushDirection(momentum.x, momentum.y, x, y, -v.momentum[0], -v.momentum[1], k, VECTOR_PX * s);
  }
  return [gradient, momentum];
}

/** Plotly's dash lengths (Drawing.dashStyle): a multiple of the line width, at least 3 px. */
export function dashPattern(dash, width) {
  const d = Math.max(width, 3);
  if (dash === 'dot') return [d, d];
  if (dash === 'dash') return [3 * d, 3 * d];
  return [];
}

/**
 * A marker's outline as [x, y] pixel offsets around its centre, per Plotly's
 * symbol definitions (r = size / 2): closed polygons, or for x-thin two strokes.
 */
export function markerOutline(symbol, size) {
  const r = size / 2;
  if (symbol === 'diamond') {
    const d = 1.3 * r;
    return { closed: true, points: [[d, 0], [0, d], [-d, 0], [0, -d]] };
  }
  if (symbol === 'square') return { closed: true, points: [[r, r], [-r, r], [-r, -r], [r, -r]] };
  if (symbol === 'x-thin') return { closed: false, lines: [[[r, r], [-r, -r]], [[r, -r], [-r, r]]] };
  return { closed: true, circle: r };
}

/** Data -> pixel mapping of the plot area (view.js's margins: the Plotly layers' own). */
export function pixelMapping({ window: win, width, height, look }) {
  const margin = marginFor(look);
  const area = plotArea(width, height, margin);
  const kx = area.w / (win.x[1] - win.x[0]);
  const ky = area.h / (win.y[1] - win.y[0]);
  return {
    area: { x: margin.l, y: margin.t, w: area.w, h: area.h },
    px: (x) => margin.l + (x - win.x[0]) * kx,
    py: (y) => margin.t + (win.y[1] - y) * ky,
  };
}
