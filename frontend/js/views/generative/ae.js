// The autoencoder inside the Generative view: trains over its socket, keeps every
// snapshot, draws the shown one (live while training, or where the scrubber
// points): codes coloured by digit, originals over reconstructions, the decoder
// over a grid of the latent plane (its rows drawn top = largest z₂, as the
// scatter's axes), and the loss curves. The sidebar's sliders come from the
// catalog's specs (js/controls.js).

import { createParamControl } from '../../controls.js';
import { debounce, fill, h } from '../../dom.js';
import { ADVANCED, catalogText, hpLabel } from '../../runs.js';
import { field, stateSlider } from '../../state-fields.js';
import { createAeLoss, createImages, createLatent } from './ae-plots.js';
import { createReplay, statusText } from './replay.js';

const RETRAIN_MS = 350;
const PLAY_MS = 150;
const GRID = 10;
const RECONSTRUCTIONS = 8;

function aeSidebar(ctx) {
  const { state, catalogs, t } = ctx;
  const limits = catalogs.gan.autoencoder.limits;
  const num = stateSlider(state, ctx.onChange); // every slider here is an integer
  const render = () => {
    const specs = catalogs.optimizers.filter((o) => catalogs.gan.optimizers.includes(o.id));
    const spec = specs.find((o) => o.id === state.aeOpt) || specs[0];
    const pick = h('select', { class: 'select', id: 'ae-opt', 'aria-label': t('generative.ae.optimizer') },
      specs.map((o) => h('option', { value: o.id, selected: o.id === spec.id }, catalogText(t, o.name))));
    pick.addEventListener('change', () => {
      const lr = state.aeHp.lr;
      state.aeOpt = pick.value;
      state.aeHp = lr !== undefined ? { lr } : {};
      render();
      ctx.onChange();
    });
    const act = h('select', { class: 'select', id: 'ae-act', 'aria-label': t('generative.ae.activation') },
      catalogs.gan.activations.map((a) => h('option', { value: a.name, selected: a.name === state.aeAct }, catalogText(t, a.title))));
    act.addEventListener('change', () => { state.aeAct = act.value; ctx.onChange(); });
    const sliders = spec.hyperparameters.filter((p) => !ADVANCED.has(p.name) || p.name in state.aeHp).map((p) =>
      createParamControl(p, state.aeHp[p.name] ?? p.default, {
        label: hpLabel(t, spec.id, p.name), title: catalogText(t, p.description),
        onInput: (v) => { state.aeHp = { ...state.aeHp, [p.name]: v }; ctx.onChange(); },
      }).el);
    const layers = createParamControl({ name: 'aelayers', min: 0, max: limits.max_hidden_layers, default: 1, scale: 'int' }, state.aeHidden.length, {
      label: t('generative.layers'), title: t('generative.layers'),
      onInput: (v) => { state.aeHidden = new Array(Math.round(v)).fill(state.aeHidden[0] ?? 64); ctx.onChange(); },
    }).el;
    const width = createParamControl({ name: 'aewidth', min: 1, max: limits.max_width, default: 64, scale: 'int' }, state.aeHidden[0] ?? 64, {
      label: t('generative.ae.hidden'), title: t('generative.ae.hidden'),
      onInput: (v) => { state.aeHidden = state.aeHidden.map(() => Math.round(v)); ctx.onChange(); },
    }).el;
    fill(ctx.root,
      h('section', { class: 'panel', id: 'ae-model-section' },
        h('h2', { class: 'panel-title' }, t('generative.ae.section.model')),
        h('p', { class: 'hint' }, t('generative.ae.hint')),
        layers, width, field(t('generative.ae.activation'), act)),
      h('section', { class: 'panel', id: 'ae-training-section' },
        h('h2', { class: 'panel-title' }, t('generative.section.training')),
        field(t('generative.ae.optimizer'), pick), sliders,
        num('aeBatch', { min: 1, max: limits.max_batch, default: 64, scale: 'log', integer: true }, t('generative.ae.batch')),
        num('aeSteps', { min: 25, max: limits.max_steps, default: 1500, scale: 'log', integer: true }, t('generative.ae.steps')),
        num('aeSeed', { min: 0, max: 999, default: 0, scale: 'int' }, t('generative.ae.seed'))),
    );
  };
  render();
}

/** The body of a `train` message / POST /api/autoencoder/run. */
export function aeBody(state, catalog) {
  const { chunk, limits } = catalog.autoencoder;
  let every = 4 * chunk;
  while (Math.ceil(state.aeSteps / every) + 1 > limits.max_snapshots) every += chunk;
  return {
    hidden: state.aeHidden, activation: state.aeAct,
    optimizer: { id: state.aeOpt, hyperparameters: state.aeHp },
    batch_size: state.aeBatch, steps: state.aeSteps, seed: state.aeSeed, every,
    grid: GRID, reconstructions: RECONSTRUCTIONS,
  };
}

