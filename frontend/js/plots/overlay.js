// The transparent top layer: paths, start, current-step markers, divergence
// marks and step vectors. It is the ONLY figure redrawn when paths change
// (a data change to the contour figure would cost ~5× more: MEASURED.md).

import { DANGER, INK, VECTOR } from '../palette.js';
import { marginFor, plotArea, pixelsPerUnit } from '../view.js';
import { pushArrow, pushDirection } from './arrows.js';
import { DEFAULT_LOOK, PLOT_CONFIG, stackedLayout } from './landscape.js';

const VECTOR_PX = 52; // on-screen length of direction-only arrows

export function createOverlay(el) {
  let revision = 0;
  return {
    el,
    /**
     * model: {window, width, height, start: [x, y], showVectors, labels,
     *   runs: [{name, color, xs, ys, upto, current: {x, y, step}|null,
     *           diverged: {x, y}|null, vectors: {gradient, update, momentum}|null}]}
     */
    draw(model) {
      const layout = stackedLayout(model, true);
      layout.datarevision = ++revision;
      layout.hoverlabel = { font: { size: 13 }, bordercolor: 'rgba(0,0,0,0)' };
      return Plotly.react(el, traces(model), layout, PLOT_CONFIG);
    },
    /** Plot-area geometry for pointer mapping: offsets and lengths in px. */
    axes() {
      const full = el._fullLayout;
      if (!full || !full.xaxis) return null;
      const { xaxis: xa, yaxis: ya } = full;
      return {
        x0: xa._offset, w: xa._length, y0: ya._offset, h: ya._length,
        toData: (px, py) => [xa.p2c(px - xa._offset), ya.p2c(py - ya._offset)],
        toPixel: (x, y) => [xa._offset + xa.c2p(x), ya._offset + ya.c2p(y)],
      };
    },
  };
}

function traces(model) {
  const { runs, labels } = model;
  const s = (model.look || DEFAULT_LOOK).scale; // projector mode: thicker lines, bigger markers
  const k = pixelsPerUnit(model.window, plotArea(model.width, model.height, marginFor(model.look)));
  // Few traces keep Plotly.react cheap: each run's step arrow Δw rides in its
  // path's trace after a null gap, so it gets the run's colour for free. A path
  // without one is a Float32Array view of the results, drawn without a copy.
  const paths = runs.map((run) => {
    const n = run.upto + 1;
    let x = run.xs.subarray(0, n);
    let y = run.ys.subarray(0, n);
    let steps = stepIndex(n);
    const update = model.showVectors && run.current && run.vectors && run.vectors.update;
    if (update) {
      const ax = [null];
      const ay = [null];
      pushArrow(ax, ay, run.current.x, run.current.y, update[0], update[1], k, 9 * s);
      x = [...x, ...ax];
      y = [...y, ...ay];
      steps = [...steps, ...ax.map(() => run.current.step)];
    }
    return {
      type: 'scatter', mode: 'lines', x, y, customdata: steps, name: run.name,
      line: { color: run.color, width: 2.6 * s, dash: run.dash }, connectgaps: false,
      hovertemplate: `<b>${escape(run.name)}</b><br>${escape(labels.step)} %{customdata}<br>(%{x:.4g}, %{y:.4g})<extra></extra>`,
      hoverlabel: { bgcolor: run.color },
    };
  });
  const halo = { x: joined(runs.map((run) => run.xs), runs), y: joined(runs.map((run) => run.ys), runs) };
  const out = [
    { type: 'scatter', mode: 'lines', x: halo.x, y: halo.y, hoverinfo: 'skip', line: { color: 'rgba(255,255,255,0.8)', width: 6 * s } },
    ...paths,
  ];
  if (model.showVectors) out.push(...directionTraces(runs, k, s));
  const current = runs.filter((r) => r.current);
  out.push({
    type: 'scatter', mode: 'markers', hoverinfo: 'skip',
    x: current.map((r) => r.current.x), y: current.map((r) => r.current.y),
    marker: { size: 12 * s, color: current.map((r) => r.color), symbol: current.map((r) => r.marker), line: { color: '#ffffff', width: 2.2 * s } },
  });
  const diverged = runs.map((r) => r.diverged && divergenceMark(r.diverged, model.window)).filter(Boolean);
  if (diverged.length) {
    out.push({
      type: 'scatter', mode: 'markers+text', hoverinfo: 'skip',
      x: diverged.map((d) => d.x), y: diverged.map((d) => d.y),
      text: diverged.map(() => labels.diverged),
      textposition: diverged.map((d) => (d.y > model.window.y[1] - 0.2 * (model.window.y[1] - model.window.y[0]) ? 'bottom center' : 'top center')),
      textfont: { color: DANGER, size: 13 * s },
      marker: { symbol: 'x-thin', size: 18 * s, line: { color: DANGER, width: 3.5 * s } },
      cliponaxis: false, // a mark on the border must show whole
    });
  }
  out.push({
    type: 'scatter', mode: 'markers', x: [model.start[0]], y: [model.start[1]],
    hovertemplate: `${escape(labels.start)}<extra></extra>`,
    marker: { symbol: 'circle-dot', size: 18 * s, color: '#ffffff', line: { color: INK, width: 2.5 * s } },
  });
  return out;
}

/** Every run's path up to its current step, end to end, NaN (a gap) between them. */
function joined(columns, runs) {
  const out = new Float32Array(runs.reduce((sum, run) => sum + run.upto + 2, 0));
  let at = 0;
  runs.forEach((run, i) => {
    out.set(columns[i].subarray(0, run.upto + 1), at);
    at += run.upto + 1;
    out[at++] = NaN;
  });
  return out;
}

/** 0, 1, …, n − 1. */
function stepIndex(n) {
  return Float32Array.from({ length: n }, (_, i) => i);
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
function directionTraces(runs, k, s = 1) {
  const gradient = { x: [], y: [] };
  const momentum = { x: [], y: [] };
  for (const run of runs) {
    const v = run.vectors;
    if (!run.current || !v) continue;
    const { x, y } = run.current;
    if (v.gradient) pushDirection(gradient.x, gradient.y, x, y, -v.gradient[0], -v.gradient[1], k, VECTOR_PX * s);
    if (v.momentum) pushDirection(momentum.x, momentum.y, x, y, -v.momentum[0], -v.momentum[1], k, VECTOR_PX * s);
  }
  return [
    { type: 'scatter', mode: 'lines', x: gradient.x, y: gradient.y, hoverinfo: 'skip', line: { color: VECTOR.gradient, width: 1.8 * s } },
    { type: 'scatter', mode: 'lines', x: momentum.x, y: momentum.y, hoverinfo: 'skip', line: { color: VECTOR.momentum, width: 2.2 * s, dash: 'dot' } },
  ];
}

function escape(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
