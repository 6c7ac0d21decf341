// The Networks view's figures. Each draw*() is a pure function of its data
// that calls Plotly.react, so redraws are cheap and idempotent.

import { fmt, plotSeparators } from '../format.js';
import { CONTOUR_LINE, INK, LANDSCAPE_SCALE, runColor } from '../palette.js';
import { decadeTicks } from '../plots/curves.js';
import { styledLayout, styledTraces } from '../plots/look.js';
import { currentLook } from '../shell/look.js';

const CLASS_COLORS = ['#E69F00', '#0072B2', '#009E73', '#CC79A7', '#D55E00', '#56B4E9'];
const CONFIG = { displayModeBar: false, responsive: true };
const FONT = { family: "'Inter Variable', Inter, system-ui, sans-serif", size: 12, color: INK };

function layout(extra = {}) {
  return {
    font: FONT, paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: '#fff',
    margin: { l: 52, r: 14, t: 30, b: 44 }, showlegend: false, uirevision: 'keep', separators: plotSeparators(),
    ...extra,
  };
}

function title(text) {
  return { text, x: 0.01, xanchor: 'left', font: { size: 13, color: INK } };
}

/** Draw in the page's looks (theme, projector: plots/look.js). */
function react(el, traces, lay) {
  const look = currentLook();
  window.Plotly.react(el, styledTraces(traces, look), styledLayout(lay, look, el.clientWidth), CONFIG);
}

/** Binary: orange (0) -> white -> blue (1); multiclass: one colour per class. */
function decisionTrace(decision, nClasses) {
  if (decision.value === 'class') {
    const k = Math.max(2, nClasses);
    const scale = [];
    for (let c = 0; c < k; c += 1) {
      const color = CLASS_COLORS[c % CLASS_COLORS.length];
      scale.push([c / k, color], [(c + 1) / k, color]);
    }
    return {
      type: 'heatmap', x: decision.x, y: decision.y, z: decision.z, zmin: -0.5, zmax: k - 0.5,
      colorscale: scale, opacity: 0.3, showscale: false, hoverinfo: 'skip',
    };
  }
  return {
    type: 'contour', x: decision.x, y: decision.y, z: decision.z, zmin: 0, zmax: 1,
    colorscale: [[0, '#f5c26b'], [0.5, '#ffffff'], [1, '#7db8df']], showscale: false,
    contours: { start: 0.1, end: 0.9, size: 0.1 }, line: { color: CONTOUR_LINE, width: 0.5 },
    opacity: 0.85, hoverinfo: 'skip',
  };
}

function boundaryTrace(decision, t) {
  return {
    type: 'contour', x: decision.x, y: decision.y, z: decision.z, showscale: false, hoverinfo: 'skip',
    contours: { coloring: 'none', start: 0.5, end: 0.5, size: 1 }, line: { color: INK, width: 2 },
    name: t('nw.boundary'),
  };
}

function points(x, y, labels, nClasses, test, t) {
  const colors = nClasses ? labels.map((c) => CLASS_COLORS[c % CLASS_COLORS.length]) : '#0072B2';
  return {
    type: 'scatter', mode: 'markers', x, y, name: t(test ? 'nw.test' : 'nw.train'),
    marker: test
      ? { size: 7, color: 'rgba(0,0,0,0)', line: { color: colors, width: 1.6 }, symbol: 'circle' }
      : { size: 6, color: colors, line: { color: '#fff', width: 0.6 } },
    hoverinfo: 'skip',
  };
}

