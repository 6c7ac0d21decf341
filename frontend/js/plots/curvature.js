// The race's local curvature, drawn: the contour ellipse of the quadratic model
// at each run's current point (an SVG layer over the overlay, so moving the
// step costs no Plotly call), λmax(w_k) along the paths (its own small
// figure beside the loss curves), and 2/λmax as marks on the learning-rate sliders.
//
// The model at w is q(d) = f(w) + ∇f·d + ½ dᵀHd with H = Σ λ_i q_i q_iᵀ; its
// level sets ½ dᵀHd = c are ellipses with the eigenvectors q_i as axes and
// half-lengths √(2c/λ_i) (Nocedal & Wright 2006, §2.2). A negative λ_i makes
// the level sets hyperbolas (a saddle): that axis is drawn dashed and no ellipse.

import { svgEl as svg } from '../dom.js';
import { fmt, plotSeparators } from '../format.js';
import { flowGlyph } from './game-flow.js';
import { DEFAULT_LOOK, PLOT_CONFIG, lookFont } from './landscape.js';

const AXIS_PX = 46; // the longer half-axis on screen, before projector scaling
const ELLIPSE_POINTS = 72;

/** The ellipse layer: an SVG filling `host` (the plot stack), above the overlay. */
export function createEllipseLayer(host) {
  const root = svg('svg', { class: 'curv-layer', 'aria-hidden': 'true' });
  const clip = svg('clipPath', { id: 'curv-clip' });
  const clipRect = svg('rect', {});
  clip.append(clipRect);
  const group = svg('g', { 'clip-path': 'url(#curv-clip)' });
  root.append(clip, group);
  host.append(root);
  return {
    /**
     * items: [{run, color, point: [x, y], eigenvalues: [λ1, λ2], vectors: [q1, q2]}],
     * or a game's [{run, color, point, jacobian, eigenvalues: [[re, im], …], label}] (game-flow.js);
     * axes: the overlay's geometry (toPixel); look: projector scale.
     */
    draw(items, axes, look = DEFAULT_LOOK) {
      group.replaceChildren();
      root.style.display = axes ? '' : 'none';
      if (!axes) return;
      Object.entries({ x: axes.x0, y: axes.y0, width: axes.w, height: axes.h }).forEach(([k, v]) => clipRect.setAttribute(k, v));
      // A game's λ label is drawn once per value (a bilinear game's λ is ±i everywhere), and
      // not over an earlier run's label: the readout lists every run's.
      const labelled = new Set();
      const boxes = [];
      for (const item of items) {
        if (!item.jacobian) {
          group.append(ellipse(item, axes, look.scale));
          continue;
        }
        const g = flowGlyph({ ...item, label: labelled.has(item.label) ? null : item.label }, axes, look.scale);
        group.append(g);
        labelled.add(item.label);
        const text = g.querySelector('.curv-label');
        if (!text) continue;
        const box = text.getBBox();
        if (boxes.some((o) => box.x < o.x + o.width && o.x < box.x + box.width && box.y < o.y + o.height && o.y < box.y + box.height)) text.remove();
        else boxes.push(box);
      }
    },
    hide() {
      group.replaceChildren();
      root.style.display = 'none';
    },
  };
}

function ellipse({ run, color, point, eigenvalues, vectors }, axes, scale) {
  const [px, py] = axes.toPixel(point[0], point[1]);
  // Pixel vector of a data direction at the point (axes may differ in scale).
  const onScreen = ([dx, dy]) => {
    const [ex, ey] = axes.toPixel(point[0] + dx, point[1] + dy);
    return [ex - px, ey - py];
  };
  // Half-axes ∝ 1/√|λ_i|, scaled so the longer one is AXIS_PX on screen.
  const raw = eigenvalues.map((lam, i) => onScreen(vectors[i].map((c) => c / Math.sqrt(Math.abs(lam) || Infinity))));
  const longest = Math.max(...raw.map(([u, v]) => Math.hypot(u, v))) || 1;
  const k = (AXIS_PX * scale) / longest;
  const half = raw.map(([u, v]) => [u * k, v * k]);
  const g = svg('g', {
    class: 'curv-ellipse',
    'data-run': run,
    'data-point': point.join(','),
    'data-eigenvalues': eigenvalues.join(','),
    'data-eigenvectors': vectors.flat().join(','),
  });
  const width = 2 * scale;
  if (eigenvalues[0] > 0) {
    const d = [];
    for (let i = 0; i <= ELLIPSE_POINTS; i++) {
      const a = (2 * Math.PI * i) / ELLIPSE_POINTS;
      const [c, s] = [Math.cos(a), Math.sin(a)];
      d.push(`${i ? 'L' : 'M'}${(px + c * half[0][0] + s * half[1][0]).toFixed(1)},${(py + c * half[0][1] + s * half[1][1]).toFixed(1)}`);
    }
    g.append(svg('path', { d: d.join(''), fill: 'none', stroke: color, 'stroke-width': width, opacity: 0.9 }));
  }
  half.forEach(([u, v], i) => {
    const attrs = {
      class: `curv-axis curv-axis-${i}`, x1: px - u, y1: py - v, x2: px + u, y2: py + v,
      stroke: color, 'stroke-width': (i === 1 ? 2.6 : 1.6) * scale, 'stroke-linecap': 'round',
    };
    if (eigenvalues[i] < 0) attrs['stroke-dasharray'] = `${5 * scale} ${4 * scale}`;
    g.append(svg('line', attrs));
  });
  return g;
}

