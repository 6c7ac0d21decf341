// The GAN lab's figures, each `create(el, opts) -> {update, resize}`:
// - the plane: D(x) as a heat map, ∇ₓD over the whole plane as arrows, the real
//   and generated samples, −∇ₓ L_G on each generated sample, G's manifold;
// - the loss curves (L_D, L_G per iteration) with the shown snapshot marked;
// - the distance curves (energy distance, grid JS) and, for mixtures, modes covered.
// Arrows are line segments in one trace each (js/plots/arrows.js), and the plane
// keeps one unit as long in x as in y (js/view.js), so directions read true.

import { fieldSegments, pushArrow } from '../../plots/arrows.js';
import { plotSeparators } from '../../format.js';
import { FIELD_ARROW, lookOf } from '../../palette.js';
import { styledLayout, styledTraces } from '../../plots/look.js';
import { fitWindow, pixelsPerUnit, plotArea } from '../../view.js';

export const COLORS = { real: '#1b9e4b', fake: '#7b3fb5', push: '#b5177a', manifold: 'rgba(123, 63, 181, 0.45)' };
const HEAT_PROBABILITY = [[0, '#d9c4ee'], [0.5, '#ffffff'], [1, '#bfe6cb']];
const PUSH_SHARE = 0.1; // the longest push arrow spans this share of the plane
const CONFIG = { displayModeBar: false, responsive: false };

const MARGIN = { l: 40, r: 10, t: 8, b: 30 };

function base(page, extra = {}) {
  return {
    font: { family: "'Inter Variable', Inter, system-ui, sans-serif", size: 12, color: lookOf(page).ink },
    paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', showlegend: false,
    separators: plotSeparators(), uirevision: 'keep', dragmode: false, hovermode: false, ...extra,
  };
}

/** The page's looks (plots/look.js) on a figure built for the light page at normal size. */
function react(el, traces, layout, page) {
  window.Plotly.react(el, styledTraces(traces, page), styledLayout(layout, page, el.clientWidth), CONFIG);
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
 * opts: {t, page: the shell's looks {theme, projector}, onClick(x, y, shift)}. update({data, shot, show}) where data
 * is the `data` frame (real, bounds, centres, value), shot a snapshot or null,
 * show {heat, field, push, manifold} booleans.
 */
export function createPlane(el, { t, page, onClick }) {
  let last = null;
  let win = null;
  const draw = () => {
    if (!last) return;
    const { data, shot, show } = last;
    const width = el.clientWidth || 400;
    const height = el.clientHeight || 400;
    const text = lookOf(page).text;
    const area = plotArea(width, height, { ...MARGIN, l: MARGIN.l * text, t: MARGIN.t * text, b: MARGIN.b * text });
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
      traces.push({ type: 'scatter', mode: 'lines', x: seg.xs, y: seg.ys, line: { color: FIELD_ARROW, width: 1 }, hoverinfo: 'skip', name: t('generative.field') });
    }
    if (shot && show.manifold) {
      const m = manifoldLines(shot.manifold);
      traces.push({ type: 'scatter', mode: 'lines', x: m.x, y: m.y, line: { color: COLORS.manifold, width: 1 }, hoverinfo: 'skip', name: t('generative.manifold') });
    }
    traces.push({ type: 'scatter', mode: 'markers', x: xs(data.real), y: ys(data.real), name: t('generative.real'), hoverinfo: 'skip',
      marker: { size: 5, color: COLORS.real, opacity: 0.8 } });
    if (shot) {
      traces.push({ type: 'scatter', mode: 'markers', x: xs(shot.fake), y: ys(shot.fake), name: t('generative.fake'), hoverinfo: 'skip',
        marker: { size: 5, color: COLORS.fake, opacity: 0.85 } });
      if (show.push) {
        const seg = pushSegments(shot.fake, shot.push, win, k);
        traces.push({ type: 'scatter', mode: 'lines', x: seg.x, y: seg.y, name: t('generative.push'), hoverinfo: 'skip',
          line: { color: COLORS.push, width: 1 } });
      }
    }
    const axis = (range, title) => ({ range, zeroline: false, showgrid: false, fixedrange: true, title: { text: title, standoff: 2 }, ticks: 'outside', ticklen: 3 });
    react(el, traces, base(page, { width, height, margin: MARGIN, xaxis: axis(win.x, 'x₁'), yaxis: axis(win.y, 'x₂') }), page);
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

function curveLayout(page, el, title, extra = {}) {
  return base(page, {
    width: el.clientWidth, height: el.clientHeight,
    margin: { l: 44, r: 10, t: 24, b: 26 },
    title: { text: title, x: 0.01, xanchor: 'left', y: 0.98, yanchor: 'top', yref: 'container', font: { size: 12 } },
    showlegend: true,
    legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1, yanchor: 'top', bgcolor: 'rgba(255,255,255,0.75)', font: { size: 11 } },
    xaxis: { zeroline: false, fixedrange: true, automargin: false },
    yaxis: { zeroline: false, fixedrange: true, automargin: false },
    ...extra,
  });
}

function marker(step, page) {
  return [{ type: 'line', xref: 'x', yref: 'paper', x0: step, x1: step, y0: 0, y1: 1, line: { color: lookOf(page).ink, width: 1, dash: 'dot' } }];
}

/** update({history: {d_loss, g_loss}, step}) */
export function createLossCurves(el, { t, page }) {
  let last = null;
  const draw = () => {
    if (!last) return;
    const { history, step } = last;
    const x = history.d_loss.map((_, i) => i + 1);
    react(el, [
      { type: 'scatter', mode: 'lines', x, y: history.d_loss, name: t('generative.dLoss'), line: { color: COLORS.real, width: 1.5 } },
      { type: 'scatter', mode: 'lines', x, y: history.g_loss, name: t('generative.gLoss'), line: { color: COLORS.fake, width: 1.5 } },
    ], curveLayout(page, el, t('generative.losses'), { shapes: marker(step, page) }), page);
  };
  return { update(state) { last = state; draw(); }, resize: draw };
}

/** update({steps, distance, js, covered, modes, step}) */
export function createDistanceCurves(el, { t, page }) {
  let last = null;
  const draw = () => {
    if (!last) return;
    const { steps, distance, js, covered, modes, step, shot } = last;
    const traces = [
      { type: 'scatter', mode: 'lines+markers', x: steps, y: distance, name: t('generative.energy'), line: { color: COLORS.fake, width: 1.5 }, marker: { size: 3 } },
      { type: 'scatter', mode: 'lines', x: steps, y: js, name: t('generative.js'), line: { color: '#555', width: 1.5, dash: 'dot' } },
    ];
    let title = t('generative.distance');
    if (covered && modes) {
      traces.push({ type: 'scatter', mode: 'lines', x: steps, y: covered, yaxis: 'y2', name: t('generative.coverage'), line: { color: COLORS.real, width: 1.5, shape: 'hv' } });
    }
    if (shot && shot.coverage) title += ` · ${t('generative.coverageValue', { covered: shot.coverage.covered, modes: shot.coverage.modes })}`;
    const extra = { shapes: marker(step, page) };
    if (covered && modes) {
      extra.yaxis2 = { overlaying: 'y', side: 'right', range: [0, modes + 0.5], fixedrange: true, showgrid: false, tickmode: 'linear', tick0: 0, dtick: modes > 10 ? 5 : 2, tickfont: { color: COLORS.real } };
      extra.margin = { l: 44, r: 26, t: 24, b: 26 };
    }
    react(el, traces, curveLayout(page, el, title, extra), page);
  };
  return { update(state) { last = state; draw(); }, resize: draw };
}