/** The data with the model's prediction under it (2-D: decision map; 1-D: curve). */
/** run: the name of the run whose boundary is shown when two are compared, else null. */
export function drawData(el, dataset, decision, t, run = null) {
  const { x_train: xt, y_train: yt, x_test: xs, y_test: ys, input_dim: dim, n_classes: k, bounds } = dataset;
  const traces = [];
  const lay = layout({ title: title(run ? `${t('nw.plot.data')} · ${run}` : t('nw.plot.data')), showlegend: true,
    legend: { x: 0.99, xanchor: 'right', y: 0.99, yanchor: 'top', bgcolor: 'rgba(255,255,255,0.8)', font: { size: 11 } } });
  if (dim === 2) {
    if (decision) {
      traces.push(decisionTrace(decision, k));
      if (decision.value === 'probability') traces.push(boundaryTrace(decision, t));
    }
    traces.push(points(xt.map((p) => p[0]), xt.map((p) => p[1]), yt, k, false, t));
    traces.push(points(xs.map((p) => p[0]), xs.map((p) => p[1]), ys, k, true, t));
    lay.xaxis = { range: bounds[0], zeroline: false, title: { text: 'x₁' } };
    lay.yaxis = { range: bounds[1], zeroline: false, title: { text: 'x₂' } };
  } else if (dim === 1) {
    const classify = dataset.task !== 'regression';
    if (decision) {
      traces.push({ type: 'scatter', mode: 'lines', x: decision.x, y: decision.z, name: t('nw.prediction'),
        line: { color: INK, width: 2.5 } });
    }
    traces.push(points(xt.map((p) => p[0]), yt, classify ? yt : yt.map(() => 0), classify ? k : 0, false, t));
    traces.push(points(xs.map((p) => p[0]), ys, classify ? ys : ys.map(() => 0), classify ? k : 0, true, t));
    lay.legend = { ...lay.legend, x: 0.01, xanchor: 'left' }; // the data rise to the right
    lay.xaxis = { range: bounds[0], zeroline: false, title: { text: 'x' } };
    lay.yaxis = { zeroline: false, title: { text: classify ? 'p(y = 1)' : 'y' } };
  } else {
    // Digits: the first test images (8×8) tiled in a strip, with their labels.
    const side = Math.round(Math.sqrt(dim));
    const shown = xs.slice(0, 12);
    const cols = 6;
    const rows = Math.ceil(shown.length / cols);
    const cell = side + 1;
    const rowCell = side + 3; // room for the label under each image
    const z = Array.from({ length: rows * rowCell }, () => new Array(cols * cell).fill(null));
    shown.forEach((img, n) => {
      const r0 = Math.floor(n / cols) * rowCell;
      const c0 = (n % cols) * cell;
      for (let p = 0; p < side * side; p += 1) z[r0 + Math.floor(p / side)][c0 + (p % side)] = img[p];
    });
    traces.push({ type: 'heatmap', z, colorscale: 'Greys', reversescale: true, showscale: false, hoverinfo: 'skip', name: 'digits' });
    lay.showlegend = false;
    lay.annotations = [
      ...shown.map((_, n) => ({ x: (n % cols) * cell + side / 2 - 0.5, y: Math.floor(n / cols) * rowCell + side - 0.3,
        text: `<b>${ys[n]}</b>`, showarrow: false, yanchor: 'top', font: { size: 13, color: '#0072B2' } })),
      { text: t('nw.noDecision', { d: dim }), showarrow: false, xref: 'paper', yref: 'paper', x: 0.5, y: -0.04, yanchor: 'top' },
    ];
    lay.xaxis = { visible: false, scaleanchor: 'y' };
    lay.yaxis = { visible: false, autorange: 'reversed' };
  }
  react(el, traces, lay);
}

/** A run's legend prefix when several are drawn ("A · "). */
const prefixOf = (run, many) => (many ? `${run.label} · ` : '');

/** The legend over the curves: one row above the figure, titled (e.g. "Batch size") when the runs say so. */
function topLegend(runs) {
  const heading = runs.find(Boolean)?.legend;
  return { orientation: 'h', x: 1, xanchor: 'right', y: 1.0, yanchor: 'bottom', bgcolor: 'rgba(0,0,0,0)', font: { size: 11 },
    ...(heading ? { title: { text: `${heading}:`, side: 'left' } } : {}) };
}

/** A log y axis labelled at decades only, as many as fit the plot's height (plots/curves.js). */
function logTicks(el, traces) {
  return decadeTicks(traces.map((trace) => trace.y), Math.max(2, Math.floor((el.clientHeight - 84) / 30)));
}

/** Train (solid) and test (dotted) curves of every run against the step; more than two runs: train only. */
export function drawCurves(el, runs, key, label, t, yLog = false) {
  const traces = [];
  const count = runs.filter(Boolean).length;
  const many = count > 1;
  runs.forEach((run, i) => {
    if (!run) return;
    const x = run.history.train_loss.map((_, k) => k);
    for (const split of count > 2 ? ['train'] : ['train', 'test']) {
      traces.push({
        type: 'scatter', mode: 'lines', x, y: run.history[`${split}_${key}`], name: count > 2 ? run.label : `${prefixOf(run, many)}${t(`nw.${split}`)}`,
        line: { color: runColor(i), width: split === 'train' ? 2 : 1.6, dash: split === 'train' ? 'solid' : 'dot' },
      });
    }
  });
  react(el, traces, layout({
    title: { ...title(label), y: 0.97, yref: 'container', yanchor: 'top' }, showlegend: true,
    margin: { l: 52, r: 14, t: many ? 56 : 40, b: 44 },
    legend: topLegend(runs),
    xaxis: { title: { text: t('nw.step') }, zeroline: false },
    yaxis: { type: yLog ? 'log' : 'linear', zeroline: false, exponentformat: 'power', ...(yLog ? logTicks(el, traces) : {}) },
  }));
}