export function createAutoencoderLab(ctx) {
  const { root, state, t, catalogs } = ctx;
  const page = ctx.look; // the shell's looks, changed in place by its toggles
  const subscribers = new Set();
  let run = null;
  let nextId = 1;

  const train = h('button', { type: 'button', class: 'btn', id: 'ae-train' }, t('generative.train'));
  const scrubber = h('input', { type: 'range', class: 'param-slider gen-scrubber', id: 'ae-scrubber', min: 0, max: 0, step: 1, value: 0, 'aria-label': t('generative.snapshot') });
  const label = h('span', { class: 'mono gen-step', id: 'ae-step' }, '');
  const status = h('span', { class: 'gen-status', id: 'ae-status', role: 'status' }, t('generative.status.connecting'));
  const latentEl = h('div', { class: 'gen-plot ae-latent', id: 'ae-latent' });
  const gridEl = h('div', { class: 'gen-plot gen-images ae-grid-images', id: 'ae-decoded' });
  const lossEl = h('div', { class: 'gen-plot ae-loss', id: 'ae-loss' });
  const reconEl = h('div', { class: 'gen-plot gen-images ae-recon', id: 'ae-recon' });
  root.append(
    h('div', { class: 'gen-bar view-bar' }, train, scrubber, label, status),
    h('div', { class: 'ae-grid', id: 'plot-stack' }, latentEl, gridEl, lossEl, reconEl),
  );
  const latent = createLatent(latentEl, { t, page });
  const loss = createAeLoss(lossEl, { t, page });
  const decoded = createImages(gridEl, { title: t('generative.ae.grid'), id: 'ae-decoded-canvas' });
  const recon = createImages(reconEl, { title: t('generative.ae.recon'), id: 'ae-recon-canvas' });
  const replay = createReplay({ run: () => run, draw, start, scrubber, playMs: PLAY_MS });

  aeSidebar({ root: ctx.sidebar, state, catalogs, t, onChange: () => { ctx.changed(); retrainSoon(); } });
  const trainer = ctx.api.openAutoencoder({
    onFrame,
    onStatus: (s) => { if (s === 'unreachable') status.textContent = t('generative.status.unreachable'); },
  });

  function onFrame(frame) {
    if (!run || frame.id !== run.id) return;
    if (frame.type === 'data') {
      Object.assign(run, { labels: frame.labels, originals: frame.originals });
      run.snapshots.push(frame.snapshot);
    } else if (frame.type === 'progress') {
      run.batch.push(...frame.batch_loss);
      run.step = frame.step;
      if (frame.snapshot) run.snapshots.push(frame.snapshot);
    } else if (frame.type === 'result' || frame.type === 'error') {
      run.result = frame.type === 'result' ? frame : { status: 'failed' };
      ctx.setBusy(false);
      if (frame.type === 'error') ctx.showError(ctx.errorText(frame));
    }
    replay.received();
    draw();
  }

  function start() {
    replay.pause();
    ctx.showError(null);
    const id = nextId++;
    run = { id, labels: null, originals: null, snapshots: [], batch: [], result: null, step: 0, total: state.aeSteps };
    replay.restart();
    ctx.setBusy(true);
    trainer.send({ type: 'train', id, ...aeBody(state, catalogs.gan) });
    draw();
  }
  const retrainSoon = debounce(start, RETRAIN_MS);
  train.addEventListener('click', () => { retrainSoon.cancel(); start(); });

  function draw() {
    const shot = replay.shown();
    if (shot && run.labels) {
      latent.update({ latent: shot.latent, labels: run.labels, range: codeRange() });
      const snaps = run.snapshots;
      loss.update({
        key: `${run.id}:${run.batch.length}`, step: shot.step, batch: run.batch,
        steps: snaps.map((s) => s.step), train: snaps.map((s) => s.train_loss), test: snaps.map((s) => s.test_loss),
      });
      const g = shot.plane.images.length;
      // Row i of the grid is y_i (ascending): draw the last row on top.
      decoded.update({ images: [...shot.plane.images].reverse().flat(), rows: g, cols: g });
      recon.update({ images: [...run.originals, ...shot.reconstructions], rows: 2, cols: run.originals.length });
    }
    replay.drawScrubber();
    label.textContent = shot ? t('generative.iteration', { k: shot.step }) : '';
    status.textContent = statusText(t, run);
    root.dataset.snapshots = String(run ? run.snapshots.length : 0);
    root.dataset.shown = String(replay.index);
    for (const fn of subscribers) fn(control.snapshot());
  }

  /** One range for all snapshots so far (the axes stay put while scrubbing), 5 % wider. */
  function codeRange() {
    if (!run.range || run.range.count !== run.snapshots.length) {
      const lo = [Infinity, Infinity];
      const hi = [-Infinity, -Infinity];
      for (const s of run.snapshots) for (const p of s.latent) for (const i of [0, 1]) {
        if (Number.isFinite(p[i])) { lo[i] = Math.min(lo[i], p[i]); hi[i] = Math.max(hi[i], p[i]); }
      }
      const span = (i) => {
        if (!(hi[i] >= lo[i])) return [-1, 1];
        const pad = 0.05 * Math.max(hi[i] - lo[i], 1e-3);
        return [lo[i] - pad, hi[i] + pad];
      };
      run.range = { count: run.snapshots.length, x: span(0), y: span(1) };
    }
    return run.range;
  }

  const control = {
    play: replay.resume,
    pause: () => { replay.pause(); draw(); },
    toggle: () => (replay.playing ? control.pause() : replay.resume()),
    reset: replay.reset,
    step: replay.step,
    set: ({ name, value }) => { if (name in state) { state[name] = value; ctx.changed(); start(); } },
    snapshot: replay.snapshot,
    subscribe: (fn) => { subscribers.add(fn); return () => subscribers.delete(fn); },
  };

  start();
  return {
    control,
    figures: () => [...latent.figures(), loss.plot],
    relayout: () => { latent.resize(); loss.resize(); },
    destroy: () => { replay.pause(); retrainSoon.cancel(); trainer.close(); },
  };
}
