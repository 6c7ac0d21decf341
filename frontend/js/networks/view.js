// The Networks view mounted in the shell (docs/shell.md): trains run A (and B
// when comparing, or one run per batch size when comparing batch sizes: see
// state.js requestBodies) over their own sockets, draws every progress frame as it
// arrives, and keeps what it saw, so the scrubber (and a deck's `step`) can
// replay the training: the boundary at the last snapshot before step k, the
// curves up to k, the landscape's path up to k.

import { debounce, frameThrottle, h } from '../dom.js';
import { fmt } from '../format.js';
import { runColor } from '../palette.js';
import { createTex } from '../tex.js';
import { batchNote, batchRuns, stabilityLimit } from './batch-compare.js';
import { drawCurves, drawData, drawInterpolation, drawLandscape, drawSharpness, drawSpectrum } from './plots.js';
import { formatDetail, recordFrame, runAt } from './recording.js';
import { createSidebar } from './sidebar.js';
import { requestBodies } from './state.js';

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
  el.squares = h('div', { class: 'nw-grid nw-grid-squares' }, el.plots.data, el.plots['land-a'], el.plots['land-b']);
  el.curves = h('div', { class: 'nw-grid nw-grid-curves' }, el.plots.loss, el.plots.metric, el.plots.interp);
  el.main = h('div', { class: 'nw-plots' }, el.squares, el.curves);
  ctx.root.classList.add('nw-stage');
  ctx.root.append(
    h('div', { class: 'nw-head view-bar' },
      el.train,
      h('div', { class: 'nw-progress', 'aria-hidden': 'true' }, el.bar),
      h('div', { class: 'nw-scrub' }, el.scrubber, el.stepLabel),
      el.status),
    el.error,
    el.main,
    el.curvature);
  return el;
}

/**
 * The layout of a batch comparison: its sharpness figure and note first, the
 * data beside the curves (there are no landscapes); else the usual order.
 */
function arrange(el, batchMode) {
  if (batchMode) {
    el.main.before(el.curvature);
    el.curves.append(el.plots.data);
  } else {
    el.main.after(el.curvature);
    el.squares.prepend(el.plots.data);
  }
  for (const name of ['land-a', 'interp']) el.plots[name].hidden = batchMode;
  if (batchMode) el.plots['land-b'].hidden = true; // else drawAll decides
}