/** The loss over a 2-D slice of parameter space with the projected path(s). */
export function drawLandscape(el, landscape, paths, t, heading) {
  if (!landscape) {
    react(el, [], layout({ title: title(heading), xaxis: { visible: false }, yaxis: { visible: false },
      annotations: [{ text: t('nw.noLandscape'), showarrow: false, xref: 'paper', yref: 'paper', x: 0.5, y: 0.5 }] }));
    return;
  }
  // log of the excess loss: minima stay visible next to high walls
  const floor = landscape.z_min;
  const z = landscape.z.map((row) => row.map((v) => (v === null ? null : Math.log10(v - floor + 1e-3))));
  const traces = [{
    type: 'contour', x: landscape.a, y: landscape.b, z, colorscale: LANDSCAPE_SCALE, reversescale: false,
    ncontours: 24, line: { color: CONTOUR_LINE, width: 0.6 }, showscale: false, hoverinfo: 'skip', name: 'loss',
  }];
  for (const { path, color, name } of paths) {
    traces.push({ type: 'scatter', mode: 'lines', x: path.map((p) => p[0]), y: path.map((p) => p[1]),
      line: { color, width: 2.2 }, name, hoverinfo: 'skip' });
    traces.push({ type: 'scatter', mode: 'markers', x: [path[0][0], path.at(-1)[0]], y: [path[0][1], path.at(-1)[1]],
      marker: { color: ['#fff', color], size: [9, 10], line: { color, width: 2 } }, hoverinfo: 'skip', name: `${name} ends` });
  }
  if (landscape.optimum) {
    traces.push({ type: 'scatter', mode: 'markers', x: [landscape.optimum[0]], y: [landscape.optimum[1]], name: 'optimum',
      marker: { symbol: 'star', size: 15, color: '#FFD23F', line: { color: INK, width: 1.2 } }, hoverinfo: 'skip' });
  }
  const ev = landscape.explained_variance;
  const axis = (i) => (ev ? `${landscape.axes[i]} (${fmt(100 * ev[i])} %)` : landscape.axes[i]);
  react(el, traces, layout({
    title: title(heading),
    xaxis: { title: { text: axis(0) }, range: [landscape.a[0], landscape.a.at(-1)], zeroline: false },
    yaxis: { title: { text: axis(1) }, range: [landscape.b[0], landscape.b.at(-1)], zeroline: false },
  }));
}

/** Loss along (1 − α)·θ₀ + α·θ_final (Goodfellow et al. 2015). */
export function drawInterpolation(el, runs, t) {
  const traces = [];
  const many = runs.filter(Boolean).length > 1;
  runs.forEach((run, i) => {
    const ip = run?.landscape?.interpolation;
    if (!ip) return;
    traces.push({ type: 'scatter', mode: 'lines', x: ip.alpha, y: ip.loss, name: `${prefixOf(run, many)}${t('nw.train')}`,
      line: { color: runColor(i), width: 2 } });
    traces.push({ type: 'scatter', mode: 'lines', x: ip.alpha, y: ip.test_loss, name: `${prefixOf(run, many)}${t('nw.test')}`,
      line: { color: runColor(i), width: 1.5, dash: 'dot' } });
  });
  react(el, traces, layout({
    title: { ...title(t('nw.plot.interp')), y: 0.97, yref: 'container', yanchor: 'top' }, showlegend: true,
    margin: { l: 52, r: 14, t: many ? 56 : 40, b: 44 },
    legend: topLegend(runs),
    xaxis: { title: { text: 'α' }, zeroline: false },
    yaxis: { type: 'log', zeroline: false, exponentformat: 'power', ...logTicks(el, traces) },
    shapes: [0, 1].map((x) => ({ type: 'line', x0: x, x1: x, yref: 'paper', y0: 0, y1: 1, line: { color: '#c9cfda', width: 1, dash: 'dash' } })),
  }));
}

