// The Networks view mounted in the shell (docs/shell.md): trains run A (and B
// when comparing) over their own sockets, draws every progress frame as it
// arrives, and keeps what it saw, so the scrubber (and a deck's `step`) can
// replay the training: the boundary at the last snapshot before step k, the
// curves up to k, the landscape's path up to k.

import { debounce, frameThrottle, h } from '../dom.js';
import { fmt } from '../format.js';
import { runColor } from '../palette.js';
import { createTex } from '../tex.js';
import { drawCurves, drawData, drawInterpolation, drawLandscape, drawSharpness, drawSpectrum } from './plots.js';
import { formatDetail, recordFrame, runAt } from './recording.js';
import { createSidebar } from './sidebar.js';
import { requestBody } from './state.js';

const RETRAIN_MS = 300;
const PLOTS = ['data', 'land-a', 'land-b', 'loss', 'metric', 'interp', 'sharpness', 'spectrum'];

/** The view's plots and head, built into ctx.root; returns the element of each. */
function build(ctx) {
  const { t } = ctx;
  const plot = (name, extra = '') => h('div', { id: `plot-${name}`, class: `nw-plot ${extra}`.trim() });
  const el = {
    train: h('button', { type: 'button', id: 'nw-train', class: 'btn nw-train' }, t('nw.trainBtn')),
    bar: h('div', { id: 'nw-progress-bar', class: 'nw-progress-bar' }),
    scrubber: h('input', { type: 'range', id: 'nw-scrubber', class: 'scrubber nw-scrubber', min: 0, max: 0, value: 0, step: 1, 'aria-label': t('nw.scrubber') }),
    stepLabel: h('span', { id: 'nw-step-label', class: 'nw-step-label mono' }),
    status: h('div', { id: 'nw-status', class: 'nw-status', role: 'status' }),
    error: h('div', { id: 'nw-error', class: 'nw-error', role: 'alert', hidden: true }),
    curvature: h('section', { id: 'nw-curvature', class: 'nw-curvature', hidden: true }),
    note: h('p', { id: 'nw-curvature-note', class: 'nw-note' }),
    plots: Object.fromEntries(PLOTS.map((name) => [name, plot(name, ['data', 'land-a', 'land-b'].includes(name) ? 'nw-plot-square' : '')])),
  };
  el.plots['land-b'].hidden = true;
  el.curvature.append(el.note, h('div', { class: 'nw-grid nw-grid-curves' }, el.plots.sharpness, el.plots.spectrum));
  ctx.root.classList.add('nw-stage');
  ctx.root.append(
    h('div', { class: 'nw-head view-bar' },
      el.train,
      h('div', { class: 'nw-progress', 'aria-hidden': 'true' }, el.bar),
      h('div', { class: 'nw-scrub' }, el.scrubber, el.stepLabel),
      el.status),
    el.error,
    h('div', { class: 'nw-plots' },
      h('div', { class: 'nw-grid nw-grid-squares' }, el.plots.data, el.plots['land-a'], el.plots['land-b']),
      h('div', { class: 'nw-grid nw-grid-curves' }, el.plots.loss, el.plots.metric, el.plots.interp)),
    el.curvature);
  return el;
}

