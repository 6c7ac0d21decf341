// The surface section: picker, description, surface parameters, and the custom
// expression box whose server errors are shown under the column they name.

import { createParamControl } from './controls.js';
import { debounce, fill, h } from './dom.js';
import { plain } from './format.js';
import { catalogText } from './runs.js';

export const CUSTOM = 'custom';
export const DEFAULT_EXPRESSION = 'x^2 + 3*y^2 + 2*sin(3*x)*cos(2*y)';
export const DEFAULT_DOMAIN = Object.freeze({ x: [-3, 3], y: [-3, 3] });

/**
 * root: the section element. ctx: {t, surfaces, onSurface(id), onParam(name, v, commit),
 * onExpression({expression, domain})}.
 */
export function createSurfacePanel(root, ctx) {
  const { t, surfaces } = ctx;
  const select = h('select', { id: 'surface-select', class: 'select', 'aria-label': t('surface.pick') },
    surfaces.map((s) => h('option', { value: s.id }, catalogText(t, s.name))),
    h('option', { value: CUSTOM }, t('surface.custom')));
  select.addEventListener('change', () => ctx.onSurface(select.value));
  const description = h('p', { class: 'surface-desc' });
  const params = h('div', { class: 'surface-params' });
  const exprInput = h('input', {
    id: 'expr-input', class: 'mono expr-input', type: 'text', spellcheck: false, autocomplete: 'off',
    placeholder: t('expr.placeholder'), 'aria-label': t('expr.label'),
  });
  const domainInputs = ['x0', 'x1', 'y0', 'y1'].map((k) => h('input', {
    type: 'number', step: 'any', class: 'domain-input', dataset: { bound: k }, 'aria-label': `${t('expr.domain')} ${k}`,
  }));
  const exprError = h('div', { class: 'expr-error', role: 'alert', hidden: true });
  const read = () => {
    const [x0, x1, y0, y1] = domainInputs.map((i) => Number(i.value));
    return { expression: exprInput.value, domain: { x: [x0, x1], y: [y0, y1] } };
  };
  const apply = () => ctx.onExpression(read());
  const applySoon = debounce(apply, 600);
  exprInput.addEventListener('input', applySoon);
  exprInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      applySoon.cancel();
      apply();
    }
  });
  for (const input of domainInputs) input.addEventListener('change', apply);
  const custom = h('div', { class: 'custom-surface', hidden: true },
    h('label', { class: 'expr-row', for: 'expr-input' }, h('span', { class: 'expr-prefix mono' }, t('expr.label')), exprInput),
    exprError,
    h('div', { class: 'domain-row' },
      h('span', { class: 'muted' }, t('expr.domain')),
      h('span', { class: 'mono' }, 'x ∈ ['), domainInputs[0], ',', domainInputs[1], h('span', { class: 'mono' }, ']'),
      h('span', { class: 'mono' }, 'y ∈ ['), domainInputs[2], ',', domainInputs[3], h('span', { class: 'mono' }, ']')),
    h('div', { class: 'expr-actions' },
      h('span', { class: 'muted small' }, t('expr.help')),
      h('button', { type: 'button', class: 'btn btn-small', onclick: apply }, t('expr.apply'))));
  fill(root, h('label', { class: 'field-label', for: 'surface-select' }, t('surface.pick')), select, description, params, custom);

  return {
    render(state) {
      const isCustom = state.surface === CUSTOM;
      select.value = isCustom ? CUSTOM : state.surface;
      custom.hidden = !isCustom;
      const surface = surfaces.find((s) => s.id === state.surface);
      description.textContent = surface ? catalogText(t, surface.description) : '';
      description.hidden = !surface;
      if (isCustom) {
        if (document.activeElement !== exprInput) exprInput.value = state.expression;
        const d = state.domain || DEFAULT_DOMAIN;
        [d.x[0], d.x[1], d.y[0], d.y[1]].forEach((v, i) => {
          if (document.activeElement !== domainInputs[i]) domainInputs[i].value = plain(v);
        });
      }
      const specs = surface ? surface.params : [];
      fill(params, specs.length ? h('div', { class: 'field-label' }, t('surface.params')) : null,
        specs.map((p) => createParamControl(p, state.surfaceParams[p.name] ?? p.default, {
          label: t(`sp.${p.name}`, {}, p.name),
          title: catalogText(t, p.description),
          onInput: (v) => ctx.onParam(p.name, v, false),
          onCommit: (v) => ctx.onParam(p.name, v, true),
        }).el));
    },
    /** error: {message, column (1-based)|null} or null to clear. */
    showExpressionError(error) {
      exprError.hidden = !error;
      exprInput.classList.toggle('is-invalid', Boolean(error));
      if (!error) return;
      const text = exprInput.value;
      const col = error.column;
      if (!col || col < 1 || col > text.length + 1) {
        fill(exprError, h('div', { class: 'expr-message' }, error.message));
        return;
      }
      const i = col - 1;
      fill(exprError,
        h('pre', { class: 'expr-echo mono', 'aria-hidden': 'true' },
          text.slice(0, i),
          h('span', { class: 'expr-bad' }, text[i] ?? ' '),
          text.slice(i + 1),
          '\n',
          h('span', { class: 'expr-caret' }, `${' '.repeat(i)}^`)),
        h('div', { class: 'expr-message', dataset: { column: col } },
          h('strong', {}, t('expr.column', { column: col })), ` — ${error.message}`));
    },
  };
}
