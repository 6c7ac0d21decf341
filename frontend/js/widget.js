// The race in a notebook (thalweg.Widget, backend/thalweg/notebook/widget.py):
// the page's figures (plots/landscape.js under plots/overlay.js, plots/curves.js),
// its run model (draw-model.js, results.js) and its sliders (controls.js), fed by
// the kernel through an anywidget model instead of a socket. Synced traits:
// scene {surface, domain, start, steps, catalogs}, landscape (the landscape
// frame), frames (the trajectory stream's frames), runs (REST run dicts; a
// slider sets them and the kernel recomputes), error, lang.

import { createParamControl } from './controls.js';
import { h } from './dom.js';
import { drawnRuns, lossAxis, runName } from './draw-model.js';
import { fmt } from './format.js';
import { createI18n } from './i18n.js';
import { runColor } from './palette.js';
import { createCurves } from './plots/curves.js';
import { createLandscape } from './plots/landscape.js';
import { createOverlay } from './plots/overlay.js';
import { createResults } from './results.js';
import { surfaceOf } from './scene.js';
import { axisTitles, wordKey } from './wording.js';

const SIZE = Object.freeze({ width: 620, height: 460, curves: 230 });

/** anywidget's render: draw into `el`, redraw on every change of the model's traits. */
export function render({ model, el }) {
  const { t } = createI18n(model.get('lang'));
  const landscapeEl = h('div', { class: 'tw-layer' });
  const overlayEl = h('div', { class: 'tw-layer tw-overlay' });
  const curvesEl = h('div', { class: 'tw-curves' });
  const sliders = h('div', { class: 'tw-runs' });
  const error = h('p', { class: 'tw-error', role: 'alert', hidden: true });
  el.append(h('div', { class: 'thalweg-widget' },
    h('div', { class: 'tw-main' },
      h('div', { class: 'tw-stage', style: { width: `${SIZE.width}px`, height: `${SIZE.height}px` } }, landscapeEl, overlayEl),
      h('div', { class: 'tw-side' }, sliders, error)),
    h('div', { class: 'tw-curves-host' }, curvesEl)));
  const landscape = createLandscape(landscapeEl);
  const overlay = createOverlay(overlayEl);
  const curves = createCurves(curvesEl, { onPick: () => {} });

  const scene = () => model.get('scene');
  const catalogs = () => scene().catalogs;
  const state = () => ({
    surface: scene().surface,
    start: scene().start,
    runs: model.get('runs').map((run) => ({ optimizer: run.optimizer, hp: run.hyperparameters, label: '' })),
  });
  // The landscape's domain as it is (the page widens one axis to equal scales; a widget's box is fixed).
  const window = () => model.get('landscape').domain;
  const results = () => {
    const frames = model.get('frames');
    const out = createResults(model.get('runs').length);
    for (const frame of frames) {
      if (frame.type === 'segments') out.append(frame);
      else if (frame.type === 'done') out.finish(frame);
    }
    return out;
  };

  const drawLandscape = () => {
    const surface = surfaceOf(state(), catalogs());
    const frame = model.get('landscape');
    return landscape.draw({
      landscape: frame, window: window(), width: SIZE.width, height: SIZE.height,
      minima: surface ? surface.minima : [], field: true,
      labels: {
        colorbar: t(wordKey(surface, frame.log_scale ? 'plot.colorbarLog' : 'plot.colorbar')),
        minimum: t(wordKey(surface, 'plot.minimum')),
        axes: axisTitles(surface, t),
      },
    });
  };
  const drawRuns = () => {
    const now = results();
    const step = now.lastStep();
    const runs = drawnRuns({ state: state(), results: now, step, catalogs: catalogs(), t });
    const surface = surfaceOf(state(), catalogs());
    const axis = lossAxis(surface, now);
    statuses(now);
    return Promise.all([
      overlay.draw({
        window: window(), width: SIZE.width, height: SIZE.height, runs, start: scene().start, showVectors: false,
        labels: { start: t('plot.start'), step: t('plot.step'), diverged: t('plot.diverged') },
      }),
      curves.draw({
        runs: runs.map((r, i) => ({ ...r, gnorms: now.runs[i].gnorms })), step,
        width: SIZE.width + 260, height: SIZE.curves, lossShift: axis.shift, logLoss: axis.log,
        labels: { loss: t(axis.label), grad: t(wordKey(surface, 'curves.grad')), step: t('curves.step') },
      }),
    ]);
  };

  // One slider per run for η (as the embed's controls), with the run's status below it.
  let controls = [];
  const buildSliders = () => {
    sliders.replaceChildren();
    controls = model.get('runs').map((run, i) => {
      const spec = catalogs().optimizers.find((o) => o.id === run.optimizer);
      const lr = spec.hyperparameters.find((p) => p.name === 'lr');
      const name = runName(state().runs[i], catalogs(), t);
      const title = h('div', { class: 'tw-run-name' }, name);
      const status = h('div', { class: 'tw-status' });
      const control = lr && createParamControl(lr, run.hyperparameters.lr, {
        label: t('hp.lr'), title: name, onInput: (value) => setRun(i, { lr: value }),
      });
      sliders.append(h('div', { class: 'tw-run', style: { '--run-color': runColor(i) }, dataset: { run: String(i) } },
        title, control ? control.el : null, status));
      return { control, title, status, optimizer: run.optimizer };
    });
  };
  const setRun = (index, values) => {
    const runs = model.get('runs').map((run, i) => (i === index ? { ...run, hyperparameters: { ...run.hyperparameters, ...values } } : run));
    model.set('runs', runs);
    model.save_changes();
  };
  const statuses = (now) => {
    now.runs.forEach((run, i) => {
      const slot = controls[i];
      if (!slot || !run.summary) return;
      const { status, steps_taken: k, final } = run.summary;
      slot.status.textContent = `${t(`status.${status}`, { k })} · ${t('status.final', { value: fmt(final) })}`;
      slot.status.dataset.status = status;
    });
  };
  const syncSliders = () => {
    const runs = model.get('runs');
    const same = runs.length === controls.length && runs.every((run, i) => run.optimizer === controls[i].optimizer);
    if (!same) buildSliders();
    else {
      runs.forEach((run, i) => {
        controls[i].title.textContent = runName(state().runs[i], catalogs(), t);
        if (controls[i].control) controls[i].control.set(run.hyperparameters.lr);
      });
    }
  };
  const showError = () => {
    error.textContent = model.get('error');
    error.hidden = !model.get('error');
  };

  buildSliders();
  showError();
  const ready = drawLandscape().then(drawRuns);
  const onRuns = () => syncSliders();
  const onFrames = () => drawRuns();
  const onLandscape = () => drawLandscape().then(drawRuns);
  model.on('change:runs', onRuns);
  model.on('change:frames', onFrames);
  model.on('change:landscape', onLandscape);
  model.on('change:error', showError);
  el.dataset.thalwegReady = 'pending';
  ready.then(() => { el.dataset.thalwegReady = 'yes'; });
  return () => {
    model.off('change:runs', onRuns);
    model.off('change:frames', onFrames);
    model.off('change:landscape', onLandscape);
    model.off('change:error', showError);
    for (const fig of [landscapeEl, overlayEl, curvesEl]) Plotly.purge(fig);
  };
}
