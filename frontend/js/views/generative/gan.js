// The GAN lab inside the Generative view: trains over the GAN socket, keeps every
// streamed snapshot, draws the shown one (live while training, or where the
// scrubber points), and answers the shell's `control` (play/pause replays the
// snapshots, step moves by one snapshot, set changes a control and retrains).
// A new scene sends a new `train` message, which cancels the run in flight.

import { debounce, h } from '../../dom.js';
import { COLORS, createPlane } from './plane.js';
import { createDistanceCurves, createLossCurves } from './plots.js';
import { createReplay, statusText } from './replay.js';
import { createGanSidebar } from './sidebar.js';
import { ganBody } from './state.js';

const RETRAIN_MS = 350;
const PLAY_MS = 120; // one snapshot per frame of the replay
const EDIT_BOUNDS = [[-4, 4], [-4, 4]];
const SHOW = ['heat', 'field', 'push', 'manifold'];

/** Custom points from CSV text: "x,y" rows (a header line is skipped). Throws a message. */
export function parseCsv(text, limits, t) {
  const rows = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const points = [];
  rows.forEach((line, i) => {
    const cells = line.split(/[,;\t ]+/).filter(Boolean);
    const numbers = cells.slice(0, 2).map(Number);
    const ok = cells.length >= 2 && numbers.every((v) => Number.isFinite(v) && Math.abs(v) <= limits.max_coordinate);
    if (ok) points.push(numbers);
    else if (i > 0 || cells.every((c) => Number.isFinite(Number(c)))) {
      throw new Error(t('generative.csvBad', { line: i + 1, max: limits.max_coordinate }));
    }
  });
  if (points.length > limits.max_custom_points) throw new Error(t('generative.csvMany', { max: limits.max_custom_points, n: points.length }));
  if (points.length < 2) throw new Error(t('generative.csvFew'));
  return points;
}

