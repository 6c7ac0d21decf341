// The GAN lab's plane, `createPlane(el, opts) -> {update, resize}`: a Plotly
// figure holds only the axes (redrawn when the window, size or looks change),
// and a canvas over its plot area draws a snapshot: D(x) as a heat map (30×30
// cells, smoothed), ∇ₓD over the whole plane, the generator's manifold, the real
// and generated samples and −∇ₓ L_G on each generated sample. A Plotly redraw
// of all that cost 150-250 ms per snapshot here (SVG); the canvas a few ms, so a
// scrubbed or replayed run redraws as fast as snapshots are asked for
// (benchmarks/bench_gan.py --page). Arrows come from js/plots/arrows.js; one
// unit is as long in x as in y (js/view.js), so directions read true.

import { fieldSegments, pushArrow } from '../../plots/arrows.js';
import { plotSeparators } from '../../format.js';
import { FIELD_ARROW, lookOf } from '../../palette.js';
import { styledLayout } from '../../plots/look.js';
import { fitWindow, pixelsPerUnit, plotArea } from '../../view.js';

export const COLORS = { real: '#1b9e4b', fake: '#7b3fb5', push: '#b5177a', manifold: 'rgba(123, 63, 181, 0.45)' };
const HEAT = [[0xd9, 0xc4, 0xee], [0xff, 0xff, 0xff], [0xbf, 0xe6, 0xcb]]; // D = 0 (fake), ½, 1 (real)
const PUSH_SHARE = 0.1; // the longest push arrow spans this share of the plane
const MARGIN = { l: 40, r: 10, t: 8, b: 30 };
const CONFIG = { displayModeBar: false, responsive: false, staticPlot: true };

/** z in [lo, hi] -> [r, g, b] on the three-stop scale (null: transparent). */
function heatColor(z, lo, hi) {
  const u = Math.min(1, Math.max(0, (z - lo) / (hi - lo))) * 2;
  const [a, b] = u < 1 ? [HEAT[0], HEAT[1]] : [HEAT[1], HEAT[2]];
  const f = u < 1 ? u : u - 1;
  return a.map((c, i) => Math.round(c + (b[i] - c) * f));
}

