// The Maps view's settings: which map, surface, optimizer, the two axes of a
// stability map (or the starts per side of a basin map), the fixed
// hyperparameters, steps and tolerance. Everything is written into `state`;
// choices that change which controls exist re-render the sidebar.

import { createParamControl } from '../../controls.js';
import { fill, h } from '../../dom.js';
import { catalogText, hpLabel } from '../../runs.js';
import { COLORS, KINDS, MAX_COUNT, MAX_RESOLUTION, sceneOf, setScene } from './state.js';

// Never map axes or fixed settings here: the server refuses noise on maps, and a seed without noise does nothing.
const NOT_SHOWN = new Set(['noise', 'seed']);
// The axis a new optimizer's y takes, in this order of preference.
const Y_PREFERENCE = ['momentum', 'beta1', 'alpha', 'rho', 'beta2', 'weight_decay'];

/** Continuous hyperparameters of an optimizer: the possible map axes. */
export function axisNames(spec) {
  return spec.hyperparameters.filter((p) => ['log', 'linear'].includes(p.scale) && !NOT_SHOWN.has(p.name)).map((p) => p.name);
}

/** The default axis over hyperparameter `p`: its whole range, log where it is (capped to [1e-4, 10]). */
export function defaultAxis(p) {
  if (p.scale === 'log') return { name: p.name, min: Math.max(p.min, 1e-4), max: Math.min(p.max, 10), scale: 'log' };
  return { name: p.name, min: p.min, max: Math.min(p.max, 0.99 * p.max + 0.01 * p.min), scale: 'linear' };
}

