// One card per optimizer run: colour, name, editable label, sliders from the
// catalog's specs, status, "Tune η" with its sweep chart, the update rule.

import { createParamControl } from './controls.js';
import { h, fill } from './dom.js';
import { fmt } from './format.js';
import { CSS_DASH } from './palette.js';
import { sweepChart } from './plots/sweep.js';

// Shown under "More settings" unless changed: rarely the point of a lesson.
export const ADVANCED = new Set([
  'eps', 'weight_decay', 'noise', 'seed', 'dampening', 'initial_accumulator_value', 'centered',
  'l2_shrinkage', 'learning_rate_power', 'beta', 'c1', 'max_backtracking', 'lr_decay',
]);
export const STATUS_ICON = { converged: '✓', diverged: '✕', max_steps: '◔', computing: '…', failed: '–' };

export function hpLabel(t, optimizerId, name) {
  return t(`hp.${optimizerId}.${name}`, {}, t(`hp.${name}`, {}, name));
}

export function catalogText(t, text) {
  return t(`catalog:${text}`, {}, text);
}

/**
 * ctx: {t, tex, index, color, run: {optimizer, hp, label}, spec (optimizer catalog entry),
 *       onParam(name, value, commit), onLabel(text), onRemove(), onTune()}
 */
export function createRunCard(ctx) {
  const { t, spec, run } = ctx;
  const values = { ...Object.fromEntries(spec.hyperparameters.map((p) => [p.name, p.default])), ...run.hp };
  const controls = new Map();
  const main = [];
  const advanced = [];
  for (const p of spec.hyperparameters) {
    const label = hpLabel(t, spec.id, p.name);
    const control = createParamControl(p, values[p.name], {
      label,
      title: catalogText(t, p.description),
      onInput: (v) => ctx.onParam(p.name, v, false),
      onCommit: (v) => ctx.onParam(p.name, v, true),
    });
    controls.set(p.name, control);
    const isAdvanced = ADVANCED.has(p.name) && !(p.name in run.hp && run.hp[p.name] !== p.default);
    (isAdvanced ? advanced : main).push(control.el);
  }

  const status = h('div', { class: 'run-status', role: 'status', dataset: { status: 'computing' } }, t('status.computing'));
  const error = h('div', { class: 'run-error', role: 'alert', hidden: true });
  const label = h('input', {
    class: 'run-label', type: 'text', value: run.label, maxlength: 40,
    placeholder: t('opt.labelPlaceholder'), 'aria-label': t('opt.label'),
  });
  label.addEventListener('input', () => ctx.onLabel(label.value.trim()));
  const hasLr = spec.hyperparameters.some((p) => p.name === 'lr');
  const tuneButton = hasLr ? h('button', { type: 'button', class: 'btn btn-small run-tune-btn', onclick: () => ctx.onTune() }, t('opt.tune')) : null;
  const tuneOut = h('div', { class: 'run-tune-out' });
  const rule = h('div', { class: 'run-rule' });
  ctx.tex.render(rule, spec.update_rule, { display: true });

  const el = h('article', { class: 'run-card', dataset: { runIndex: ctx.index, optimizer: spec.id }, style: { '--run-color': ctx.color, '--run-dash': CSS_DASH[ctx.dash] } },
    h('header', { class: 'run-head' },
      h('span', { class: 'run-swatch', 'aria-hidden': 'true' }),
      h('div', { class: 'run-titles' },
        h('div', { class: 'run-name' }, catalogText(t, spec.name)),
        label),
      h('button', { type: 'button', class: 'icon-btn run-remove', title: t('opt.removeTitle'), 'aria-label': t('opt.remove'), onclick: () => ctx.onRemove() }, '×')),
    status,
    error,
    h('div', { class: 'run-params' }, main),
    advanced.length ? h('details', { class: 'run-more' }, h('summary', {}, t('opt.more')), advanced) : null,
    tuneButton ? h('div', { class: 'run-tune' }, tuneButton, tuneOut) : null,
    h('details', { class: 'run-about' },
      h('summary', {}, t('opt.about')),
      rule,
      h('p', { class: 'run-ref' }, h('span', { class: 'muted' }, `${t('opt.reference')}: `), spec.reference),
      h('p', { class: 'run-conv muted' }, catalogText(t, spec.convention))),
  );

  return {
    el,
    set(name, value) {
      controls.get(name)?.set(value);
    },
    /**
     * summary: {status, steps_taken, diverged_at, final} or null while computing;
     * finalKey: the string of the final value ('status.final', a game's 'status.finalGame').
     */
    setStatus(summary, finalKey = 'status.final') {
      if (!summary) {
        status.dataset.status = 'computing';
        fill(status, t('status.computing'));
        return;
      }
      const k = summary.status === 'diverged' ? summary.diverged_at : summary.steps_taken;
      status.dataset.status = summary.status;
      const final = summary.final === null || summary.final === undefined ? null : t(finalKey, { value: fmt(summary.final) });
      fill(status,
        h('span', { class: 'status-icon', 'aria-hidden': 'true' }, STATUS_ICON[summary.status]),
        h('span', {}, t(`status.${summary.status}`, { k })),
        final ? h('span', { class: 'status-final' }, final) : null);
    },
    setError(message) {
      error.hidden = !message;
      error.textContent = message || '';
      el.classList.toggle('has-error', Boolean(message));
    },
    /** state: 'busy' | {sweep, applied} | {error} */
    setTuning(state) {
      if (!tuneButton) return;
      tuneButton.disabled = state === 'busy';
      tuneButton.textContent = state === 'busy' ? t('opt.tuning') : t('opt.tune');
      if (state === 'busy') return;
      if (state.error) {
        fill(tuneOut, h('div', { class: 'run-error' }, t('error.sweep', { message: state.error })));
        return;
      }
      const { sweep } = state;
      const best = sweep.best;
      const text = best ? t('sweep.best', { lr: fmt(best.lr), loss: fmt(best.final_loss) }) : t('sweep.none');
      fill(tuneOut,
        h('div', { class: 'tune-best' }, text),
        sweepChart(sweep, ctx.color, t('sweep.title', { count: sweep.results.length })));
    },
  };
}