/** ctx: the shell's mount context plus {api, catalogs, sidebarRoot}. */
export function createGanLab(ctx) {
  const { root, state, t, catalogs } = ctx;
  const page = ctx.look; // the shell's looks, changed in place by its toggles
  const limits = catalogs.gan.limits;
  const show = Object.fromEntries(SHOW.map((k) => [k, true]));
  const subscribers = new Set();
  let run = null; // {id, data, snapshots, history, result, total}
  let nextId = 1;

  const train = h('button', { type: 'button', class: 'btn', id: 'gen-train' }, t('generative.train'));
  const play = h('button', { type: 'button', class: 'btn btn-small', id: 'gen-play', 'aria-pressed': 'false' }, t('generative.play'));
  const scrubber = h('input', { type: 'range', class: 'param-slider gen-scrubber', id: 'gen-scrubber', min: 0, max: 0, step: 1, value: 0, 'aria-label': t('generative.snapshot') });
  const label = h('span', { class: 'mono gen-step', id: 'gen-step' }, '');
  const status = h('span', { class: 'gen-status', id: 'gen-status', role: 'status' }, t('generative.status.connecting'));
  const keyItem = (color, text) => h('span', { class: 'gen-key' }, h('span', { class: 'gen-swatch', style: { background: color } }), text);
  const toggles = h('div', { class: 'gen-toggles' }, keyItem(COLORS.real, t('generative.real')), keyItem(COLORS.fake, t('generative.fake')), SHOW.map((key) => {
    const box = h('input', { type: 'checkbox', checked: true, dataset: { show: key } });
    box.addEventListener('change', () => { show[key] = box.checked; drawPlane(); });
    return h('label', { class: 'toggle gen-toggle' }, box, h('span', {}, t(key === 'heat' ? 'generative.heatProbability' : `generative.${key}`)));
  }));
  const planeEl = h('div', { class: 'gen-plot gen-plane', id: 'gen-plane' });
  const lossEl = h('div', { class: 'gen-plot', id: 'gen-loss' });
  const distEl = h('div', { class: 'gen-plot', id: 'gen-distance' });
  root.append(
    h('div', { class: 'gen-bar view-bar' }, train, play, scrubber, label, status),
    toggles,
    h('div', { class: 'gen-grid', id: 'plot-stack' }, planeEl, h('div', { class: 'gen-side' }, lossEl, distEl)),
  );

  const plane = createPlane(planeEl, { t, page, onClick: editPoint });
  const losses = createLossCurves(lossEl, { t, page });
  const distance = createDistanceCurves(distEl, { t, page });
  const replay = createReplay({
    run: () => run, draw: drawAll, start, scrubber, playMs: PLAY_MS,
    onPause: () => {
      play.textContent = t('generative.play');
      play.setAttribute('aria-pressed', 'false');
    },
  });

  const sidebar = createGanSidebar({
    root: ctx.sidebar, state, catalogs, t,
    onChange: () => { state.snapshot = null; ctx.changed(); retrainSoon(); },
    onPoints: () => { sidebar.points(); pointsChanged(); },
    onCsv: (text) => {
      try {
        state.points = parseCsv(text, limits, t);
        ctx.showError(null);
      } catch (error) {
        ctx.showError(error.message);
        return;
      }
      sidebar.points();
      pointsChanged();
    },
  });

  const trainer = ctx.api.openGan({
    onFrame,
    onStatus: (s) => { if (s === 'unreachable') status.textContent = t('generative.status.unreachable'); },
  });

  function custom() { return state.data === catalogs.gan.custom; }

  function editPoint(x, y, remove) {
    if (!custom()) return;
    if (remove) {
      if (!state.points.length) return;
      let best = 0;
      state.points.forEach(([px, py], i) => {
        const [bx, by] = state.points[best];
        if (Math.hypot(px - x, py - y) < Math.hypot(bx - x, by - y)) best = i;
      });
      state.points = state.points.filter((_, i) => i !== best);
    } else if (state.points.length < limits.max_custom_points) {
      state.points = [...state.points, [Number(x.toFixed(2)), Number(y.toFixed(2))]];
    }
    sidebar.points();
    pointsChanged();
  }

  function pointsChanged() {
    state.snapshot = null;
    ctx.changed();
    run = null;
    replay.restart();
    drawAll();
    retrainSoon();
  }

  function onFrame(frame) {
    if (!run || frame.id !== run.id) return;
    if (frame.type === 'data') {
      run.data = frame;
      run.snapshots.push(frame.snapshot);
    } else if (frame.type === 'progress') {
      run.history.d_loss.push(...frame.d_loss);
      run.history.g_loss.push(...frame.g_loss);
      run.step = frame.step;
      if (frame.snapshot) run.snapshots.push(frame.snapshot);
    } else if (frame.type === 'result') {
      run.result = frame;
      ctx.setBusy(false);
      // A link's `at=` shows that snapshot once the run is done.
      const at = replay.following && state.snapshot !== null ? run.snapshots.findIndex((s) => s.step === state.snapshot) : -1;
      if (at >= 0) replay.hold(at);
    } else if (frame.type === 'error') {
      ctx.setBusy(false);
      ctx.showError(ctx.errorText(frame));
      run.result = { status: 'failed' };
    }
    replay.received();
    drawAll();
  }

  function start() {
    replay.pause();
    ctx.showError(null);
    if (custom() && state.points.length < 2) {
      run = null;
      drawAll();
      return;
    }
    const id = nextId++;
    run = { id, data: null, snapshots: [], history: { d_loss: [], g_loss: [] }, result: null, step: 0, total: state.steps };
    replay.restart();
    ctx.setBusy(true);
    trainer.send({ type: 'train', id, ...ganBody(state, catalogs.gan) });
    drawAll();
  }
  const retrainSoon = debounce(start, RETRAIN_MS);
  train.addEventListener('click', () => { retrainSoon.cancel(); start(); });

  function drawPlane() {
    if (run && run.data) {
      plane.update({ data: run.data, shot: replay.shown(), show });
    } else {
      const real = custom() ? state.points : [];
      plane.update({ data: { real, bounds: EDIT_BOUNDS, value: 'probability' }, shot: null, show });
    }
  }

  function drawAll() {
    drawPlane();
    const shot = replay.shown();
    const step = shot ? shot.step : 0;
    if (run) {
      losses.update({ key: `${run.id}:${run.history.d_loss.length}`, history: run.history, step });
      const snaps = run.snapshots;
      const withCover = snaps.length && snaps.every((s) => s.coverage);
      distance.update({
        steps: snaps.map((s) => s.step), distance: snaps.map((s) => s.distance), js: snaps.map((s) => s.js),
        covered: withCover ? snaps.map((s) => s.coverage.covered) : null, modes: withCover ? snaps[0].coverage.modes : 0,
        step, key: `${run.id}:${snaps.length}`,
      });
    }
    replay.drawScrubber();
    const cover = shot && shot.coverage ? ` · ${t('generative.coverageValue', { covered: shot.coverage.covered, modes: shot.coverage.modes })}` : '';
    label.textContent = shot ? `${t('generative.iteration', { k: shot.step })}${cover}` : '';
    status.textContent = statusText(t, run);
    play.textContent = t(replay.playing ? 'generative.pause' : 'generative.play');
    play.setAttribute('aria-pressed', String(replay.playing));
    root.dataset.snapshots = String(run ? run.snapshots.length : 0);
    root.dataset.shown = String(replay.index);
    for (const fn of subscribers) fn(control.snapshot());
  }

  // The link keeps where the scrubber rests (not every step of a drag or a replay).
  scrubber.addEventListener('change', () => {
    state.snapshot = run && replay.index < run.snapshots.length - 1 ? replay.shown().step : null;
    ctx.changed();
  });

  play.addEventListener('click', replay.toggle);

  const control = {
    play: replay.resume,
    pause: replay.pause,
    toggle: replay.toggle,
    reset: replay.reset,
    step: replay.step,
    set: ({ name, value }) => {
      if (!(name in state)) return;
      state[name] = value;
      state.snapshot = null;
      sidebar.render();
      ctx.changed();
      start();
    },
    snapshot: replay.snapshot,
    subscribe: (fn) => { subscribers.add(fn); return () => subscribers.delete(fn); },
  };

  drawAll();
  start();
  return {
    control,
    figures: () => [...plane.figures(), losses.plot, distance.plot],
    relayout: () => { plane.resize(); losses.resize(); distance.resize(); },
    destroy: () => { replay.pause(); retrainSoon.cancel(); trainer.close(); },
  };
}
