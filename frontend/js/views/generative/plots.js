// The GAN lab's figures, each `create(el, opts) -> {update, resize}`:
// - the plane: D(x) as a heat map, ∇ₓD over the whole plane as arrows, the real
//   and generated samples, −∇ₓ L_G on each generated sample, G's manifold;
// - the loss curves (L_D, L_G per iteration) with the shown snapshot marked;
// - the distance curves (energy distance, grid JS) and, for mixtures, modes covered.
// Arrows are line segments in one trace each (js/plots/arrows.js), and the plane
// keeps one unit as long in x as in y (js/view.js), so directions read true.

import { fieldSegments, pushArrow } from '../../plots/arrows.js';
import { plotSeparators } from '../../format.js';
import { DARK_INK, FIELD_ARROW } from '../../palette.js';
import { fitWindow, pixelsPerUnit, plotArea } from '../../view.js';

export const COLORS = { real: '#1b9e4b', fake: '#7b3fb5', push: '#b5177a', manifold: 'rgba(123, 63, 181, 0.45)' };
const HEAT_PROBABILITY = [[0, '#d9c4ee'], [0.5, '#ffffff'], [1, '#bfe6cb']];
const PUSH_SHARE = 0.1; // the longest push arrow spans this share of the plane
const CONFIG = { displayModeBar: false, responsive: false };

function base(look, extra = {}) {
  const size = Math.round(12 * look.text);
  return {
    font: { family: "'Inter Variable', Inter, system-ui, sans-serif", size, color: look.ink },
    paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', showlegend: false,
    separators: plotSeparators(), uirevision: 'keep', ...extra,
  };
}

function margins(look) {
  const k = look.text;
  return { l: Math.round(40 * k), r: Math.round(10 * k), t: Math.round(8 * k), b: Math.round(30 * k) };
}

const xs = (points) => points.map((p) => p[0]);
const ys = (points) => points.map((p) => p[1]);

/** Row and column lines of the noise grid's image, null-separated, in one trace. */
function manifoldLines(grid) {
  const lx = [];
  const ly = [];
  const line = (points) => {
    for (const [x, y] of points) { lx.push(x); ly.push(y); }
    lx.push(null);
    ly.push(null);
  };
  for (const row of grid) line(row);
  if (grid.length > 1) for (let j = 0; j < grid[0].length; j += 1) line(grid.map((row) => row[j]));
  return { x: lx, y: ly };
}

function pushSegments(fake, push, win, k) {
  const ax = [];
  const ay = [];
  let most = 0;
  for (const [u, v] of push) if (Number.isFinite(u) && Number.isFinite(v)) most = Math.max(most, Math.hypot(u, v));
  if (!(most > 0)) return { x: ax, y: ay };
  const scale = (PUSH_SHARE * (win.x[1] - win.x[0])) / most;
  fake.forEach(([x, y], i) => {
    const [u, v] = push[i];
    if (Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(u) && Number.isFinite(v)) {
      pushArrow(ax, ay, x, y, u * scale, v * scale, k, 5);
    }
  });
  return { x: ax, y: ay };
}

function fieldArrows(field, k, cellPx) {
  const arrows = { x: [], y: [], u: [], v: [] };
  field.y.forEach((y, i) => field.x.forEach((x, j) => {
    const u = field.u[i][j];
    const v = field.v[i][j];
    if (u === null || v === null) return;
    arrows.x.push(x); arrows.y.push(y); arrows.u.push(u); arrows.v.push(v);
  }));
  return fieldSegments(arrows, k, cellPx);
}

/**
 * opts: {t, look, onClick(x, y, shift)}. update({data, shot, show}) where data
 * is the `data` frame (real, bounds, centres, value), shot a snapshot or null,
 * show {heat, field, push, manifold} booleans.
 */
