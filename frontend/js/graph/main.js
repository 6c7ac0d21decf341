// The computation-graph view (docs/shell.md): the race's sidebar graph, large.
// A typed f(x, y) at a point as a tree of operations: forward, the value of
// every node; backward, ∂f/∂node by the chain rule. A deck's `step` 0 shows
// the forward pass, 1 the backward pass; play moves on to the backward pass.

import { createApi } from '../api.js';
import { createGraphDrawing, PASSES } from '../graph-panel.js';
import { effectiveStart, graphRequest } from '../scene.js';
import { startView } from '../shell/shell.js';
import { parse } from '../state.js';
import { CUSTOM } from '../surface-panel.js';
import { createAnswerView, expressionField, panel, pointField, viewQuery } from '../check/fields.js';
import { loadCatalogs } from '../views/catalogs.js';
import { DE, EN } from './strings.js';

const DEFAULT_GRAPH = '(1 - x)^2 + 100*(y - x^2)^2'; // Rosenbrock: x appears twice, so ∂f/∂x sums two paths

startView({
  id: 'graph',
  strings: { en: EN, de: DE },
  title: (t, state) => t('graph.view.of', { f: state.expression }),
  parse: (search) => {
    const state = parse(search);
    state.surface = CUSTOM; // the graph is of a typed expression
    if (!state.expression) state.expression = DEFAULT_GRAPH;
    state.pass = new URLSearchParams(search).get('pass') === 'backward' ? 'backward' : 'forward';
    return state;
  },
  serialize: (state) => viewQuery({ ...state, surface: 'rosenbrock' }, [state.pass === 'backward' ? 'pass=backward' : '']),
  controls: ['pass', 'summary'],
  defaultControls: ['pass', 'summary'],
  async mount(ctx) {
    const { state, t } = ctx;
    const api = createApi();
    const catalogs = await loadCatalogs(api, ctx);
    const drawing = createGraphDrawing({
      t,
      initialPass: state.pass,
      onPass: (pass) => { state.pass = pass; ctx.changed(); emit('step'); },
    });
    ctx.root.classList.add('graph-view');
    const view = createAnswerView(ctx, {
      request: () => graphRequest(state, catalogs),
      ask: (body, signal) => api.graph(body, signal),
      draw: (el, answer) => drawing.draw(el, answer),
    });
    const { emit, refresh } = view;
    ctx.sidebar.replaceChildren(panel(t('graph.view.function'),
      expressionField({ t, state, onInput: (text) => { state.expression = text; refresh(); } }),
      pointField({ t, point: effectiveStart(state, catalogs), onInput: (point) => { state.start = point; refresh(); } })));
    view.load();

    const show = (pass) => {
      state.pass = pass;
      const ok = drawing.setPass(pass);
      ctx.changed();
      emit('step');
      return ok;
    };
    const control = {
      play: () => show('backward'),
      pause: () => true,
      toggle: () => show(state.pass === 'forward' ? 'backward' : 'forward'),
      reset: () => show('forward'),
      step: (k) => (Number.isInteger(Number(k)) ? show(PASSES[Math.max(0, Math.min(1, Number(k)))]) : false),
      set: () => false,
      snapshot: () => ({ ready: view.answered(), step: PASSES.indexOf(state.pass), last: 1, playing: false }),
      subscribe: view.subscribe,
    };
    return {
      control,
      figures: () => [...ctx.root.querySelectorAll('.graph-scroll')],
      relayout: () => {},
      offline: true,
      code: true,
    };
  },
});
