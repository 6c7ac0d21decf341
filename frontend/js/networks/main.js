// Entry point of the Networks view: read the URL, load the catalogs, build the
// sidebar, and train run A (and B when comparing) over their own sockets,
// drawing every progress frame as it arrives.

import { frameThrottle, debounce } from '../dom.js';
import { itemText, serverText } from '../errors.js';
import { fmt } from '../format.js';
import { applyStatic, createI18n, pickLanguage, register } from '../i18n.js';
import { runColor } from '../palette.js';
import { hpLabel } from '../runs.js';
import { createTex } from '../tex.js';
import { createNetworksApi } from './api.js';
import { drawCurves, drawData, drawInterpolation, drawLandscape, drawSharpness, drawSpectrum } from './plots.js';
import { createSidebar } from './sidebar.js';
import { fitHyperparameters, parse, requestBody, serialize } from './state.js';
import { DE, EN } from './strings.js';

const RETRAIN_MS = 300;
const $ = (id) => document.getElementById(id);

async function boot() {
  register({ en: EN, de: DE });
  const state = parse(window.location.search);
  const i18n = createI18n(pickLanguage(state.lang));
  const { t } = i18n;
  document.documentElement.lang = i18n.lang;
  document.title = `Thalweg · ${t('nw.title')}`;
  applyStatic(document, t);
  const api = createNetworksApi();
  $('api-link').href = api.docsUrl;
  for (const button of document.querySelectorAll('.lang-btn')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === i18n.lang));
    button.addEventListener('click', () => {
      state.lang = button.dataset.lang;
      window.location.search = serialize(state);
    });
  }
  const catalogs = await loadCatalogs(api, t);
  if (!catalogs.networks.datasets.some((d) => d.name === state.dataset)) state.dataset = 'moons';
  if (!catalogs.networks.activations.some((a) => a.name === state.activation)) state.activation = 'tanh';
  const notes = [];
  for (const [key, hpKey] of [['optimizer', 'hp'], ['optimizer2', 'hp2']]) {
    if (!catalogs.networks.optimizers.includes(state[key])) state[key] = 'adam';
    const spec = catalogs.optimizers.find((o) => o.id === state[key]);
    if (!spec) continue;
    const { hp, clamped } = fitHyperparameters(state[hpKey], spec);
    state[hpKey] = hp;
    notes.push(...clamped.map((c) => t('nw.clamped', {
      name: hpLabel(t, spec.id, c.name), value: fmt(c.value), min: fmt(c.min), max: fmt(c.max), to: fmt(c.to),
    })));
  }
  await Promise.race([document.fonts.ready, new Promise((r) => setTimeout(r, 800))]);
  await waitForPlotly();
  createView({ api, catalogs, state, i18n, notes });
}