export function createPlane(el, { t, look, onClick }) {
  let last = null;
  let win = null;
  const draw = () => {
    if (!last) return;
    const { data, shot, show } = last;
    const width = el.clientWidth || 400;
    const height = el.clientHeight || 400;
    const margin = margins(look);
    const area = plotArea(width, height, margin);
    const bounds = { x: data.bounds[0], y: data.bounds[1] };
    win = fitWindow(bounds, area, true);
    const k = pixelsPerUnit(win, area);
    const traces = [];
    if (shot && show.heat) {
      const z = shot.discriminator.z;
      const heat = { type: 'heatmap', x: shot.discriminator.x, y: shot.discriminator.y, z, hoverinfo: 'skip', showscale: false, zsmooth: 'best' };
      if (data.value === 'probability') Object.assign(heat, { zmin: 0, zmax: 1, colorscale: HEAT_PROBABILITY });
      else {
        let most = 0;
        for (const row of z) for (const v of row) if (v !== null) most = Math.max(most, Math.abs(v));
        Object.assign(heat, { zmin: -most || -1, zmax: most || 1, colorscale: HEAT_PROBABILITY });
      }
      traces.push(heat);
    }
    if (shot && show.field) {
      const cellPx = (area.w / shot.field.x.length) * 0.9;
      const seg = fieldArrows(shot.field, k, cellPx);
      traces.push({ type: 'scatter', mode: 'lines', x: seg.xs, y: seg.ys, line: { color: FIELD_ARROW, width: look.scale }, hoverinfo: 'skip', name: t('gen.field') });
    }
    if (shot && show.manifold) {
      const m = manifoldLines(shot.manifold);
      traces.push({ type: 'scatter', mode: 'lines', x: m.x, y: m.y, line: { color: COLORS.manifold, width: look.scale }, hoverinfo: 'skip', name: t('gen.manifold') });
    }
    traces.push({ type: 'scatter', mode: 'markers', x: xs(data.real), y: ys(data.real), name: t('gen.real'), hoverinfo: 'skip',
      marker: { size: 5 * look.scale, color: COLORS.real, opacity: 0.8 } });
    if (shot) {
      traces.push({ type: 'scatter', mode: 'markers', x: xs(shot.fake), y: ys(shot.fake), name: t('gen.fake'), hoverinfo: 'skip',
        marker: { size: 5 * look.scale, color: COLORS.fake, opacity: 0.85 } });
      if (show.push) {
        const seg = pushSegments(shot.fake, shot.push, win, k);
        traces.push({ type: 'scatter', mode: 'lines', x: seg.x, y: seg.y, name: t('gen.push'), hoverinfo: 'skip',
          line: { color: COLORS.push, width: look.scale } });
      }
    }
    const axis = (range, title) => ({ range, zeroline: false, showgrid: false, fixedrange: true, title: { text: title, standoff: 2 }, ticks: 'outside', ticklen: 3 });
    window.Plotly.react(el, traces, base(look, {
      width, height, margin, xaxis: axis(win.x, 'x₁'), yaxis: axis(win.y, 'x₂'), dragmode: false, hovermode: false,
    }), CONFIG);
  };
  el.addEventListener('click', (event) => {
    if (!onClick || !win || !el._fullLayout) return;
    const size = el._fullLayout._size;
    const box = el.getBoundingClientRect();
    const px = event.clientX - box.left - size.l;
    const py = event.clientY - box.top - size.t;
    if (px < 0 || py < 0 || px > size.w || py > size.h) return;
    const x = win.x[0] + (px / size.w) * (win.x[1] - win.x[0]);
    const y = win.y[1] - (py / size.h) * (win.y[1] - win.y[0]);
    onClick(x, y, event.shiftKey);
  });
  return {
    update(state) { last = state; draw(); },
    resize: draw,
  };
}

function curveLayout(look, title, extra = {}) {
  const k = look.text;
  return base(look, {
    margin: { l: Math.round(44 * k), r: Math.round(10 * k), t: Math.round(24 * k), b: Math.round(26 * k) },
    title: { text: title, x: 0.01, xanchor: 'left', y: 0.98, yanchor: 'top', yref: 'container', font: { size: Math.round(12 * k) } },
    showlegend: true,
    legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1, yanchor: 'top', bgcolor: look.ink === DARK_INK ? 'rgba(24,28,37,0.75)' : 'rgba(255,255,255,0.75)', font: { size: Math.round(11 * k) } },
    xaxis: { zeroline: false, fixedrange: true, automargin: false },
    yaxis: { zeroline: false, fixedrange: true, automargin: false },
    dragmode: false, hovermode: false,
    ...extra,
  });
}

function marker(step, look) {
  return [{ type: 'line', xref: 'x', yref: 'paper', x0: step, x1: step, y0: 0, y1: 1, line: { color: look.ink, width: 1, dash: 'dot' } }];
}

/** update({history: {d_loss, g_loss}, step}) */
export function createLossCurves(el, { t, look }) {
  let last = null;
  const draw = () => {
    if (!last) return;
    const { history, step } = last;
    const x = history.d_loss.map((_, i) => i + 1);
    window.Plotly.react(el, [
      { type: 'scatter', mode: 'lines', x, y: history.d_loss, name: t('gen.dLoss'), line: { color: COLORS.real, width: 1.5 * look.scale } },
      { type: 'scatter', mode: 'lines', x, y: history.g_loss, name: t('gen.gLoss'), line: { color: COLORS.fake, width: 1.5 * look.scale } },
    ], curveLayout(look, t('gen.losses'), { width: el.clientWidth, height: el.clientHeight, shapes: marker(step, look) }), CONFIG);
  };
  return { update(state) { last = state; draw(); }, resize: draw };
}

/** update({steps, distance, js, covered, modes, step}) */
export function createDistanceCurves(el, { t, look }) {
  let last = null;
  const draw = () => {
    if (!last) return;
    const { steps, distance, js, covered, modes, step, shot } = last;
    const traces = [
      { type: 'scatter', mode: 'lines+markers', x: steps, y: distance, name: t('gen.energy'), line: { color: COLORS.fake, width: 1.5 * look.scale }, marker: { size: 3 * look.scale } },
      { type: 'scatter', mode: 'lines', x: steps, y: js, name: t('gen.js'), line: { color: '#555', width: 1.5 * look.scale, dash: 'dot' } },
    ];
    let title = t('gen.distance');
    if (covered && modes) {
      traces.push({ type: 'scatter', mode: 'lines', x: steps, y: covered, yaxis: 'y2', name: t('gen.coverage'), line: { color: COLORS.real, width: 1.5 * look.scale, shape: 'hv' } });
    }
    if (shot && shot.coverage) title += ` · ${t('gen.coverageValue', { covered: shot.coverage.covered, modes: shot.coverage.modes })}`;
    const extra = { width: el.clientWidth, height: el.clientHeight, shapes: marker(step, look) };
    if (covered && modes) {
      extra.yaxis2 = { overlaying: 'y', side: 'right', range: [0, modes + 0.5], fixedrange: true, showgrid: false, nticks: 3, tickfont: { color: COLORS.real } };
      extra.margin = { ...curveLayout(look, '').margin, r: Math.round(26 * look.text) };
    }
    window.Plotly.react(el, traces, curveLayout(look, title, extra), CONFIG);
  };
  return { update(state) { last = state; draw(); }, resize: draw };
}