/** ctx: {root, state, catalogs, t, onChange(), onRedraw()}: onRedraw when only the colouring changed. */
export function createMapsSidebar(ctx) {
  const { root, state, catalogs, t } = ctx;
  const optimizerOf = (id) => catalogs.optimizers.find((o) => o.id === id);
  const surfaces = catalogs.surfaces.filter((s) => s.kind !== 'game');
  const changed = (rerender = false) => {
    if (rerender) render();
    ctx.onChange();
  };
  const select = (id, value, options, onPick) => {
    const el = h('select', { class: 'select', id }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
    el.addEventListener('change', () => onPick(el.value));
    return el;
  };
  const field = (label, control, id) => h('div', { class: 'maps-field' }, h('label', { class: 'field-label', for: id }, label), control);
  const number = (name, spec, label, onValue) => createParamControl({ name, ...spec }, state[name], {
    label, title: label, onInput: (v) => { onValue(v); changed(); },
  }).el;

  function kindPanel() {
    return h('div', { class: 'segmented maps-kind', role: 'group', 'aria-label': t('maps.kind') },
      KINDS.map((kind) => h('button', {
        type: 'button', class: 'seg-btn', id: `maps-kind-${kind}`, 'aria-pressed': String(state.kind === kind),
        onclick: () => { state.kind = kind; changed(true); },
      }, t(`maps.kind.${kind}`))));
  }

  function scenePanel() {
    const scene = sceneOf(state);
    const surface = surfaces.find((s) => s.id === scene.surface) || surfaces[0];
    const spec = optimizerOf(scene.optimizer);
    const params = surface.params.map((p) => createParamControl(p, scene.params[p.name] ?? p.default, {
      label: catalogText(t, p.description).split(':')[0], title: catalogText(t, p.description),
      onInput: (v) => { setScene(state, { params: { ...sceneOf(state).params, [p.name]: v } }); changed(); },
    }).el);
    return [
      field(t('maps.surface'), select('maps-surface', surface.id, surfaces.map((s) => [s.id, catalogText(t, s.name)]), (id) => {
        setScene(state, { surface: id, params: {} });
        changed(true);
      }), 'maps-surface'),
      params,
      field(t('maps.optimizer'), select('maps-optimizer', spec.id, catalogs.optimizers.filter((o) => o.maps).map((o) => [o.id, catalogText(t, o.name)]), (id) => {
        pickOptimizer(id);
        changed(true);
      }), 'maps-optimizer'),
    ];
  }

  /** A new optimizer: its own defaults, and axes it has (x: η, y: its most telling other hyperparameter). */
  function pickOptimizer(id) {
    const spec = optimizerOf(id);
    const lr = spec.hyperparameters.find((p) => p.name === 'lr');
    setScene(state, { optimizer: id, hp: state.kind === 'basins' && lr ? { lr: lr.default } : {} });
    if (state.kind === 'basins') return;
    const names = axisNames(spec);
    const byName = (name) => spec.hyperparameters.find((p) => p.name === name);
    const x = names.includes(state.x.name) ? state.x.name : names[0];
    const y = names.includes(state.y.name) && state.y.name !== x ? state.y.name
      : Y_PREFERENCE.find((n) => names.includes(n) && n !== x) || names.find((n) => n !== x);
    if (x !== state.x.name) state.x = defaultAxis(byName(x));
    if (y !== state.y.name) state.y = defaultAxis(byName(y));
  }

  function axisPanel(key) {
    const spec = optimizerOf(state.optimizer);
    const names = axisNames(spec).filter((n) => n !== state[key === 'x' ? 'y' : 'x'].name);
    const axis = state[key];
    const p = spec.hyperparameters.find((q) => q.name === axis.name);
    const bound = (which) => {
      const input = h('input', {
        type: 'number', class: 'param-number', id: `maps-${key}-${which}`, step: 'any', value: axis[which],
        'aria-label': `${t(`maps.${key}Axis`)} ${t(`maps.axis${which === 'min' ? 'Min' : 'Max'}`)}`,
      });
      input.addEventListener('change', () => {
        const v = Number(input.value);
        const next = { ...state[key], [which]: v };
        const valid = Number.isFinite(v) && next.min < next.max && v >= p.min && v <= p.max && !(next.scale === 'log' && next.min <= 0);
        input.classList.toggle('is-invalid', !valid);
        if (!valid) return;
        state[key] = next;
        changed();
      });
      return input;
    };
    const log = h('input', { type: 'checkbox', id: `maps-${key}-log`, checked: axis.scale === 'log', disabled: p.min < 0 });
    log.addEventListener('change', () => {
      const lo = axis.min > 0 ? axis.min : Math.max(p.min, 1e-4, axis.max / 1000);
      state[key] = { ...axis, scale: log.checked ? 'log' : 'linear', min: log.checked ? lo : axis.min };
      changed(true);
    });
    return h('div', { class: 'maps-axis' },
      field(t(`maps.${key}Axis`), select(`maps-${key}-name`, axis.name, names.map((n) => [n, hpLabel(t, spec.id, n)]), (name) => {
        state[key] = defaultAxis(spec.hyperparameters.find((q) => q.name === name));
        changed(true);
      }), `maps-${key}-name`),
      h('div', { class: 'maps-range' },
        h('span', {}, t('maps.axisMin')), bound('min'), h('span', {}, t('maps.axisMax')), bound('max'),
        h('label', { class: 'toggle' }, log, t('maps.axisLog'))));
  }

  function fixedPanel() {
    const scene = sceneOf(state);
    const spec = optimizerOf(scene.optimizer);
    const axes = state.kind === 'stability' ? [state.x.name, state.y.name] : [];
    const controls = spec.hyperparameters.filter((p) => !NOT_SHOWN.has(p.name) && !axes.includes(p.name)).map((p) =>
      createParamControl(p, scene.hp[p.name] ?? p.default, {
        label: hpLabel(t, spec.id, p.name), title: catalogText(t, p.description),
        onInput: (v) => { setScene(state, { hp: { ...sceneOf(state).hp, [p.name]: v } }); changed(); },
      }).el);
    return controls.length ? [h('h3', { class: 'maps-subtitle' }, t('maps.fixed')), controls] : [];
  }

  function render() {
    const stability = state.kind === 'stability';
    fill(root,
      h('section', { class: 'panel', id: 'maps-scene' },
        h('h2', { class: 'panel-title' }, t('maps.kind')), kindPanel(), scenePanel()),
      h('section', { class: 'panel', id: 'maps-grid' },
        stability ? [axisPanel('x'), axisPanel('y'),
          number('count', { min: 2, max: MAX_COUNT, default: 128, scale: 'int' }, t('maps.count'), (v) => { state.count = Math.round(v); }),
          field(t('maps.color'), select('maps-color', state.color, COLORS.map((c) => [c, t(`maps.color.${c}`)]), (c) => {
            state.color = c;
            ctx.onRedraw();
          }), 'maps-color')]
          : number('resolution', { min: 2, max: MAX_RESOLUTION, default: 128, scale: 'int' }, t('maps.resolution'), (v) => { state.resolution = Math.round(v); }),
        number('steps', { min: 1, max: 10000, default: 200, scale: 'log', integer: true }, t('maps.steps'), (v) => { state.steps = Math.round(v); }),
        number('tolerance', { min: 1e-12, max: 1, default: 1e-6, scale: 'log' }, t('maps.tolerance'), (v) => { state.tolerance = v; }),
        fixedPanel()));
  }
  render();
  return { render };
}
