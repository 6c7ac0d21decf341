// Sidebar fields bound to a view's `state` object, shared by the Networks and
// Generative sidebars: a slider for one state key, a select, a labelled field.

import { createParamControl } from './controls.js';
import { h } from './dom.js';

/** num(name, spec, label, key = name): a slider for state[name] (rounded for integer specs), changed() on input. */
export function stateSlider(state, changed) {
  return (name, spec, label, key = name) =>
    createParamControl({ name: key, ...spec }, state[name] ?? spec.default, {
      label, title: label,
      onInput: (v) => { state[name] = spec.scale === 'int' || spec.integer ? Math.round(v) : v; changed(); },
    }).el;
}

/** A select of [value, text] options; onPick(value). */
export function select(id, value, options, onPick) {
  const el = h('select', { class: 'select', id, 'aria-label': id },
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  el.addEventListener('change', () => onPick(el.value));
  return el;
}

/** A control under its label. */
export function field(label, control) {
  return h('div', { class: 'nw-field' }, h('label', { class: 'field-label' }, label), control);
}
