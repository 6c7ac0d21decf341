// Controls generated from a catalog spec {name, default, min, max, scale,
// description}: log sliders move over log10(value), linear and int sliders
// over the value, bools are checkboxes. Every slider has a number box beside
// it for typing the exact value. Slider moves fire on `input`, not `change`.
// A spec with `positions` (an offline file's precomputed values) gets a slider
// over those values only, and its number box just shows the value.

import { h } from './dom.js';
import { plain, roundSignificant, roundToStep } from './format.js';

const MAX_SLIDER_INT_RANGE = 1000; // wider int ranges (seeds) get a number box only

/**
 * spec: the catalog's hyperparameter/surface-parameter spec.
 * options: {label, title, onInput(value), onCommit(value)}.
 * Returns {el, set(value), name}.
 */
export function createParamControl(spec, value, { label, title, onInput, onCommit = onInput }) {
  const id = `param-${spec.name}-${Math.random().toString(36).slice(2, 9)}`;
  if (spec.scale === 'bool') return checkbox(spec, value, { id, label, title, onInput });
  const mapping = sliderMapping(spec);
  const number = h('input', {
    type: 'number', class: 'param-number', id, step: 'any', inputmode: 'decimal',
    'aria-label': label, title, readOnly: Boolean(spec.positions),
  });
  const withSlider = mapping !== null;
  const slider = withSlider
    ? h('input', {
        type: 'range', class: 'param-slider', min: mapping.min, max: mapping.max, step: mapping.step,
        'aria-label': label, title, dataset: { param: spec.name },
      })
    : null;
  const set = (v) => {
    number.value = plain(v);
    if (slider) slider.value = String(mapping.toSlider(v));
    number.classList.remove('is-invalid');
  };
  set(value);
  if (slider) {
    slider.addEventListener('input', () => {
      const v = mapping.fromSlider(Number(slider.value));
      number.value = plain(v);
      number.classList.remove('is-invalid');
      onInput(v);
    });
    slider.addEventListener('change', () => onCommit(mapping.fromSlider(Number(slider.value))));
  }
  const typed = (commit) => {
    const v = Number(number.value);
    if (number.value.trim() === '' || !Number.isFinite(v)) {
      number.classList.add('is-invalid');
      return;
    }
    number.classList.remove('is-invalid');
    if (slider) slider.value = String(mapping.toSlider(Math.min(spec.max, Math.max(spec.min, v))));
    (commit ? onCommit : onInput)(v); // out-of-range values go to the server, which says why
  };
  number.addEventListener('input', () => typed(false));
  number.addEventListener('change', () => typed(true));
  const el = h('div', { class: `param${withSlider ? '' : ' param--number-only'}`, dataset: { param: spec.name } },
    h('label', { class: 'param-label', for: id, title }, label),
    slider,
    number,
  );
  return { el, set, name: spec.name };
}

function checkbox(spec, value, { id, label, title, onInput }) {
  const box = h('input', { type: 'checkbox', id, checked: Boolean(value), title });
  box.addEventListener('change', () => onInput(box.checked ? 1 : 0));
  const el = h('div', { class: 'param param--bool', dataset: { param: spec.name } },
    h('label', { class: 'param-label', for: id, title }, box, ' ', label));
  return { el, set: (v) => { box.checked = Boolean(v); }, name: spec.name };
}

/** Slider <-> value. Null when a number box alone fits better. */
export function sliderMapping(spec) {
  if (spec.positions) {
    const values = spec.positions;
    const distance = (a, b) => (spec.scale === 'log' ? Math.abs(Math.log10(a / b)) : Math.abs(a - b));
    return {
      min: 0, max: values.length - 1, step: 1,
      toSlider: (v) => values.reduce((best, p, k) => (distance(p, v) < distance(values[best], v) ? k : best), 0),
      fromSlider: (s) => values[Math.round(s)],
    };
  }
  if (spec.scale === 'log' && spec.min > 0) {
    // spec.integer: a log slider over whole numbers (e.g. the step count)
    const min = Math.log10(spec.min);
    const max = Math.log10(spec.max);
    return {
      min, max, step: 0.01,
      toSlider: (v) => (v > 0 ? Math.log10(v) : min),
      fromSlider: (s) => {
        const v = roundSignificant(10 ** s, spec.integer ? 2 : 3);
        return clamp(spec.integer ? Math.round(v) : v, spec.min, spec.max);
      },
    };
  }
  if (spec.scale === 'int') {
    if (spec.max - spec.min > MAX_SLIDER_INT_RANGE) return null;
    return { min: spec.min, max: spec.max, step: 1, toSlider: (v) => v, fromSlider: (s) => Math.round(s) };
  }
  const step = niceStep((spec.max - spec.min) / 1000);
  return {
    min: spec.min, max: spec.max, step,
    toSlider: (v) => v,
    fromSlider: (s) => clamp(roundToStep(s, step), spec.min, spec.max),
  };
}

function niceStep(raw) {
  return 10 ** Math.floor(Math.log10(raw));
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}
