// The race legend above the plot: one chip per run (colour, name, status, f at
// the current step), plus the key of the step arrows when they are shown.

import { h, fill } from './dom.js';
import { fmt } from './format.js';
import { STATUS_ICON } from './runs.js';
import { CSS_DASH, VECTOR } from './palette.js';

export function createLegend(el) {
  let values = [];
  let fitted = ''; // the run count, key and width the legend's height is kept for
  let tallest = 0;
  let symbol = 'f';
  let losses = []; // the last painted values: a re-render (new status) keeps them
  const show = () => values.forEach((value, i) => {
    const f = losses[i];
    value.textContent = f === null || f === undefined ? '' : `${symbol} ${fmt(f)}`;
  });
  // The plot takes the height the legend leaves, and a resize redraws its contour
  // (~100 ms). Run names carry their learning rate, so a slider move can wrap the
  // chips onto another row and back: measured as moves stalled for 130-250 ms.
  // So the legend keeps the tallest height it needed for the same runs and width.
  const keepHeight = (shape) => {
    if (shape !== fitted) {
      fitted = shape;
      tallest = 0;
    }
    el.style.height = '';
    tallest = Math.max(tallest, el.offsetHeight);
    el.style.height = `${tallest}px`;
  };
  return {
    /**
     * items: [{name, color, dash, status}], vectors: null | {gradient, momentum, update}
     * labels+titles; valueSymbol: what the chips' values are called (f, or V for a game).
     */
    render(items, vectors, t, valueSymbol = 'f') {
      values = [];
      symbol = valueSymbol;
      const chips = items.map((item) => {
        const value = h('span', { class: 'chip-value mono' });
        values.push(value);
        const status = item.status || 'computing';
        const dash = item.dash || 'solid';
        return h('span', { class: 'chip', dataset: { status, color: item.color, dash }, style: { '--run-color': item.color, '--run-dash': CSS_DASH[dash] } },
          h('span', { class: 'chip-swatch', 'aria-hidden': 'true' }),
          h('span', { class: 'chip-name' }, item.name),
          h('span', { class: 'chip-status', title: t(`status.${status}`, { k: item.k ?? '' }) }, STATUS_ICON[status]),
          value);
      });
      const key = vectors
        ? h('span', { class: 'legend-key' },
            keyItem(vectors.gradient, VECTOR.gradient, 'solid'),
            keyItem(vectors.momentum, VECTOR.momentum, 'dotted'),
            keyItem(vectors.update, 'var(--ink-soft)', 'thick'))
        : null;
      el.classList.toggle('is-crowded', items.length > 8);
      fill(el, chips, key);
      show();
      keepHeight(`${items.length}|${Boolean(key)}|${el.clientWidth}`);
    },
    /** f (or V) at the current step, per run (cheap: text only). */
    setValues(next) {
      losses = next;
      show();
    },
  };
}

function keyItem({ label, title }, color, style) {
  return h('span', { class: `key-item key-${style}`, title, style: { '--key-color': color } },
    h('span', { class: 'key-arrow', 'aria-hidden': 'true' }), label);
}