/** notes: what the link asked for that was changed (shown until the first change). */
function createView({ api, catalogs, state, i18n, notes }) {
  const { t } = i18n;
  const slots = [0, 1].map((index) => ({ index, id: 0, busy: false, run: null }));
  let nextId = 1;
  let dataset = null;

  const names = () => [t('nw.runA'), t('nw.runB')];
  const active = () => (state.compare ? slots : [slots[0]]);

  const onFrame = (slot) => (frame) => {
    if (frame.id !== slot.id) return;
    if (frame.type === 'dataset') {
      if (slot.index === 0) dataset = frame.dataset;
      slot.run = { name: names()[slot.index], model: frame.model, decision: frame.decision, step: 0,
        history: { train_loss: [], test_loss: [], train_metric: [], test_metric: [] },
        curvature: state.curvature ? { steps: [], sharpness: [] } : null,
        steps: state.steps, threshold: stableBelow(slot.index) };
    } else if (frame.type === 'progress' && slot.run) {
      for (const key of Object.keys(slot.run.history)) slot.run.history[key].push(...frame[key]);
      slot.run.step = frame.step;
      if (frame.decision) slot.run.decision = frame.decision;
      if (frame.curvature && slot.run.curvature) {
        slot.run.curvature.steps.push(...frame.curvature.steps);
        slot.run.curvature.sharpness.push(...frame.curvature.sharpness);
      }
    } else if (frame.type === 'result' && slot.run) {
      Object.assign(slot.run, { result: frame, landscape: frame.landscape, decision: frame.decision ?? slot.run.decision });
      slot.run.history = frame.history;
      if (frame.curvature) slot.run.curvature = frame.curvature;
      finish(slot);
    } else if (frame.type === 'error') {
      slot.error = formatDetail(frame, i18n);
      finish(slot);
    }
    if (frame.type !== 'error') drawLive();
  };

  const trainers = slots.map((slot) => api.openTrainer({
    onFrame: onFrame(slot),
    onStatus: (status) => {
      if (slot.index !== 0) return;
      document.body.dataset.connection = status;
      $('conn').dataset.state = status;
      $('conn-text').textContent = t(`nw.conn.${status}`);
    },
  }));

  function finish(slot) {
    slot.busy = false;
    if (!slots.some((s) => s.busy)) {
      document.body.dataset.busy = '0';
      document.body.dataset.runs = String(Number(document.body.dataset.runs) + 1);
    }
    drawAll();
  }

  function train() {
    history.replaceState(null, '', `${window.location.pathname}${serialize(state) ? `?${serialize(state)}` : ''}`);
    document.body.dataset.busy = '1';
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
    drawStatus();
  }
  const retrain = debounce(train, RETRAIN_MS);

  const runs = () => active().map((s) => s.run);

  /** 2/η for full-batch gradient descent (the stability limit on a quadratic), else null. */
  function stableBelow(index) {
    const [optimizer, hp, batch] = index === 1 ? [state.optimizer2, state.hp2, state.batch2] : [state.optimizer, state.hp, state.batch];
    if (optimizer !== 'gd') return null;
    const full = batch === 'all' || batch >= state.samples * (1 - state.testFraction);
    const lr = hp.lr ?? catalogs.optimizers.find((o) => o.id === 'gd')?.hyperparameters.find((p) => p.name === 'lr')?.default;
    return full && lr > 0 ? 2 / lr : null;
  }

  function drawCurvature() {
    const list = runs();
    const shown = state.curvature && list.some((run) => run?.curvature);
    $('nw-curvature').hidden = !shown;
    if (!shown) return;
    const gd = list.some((run) => run?.threshold);
    $('nw-curvature-note').textContent = t(gd ? 'nw.curvatureNote.gd' : 'nw.curvatureNote.other');
    drawSharpness($('plot-sharpness'), list, t);
    drawSpectrum($('plot-spectrum'), list, t);
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
        const metric = t(`nw.metric.${run.model.metric}`);
        lines.push([slot.index, t('nw.status.done', {
          name, loss: fmt(r.final.train_loss), test: fmt(r.final.test_loss), metric,
          m: fmt(r.final.train_metric), mt: fmt(r.final.test_metric), ms: Math.round(r.timing.train_ms + r.timing.landscape_ms),
        })]);
      }
    }
    $('nw-status').replaceChildren(...lines.map(([i, text]) => {
      const el = document.createElement('span');
      el.className = i === 0 ? 'nw-run-a' : 'nw-run-b';
      el.textContent = state.compare ? text : text.replace(/^[^:]*: /, '');
      return el;
    }));
    $('nw-progress-bar').style.width = `${total ? (100 * done) / total : 0}%`;
    $('nw-error').hidden = errors.length === 0;
    $('nw-error').textContent = errors.join('\n');
  }

  const drawLive = frameThrottle(() => {
    drawStatus();
    const a = slots[0].run;
    if (dataset && a) drawData($('plot-data'), dataset, a.decision, t, state.compare ? a.name : null);
    drawCurvesNow();
    drawCurvature();
  });

  function drawCurvesNow() {
    const list = runs();
    if (!list.some(Boolean)) return;
    const metric = list.find(Boolean).model.metric;
    drawCurves($('plot-loss'), list, 'loss', t('nw.plot.loss'), t, true);
    drawCurves($('plot-metric'), list, 'metric', t(metric === 'r2' ? 'nw.plot.r2' : 'nw.plot.accuracy'), t);
  }

  function drawAll() {
    drawStatus();
    const list = runs();
    const [a, b] = list;
    if (dataset && a) drawData($('plot-data'), dataset, a.decision, t, state.compare ? a.name : null);
    drawCurvesNow();
    drawInterpolation($('plot-interp'), list, t);
    drawCurvature();
    const shared = state.directions === 'exact';
    const path = (run, i) => (run?.landscape ? [{ path: run.landscape.path, color: runColor(i), name: run.name }] : []);
    const heading = (run) => `${t('nw.plot.landscape')}${state.compare && run ? ` · ${run.name}` : ''}`;
    if (a?.result) {
      const paths = shared && b?.landscape ? [...path(a, 0), ...path(b, 1)] : path(a, 0);
      drawLandscape($('plot-land-a'), a.landscape, paths, t, shared ? t('nw.plot.landscape') : heading(a));
    }
    const sideBySide = state.compare && !shared;
    $('plot-land-b').hidden = !sideBySide;
    if (sideBySide && b?.result) drawLandscape($('plot-land-b'), b.landscape, path(b, 1), t, heading(b));
  }

  // Columns change when the second landscape shows or the window resizes.
  const resizer = new ResizeObserver((entries) => {
    for (const entry of entries) if (entry.target._fullLayout) window.Plotly.Plots.resize(entry.target);
  });
  for (const el of document.querySelectorAll('.nw-plot')) resizer.observe(el);

  createSidebar({
    root: $('nw-sidebar'), state, catalogs, t, tex: createTex(),
    activationCurve: (name, alpha) => api.activation(name, alpha),
    onChange: () => {
      notes.length = 0;
      document.body.dataset.busy = '1';
      retrain();
    },
  });
  $('nw-train').addEventListener('click', () => {
    retrain.cancel();
    train();
  });
  document.body.dataset.ready = '1';
  train();
}

/** An error frame's text, in the page's language where the server names the error. */
function formatDetail({ detail, code, params }, { t, has }) {
  if (typeof detail === 'string') return serverText(t, code, params, detail);
  if (Array.isArray(detail)) {
    // The stream validates a union of messages: keep the train message's errors.
    const own = detail.filter((e) => !String(e.loc?.[0] ?? '').startsWith('CancelMessage'));
    return (own.length ? own : detail).map((e) => {
      const [field, ...rest] = (e.loc || []).filter((x) => x !== 'body' && !/Message|\[/.test(String(x)));
      // The request's field by the sidebar's name for it: "Optimierer", not "optimizer".
      const loc = field === undefined ? '' : [has(`nw.${field}`) ? t(`nw.${field}`) : field, ...rest].join('.');
      const msg = itemText(e, t);
      return loc ? `${loc}: ${msg}` : msg;
    }).join('\n');
  }
  return JSON.stringify(detail);
}

async function loadCatalogs(api, t) {
  const banner = $('banner');
  for (;;) {
    try {
      const catalogs = await api.catalogs();
      banner.hidden = true;
      return catalogs;
    } catch {
      banner.textContent = t('banner.catalogs');
      banner.hidden = false;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  }
}

async function waitForPlotly() {
  while (!window.Plotly) await new Promise((r) => setTimeout(r, 50));
}

boot();
