// The gradient-check view (docs/shell.md): the race's sidebar check, large.
// JAX's ∇f at a point beside forward and central differences for a step δ,
// and the relative error of both over every δ. A deck steps δ (`step` k is
// the k-th δ, from large to small); play sweeps δ from large to small.

import { createApi } from '../api.js';
import { createCheckDrawing, nearest } from '../check-panel.js';
import { checkRequest, effectiveStart } from '../scene.js';
import { startView } from '../shell/shell.js';
import { parse } from '../state.js';
import { CUSTOM, DEFAULT_EXPRESSION } from '../surface-panel.js';
import { loadCatalogs } from '../views/catalogs.js';
import { createAnswerView, expressionField, panel, pointField, surfaceField, viewQuery } from './fields.js';
import { DE, EN } from './strings.js';

const SWEEP_MS = 450; // one δ per step of a sweep: the errors' V shape unfolds in a few seconds
const DEFAULT_DELTA = 1e-4;

startView({
  id: 'check',
  strings: { en: EN, de: DE },
  title: (t, state) => (state.surface === CUSTOM && state.expression
    ? t('check.view.of', { f: state.expression })
    : t('check.view.title')),
  parse: (search) => {
    const state = parse(search);
    const delta = Number(new URLSearchParams(search).get('delta'));
    state.delta = delta > 0 && Number.isFinite(delta) ? delta : DEFAULT_DELTA;
    return state;
  },
  serialize: (state) => viewQuery(state, [state.delta !== DEFAULT_DELTA ? `delta=${state.delta}` : '']),
  controls: ['delta', 'table', 'explain'],
  defaultControls: ['delta', 'table'],
  async mount(ctx) {
    const { state, t } = ctx;
    const api = createApi();
    const catalogs = await loadCatalogs(api, ctx);
    if (state.surface !== CUSTOM && !catalogs.surfaces.some((s) => s.id === state.surface)) state.surface = catalogs.surfaces[0].id;
    if (state.surface === CUSTOM && !state.expression) state.expression = DEFAULT_EXPRESSION;
    let timer = 0;
    const zoom = () => (ctx.look.projector ? 2.3 : 1.6); // the chart's text: 10 units -> 16 / 23 px
    const drawing = createCheckDrawing({
      t,
      initialDelta: state.delta,
      chartSize: (el) => ({ width: Math.max(120, el.clientWidth / zoom()), height: Math.max(60, el.clientHeight / zoom()) }),
      onIndex: () => moved(),
    });
    const target = ctx.root;
    target.classList.add('check-view');
    let lastAnswer = null;
    const view = createAnswerView(ctx, {
      request: () => checkRequest(state, catalogs),
      ask: (body, signal) => api.gradientCheck(body, signal),
      draw: (el, answer, first) => {
        lastAnswer = answer;
        drawing.draw(el, answer);
        if (first) drawing.setIndex(nearest(answer.deltas, state.delta));
      },
    });
    const { emit, refresh } = view;
    const moved = () => {
      state.delta = lastAnswer?.deltas[drawing.index()] ?? state.delta;
      ctx.changed();
      emit('step');
    };
    const renderSidebar = () => {
      ctx.sidebar.replaceChildren(panel(t('check.view.function'),
        surfaceField({ t, state, surfaces: catalogs.surfaces, onPick: (id) => {
          state.surface = id;
          state.start = null;
          if (id === CUSTOM && !state.expression) state.expression = DEFAULT_EXPRESSION;
          renderSidebar();
          refresh();
        } }),
        state.surface === CUSTOM ? expressionField({ t, state, onInput: (text) => { state.expression = text; refresh(); } }) : null,
        pointField({ t, point: effectiveStart(state, catalogs), onInput: (point) => { state.start = point; refresh(); } })));
    };
    renderSidebar();
    view.load();

    const stop = () => {
      clearInterval(timer);
      timer = 0;
      emit('playing');
    };
    const control = {
      play: () => {
        if (!lastAnswer) return false;
        clearInterval(timer);
        if (drawing.index() >= drawing.count() - 1) drawing.setIndex(0);
        timer = setInterval(() => {
          drawing.setIndex(drawing.index() + 1);
          moved();
          if (drawing.index() >= drawing.count() - 1) stop();
        }, SWEEP_MS);
        emit('playing');
        return true;
      },
      pause: () => { stop(); return true; },
      toggle: () => (timer ? control.pause() : control.play()),
      reset: () => { stop(); const ok = lastAnswer ? drawing.setIndex(nearest(lastAnswer.deltas, DEFAULT_DELTA)) : false; if (ok) moved(); return ok; },
      step: (k) => { const ok = Number.isFinite(Number(k)) && drawing.setIndex(Number(k)); if (ok) moved(); return ok; },
      set: () => false,
      snapshot: () => ({ ready: view.answered(), step: drawing.index(), last: Math.max(0, drawing.count() - 1), playing: Boolean(timer) }),
      subscribe: view.subscribe,
    };
    return {
      control,
      figures: () => [...target.querySelectorAll('.check-chart-box')],
      relayout: () => drawing.redraw(),
      offline: true,
      code: true,
    };
  },
});