/**
 * λmax(w_k) against k for every run; a dashed line at 2/η for each gradient-descent run.
 * On a game: the spectral radius ρ of each run's step (game-stability.js), on a linear axis, with 1 dashed.
 */
export function createLambdaCurve(el) {
  return {
    /** runs: [{name, color, dash, lambdas: Float32Array}]; lines: [{color, value}]; symbol: the hover's name;
        labels: {title, hint, step, empty: shown when no run has a curve} */
    draw({ runs, lines, width, height, labels, look = DEFAULT_LOOK, symbol = 'λmax', linear = false }) {
      const values = runs.flatMap((r) => Array.from(r.lambdas)).concat(lines.map((l) => l.value)).filter(Number.isFinite);
      const log = !linear && values.length > 0 && values.every((v) => v > 0);
      const last = Math.max(1, ...runs.map((r) => r.lambdas.length - 1));
      const traces = runs.map((run) => ({
        type: 'scatter', mode: 'lines', name: run.name, x: Array.from(run.lambdas, (_, i) => i),
        y: Array.from(run.lambdas, (v) => (Number.isFinite(v) ? v : null)),
        line: { color: run.color, width: 2 * look.scale, dash: run.dash },
        hovertemplate: `${run.name}: ${symbol} %{y:.4g}<extra></extra>`,
      }));
      for (const line of lines) {
        traces.push({
          type: 'scatter', mode: 'lines', x: [0, last], y: [line.value, line.value], hoverinfo: 'skip',
          line: { color: line.color, width: 1.6 * look.scale, dash: 'dash' }, showlegend: false,
        });
      }
      const text = (size) => Math.round(size * look.text);
      const empty = runs.length === 0 && Boolean(labels.empty);
      const axis = (extra) => ({
        showline: true, linecolor: look.ink, ticks: 'outside', ticklen: 4, zeroline: false,
        gridcolor: 'rgba(128,136,152,0.18)', fixedrange: true, automargin: false, ...extra, visible: !empty,
      });
      return Plotly.react(el, traces, {
        width, height,
        margin: { l: text(56), r: 12, t: text(30), b: text(40) },
        font: lookFont(look), separators: plotSeparators(),
        paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)',
        showlegend: false, hovermode: 'x', dragmode: false,
        xaxis: axis({ title: { text: labels.step, standoff: 4, font: { size: text(13) } }, nticks: 4 }),
        yaxis: axis({ type: log ? 'log' : 'linear', exponentformat: 'power', nticks: Math.max(2, Math.min(5, Math.floor((height - 70) / (2.2 * text(12))))) }),
        annotations: [{
          text: `<b>${labels.title}</b>`, xref: 'paper', yref: 'paper', x: 0, y: 1, xanchor: 'left', yanchor: 'bottom',
          yshift: 6, showarrow: false, font: { size: text(13) }, hovertext: labels.hint,
        }, ...(empty ? [{
          // No run has a curve (a game raced by minimisers): say which would.
          text: wrapped(labels.empty, Math.floor((width - text(80)) / (0.6 * text(12)))), align: 'left',
          xref: 'paper', yref: 'paper', x: 0.5, y: 0.5, showarrow: false,
          font: { size: text(12), color: look.ink },
        }] : [])],
      }, PLOT_CONFIG);
    },
  };
}

/** `text` in lines of at most `columns` characters, joined by <br> (Plotly does not wrap annotations). */
function wrapped(text, columns) {
  const lines = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + word.length < columns) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join('<br>');
}

/**
 * Marks on a learning-rate slider: marks [{kind: 'here'|'min', value, title}],
 * mapping: controls.js's sliderMapping of the slider. Marks outside the slider's
 * range are not drawn (their value stays in the slider's title).
 */
export function placeSliderMarks(slider, marks, mapping) {
  const holder = slider.parentElement;
  holder.classList.add('curv-marked');
  holder.querySelectorAll('.curv-mark').forEach((m) => m.remove());
  const thumb = 8; // half a range thumb: the track's ends sit this far inside
  for (const mark of marks) {
    if (!(mark.value > 0)) continue;
    const f = (mapping.toSlider(mark.value) - mapping.min) / (mapping.max - mapping.min);
    if (!(f >= 0 && f <= 1)) continue;
    const div = document.createElement('div');
    div.className = `curv-mark curv-mark-${mark.kind}`;
    div.title = mark.title;
    div.dataset.value = String(mark.value);
    div.style.left = `${slider.offsetLeft + thumb + f * (slider.offsetWidth - 2 * thumb)}px`;
    div.style.top = `${slider.offsetTop}px`;
    div.style.height = `${slider.offsetHeight}px`;
    holder.append(div);
  }
  slider.title = marks.map((m) => m.title).join(' · ');
}

export function clearSliderMarks(root) {
  root.querySelectorAll('.curv-mark').forEach((m) => m.remove());
}

/** The readout: one line per run, λ₁, λ₂ and 2/λmax at its current point. */
export function readoutLines(items, t) {
  return items.map((item) => {
    const [low, high] = item.eigenvalues;
    const lr = high > 0 ? fmt(2 / high) : t('curv.noStable');
    return { color: item.color, text: t('curv.readout', { low: fmt(low), high: fmt(high), lr }) + (low < 0 ? ` · ${t('curv.saddle')}` : '') };
  });
}
