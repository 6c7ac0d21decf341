// The sidebar: dataset, network builder, training, landscape and the compared
// run, all written into `state`. Slider moves call onChange(); choices that
// change which controls exist (dataset, model kind, layers, optimizer) also
// re-render the sidebar.

import { createParamControl } from '../controls.js';
import { debounce, fill, h } from '../dom.js';
import { catalogText, hpLabel } from '../runs.js';
import { field, select, stateSlider } from '../state-fields.js';
import { drawActivation } from './plots.js';
import { BATCH_RUNS, BATCH_SIZES, sortBatches } from './state.js';

// Comparing batch sizes from another optimizer starts from the scene the
// benchmark measured (benchmarks/bench_batch_sharpness.py): plain GD, η = 0.5.
const BATCH_PRESET = { optimizer: 'gd', hp: { lr: 0.5 } };

// Hyperparameters that are rarely the point here; left at their defaults.
const HIDDEN_HP = new Set(['seed', 'noise', 'weight_decay', 'eps', 'initial_accumulator_value', 'l2_shrinkage',
  'learning_rate_power', 'c1', 'max_backtracking', 'lr_decay', 'dampening', 'centered']);

/** ctx: {root, state, catalogs: {networks, optimizers}, t, tex, onChange(), onTrain()} */
export function createSidebar(ctx) {
  const { root, state, catalogs, t } = ctx;
  const net = catalogs.networks;
  const dataset = () => net.datasets.find((d) => d.name === state.dataset) || net.datasets[0];
  const activation = () => net.activations.find((a) => a.name === state.activation) || net.activations[0];

  const changed = (rerender = false) => {
    if (rerender) render();
    ctx.onChange();
  };
  const num = stateSlider(state, changed);

  function dataPanel() {
    const d = dataset();
    return h('section', { class: 'panel', id: 'nw-data-section' },
      h('h2', { class: 'panel-title' }, t('nw.section.data')),
      select('nw-dataset', d.name, net.datasets.map((x) => [x.name, catalogText(t, x.title)]), (v) => {
        state.dataset = v;
        state.noise = null;
        state.classes = null;
        state.loss = null;
        fitModelToTask();
        changed(true);
      }),
      h('p', { class: 'hint' }, catalogText(t, d.description)),
      num('samples', { min: 8, max: Math.min(d.max_samples, 2000), default: d.default_samples, scale: 'log', integer: true }, t('nw.samples')),
      num('noise', { min: 0, max: d.max_noise, default: d.default_noise, scale: 'linear' }, t('nw.noise')),
      d.classes ? classesControl(d) : null,
      num('testFraction', { min: 0, max: 0.8, default: 0.2, scale: 'linear' }, t('nw.testFraction'), 'test'),
      num('dataSeed', { min: 0, max: 999, default: 0, scale: 'int' }, t('nw.dataSeed'), 'dseed'),
    );
  }

  /** The task of the data as configured: spirals with K > 2 arms are multiclass. */
  function taskOf() {
    const d = dataset();
    return d.classes && (state.classes ?? d.classes.default) > 2 ? 'multiclass' : d.task;
  }

  function classesControl(d) {
    const spec = { name: 'classes', min: 2, max: d.classes.max, default: d.classes.default, scale: 'int' };
    const before = taskOf();
    return createParamControl(spec, state.classes ?? spec.default, {
      label: t('nw.classes'), title: t('nw.classes'),
      onInput: (v) => { state.classes = Math.round(v); changed(); },
      onCommit: (v) => {
        state.classes = Math.round(v);
        if (taskOf() !== before) state.loss = null; // the loss list depends on the task
        changed(true);
      },
    }).el;
  }

  function fitModelToTask() {
    const task = taskOf();
    const kind = net.model_kinds.find((k) => k.kind === state.kind);
    if (!kind || !kind.tasks.includes(task)) state.kind = 'mlp';
    if (state.directions === 'exact' && !['linear', 'logistic'].includes(state.kind)) state.directions = 'pca';
  }

  function modelPanel() {
    const task = taskOf();
    const kinds = net.model_kinds.filter((k) => k.tasks.includes(task));
    const act = activation();
    const panel = h('section', { class: 'panel', id: 'nw-model-section' },
      h('h2', { class: 'panel-title' }, t('nw.section.model')),
      field(t('nw.kind'), select('nw-kind', state.kind, kinds.map((k) => [k.kind, t(`nw.kind.${k.kind}`)]), (v) => {
        state.kind = v;
        if (state.directions === 'exact' && !['linear', 'logistic'].includes(v)) state.directions = 'pca';
        changed(true);
      })),
    );
    if (state.kind === 'mlp') panel.append(layersEditor());
    if (state.kind === 'mlp' || state.kind === 'neuron') {
      const plot = h('div', { class: 'nw-act-plot', id: 'nw-act-plot' });
      const latex = h('div', { class: 'nw-act-tex' });
      const derivative = h('div', { class: 'nw-act-tex' });
      panel.append(
        field(t('nw.activation'), select('nw-activation', act.name, net.activations.map((a) => [a.name, catalogText(t, a.title)]), (v) => {
          state.activation = v;
          state.alpha = null;
          changed(true);
        })),
        h('div', { class: 'nw-act' }, plot, h('div', { class: 'nw-act-formulas' }, latex, derivative)),
      );
      ctx.tex.render(latex, act.latex);
      ctx.tex.render(derivative, act.derivative);
      const redraw = () => {
        if (state.alpha === null || !ctx.activationCurve) drawActivation(plot, act.curve);
        else ctx.activationCurve(act.name, state.alpha).then((c) => drawActivation(plot, c)).catch(() => {});
      };
      requestAnimationFrame(redraw);
      if (act.alpha) {
        const spec = { name: 'alpha', min: act.alpha.min, max: act.alpha.max, default: act.alpha.default, scale: 'linear' };
        panel.append(createParamControl(spec, state.alpha ?? spec.default, {
          label: t('nw.alpha'), title: catalogText(t, act.alpha.description),
          onInput: (v) => { state.alpha = v; redrawSoon(); changed(); },
        }).el);
      }
      const redrawSoon = debounce(redraw, 150);
    }
    panel.append(
      field(t('nw.init'), select('nw-init', state.init, net.init_schemes.map((s) => [s.name, t(`nw.init.${s.name}`)]), (v) => {
        state.init = v;
        changed(true);
      })),
    );
    if (state.init === 'normal') panel.append(num('sigma', { min: 0.001, max: 10, default: 0.1, scale: 'log' }, t('nw.sigma')));
    return panel;
  }

  function layersEditor() {
    const rows = state.hidden.map((width, i) => h('div', { class: 'nw-layer' },
      createParamControl({ name: `width${i}`, min: 1, max: 64, default: 16, scale: 'int' }, width, {
        label: t('nw.layer', { i: i + 1 }), title: t('nw.layer', { i: i + 1 }),
        onInput: (v) => { state.hidden = state.hidden.map((w, j) => (j === i ? Math.round(v) : w)); changed(); },
      }).el,
      h('button', { type: 'button', class: 'icon-btn nw-remove-layer', title: t('nw.removeLayer', { i: i + 1 }),
        'aria-label': t('nw.removeLayer', { i: i + 1 }), disabled: state.hidden.length <= 1,
        onclick: () => { state.hidden = state.hidden.filter((_, j) => j !== i); changed(true); } }, '×'),
    ));
    return h('div', { class: 'nw-layers' },
      h('span', { class: 'field-label' }, t('nw.layers'), h('span', { class: 'muted mono nw-arch' }, ` ${architecture()}`)),
      rows,
      h('button', { type: 'button', class: 'btn btn-small', id: 'nw-add-layer', disabled: state.hidden.length >= 4,
        onclick: () => { state.hidden = [...state.hidden, state.hidden.at(-1) || 8]; changed(true); } }, t('nw.addLayer')),
    );
  }

  function architecture() {
    const d = dataset();
    const k = state.classes ?? d.classes?.default ?? d.n_classes;
    const out = taskOf() === 'multiclass' ? k : 1;
    return [d.input_dim, ...state.hidden, out].join('–');
  }

  function optimizerControls(slot) {
    const b = slot === 1;
    const idKey = b ? 'optimizer2' : 'optimizer';
    const hpKey = b ? 'hp2' : 'hp';
    const batchKey = b ? 'batch2' : 'batch';
    const specs = catalogs.optimizers.filter((o) => net.optimizers.includes(o.id));
    const spec = specs.find((o) => o.id === state[idKey]) || specs[0];
    const box = h('div', { class: 'nw-opt', dataset: { slot: String(slot) } },
      state.compare ? h('span', { class: `nw-run-tag nw-run-tag-${slot}` }, t(b ? 'nw.runB' : 'nw.runA')) : null,
      field(t('nw.optimizer'), select(`nw-optimizer${b ? '2' : ''}`, spec.id, specs.map((o) => [o.id, catalogText(t, o.name)]), (v) => {
        state[idKey] = v;
        const lr = state[hpKey].lr;
        state[hpKey] = lr !== undefined ? { lr } : {};
        changed(true);
      })),
    );
    for (const p of spec.hyperparameters) {
      if (HIDDEN_HP.has(p.name)) continue;
      const label = hpLabel(t, spec.id, p.name);
      box.append(createParamControl(p, state[hpKey][p.name] ?? p.default, {
        label, title: catalogText(t, p.description),
        onInput: (v) => { state[hpKey] = { ...state[hpKey], [p.name]: v }; changed(); },
      }).el);
    }
    if (!b && state.batchCompare) return box; // the batch sizes are the comparison's (curvature panel)
    const index = Math.max(0, BATCH_SIZES.indexOf(state[batchKey]));
    const value = h('span', { class: 'mono nw-batch-value' }, batchText(BATCH_SIZES[index]));
    const slider = h('input', { type: 'range', class: 'param-slider', min: 0, max: BATCH_SIZES.length - 1, step: 1,
      value: index, 'aria-label': t('nw.batch'), id: `nw-batch${b ? '2' : ''}` });
    slider.addEventListener('input', () => {
      state[batchKey] = BATCH_SIZES[Number(slider.value)];
      value.textContent = batchText(state[batchKey]);
      changed();
    });
    box.append(h('div', { class: 'param', dataset: { param: 'batch' } },
      h('label', { class: 'param-label', for: slider.id }, t('nw.batch')), slider, value));
    return box;
  }

  const batchText = (v) => (v === 'all' ? t('nw.batchAll') : String(v));

  function trainingPanel() {
    const task = taskOf();
    const losses = net.losses.filter((l) => l.tasks.includes(task));
    const loss = losses.find((l) => l.name === state.loss) ? state.loss : net.default_loss[task];
    return h('section', { class: 'panel', id: 'nw-training-section' },
      h('h2', { class: 'panel-title' }, t('nw.section.training')),
      field(t('nw.loss'), select('nw-loss', loss, losses.map((l) => [l.name, catalogText(t, l.title)]), (v) => {
        state.loss = v === net.default_loss[task] ? null : v;
        changed();
      })),
      num('l2', { min: 0, max: 1, default: 0, scale: 'linear' }, t('nw.l2')),
      num('steps', { min: 10, max: 5000, default: 500, scale: 'log', integer: true }, t('nw.steps')),
      num('seed', { min: 0, max: 999, default: 0, scale: 'int' }, t('nw.seed')),
      optimizerControls(0),
      state.batchCompare ? null : h('p', { class: 'hint' }, t('nw.batchHint')),
    );
  }

  function landscapePanel() {
    const twoParams = ['linear', 'logistic'].includes(state.kind);
    const dirs = net.directions.filter((d) => d.name !== 'exact' || twoParams);
    return h('section', { class: 'panel', id: 'nw-landscape-section' },
      h('h2', { class: 'panel-title' }, t('nw.section.landscape')),
      field(t('nw.directions'), select('nw-directions', state.directions, dirs.map((d) => [d.name, t(`nw.dir.${d.name}`)]), (v) => {
        state.directions = v;
        changed();
      })),
      num('resolution', { min: 11, max: 101, default: 41, scale: 'int' }, t('nw.resolution'), 'res'),
    );
  }

  function curvaturePanel() {
    // Comparing batch sizes always tracks the sharpness: the box shows it, fixed.
    const box = h('input', { type: 'checkbox', id: 'nw-curvature-toggle', checked: state.curvature || state.batchCompare, disabled: state.batchCompare });
    box.addEventListener('change', () => { state.curvature = box.checked; changed(true); });
    return h('section', { class: 'panel', id: 'nw-curvature-section' },
      h('h2', { class: 'panel-title' }, t('nw.section.curvature')),
      h('label', { class: 'toggle' }, box, h('span', {}, t('nw.curvatureToggle'))),
      state.curvature || state.batchCompare ? [
        num('curvEvery', { min: 1, max: 100, default: 10, scale: 'int' }, t('nw.curvEvery'), 'every'),
        h('p', { class: 'hint' }, t('nw.curvatureHint')),
      ] : null,
      batchComparison(),
    );
  }

  /** The batch-size comparison: a toggle and the batch sizes, 2 to 5 of them. */
  function batchComparison() {
    const box = h('input', { type: 'checkbox', id: 'nw-batch-compare', checked: state.batchCompare });
    box.addEventListener('change', () => {
      state.batchCompare = box.checked;
      if (box.checked) {
        state.compare = false;
        if (state.optimizer !== BATCH_PRESET.optimizer) Object.assign(state, { optimizer: BATCH_PRESET.optimizer, hp: { ...BATCH_PRESET.hp } });
      }
      changed(true);
    });
    const chosen = state.batches;
    const chip = (b) => {
      const on = chosen.includes(b);
      const locked = on ? chosen.length <= BATCH_RUNS.min : chosen.length >= BATCH_RUNS.max;
      return h('button', { type: 'button', class: 'nw-chip', 'aria-pressed': String(on), disabled: locked,
        dataset: { batch: String(b) }, onclick: () => {
          state.batches = sortBatches(on ? chosen.filter((x) => x !== b) : [...chosen, b]);
          changed(true);
        } }, batchText(b));
    };
    return h('div', { class: 'nw-batch-compare' },
      h('label', { class: 'toggle' }, box, h('span', {}, t('nw.batchCompareToggle'))),
      state.batchCompare ? [
        h('div', { class: 'nw-chips', role: 'group', 'aria-label': t('nw.batchSizes') }, sortBatches([...BATCH_SIZES, ...chosen]).map(chip)),
        h('p', { class: 'hint' }, t('nw.batchCompareHint')),
      ] : null,
    );
  }

  function comparePanel() {
    const box = h('input', { type: 'checkbox', id: 'nw-compare', checked: state.compare });
    box.addEventListener('change', () => {
      state.compare = box.checked;
      if (box.checked) state.batchCompare = false; // one comparison at a time
      changed(true);
    });
    return h('section', { class: 'panel nw-compare', id: 'nw-compare-section' },
      h('h2', { class: 'panel-title' }, t('nw.section.compare')),
      h('label', { class: 'toggle' }, box, h('span', {}, t('nw.compareToggle'))),
      state.compare ? [h('p', { class: 'hint' }, t('nw.compareHint')), optimizerControls(1)] : null,
    );
  }

  function render() {
    fitModelToTask();
    const scroll = root.scrollTop;
    fill(root,
      dataPanel(), modelPanel(), trainingPanel(), state.batchCompare ? null : landscapePanel(), curvaturePanel(), comparePanel(),
    );
    root.scrollTop = scroll;
  }

  render();
  return { render };
}