/** The activation f and its derivative f′ (sidebar thumbnail). */
export function drawActivation(el, curve) {
  react(el, [
    { type: 'scatter', mode: 'lines', x: curve.z, y: curve.f, name: 'f', line: { color: '#0072B2', width: 2 } },
    { type: 'scatter', mode: 'lines', x: curve.z, y: curve.df, name: "f′", line: { color: '#D55E00', width: 1.6, dash: 'dot' } },
  ], layout({
    margin: { l: 28, r: 6, t: 6, b: 20 }, showlegend: true,
    legend: { x: 0.02, y: 0.98, bgcolor: 'rgba(255,255,255,0.7)', font: { size: 11 } },
    xaxis: { zeroline: true, zerolinecolor: '#c9cfda', tickfont: { size: 10 } },
    yaxis: { zeroline: true, zerolinecolor: '#c9cfda', tickfont: { size: 10 } },
  }));
}

/**
 * λ_max against the step for every run, with each full-batch gradient-descent
 * run's 2/η as a dashed line in its colour; `line`: one 2/η shared by all runs
 * (the batch comparison: one step size η), drawn in ink.
 */
export function drawSharpness(el, runs, t, line = null) {
  const traces = [];
  const many = runs.filter(Boolean).length > 1;
  const steps = runs.find(Boolean)?.steps ?? 0;
  if (line) {
    traces.push({ type: 'scatter', mode: 'lines', x: [0, steps], y: [line, line], name: '2/η',
      line: { color: INK, width: 1.6, dash: 'dash' }, hoverinfo: 'y' });
  }
  runs.forEach((run, i) => {
    if (!run?.curvature) return;
    const prefix = prefixOf(run, many);
    traces.push({ type: 'scatter', mode: 'lines', x: run.curvature.steps, y: run.curvature.sharpness,
      name: many && line ? run.label : `${prefix}${t('nw.sharpness')}`, line: { color: runColor(i), width: 2 } });
    if (run.threshold) {
      traces.push({ type: 'scatter', mode: 'lines', x: [0, run.steps], y: [run.threshold, run.threshold],
        name: `${prefix}${t('nw.stable')}`, line: { color: runColor(i), width: 1.4, dash: 'dash' }, hoverinfo: 'y' });
    }
  });
  react(el, traces, layout({
    title: { ...title(t('nw.plot.sharpness')), y: 0.97, yref: 'container', yanchor: 'top' }, showlegend: true,
    margin: { l: 52, r: 14, t: many ? 56 : 40, b: 44 },
    legend: topLegend(runs),
    xaxis: { title: { text: t('nw.step') }, zeroline: false },
    yaxis: { zeroline: false, rangemode: 'tozero' },
  }));
}

/**
 * The SLQ spectral density at θ_final (log scale) with the top eigenvalues
 * marked (▲); more than two runs: no legend, their colours are the sharpness figure's.
 */
export function drawSpectrum(el, runs, t) {
  const traces = [];
  const count = runs.filter(Boolean).length;
  const many = count > 1;
  runs.forEach((run, i) => {
    const c = run?.result?.curvature;
    if (!c) return;
    const prefix = prefixOf(run, many);
    if (c.density) {
      // log axis: zeros and nulls (underflow far from every Ritz value) are not drawn
      const y = c.density.y.map((v) => (v > 1e-8 ? v : null));
      traces.push({ type: 'scatter', mode: 'lines', x: c.density.x, y, name: `${prefix}${t('nw.density')}`,
        line: { color: runColor(i), width: 1.8 }, connectgaps: false });
    }
    traces.push({ type: 'scatter', mode: 'markers', x: c.top_eigenvalues, y: c.top_eigenvalues.map(() => 1e-7),
      name: `${prefix}${t('nw.topk')}`, marker: { color: runColor(i), symbol: 'triangle-up', size: 10 } });
  });
  react(el, traces, layout({
    title: { ...title(t(count > 2 ? 'nw.plot.spectrumRuns' : 'nw.plot.spectrum')), y: 0.97, yref: 'container', yanchor: 'top' }, showlegend: count <= 2,
    margin: { l: 52, r: 14, t: count === 2 ? 56 : 40, b: 44 },
    legend: topLegend(runs),
    xaxis: { title: { text: t('nw.eigenvalue') }, zeroline: true, zerolinecolor: '#c9cfda' },
    yaxis: { type: 'log', zeroline: false, exponentformat: 'power' },
  }));
}
