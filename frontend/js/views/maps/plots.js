// The Maps view's two figures: a stability map (a heat map over two
// hyperparameters, the theory's edge on top) and a basin map (an image of the
// starts, one colour per minimum, lighter where fewer steps were needed).

import { plotSeparators } from '../../format.js';
import { DANGER, INK, RUN_COLORS, lookOf } from '../../palette.js';
import { PLOT_CONFIG } from '../../plots/landscape.js';
import { styledLayout, styledTraces } from '../../plots/look.js';

// Read by the Python API's figures too (services/palette.py): one source.
const CONVERGED = '#1a9850';
const MAX_STEPS = '#fdb863';
const DIVERGED = '#67001f';
const NOT_CONVERGED = '#a3a3a3';
const UNLABELLED = '#5c5c5c';
const STATUS_CODES = { converged: 0, max_steps: 1, diverged: 2 };
const STATUS_COLORS = [CONVERGED, MAX_STEPS, DIVERGED];

function baseLayout(width, height, extra) {
  return {
    width, height, separators: plotSeparators(),
    font: { family: 'Inter, system-ui, sans-serif', size: 12, color: INK },
    paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)',
    margin: { l: 64, r: 12, t: 34, b: 48 },
    dragmode: false, hovermode: 'closest',
    legend: { orientation: 'h', x: 0, y: 1, xanchor: 'left', yanchor: 'bottom', bgcolor: 'rgba(0,0,0,0)', font: { size: 11 } },
    ...extra,
  };
}

function react(el, traces, layout, page) {
  return Plotly.react(el, styledTraces(traces, page), styledLayout(layout, page, layout.width), PLOT_CONFIG);
}

/**
 * result: POST /api/stability's answer; axes: {x, y} ({name, scale}); color: 'loss' | 'steps' | 'status';
 * fmin: f* for the loss scale (null: none known); theory: theory.js's, or null; selected: [i, j] | null;
 * labels: {x, y, status: {converged, …}, colorbar, theory, optimum}; page: {theme, projector}.
 */
export function drawStability(el, { result, axes, color, fmin, theory, selected, labels, page, width, height }) {
  const { x, y } = result;
  const diverged = result.status.map((row) => row.map((s) => (s === 'diverged' ? 1 : null)));
  const text = result.status.map((row, j) => row.map((s, i) => `${labels.status[s]} · ${result.steps_taken[j][i]}`));
  const hover = `${labels.x} %{x:.4g}<br>${labels.y} %{y:.4g}<br>%{text}<extra></extra>`;
  const look = lookOf(page);
  const colorbar = (title) => ({ title: { text: title, side: 'right' }, thickness: 12 * look.scale, len: 0.9 });
  let main;
  if (color === 'status') {
    const scale = STATUS_COLORS.flatMap((c, k) => [[k / 3, c], [(k + 1) / 3, c]]);
    main = {
      z: result.status.map((row) => row.map((s) => STATUS_CODES[s])), zmin: -0.5, zmax: 2.5, colorscale: scale,
      colorbar: { ...colorbar(''), tickvals: [0, 1, 2], ticktext: ['converged', 'max_steps', 'diverged'].map((s) => labels.status[s]) },
    };
  } else if (color === 'steps') {
    main = { z: result.steps_taken.map((row, j) => row.map((k, i) => (diverged[j][i] ? null : k))), colorscale: 'Viridis', colorbar: colorbar(labels.colorbar) };
  } else {
    const shift = fmin ?? 0;
    const z = result.final_loss.map((row) => row.map((f) => (f === null ? null : Math.log10(Math.max(f - shift, 1e-30)))));
    main = { z, colorscale: 'Viridis', reversescale: true, colorbar: colorbar(labels.colorbar) };
  }
  const traces = [
    { type: 'heatmap', x, y, ...main, text, hovertemplate: hover, name: '' },
    { type: 'heatmap', x, y, z: diverged, text, colorscale: [[0, DIVERGED], [1, DIVERGED]], showscale: false, hovertemplate: hover, name: '' },
  ];
  if (theory?.boundary) {
    traces.push({
      type: 'scatter', mode: 'lines', x: theory.boundary.x, y: theory.boundary.y, name: labels.theory,
      line: { color: '#ffffff', width: 2.5, dash: 'dash' }, hoverinfo: 'skip',
    });
  }
  if (theory?.optimum && theory.optimum.x !== undefined) {
    traces.push({
      type: 'scatter', mode: 'markers', x: [theory.optimum.x], y: [theory.optimum.y], name: labels.optimum,
      marker: { symbol: 'star', size: 18, color: '#ffffff', line: { color: INK, width: 1.5 } },
      hovertemplate: `${labels.optimum}<br>${labels.x} %{x:.4g}<br>${labels.y} %{y:.4g}<extra></extra>`,
    });
  }
  if (selected) traces.push(selectedMark(x[selected[0]], y[selected[1]]));
  const axis = (values, scale, title) => ({
    type: scale === 'log' ? 'log' : 'linear', title: { text: title, standoff: 6 }, fixedrange: true,
    range: scale === 'log' ? [Math.log10(values[0]), Math.log10(values[values.length - 1])] : [values[0], values[values.length - 1]],
    showgrid: false, zeroline: false, ticks: 'outside', exponentformat: 'power',
  });
  return react(el, traces, baseLayout(width, height, {
    showlegend: Boolean(theory?.boundary),
    xaxis: axis(x, axes.x.scale, labels.x), yaxis: axis(y, axes.y.scale, labels.y),
  }), page);
}

