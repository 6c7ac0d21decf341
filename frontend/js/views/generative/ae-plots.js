// The autoencoder's figures, each `create(el, opts) -> {update, resize}`: the 2-D
// codes coloured by digit (Plotly), the loss curves (Plotly), and 8×8 images
// drawn on canvases (originals over reconstructions; the decoder over a grid of
// the latent plane), one grey level per pixel, 0 white and 1 black.

import { plotSeparators } from '../../format.js';
import { lookOf } from '../../palette.js';
import { styledLayout, styledTraces } from '../../plots/look.js';

export const DIGIT_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const SIDE = 8;
const GAP = 1;
const CONFIG = { displayModeBar: false, responsive: false };

function react(el, traces, layout, page) {
  window.Plotly.react(el, styledTraces(traces, page), styledLayout(layout, page, el.clientWidth), CONFIG);
}

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

/** update({latent, labels, step}): one trace per digit, so the legend names them. */
export function createLatent(el, { t, page }) {
  let last = null;
  const draw = () => {
    if (!last) return;
    const { latent, labels } = last;
    const traces = DIGIT_COLORS.map((color, d) => ({ type: 'scatter', mode: 'markers', x: [], y: [], name: String(d), marker: { size: 4, color, opacity: 0.75 } }));
    latent.forEach(([x, y], i) => { traces[labels[i]].x.push(x); traces[labels[i]].y.push(y); });
    window.Plotly.react(el, traces, layout(page, el, {
      title: title(t('generative.ae.latent')), showlegend: true,
      legend: { orientation: 'v', x: 1, xanchor: 'right', y: 1, yanchor: 'top', bgcolor: 'rgba(255,255,255,0.6)', font: { size: 11 }, itemwidth: 10 },
      xaxis: { zeroline: false, fixedrange: true, title: { text: 'z₁', standoff: 2 } },
      yaxis: { zeroline: false, fixedrange: true, title: { text: 'z₂', standoff: 2 } },
    }), page);
  };
  return { update(state) { last = state; draw(); }, resize: draw };
}

/** update({batch, steps, train, test, step}) */
export function createAeLoss(el, { t, page }) {
  let last = null;
  const draw = () => {
    if (!last) return;
    const { batch, steps, train, test, step } = last;
    react(el, [
      { type: 'scatter', mode: 'lines', x: batch.map((_, i) => i + 1), y: batch, name: 'batch', line: { color: 'rgba(120,120,120,0.5)', width: 1 } },
      { type: 'scatter', mode: 'lines+markers', x: steps, y: train, name: t('generative.ae.train'), line: { color: '#1f77b4', width: 2 }, marker: { size: 3 } },
      { type: 'scatter', mode: 'lines+markers', x: steps, y: test, name: t('generative.ae.test'), line: { color: '#d62728', width: 2, dash: 'dot' }, marker: { size: 3 } },
    ], layout(page, el, {
      title: title(t('generative.ae.loss')), showlegend: true,
      legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1, yanchor: 'top', bgcolor: 'rgba(255,255,255,0.6)', font: { size: 11 } },
      xaxis: { zeroline: false, fixedrange: true }, yaxis: { zeroline: false, fixedrange: true, rangemode: 'tozero', nticks: 4 },
      shapes: [{ type: 'line', xref: 'x', yref: 'paper', x0: step, x1: step, y0: 0, y1: 1, line: { color: lookOf(page).ink, width: 1, dash: 'dot' } }],
    }), page);
  };
  return { update(state) { last = state; draw(); }, resize: draw };
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
