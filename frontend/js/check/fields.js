// The settings of the gradient-check and graph views: which f (a catalog
// surface or a typed expression) and at which point. They write the race's
// state keys (state.js: surface, f, start), so a race link's query opens the
// same f at the same point in either view.

import { debounce, h } from '../dom.js';
import { plain } from '../format.js';
import { createLazyPanel } from '../lazy-panel.js';
import { catalogText } from '../runs.js';
import { serialize } from '../state.js';
import { CUSTOM } from '../surface-panel.js';

const TYPING_MS = 500;

/** A panel with a title: the views' sidebar sections. */
export function panel(title, ...children) {
  return h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, title), ...children);
}

/** Picker of the catalog's surfaces and "custom"; onPick(id). */
export function surfaceField({ t, state, surfaces, onPick }) {
  const select = h('select', { id: 'surface-select', class: 'select', 'aria-label': t('surface.pick') },
    surfaces.map((s) => h('option', { value: s.id, selected: s.id === state.surface }, catalogText(t, s.name))),
    h('option', { value: CUSTOM, selected: state.surface === CUSTOM }, t('surface.custom')));
  select.addEventListener('change', () => onPick(select.value));
  return select;
}

/** The typed f(x, y); onInput(text) after a pause in typing. */
export function expressionField({ t, state, onInput }) {
  const input = h('input', {
    id: 'expr-input', class: 'mono expr-input', type: 'text', spellcheck: false, autocomplete: 'off',
    value: state.expression, placeholder: t('expr.placeholder'), 'aria-label': t('expr.label'),
  });
  input.addEventListener('input', debounce(() => onInput(input.value), TYPING_MS));
  return h('div', { class: 'expr-row' }, h('span', { class: 'expr-prefix mono' }, t('expr.label')), input);
}

/** The point (x, y): the start of the race; onInput([x, y]) when both are numbers. */
export function pointField({ t, point, onInput }) {
  const inputs = point.map((v, i) => h('input', {
    type: 'number', step: 'any', class: 'start-input', id: `point-${'xy'[i]}`, value: plain(v), 'aria-label': `${t('run.start')} ${'xy'[i]}`,
  }));
  const read = debounce(() => {
    const values = inputs.map((i) => Number(i.value));
    if (inputs.every((i) => i.value !== '') && values.every(Number.isFinite)) onInput(values);
  }, TYPING_MS);
  for (const input of inputs) input.addEventListener('input', read);
  return h('div', { class: 'start-row' }, h('span', { class: 'field-label' }, t('run.start')), '(', inputs[0], ',', inputs[1], ')');
}

/**
 * The one answer a check or graph view shows, asked of the server in ctx.root
 * (js/lazy-panel.js) by load() and again by refresh() after a change. Each drawn
 * answer, draw(el, answer, first), makes the view ready and is announced to the
 * shell's subscribers as 'scene'.
 */
export function createAnswerView(ctx, { request, ask, draw }) {
  const listeners = new Set();
  const emit = (event) => { for (const fn of listeners) fn(event); };
  let answered = false;
  const loader = createLazyPanel(ctx.root, {
    request,
    ask,
    draw: (el, answer) => {
      draw(el, answer, !answered);
      answered = true;
      ctx.setBusy(false);
      emit('scene');
    },
    t: ctx.t,
  });
  return {
    emit,
    answered: () => answered,
    load() { ctx.setBusy(true); loader.refresh(); },
    refresh() { ctx.setBusy(true); ctx.changed(); loader.refresh(); },
    subscribe: (fn) => { listeners.add(fn); return () => listeners.delete(fn); },
  };
}

/** The views' own keys are the race's (surface, f, start, …); the shell's looks are not theirs. */
export function viewQuery(state, extra = []) {
  return [serialize({ ...state, lang: null, theme: 'light', projector: false, step: null }), ...extra].filter(Boolean).join('&');
}