/** ctx: the shell's; api: networks/api.js (or its offline stand-in); notes: what the link asked for that was changed. */
export function createNetworksView(ctx, { api, catalogs, notes }) {
  const { state, t } = ctx;
  const el = build(ctx);
  const slots = [0, 1].map((index) => ({ index, id: 0, busy: false, run: null, error: null }));
  const listeners = new Set();
  const emit = (event) => { for (const fn of listeners) fn(event); };
  let nextId = 1;
  let dataset = null;
  let position = null; // the scrubber's step, or null: follow the newest

  const names = () => [t('nw.runA'), t('nw.runB')];
  const active = () => (state.compare ? slots : [slots[0]]);
  const runs = () => active().map((s) => s.run);
  const busy = () => slots.some((s) => s.busy);
  const last = () => Math.min(...active().map((s) => s.run?.step ?? 0));
  const shown = () => (position === null ? null : Math.min(position, last()));
  const at = () => runs().map((run) => runAt(run, shown()));

  const onFrame = (slot) => (frame) => {
    if (frame.id !== slot.id) return;
    if (frame.type === 'dataset' && slot.index === 0) dataset = frame.dataset;
    if (frame.type === 'error') slot.error = formatDetail(frame, t, ctx.has);
    else slot.run = recordFrame(slot.run, frame, { name: names()[slot.index], steps: state.steps, curvature: state.curvature, threshold: stableBelow(slot.index) });
    if (frame.type === 'result' || frame.type === 'error') finish(slot);
    else drawLive();
    if (frame.type === 'progress') emit('step');
  };

  const trainers = slots.map((slot) => api.openTrainer({
    onFrame: onFrame(slot),
    onStatus: (status) => {
      if (slot.index === 0) document.body.dataset.connection = status;
    },
  }));

  function finish(slot) {
    slot.busy = false;
    if (!busy()) {
      ctx.setBusy(false);
      document.body.dataset.runs = String(Number(document.body.dataset.runs || 0) + 1);
      emit('playing');
      emit('scene');
    }
    drawAll();
  }

  function train() {
    ctx.changed();
    ctx.setBusy(true);
    position = null;
    for (const slot of slots) {
      slot.error = null;
      if (!active().includes(slot)) {
        if (slot.busy) trainers[slot.index].send({ type: 'cancel', id: slot.id });
        slot.busy = false;
        slot.run = null;
        continue;
      }
      slot.id = nextId;
      nextId += 1;
      slot.busy = true;
      trainers[slot.index].send({ type: 'train', id: slot.id, ...requestBody(state, slot.index) });
    }
    emit('playing');
    drawStatus();
  }
  const retrain = debounce(train, RETRAIN_MS);

  /** 2/η for full-batch gradient descent (the stability limit on a quadratic), else null. */
  function stableBelow(index) {
    const [optimizer, hp, batch] = index === 1 ? [state.optimizer2, state.hp2, state.batch2] : [state.optimizer, state.hp, state.batch];
    if (optimizer !== 'gd') return null;
    const full = batch === 'all' || batch >= state.samples * (1 - state.testFraction);
    const lr = hp.lr ?? catalogs.optimizers.find((o) => o.id === 'gd')?.hyperparameters.find((p) => p.name === 'lr')?.default;
    return full && lr > 0 ? 2 / lr : null;
  }

  function drawCurvature(list) {
    const visible = state.curvature && list.some((run) => run?.curvature);
    el.curvature.hidden = !visible;
    if (!visible) return;
    el.note.textContent = t(list.some((run) => run?.threshold) ? 'nw.curvatureNote.gd' : 'nw.curvatureNote.other');
    drawSharpness(el.plots.sharpness, list, t);
    drawSpectrum(el.plots.spectrum, list, t);
  }

  function drawStep() {
    const end = last();
    el.scrubber.max = String(end);
    el.scrubber.value = String(shown() ?? end);
    el.stepLabel.textContent = t('nw.stepOf', { k: shown() ?? end, n: state.steps });
  }

  function drawStatus() {
    const lines = [];
    const errors = [...notes];
    let done = 0;
    let total = 0;
    for (const slot of active()) {
      const name = names()[slot.index];
      total += state.steps;
      if (slot.error) {
        errors.push(state.compare ? t('nw.error', { name, msg: slot.error }) : slot.error);
        done += state.steps;
        continue;
      }
      const run = slot.run;
      done += slot.busy ? Math.min(run?.step ?? 0, state.steps) : state.steps;
      if (slot.busy) {
        lines.push([slot.index, t('nw.status.training', { k: run ? run.step : 0, n: state.steps })]);
      } else if (run?.result) {
        const r = run.result;
        if (r.status === 'diverged') errors.push(t('nw.status.diverged', { name: state.compare ? name : '', k: r.diverged_at }).trim());
        if (r.landscape_error) errors.push(t('nw.landscapeError', { msg: r.landscape_error }));
        lines.push([slot.index, t('nw.status.done', {
          name, loss: fmt(r.final.train_loss), test: fmt(r.final.test_loss), metric: t(`nw.metric.${run.model.metric}`),
          m: fmt(r.final.train_metric), mt: fmt(r.final.test_metric), ms: Math.round(r.timing.train_ms + r.timing.landscape_ms),
        })]);
      }
    }
    el.status.replaceChildren(...lines.map(([i, text]) => h('span', { class: i === 0 ? 'nw-run-a' : 'nw-run-b' },
      state.compare ? text : text.replace(/^[^:]*: /, ''))));
    // A failed or diverged run counts as done, but the bar says so (not a green full bar).
    el.bar.style.width = `${total ? (100 * done) / total : 0}%`;
    el.bar.classList.toggle('is-failed', active().some((s) => s.error || s.run?.result?.status === 'diverged'));
    el.error.hidden = errors.length === 0;
    el.error.textContent = errors.join('\n');
    drawStep();
  }

  function drawData_(list) {
    const a = list[0];
    if (dataset && a) drawData(el.plots.data, dataset, a.decision, t, state.compare ? a.name : null);
  }

  function drawCurvesNow(list) {
    if (!list.some(Boolean)) return;
    const metric = list.find(Boolean).model.metric;
    drawCurves(el.plots.loss, list, 'loss', t('nw.plot.loss'), t, true);
    drawCurves(el.plots.metric, list, 'metric', t(metric === 'r2' ? 'nw.plot.r2' : 'nw.plot.accuracy'), t);
  }

  const drawLive = frameThrottle(() => {
    drawStatus();
    const list = at();
    drawData_(list);
    drawCurvesNow(list);
    drawCurvature(list);
  });

  function drawAll() {
    drawStatus();
    const list = at();
    const [a, b] = list;
    drawData_(list);
    drawCurvesNow(list);
    drawInterpolation(el.plots.interp, list, t);
    drawCurvature(list);
    const exact = state.directions === 'exact';
    const path = (run, i) => (run?.landscape ? [{ path: run.path, color: runColor(i), name: run.name }] : []);
    const heading = (run) => `${t('nw.plot.landscape')}${state.compare && run ? ` · ${run.name}` : ''}`;
    if (a?.result) {
      const paths = exact && b?.landscape ? [...path(a, 0), ...path(b, 1)] : path(a, 0);
      drawLandscape(el.plots['land-a'], a.landscape, paths, t, exact ? t('nw.plot.landscape') : heading(a));
    }
    const sideBySide = state.compare && !exact;
    el.plots['land-b'].hidden = !sideBySide;
    if (sideBySide && b?.result) drawLandscape(el.plots['land-b'], b.landscape, path(b, 1), t, heading(b));
  }

  const seek = (k) => {
    const end = last();
    position = Math.max(0, Math.min(Math.round(k), end)) >= end ? null : Math.max(0, Math.round(k));
    drawAll();
    emit('step');
    return true;
  };

  el.scrubber.addEventListener('input', () => seek(Number(el.scrubber.value)));
  const resizer = new ResizeObserver((entries) => {
    for (const entry of entries) if (entry.target._fullLayout && entry.target.offsetParent !== null) window.Plotly.Plots.resize(entry.target);
  });
  for (const plot of Object.values(el.plots)) resizer.observe(plot);

  createSidebar({
    root: ctx.sidebar, state, catalogs, t, tex: createTex(),
    activationCurve: (name, alpha) => api.activation(name, alpha),
    onChange: () => {
      notes.length = 0;
      ctx.setBusy(true);
      retrain();
    },
  });
  el.train.addEventListener('click', () => {
    retrain.cancel();
    train();
  });

  const control = {
    play: () => { retrain.cancel(); train(); return true; },
    pause: () => true, // a training run is short; it finishes (the scrubber replays it)
    toggle: () => (busy() ? true : control.play()),
    reset: () => seek(0),
    step: (k) => (Number.isFinite(Number(k)) ? seek(Number(k)) : false),
    set: () => false,
    snapshot: () => ({ ready: !busy() && slots[0].run?.result !== undefined, step: shown() ?? last(), last: last(), playing: busy() }),
    subscribe: (fn) => { listeners.add(fn); return () => listeners.delete(fn); },
  };
  train();
  return {
    control,
    figures: () => Object.values(el.plots).filter((p) => p._fullLayout && p.offsetParent !== null),
    relayout: () => { if (slots.some((s) => s.run)) drawAll(); },
    offline: true,
    code: true, // GET /api/code writes its run A as a training script
  };
}