/** ctx: the shell's; api: networks/api.js (or its offline stand-in); notes: what the link asked for that was changed. */
export function createNetworksView(ctx, { api, catalogs, notes }) {
  const { state, t } = ctx;
  const el = build(ctx);
  const slots = []; // one per run of the largest scene yet, each with its own socket
  const listeners = new Set();
  const emit = (event) => { for (const fn of listeners) fn(event); };
  let nextId = 1;
  let dataset = null;
  let position = null; // the scrubber's step, or null: follow the newest

  let count = 1; // runs in the scene trained last
  let batchMode = false; // whether that scene compares batch sizes
  const active = () => slots.slice(0, count);
  const many = () => count > 1;
  const runs = () => active().map((s) => s.run);
  const busy = () => slots.some((s) => s.busy);
  const last = () => Math.min(...active().map((s) => s.run?.step ?? 0));
  const shown = () => (position === null ? null : Math.min(position, last()));
  const at = () => runs().map((run) => runAt(run, shown()));

  const onFrame = (slot) => (frame) => {
    if (frame.id !== slot.id) return;
    if (frame.type === 'dataset' && slot.index === 0) dataset = frame.dataset;
    if (frame.type === 'error') slot.error = formatDetail(frame, t, ctx.has);
    else slot.run = recordFrame(slot.run, frame, { ...slot.info, steps: state.steps, curvature: tracksCurvature() });
    if (frame.type === 'result' || frame.type === 'error') finish(slot);
    else drawLive();
    if (frame.type === 'progress') emit('step');
  };

  const trainers = [];
  /** Slot i, opening its socket the first time a scene has that many runs. */
  function slotAt(index) {
    while (slots.length <= index) {
      const slot = { index: slots.length, id: 0, busy: false, run: null, error: null, info: null };
      slots.push(slot);
      trainers.push(api.openTrainer({
        onFrame: onFrame(slot),
        onStatus: (status) => {
          if (slot.index === 0) document.body.dataset.connection = status;
        },
      }));
    }
    return slots[index];
  }
  const tracksCurvature = () => state.curvature || batchMode;

  /** Each run's name, legend label and 2/η (the dashed line: full-batch GD only, drawn per run). */
  function runInfo() {
    if (state.batchCompare) return batchRuns(state, t);
    return (state.compare ? [0, 1] : [0]).map((i) => ({ name: t(i ? 'nw.runB' : 'nw.runA'), label: 'AB'[i], threshold: stableBelow(i) }));
  }

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
    const bodies = requestBodies(state);
    const infos = runInfo();
    count = bodies.length;
    batchMode = state.batchCompare;
    slotAt(count - 1);
    ctx.root.classList.toggle('nw-batch-mode', batchMode);
    arrange(el, batchMode);
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
      slot.info = infos[slot.index];
      trainers[slot.index].send({ type: 'train', id: slot.id, ...bodies[slot.index] });
    }
    emit('playing');
    drawStatus();
  }
  const retrain = debounce(train, RETRAIN_MS);

  /** 2/η for full-batch gradient descent (the stability limit on a quadratic), else null. */
  function stableBelow(index) {
    const [optimizer, hp, batch] = index === 1 ? [state.optimizer2, state.hp2, state.batch2] : [state.optimizer, state.hp, state.batch];
    const full = batch === 'all' || batch >= state.samples * (1 - state.testFraction);
    return full ? stabilityLimit(optimizer, hp, catalogs) : null;
  }

  function drawCurvature(list) {
    const visible = tracksCurvature() && list.some((run) => run?.curvature);
    el.curvature.hidden = !visible;
    if (!visible) return;
    // The batch comparison: one step size η for every run, so one line 2/η.
    const line = batchMode ? stabilityLimit(state.optimizer, state.hp, catalogs) : null;
    if (batchMode) el.note.replaceChildren(...batchNote(list, line, t));
    else el.note.textContent = t(list.some((run) => run?.threshold) ? 'nw.curvatureNote.gd' : 'nw.curvatureNote.other');
    drawSharpness(el.plots.sharpness, list, t, line);
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
      const name = slot.info.name;
      total += state.steps;
      if (slot.error) {
        errors.push(many() ? t('nw.error', { name, msg: slot.error }) : slot.error);
        done += state.steps;
        continue;
      }
      const run = slot.run;
      done += slot.busy ? Math.min(run?.step ?? 0, state.steps) : state.steps;
      if (slot.busy) {
        lines.push([slot.index, t('nw.status.training', { k: run ? run.step : 0, n: state.steps })]);
      } else if (run?.result) {
        const r = run.result;
        if (r.status === 'diverged') errors.push(t('nw.status.diverged', { name: many() ? name : '', k: r.diverged_at }).trim());
        if (r.landscape_error) errors.push(t('nw.landscapeError', { msg: r.landscape_error }));
        lines.push([slot.index, t('nw.status.done', {
          name, loss: fmt(r.final.train_loss), test: fmt(r.final.test_loss), metric: t(`nw.metric.${run.model.metric}`),
          m: fmt(r.final.train_metric), mt: fmt(r.final.test_metric), ms: Math.round(r.timing.train_ms + r.timing.landscape_ms),
        })]);
      }
    }
    el.status.replaceChildren(...lines.map(([i, text]) => h('span', { style: { color: runColor(i) } },
      many() ? text : text.replace(/^[^:]*: /, ''))));
    // A failed or diverged run counts as done, but the bar says so (not a green full bar).
    el.bar.style.width = `${total ? (100 * done) / total : 0}%`;
    el.bar.classList.toggle('is-failed', active().some((s) => s.error || s.run?.result?.status === 'diverged'));
    el.error.hidden = errors.length === 0;
    el.error.textContent = errors.join('\n');
    drawStep();
  }

  function drawData_(list) {
    const a = list[0];
    if (dataset && a) drawData(el.plots.data, dataset, a.decision, t, many() ? a.name : null);
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
    drawCurvature(list);
    if (batchMode) return; // trained without landscapes: its figure is the sharpness
    drawInterpolation(el.plots.interp, list, t);
    const exact = state.directions === 'exact';
    const path = (run, i) => (run?.landscape ? [{ path: run.path, color: runColor(i), name: run.name }] : []);
    const heading = (run) => `${t('nw.plot.landscape')}${many() && run ? ` · ${run.name}` : ''}`;
    if (a?.result) {
      const paths = exact && b?.landscape ? [...path(a, 0), ...path(b, 1)] : path(a, 0);
      drawLandscape(el.plots['land-a'], a.landscape, paths, t, exact ? t('nw.plot.landscape') : heading(a));
    }
    const sideBySide = many() && !exact;
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
