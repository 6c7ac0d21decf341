// The autoencoder's figures, each `create(el, opts) -> {update, resize}`: the 2-D
// codes coloured by digit (a canvas over Plotly axes), the loss curves (plots.js's
// curve figure), and 8×8 images
// drawn on canvases (originals over reconstructions; the decoder over a grid of
// the latent plane), one grey level per pixel, 0 white and 1 black.

import { plotSeparators } from '../../format.js';
import { lookOf } from '../../palette.js';
import { styledLayout } from '../../plots/look.js';
import { curveFigure, curveLayout } from './plots.js';

export const DIGIT_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const SIDE = 8;
const GAP = 1;
const CONFIG = { displayModeBar: false, responsive: false };

function layout(page, el, extra) {
  return {
    width: el.clientWidth, height: el.clientHeight,
    font: { family: "'Inter Variable', Inter, system-ui, sans-serif", size: 12, color: lookOf(page).ink },
    paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', separators: plotSeparators(),
    margin: { l: 40, r: 8, t: 24, b: 28 },
    dragmode: false, hovermode: false, ...extra,
  };
}

const title = (text) => ({ text, x: 0.01, xanchor: 'left', y: 0.98, yanchor: 'top', yref: 'container', font: { size: 12 } });

/**
 * The codes coloured by digit: a Plotly figure with only the axes (redrawn when
 * the range or size changes) and the 1,797 points on a canvas over its plot area
 * (SVG markers cost ~0.5 s per snapshot at 800×450). update({latent, labels, range}).
 */
export function createLatent(el, { t, page }) {
  const axes = document.createElement('div');
  axes.className = 'gen-plane-axes';
  const canvas = document.createElement('canvas');
  canvas.className = 'gen-plane-canvas';
  const key = document.createElement('div');
  key.className = 'gen-curve-key ae-digit-key';
  key.replaceChildren(...DIGIT_COLORS.map((color, d) => {
    const item = document.createElement('span');
    item.className = 'ae-digit';
    item.style.color = color;
    item.textContent = String(d);
    return item;
  }));
  el.append(axes, canvas, key);
  let last = null;
  let drawnKey = '';
  const draw = () => {
    if (!last) return;
    const { latent, labels, range } = last;
    const width = el.clientWidth;
    const height = el.clientHeight;
    const layoutKey = JSON.stringify([width, height, range, page.theme, page.projector]);
    if (layoutKey !== drawnKey) {
      drawnKey = layoutKey;
      const axis = (r, text) => ({ range: r, zeroline: false, fixedrange: true, title: { text, standoff: 2 } });
      window.Plotly.react(axes, [], styledLayout(layout(page, el, {
        title: title(t('generative.ae.latent')), showlegend: false,
        xaxis: axis(range.x, 'z₁'), yaxis: axis(range.y, 'z₂'),
      }), page, width), { ...CONFIG, staticPlot: true });
    }
    const size = axes._fullLayout._size;
    const ratio = window.devicePixelRatio || 1;
    Object.assign(canvas.style, { left: `${size.l}px`, top: `${size.t}px`, width: `${size.w}px`, height: `${size.h}px` });
    if (canvas.width !== Math.round(size.w * ratio)) canvas.width = Math.round(size.w * ratio);
    if (canvas.height !== Math.round(size.h * ratio)) canvas.height = Math.round(size.h * ratio);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.w, size.h);
    const kx = size.w / (range.x[1] - range.x[0]);
    const ky = size.h / (range.y[1] - range.y[0]);
    const r = 2 * lookOf(page).scale;
    ctx.globalAlpha = 0.75;
    DIGIT_COLORS.forEach((color, d) => {
      ctx.fillStyle = color;
      ctx.beginPath();
      latent.forEach(([x, y], i) => {
        if (labels[i] !== d || !Number.isFinite(x) || !Number.isFinite(y)) return;
        const px = (x - range.x[0]) * kx;
        const py = (range.y[1] - y) * ky;
        ctx.moveTo(px + r, py);
        ctx.arc(px, py, r, 0, 2 * Math.PI);
      });
      ctx.fill();
    });
    ctx.globalAlpha = 1;
    canvas.dataset.points = String(latent.length);
  };
  return { update(state) { last = state; draw(); }, resize: draw, figures: () => [axes, canvas] };
}

/** update({key, batch, steps, train, test, step}); redrawn only when `key` changes. */
export function createAeLoss(el, { t, page }) {
  let last = null;
  const figure = curveFigure(el, page, () => {
    const { batch, steps, train, test } = last;
    return {
      traces: [
        { type: 'scatter', mode: 'lines', x: batch.map((_, i) => i + 1), y: batch, name: 'batch', line: { color: 'rgba(120,120,120,0.5)', width: 1 } },
        { type: 'scatter', mode: 'lines+markers', x: steps, y: train, name: t('generative.ae.train'), line: { color: '#1f77b4', width: 2 }, marker: { size: 3 } },
        { type: 'scatter', mode: 'lines+markers', x: steps, y: test, name: t('generative.ae.test'), line: { color: '#d62728', width: 2, dash: 'dot' }, marker: { size: 3 } },
      ],
      layout: curveLayout(page, t('generative.ae.loss'), { yaxis: { zeroline: false, fixedrange: true, rangemode: 'tozero', nticks: 4 } }),
    };
  });
  return { update(state) { last = state; figure.update(state.key, state.step); }, resize: figure.resize, plot: figure.plot };
}

/** Paint rows × cols 8×8 images (rows of pixel lists) on a canvas, 1 px apart. */
function paint(canvas, images, rows, cols) {
  canvas.width = cols * (SIDE + GAP) - GAP;
  canvas.height = rows * (SIDE + GAP) - GAP;
  const ctx = canvas.getContext('2d');
  const data = ctx.createImageData(canvas.width, canvas.height);
  data.data.fill(255);
  images.forEach((pixels, n) => {
    const r0 = Math.floor(n / cols) * (SIDE + GAP);
    const c0 = (n % cols) * (SIDE + GAP);
    pixels.forEach((v, p) => {
      const grey = 255 - Math.round(255 * Math.min(1, Math.max(0, v ?? 0)));
      const at = 4 * ((r0 + Math.floor(p / SIDE)) * canvas.width + c0 + (p % SIDE));
      data.data[at] = grey; data.data[at + 1] = grey; data.data[at + 2] = grey;
    });
  });
  ctx.putImageData(data, 0, 0);
}

/** A titled canvas of 8×8 images: update({images, rows, cols}). */
export function createImages(el, { title: text, id }) {
  const canvas = document.createElement('canvas');
  canvas.className = 'gen-digits';
  canvas.id = id;
  const head = document.createElement('div');
  head.className = 'gen-images-title';
  head.textContent = text;
  el.append(head, canvas);
  return {
    update({ images, rows, cols }) { paint(canvas, images, rows, cols); },
    resize() {},
  };
}