function selectedMark(x, y) {
  return {
    type: 'scatter', mode: 'markers', x: [x], y: [y], hoverinfo: 'skip', showlegend: false,
    marker: { symbol: 'square-open', size: 16, color: DANGER, line: { width: 3 } },
  };
}

/** Colour of minimum i: the runs' palette, then hues spaced by the golden angle. */
export function minimumColor(i) {
  if (i < RUN_COLORS.length) return RUN_COLORS[i];
  return `hsl(${Math.round((i * 137.508) % 360)}, 62%, 45%)`;
}

function rgb(color) {
  if (color.startsWith('#')) return [1, 3, 5].map((k) => parseInt(color.slice(k, k + 2), 16));
  const [hue, s, l] = color.match(/[\d.]+/g).map(Number);
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const f = (n) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/**
 * result: POST /api/basins' answer; steps: the map's step budget (for the
 * shading); selected: [i, j] | null; labels: {minimum(i, m), found(i, m),
 * diverged, notConverged, unlabelled, x, y}.
 */
export function drawBasins(el, { result, steps, selected, labels, page, width, height }) {
  const { x, y, minimum, steps_taken: taken, minima } = result;
  const palette = minima.map((_, i) => rgb(minimumColor(i)));
  const fixed = { '-1': rgb(DIVERGED), '-2': rgb(NOT_CONVERGED), '-3': rgb(UNLABELLED) };
  // Lighter where the run needed fewer steps: mixed with white up to 55 %.
  const z = minimum.map((row, j) => row.map((m, i) => {
    if (m < 0) return fixed[m];
    const light = 0.55 * (1 - Math.min(1, taken[j][i] / Math.max(1, steps)));
    return palette[m].map((c) => Math.round(c + (255 - c) * light));
  }));
  const dx = x[1] - x[0];
  const dy = y[1] - y[0];
  const traces = [{
    type: 'image', z, x0: x[0], dx, y0: y[0], dy, hovertemplate: `(%{x:.3g}, %{y:.3g})<extra></extra>`, name: '',
  }];
  const legendOnly = (name, color, symbol = 'square') => ({
    type: 'scatter', mode: 'markers', x: [null], y: [null], name, hoverinfo: 'skip',
    marker: { symbol, size: 11, color },
  });
  const listed = Math.min(minima.length, 8);
  minima.forEach(([mx, my], i) => {
    const known = i < result.known_minima;
    traces.push({
      type: 'scatter', mode: 'markers', x: [mx], y: [my], showlegend: i < listed,
      name: (known ? labels.minimum : labels.found)(i + 1, minima[i]),
      marker: { symbol: 'star', size: 15, color: minimumColor(i), line: { color: '#ffffff', width: 1.5 } },
      hovertemplate: `${(known ? labels.minimum : labels.found)(i + 1, minima[i])}<extra></extra>`,
    });
  });
  const seen = new Set(minimum.flat());
  if (seen.has(-1)) traces.push(legendOnly(labels.diverged, DIVERGED));
  if (seen.has(-2)) traces.push(legendOnly(labels.notConverged, NOT_CONVERGED));
  if (seen.has(-3)) traces.push(legendOnly(labels.unlabelled, UNLABELLED));
  if (selected) traces.push(selectedMark(x[selected[0]], y[selected[1]]));
  const axis = (values, step, title) => ({
    range: [values[0] - step / 2, values[values.length - 1] + step / 2], title: { text: title, standoff: 6 },
    fixedrange: true, showgrid: false, zeroline: false, ticks: 'outside', autorange: false,
  });
  // The image keeps its aspect: in a wide frame the legend goes beside it, else above.
  const wide = width > 1.4 * height;
  const legend = wide
    ? { orientation: 'v', x: 1.02, y: 1, xanchor: 'left', yanchor: 'top', bgcolor: 'rgba(0,0,0,0)', font: { size: 11 } }
    : undefined;
  return react(el, traces, baseLayout(width, height, {
    showlegend: true, xaxis: axis(x, dx, labels.x), yaxis: axis(y, dy, labels.y), ...(legend ? { legend } : {}),
  }), page);
}

/** The grid cell [i, j] under a clicked point (x, y) of a map's axes. */
export function cellAt(values, v, scale) {
  const at = (u) => (scale === 'log' ? Math.log10(u) : u);
  let best = 0;
  values.forEach((u, i) => {
    if (Math.abs(at(u) - at(v)) < Math.abs(at(values[best]) - at(v))) best = i;
  });
  return best;
}
