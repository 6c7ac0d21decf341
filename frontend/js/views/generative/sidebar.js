// The GAN lab's controls, all written into `state`: real data (with custom points
// and CSV upload), both players' sizes and activations, loss, penalty, k_D, k_G,
// who trains, batch, iterations, seed, and EACH player's optimizer with its own
// sliders generated from the catalog's specs (js/controls.js, as the race does).
// Choices that change which controls exist re-render the sidebar.

import { createParamControl } from '../../controls.js';
import { fill, h } from '../../dom.js';
import { ADVANCED, catalogText, hpLabel } from '../../runs.js';
import { field, select, stateSlider } from '../../state-fields.js';
import { PENALTIES, PLAYERS } from './state.js';

/** ctx: {root, state, catalogs: {gan, optimizers}, t, onChange(), onPoints()} */
export function createGanSidebar(ctx) {
  const { root, state, catalogs, t } = ctx;
  const gan = catalogs.gan;
  const limits = gan.limits;
  const dist = () => gan.distributions.find((d) => d.name === state.data);

  const changed = (rerender = false) => {
    if (rerender) render();
    ctx.onChange();
  };
  const num = stateSlider(state, changed);
  const panel = (id, title, ...children) => h('section', { class: 'panel', id }, h('h2', { class: 'panel-title' }, title), ...children);

  function dataPanel() {
    const names = [...gan.distributions.map((d) => d.name), gan.custom];
    const d = dist();
    return panel('gen-data-section', t('generative.section.data'),
      select('gen-data', state.data, names.map((n) => [n, t(`generative.data.${n}`)]), (v) => {
        state.data = v;
        state.noise = null;
        changed(true);
      }),
      d ? [
        num('samples', { min: 8, max: limits.max_samples, default: 300, scale: 'log', integer: true }, t('generative.samples')),
        num('noise', { min: 0, max: d.max_noise, default: d.default_noise, scale: 'linear' }, t('generative.noise')),
        d.modes.length > 1 ? field(t('generative.modes'), select('gen-modes', String(state.modes), d.modes.map((m) => [String(m), String(m)]), (v) => {
          state.modes = Number(v);
          changed();
        })) : null,
        num('dataSeed', { min: 0, max: 999, default: 0, scale: 'int' }, t('generative.dataSeed')),
      ] : customControls(),
    );
  }

  function customControls() {
    const file = h('input', { type: 'file', accept: '.csv,text/csv,text/plain', id: 'gen-csv', hidden: true });
    file.addEventListener('change', async () => {
      const chosen = file.files && file.files[0];
      if (chosen) ctx.onCsv(await chosen.text());
      file.value = '';
    });
    return [
      h('p', { class: 'hint' }, t('generative.customHint')),
      h('p', { class: 'muted mono', id: 'gen-point-count' }, t('generative.points', { n: state.points.length })),
      h('div', { class: 'gen-buttons' },
        h('button', { type: 'button', class: 'btn btn-small', onclick: () => file.click() }, t('generative.csv')),
        h('button', { type: 'button', class: 'btn btn-small', id: 'gen-clear', onclick: () => { state.points = []; ctx.onPoints(); } }, t('generative.clear')),
        file),
    ];
  }

  function network(prefix, title) {
    const hiddenKey = `${prefix}Hidden`;
    const actKey = `${prefix}Act`;
    const layers = state[hiddenKey].length;
    const width = state[hiddenKey][0] ?? 32;
    return h('div', { class: 'gen-player', dataset: { player: prefix } },
      h('h3', { class: 'gen-player-title' }, title),
      prefix === 'g' ? num('noiseDim', { min: 1, max: limits.max_noise_dim, default: 2, scale: 'int' }, t('generative.noiseDim')) : null,
      createParamControl({ name: `${prefix}layers`, min: 0, max: limits.max_hidden_layers, default: 2, scale: 'int' }, layers, {
        label: t('generative.layers'), title: t('generative.layers'),
        onInput: (v) => { state[hiddenKey] = new Array(Math.round(v)).fill(state[hiddenKey][0] ?? width); changed(); },
      }).el,
      createParamControl({ name: `${prefix}width`, min: 1, max: limits.max_width, default: 32, scale: 'int' }, width, {
        label: t('generative.width'), title: t('generative.width'),
        onInput: (v) => { state[hiddenKey] = state[hiddenKey].map(() => Math.round(v)); changed(); },
      }).el,
      field(t('generative.activation'), select(`gen-${prefix}act`, state[actKey], gan.activations.map((a) => [a.name, catalogText(t, a.title)]), (v) => {
        state[actKey] = v;
        changed();
      })),
    );
  }

  function trainingPanel() {
    const seg = h('div', { class: 'segmented', role: 'group', 'aria-label': t('generative.players') },
      PLAYERS.map((p) => h('button', { type: 'button', class: 'seg-btn', 'aria-pressed': String(state.players === p),
        dataset: { players: p }, onclick: () => { state.players = p; changed(true); } }, t(`generative.players.${p}`))));
    return panel('gen-training-section', t('generative.section.training'),
      field(t('generative.loss'), select('gen-loss-select', state.loss, gan.losses.map((l) => [l.name, t(`generative.loss.${l.name}`)]), (v) => {
        state.loss = v;
        changed();
      })),
      field(t('generative.penalty'), select('gen-penalty', state.penalty, PENALTIES.map((p) => [p, t(`generative.penalty.${p}`)]), (v) => {
        state.penalty = v;
        changed(true);
      })),
      state.penalty !== 'none' ? num('penaltyWeight', { min: 0.01, max: limits.max_penalty, default: 1, scale: 'log' }, t('generative.penaltyWeight')) : null,
      field(t('generative.players'), seg),
      state.players !== 'both' ? h('p', { class: 'hint' }, t('generative.playersHint')) : null,
      num('kD', { min: 0, max: limits.max_k, default: 1, scale: 'int' }, t('generative.kD')),
      num('kG', { min: 0, max: limits.max_k, default: 1, scale: 'int' }, t('generative.kG')),
      num('batch', { min: 1, max: limits.max_batch, default: 150, scale: 'log', integer: true }, t('generative.batch')),
      num('steps', { min: 25, max: limits.max_steps, default: 2000, scale: 'log', integer: true }, t('generative.steps')),
      num('every', { min: gan.chunk, max: 1000, default: 50, scale: 'log', integer: true }, t('generative.every')),
      num('seed', { min: 0, max: 999, default: 0, scale: 'int' }, t('generative.seed')),
    );
  }

  function optimizer(prefix, player) {
    const idKey = `${prefix}Opt`;
    const hpKey = `${prefix}Hp`;
    const specs = catalogs.optimizers.filter((o) => gan.optimizers.includes(o.id));
    const spec = specs.find((o) => o.id === state[idKey]) || specs[0];
    const box = h('div', { class: 'gen-opt', dataset: { player: prefix } },
      field(t('generative.optimizerFor', { player }), select(`gen-${prefix}opt`, spec.id, specs.map((o) => [o.id, catalogText(t, o.name)]), (v) => {
        state[idKey] = v;
        const lr = state[hpKey].lr;
        state[hpKey] = lr !== undefined ? { lr } : {};
        changed(true);
      })),
    );
    for (const p of spec.hyperparameters) {
      if (ADVANCED.has(p.name) && !(p.name in state[hpKey])) continue;
      const label = hpLabel(t, spec.id, p.name);
      box.append(createParamControl(p, state[hpKey][p.name] ?? p.default, {
        label, title: catalogText(t, p.description),
        onInput: (v) => { state[hpKey] = { ...state[hpKey], [p.name]: v }; changed(); },
      }).el);
    }
    return box;
  }

  function render() {
    const scroll = root.scrollTop;
    fill(root,
      dataPanel(),
      panel('gen-players-section', t('generative.section.players'), network('g', t('generative.generator')), network('d', t('generative.discriminator'))),
      trainingPanel(),
      panel('gen-optimizers-section', t('generative.section.optimizers'), optimizer('g', 'G'), optimizer('d', 'D')),
    );
    root.scrollTop = scroll;
  }

  render();
  return {
    render,
    /** The custom point count changed (clicks on the plane, CSV, clear). */
    points() {
      const el = root.querySelector('#gen-point-count');
      if (el) el.textContent = t('generative.points', { n: state.points.length });
    },
  };
}
