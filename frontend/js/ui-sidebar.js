// The sidebar: surface section, run settings (steps, tolerance, start), the
// gradient check, the computation graph (typed surfaces), and the optimizer
// cards with "+ Add optimizer".

import { createCheckPanel } from './check-panel.js';
import { createGraphPanel } from './graph-panel.js';
import { createParamControl } from './controls.js';
import { fill, h } from './dom.js';
import { errorText } from './errors.js';
import { plain } from './format.js';
import { runColor, runDash } from './palette.js';
import { catalogText, createRunCard } from './runs.js';
import { checkRequest, effectiveStart, graphRequest, sweepRequest } from './scene.js';
import { CUSTOM, DEFAULT_DOMAIN, DEFAULT_EXPRESSION, createSurfacePanel } from './surface-panel.js';
import { createTex } from './tex.js';

const STEPS_SPEC = { name: 'steps', min: 1, max: 10000, scale: 'log', integer: true };
const TOLERANCE_SPEC = { name: 'tolerance', min: 1e-12, max: 1, scale: 'log' };

export function createSidebar(actions) {
  const { state, catalogs } = actions;
  const $ = (id) => document.getElementById(id);
  const tex = createTex();
  let surfacePanel = null;
  let cards = [];
  const optimizerSpec = (id) => catalogs.optimizers.find((o) => o.id === id);

  const renderSurfacePanel = () => {
    const t = actions.t;
    surfacePanel = createSurfacePanel($('surface-panel'), {
      t,
      surfaces: catalogs.surfaces,
      onSurface(id) {
        state.surface = id;
        state.surfaceParams = {};
        state.start = null;
        state.view = null;
        if (id === CUSTOM && !state.expression) state.expression = DEFAULT_EXPRESSION;
        actions.restartRace();
        surfacePanel.render(state);
        actions.changed({ title: true, window: true });
      },
      onParam(name, value) {
        const spec = catalogs.surfaces.find((s) => s.id === state.surface)?.params.find((p) => p.name === name);
        if (spec && value === spec.default) delete state.surfaceParams[name];
        else state.surfaceParams[name] = value;
        actions.changed();
      },
      onExpression({ expression, domain }) {
        const ok = domain.x.every(Number.isFinite) && domain.y.every(Number.isFinite) && domain.x[0] < domain.x[1] && domain.y[0] < domain.y[1];
        if (!ok) {
          surfacePanel.showExpressionError({ message: actions.t('error.invalid', { message: 'x₀ < x₁, y₀ < y₁' }), column: null });
          return;
        }
        const sameDomain = JSON.stringify(domain) === JSON.stringify(DEFAULT_DOMAIN);
        const domainChanged = JSON.stringify(domain) !== JSON.stringify(state.domain || DEFAULT_DOMAIN);
        state.expression = expression;
        state.domain = sameDomain ? null : domain;
        if (domainChanged) {
          state.view = null;
          state.start = null;
        }
        actions.changed({ window: domainChanged, title: true });
      },
    });
    surfacePanel.render(state);
  };

  const renderRunSettings = () => {
    const t = actions.t;
    const steps = createParamControl(STEPS_SPEC, state.steps, {
      label: t('run.steps'),
      onInput: (v) => {
        state.steps = Math.round(v);
        actions.changed();
      },
    });
    const tolerance = createParamControl(TOLERANCE_SPEC, state.tolerance, {
      label: t('run.tolerance'),
      title: t('run.toleranceTitle'),
      onInput: (v) => {
        state.tolerance = v;
        actions.changed();
      },
    });
    fill($('run-settings'), steps.el, tolerance.el);
    setStart(effectiveStart(state, catalogs));
  };

  const setStart = ([x, y]) => {
    const inputs = [$('start-x'), $('start-y')];
    [x, y].forEach((v, i) => {
      if (document.activeElement !== inputs[i]) inputs[i].value = plain(v);
    });
  };

  const renderCards = () => {
    const t = actions.t;
    cards = state.runs.map((run, index) => {
      const spec = optimizerSpec(run.optimizer);
      if (!spec) return null;
      const card = createRunCard({
        t, tex, index, color: runColor(index), dash: runDash(index), run, spec,
        onParam(name, value) {
          const p = spec.hyperparameters.find((q) => q.name === name);
          if (p && value === p.default && name !== 'lr') delete run.hp[name];
          else run.hp[name] = value;
          actions.changed({ legend: true });
        },
        onLabel(text) {
          run.label = text;
          actions.changed({ scene: false, legend: true, overlay: true });
        },
        onRemove: () => actions.removeRun(index),
        onTune: () => tune(index, card, spec),
      });
      return card;
    });
    fill($('run-cards'), cards.length ? cards.map((c) => c && c.el) : h('p', { class: 'muted' }, t('opt.none')));
    renderAddSelect();
  };

  const tune = async (index, card, spec) => {
    const run = state.runs[index];
    const lrSpec = spec.hyperparameters.find((p) => p.name === 'lr');
    card.setTuning('busy');
    try {
      const sweep = await actions.api.sweep(sweepRequest(state, catalogs, run, lrSpec));
      if (state.runs[index] !== run) return; // removed meanwhile
      if (sweep.best) {
        // The exact rate: rounding it could change a chaotic run's outcome.
        run.hp.lr = sweep.best.lr;
        card.set('lr', run.hp.lr);
        actions.changed({ legend: true });
      }
      card.setTuning({ sweep });
    } catch (error) {
      card.setTuning({ error: errorText(error, actions.t) });
    }
  };

  const renderAddSelect = () => {
    const t = actions.t;
    const select = $('add-run');
    fill(select,
      h('option', { value: '', selected: true }, t('opt.add')),
      catalogs.optimizers.map((o) => h('option', { value: o.id }, catalogText(t, o.name))));
    select.setAttribute('aria-label', t('opt.add'));
  };

  $('add-run').addEventListener('change', (event) => {
    const id = event.target.value;
    event.target.value = '';
    const spec = optimizerSpec(id);
    if (!spec) return;
    const lr = spec.hyperparameters.find((p) => p.name === 'lr');
    actions.addRun({ optimizer: id, hp: lr ? { lr: lr.default } : {}, label: '' });
  });
  for (const input of [$('start-x'), $('start-y')]) {
    input.addEventListener('change', () => {
      const x = Number($('start-x').value);
      const y = Number($('start-y').value);
      if (!Number.isFinite(x) || !Number.isFinite(y) || $('start-x').value === '' || $('start-y').value === '') return;
      state.start = [x, y];
      actions.changed({ overlay: true });
    });
  }
  const check = createCheckPanel($('check-panel'), {
    api: actions.api, t: actions.t, request: () => checkRequest(state, catalogs),
  });
  const graph = createGraphPanel($('graph-panel'), {
    api: actions.api, t: actions.t, request: () => graphRequest(state, catalogs),
  });
  // Panels that ask the server about the surface at the start: only while open.
  const refreshPanels = () => {
    const hidden = state.surface !== CUSTOM;
    if ($('graph-section').hidden !== hidden) $('graph-section').hidden = hidden; // runs on every slider move
    check.refresh();
    graph.refresh();
  };

  // ?panel=check|graph opens that panel on load (a lesson's scene shows it).
  if (state.panel) {
    const section = $(`${state.panel}-section`);
    section.querySelector('details').open = true;
    requestAnimationFrame(() => section.scrollIntoView({ block: 'start' }));
  }

  $('start-reset').addEventListener('click', () => {
    state.start = null;
    setStart(effectiveStart(state, catalogs));
    actions.changed({ overlay: true });
  });

  return {
    tex,
    render() {
      renderSurfacePanel();
      renderRunSettings();
      renderCards();
      check.render();
      graph.render();
      refreshPanels();
    },
    refreshPanels,
    renderSurfacePanel,
    renderCards,
    setStart,
    get cards() {
      return cards;
    },
    showExpressionError: (error) => surfacePanel && surfacePanel.showExpressionError(error),
  };
}
