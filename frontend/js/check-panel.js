// The gradient check of the slides (numerical against analytic gradient): JAX's
// ∇f at the start point beside forward and central differences for a step δ
// the student slides, and the relative error of both over every δ. In the
// race's sidebar it is computed only while the panel is open, and again when
// surface or start change; the gradient-check view (js/check/) draws the same
// parts, large.

import { fill, h } from './dom.js';
import { fmt } from './format.js';
import { createLazyPanel } from './lazy-panel.js';
import { CENTRAL_COLOR, FORWARD_COLOR, checkChart } from './plots/check.js';

const DEFAULT_DELTA = 1e-4; // both errors visible; smaller δ first helps, then hurts

/**
 * The check's parts: hint, δ slider, table, chart, explanation. chartSize(el)
 * -> the chart's {width, height} (default: the sidebar's); onIndex(i): δ moved.
 * Returns {draw(target, answer), setIndex(i), index(), count()}.
 */
export function createCheckDrawing({ t, chartSize = () => undefined, onIndex = () => {}, initialDelta = DEFAULT_DELTA }) {
  let index = null; // the chosen δ, kept across points
  let parts = null; // what follows the slider; built by draw(), updated by show()
  let data = null;

  const show = () => {
    const row = (cells, values, errorValue) => {
      values.forEach((v, i) => { cells[i].textContent = fmt(v, 10); });
      if (errorValue !== undefined) cells[2].textContent = fmt(errorValue, 2);
    };
    parts.slider.value = String(index);
    parts.delta.textContent = fmt(data.deltas[index], 2);
    row(parts.forward, data.forward[index], data.forward_error[index]);
    row(parts.central, data.central[index], data.central_error[index]);
    fill(parts.chart, checkChart(data, index, { title: t('check.chart') }, chartSize(parts.chart)));
  };

  const draw = (target, answer) => {
    data = answer;
    if (index === null) index = nearest(data.deltas, initialDelta);
    index = Math.min(index, data.deltas.length - 1);
    const cells = () => [h('td'), h('td'), h('td', { class: 'check-error' })];
    parts = {
      delta: h('span', { class: 'mono check-delta-value' }), forward: cells(), central: cells(), chart: h('div', { class: 'check-chart-box' }),
      slider: h('input', {
        type: 'range', id: 'check-delta', class: 'param-slider', min: 0, max: data.deltas.length - 1, step: 1,
        value: index, 'aria-label': t('check.delta'),
        oninput: (e) => {
          index = Number(e.target.value);
          show();
          onIndex(index);
        },
      }),
    };
    const analytic = cells();
    data.analytic.forEach((v, i) => { analytic[i].textContent = fmt(v, 10); });
    const head = (name, color) => h('th', { scope: 'row' }, color ? h('span', { class: 'check-swatch', style: { background: color } }) : null, name);
    fill(target,
      h('p', { class: 'hint check-hint' }, t('check.hint', { x: fmt(data.point[0], 4), y: fmt(data.point[1], 4) })),
      h('div', { class: 'param check-delta' }, h('span', { class: 'param-label' }, t('check.delta')), parts.slider, parts.delta),
      h('table', { class: 'check-table mono' },
        h('thead', {}, h('tr', {}, h('th'), h('th', {}, '∂f/∂x'), h('th', {}, '∂f/∂y'), h('th', {}, t('check.error')))),
        h('tbody', {},
          h('tr', {}, head(t('check.analytic')), analytic),
          h('tr', {}, head(t('check.forward'), FORWARD_COLOR), parts.forward),
          h('tr', {}, head(t('check.central'), CENTRAL_COLOR), parts.central))),
      parts.chart,
      h('p', { class: 'hint check-explain' }, t('check.explain', {
        forward: fmt(data.deltas[best(data.forward_error)], 1),
        central: fmt(data.deltas[best(data.central_error)], 1),
      })));
    show();
  };

  return {
    draw,
    /** Move δ to index i (a deck's step); false without data. */
    setIndex(i) {
      if (!data) return false;
      index = Math.max(0, Math.min(data.deltas.length - 1, Math.round(i)));
      show();
      return true;
    },
    redraw: () => { if (data) show(); },
    index: () => index ?? 0,
    count: () => (data ? data.deltas.length : 0),
  };
}

/** el: the panel inside its <details>; request() -> the POST /api/gradient-check body. */
export function createCheckPanel(el, { api, request, t }) {
  const drawing = createCheckDrawing({ t });
  return createLazyPanel(el, { request, ask: api.gradientCheck, draw: drawing.draw, t });
}

export function nearest(values, target) {
  let at = 0;
  values.forEach((v, i) => {
    if (Math.abs(Math.log10(v / target)) < Math.abs(Math.log10(values[at] / target))) at = i;
  });
  return at;
}

/** Index of the smallest error (nulls are skipped). */
function best(errors) {
  let at = 0;
  errors.forEach((e, i) => {
    if (e !== null && (errors[at] === null || e < errors[at])) at = i;
  });
  return at;
}