/** The heat map as an image of one pixel per cell; its range: [0, 1] or ±max|score|. */
function heatImage(heat, probability) {
  const rows = heat.z.length;
  const cols = heat.z[0].length;
  let most = 1;
  if (!probability) {
    most = 0;
    for (const row of heat.z) for (const v of row) if (v !== null) most = Math.max(most, Math.abs(v));
    most = most || 1;
  }
  const [lo, hi] = probability ? [0, 1] : [-most, most];
  const image = new ImageData(cols, rows);
  heat.z.forEach((row, i) => row.forEach((v, j) => {
    if (v === null) return;
    const at = 4 * ((rows - 1 - i) * cols + j); // row 0 is the lowest y: the image's last row
    const [r, g, b] = heatColor(v, lo, hi);
    image.data.set([r, g, b, 255], at);
  }));
  const cells = document.createElement('canvas');
  cells.width = cols;
  cells.height = rows;
  cells.getContext('2d').putImageData(image, 0, 0);
  return cells;
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

function pushSegments(fake, push, win, k) {
  const xs = [];
  const ys = [];
  let most = 0;
  for (const [u, v] of push) if (Number.isFinite(u) && Number.isFinite(v)) most = Math.max(most, Math.hypot(u, v));
  if (!(most > 0)) return { xs, ys };
  const scale = (PUSH_SHARE * (win.x[1] - win.x[0])) / most;
  fake.forEach(([x, y], i) => {
    const [u, v] = push[i];
    if ([x, y, u, v].every(Number.isFinite)) pushArrow(xs, ys, x, y, u * scale, v * scale, k, 5);
  });
  return { xs, ys };
}

/**
 * opts: {page: the shell's looks {theme, projector}, onClick(x, y, shift)}.
 * update({data, shot, show}): data is the `data` frame (real, bounds, value),
 * shot a snapshot or null, show {heat, field, push, manifold} booleans.
 */
export function createPlane(el, { page, onClick }) {
  const axes = document.createElement('div');
  axes.className = 'gen-plane-axes';
  const canvas = document.createElement('canvas');
  canvas.className = 'gen-plane-canvas';
  el.append(axes, canvas);
  let last = null;
  let frame = null; // {win, area, k, margin}
  let axesKey = '';

  function layoutFrame() {
    const width = el.clientWidth || 400;
    const height = el.clientHeight || 400;
    const text = lookOf(page).text;
    const margin = { l: MARGIN.l * text, r: MARGIN.r, t: MARGIN.t * text, b: MARGIN.b * text };
    const area = plotArea(width, height, margin);
    const win = fitWindow({ x: last.data.bounds[0], y: last.data.bounds[1] }, area, true);
    const key = JSON.stringify([width, height, win, page.theme, page.projector]);
    if (key !== axesKey) {
      axesKey = key;
      const axis = (range, title) => ({ range, zeroline: false, showgrid: false, fixedrange: true, title: { text: title, standoff: 2 }, ticks: 'outside', ticklen: 3 });
      const layout = {
        width, height, margin: MARGIN, showlegend: false, separators: plotSeparators(),
        font: { family: "'Inter Variable', Inter, system-ui, sans-serif", size: 12, color: lookOf(page).ink },
        paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)',
        xaxis: axis(win.x, 'x₁'), yaxis: axis(win.y, 'x₂'),
      };
      window.Plotly.react(axes, [], styledLayout(layout, page, width), CONFIG);
      const ratio = window.devicePixelRatio || 1;
      Object.assign(canvas.style, { left: `${margin.l}px`, top: `${margin.t}px`, width: `${area.w}px`, height: `${area.h}px` });
      canvas.width = Math.round(area.w * ratio);
      canvas.height = Math.round(area.h * ratio);
    }
    return { win, area, k: pixelsPerUnit(win, area) };
  }

  function draw() {
    if (!last) return;
    frame = layoutFrame();
    const { win, area, k } = frame;
    const { data, shot, show } = last;
    const scale = lookOf(page).scale;
    const ctx = canvas.getContext('2d');
    const ratio = canvas.width / area.w;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, area.w, area.h);
    const px = (x) => (x - win.x[0]) * k.kx;
    const py = (y) => (win.y[1] - y) * k.ky;
    const path = (xs, ys, color, width) => {
      ctx.beginPath();
      let pen = false;
      xs.forEach((x, i) => {
        if (x === null || ys[i] === null || !Number.isFinite(x) || !Number.isFinite(ys[i])) { pen = false; return; }
        if (pen) ctx.lineTo(px(x), py(ys[i]));
        else ctx.moveTo(px(x), py(ys[i]));
        pen = true;
      });
      ctx.strokeStyle = color;
      ctx.lineWidth = width * scale;
      ctx.stroke();
    };
    const dots = (points, color, alpha) => {
      ctx.fillStyle = color;
      ctx.globalAlpha = alpha;
      const r = 2.5 * scale;
      ctx.beginPath();
      for (const [x, y] of points) {
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        ctx.moveTo(px(x) + r, py(y));
        ctx.arc(px(x), py(y), r, 0, 2 * Math.PI);
      }
      ctx.fill();
      ctx.globalAlpha = 1;
    };
    const counts = { heat: 0, field: 0, manifold: 0, real: 0, fake: 0, push: 0 };
    if (shot && show.heat) {
      const { x, y, z } = shot.discriminator;
      const dx = (x[x.length - 1] - x[0]) / (x.length - 1);
      const dy = (y[y.length - 1] - y[0]) / (y.length - 1);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(heatImage(shot.discriminator, data.value === 'probability'),
        px(x[0] - dx / 2), py(y[y.length - 1] + dy / 2), (x.length * dx) * k.kx, (y.length * dy) * k.ky);
      counts.heat = z.length;
    }
    if (shot && show.field) {
      const seg = fieldArrows(shot.field, k, (area.w / shot.field.x.length) * 0.9);
      path(seg.xs, seg.ys, FIELD_ARROW, 1);
      counts.field = shot.field.x.length * shot.field.y.length;
    }
    if (shot && show.manifold) {
      for (const row of shot.manifold) path(row.map((p) => p[0]), row.map((p) => p[1]), COLORS.manifold, 1);
      if (shot.manifold.length > 1) {
        shot.manifold[0].forEach((_, j) => path(shot.manifold.map((row) => row[j][0]), shot.manifold.map((row) => row[j][1]), COLORS.manifold, 1));
      }
      counts.manifold = shot.manifold.length * shot.manifold[0].length;
    }
    dots(data.real, COLORS.real, 0.8);
    counts.real = data.real.length;
    if (shot) {
      dots(shot.fake, COLORS.fake, 0.85);
      counts.fake = shot.fake.length;
      if (show.push) {
        const seg = pushSegments(shot.fake, shot.push, win, k);
        path(seg.xs, seg.ys, COLORS.push, 1);
        counts.push = shot.push.length;
      }
    }
    Object.assign(canvas.dataset, counts, { step: shot ? shot.step : '' });
  }

  canvas.addEventListener('click', (event) => {
    if (!onClick || !frame) return;
    const box = canvas.getBoundingClientRect();
    const { win } = frame;
    const x = win.x[0] + ((event.clientX - box.left) / box.width) * (win.x[1] - win.x[0]);
    const y = win.y[1] - ((event.clientY - box.top) / box.height) * (win.y[1] - win.y[0]);
    onClick(x, y, event.shiftKey);
  });
  return {
    update(state) { last = state; draw(); },
    resize: draw,
    /** What a PNG shows: the axes figure, then the canvas over it. */
    figures: () => [axes, canvas],
  };
}
