// The Maps view mounted in the shell (docs/shell.md): one stability map or
// basin map at a time, recomputed (debounced) whenever a setting changes; a
// click on a cell offers that run in the race; on a quadratic the stability
// map carries the theory's edge and Polyak's optimum.

import { debounce, h } from '../../dom.js';
import { fmt } from '../../format.js';
import { catalogText, hpLabel } from '../../runs.js';
import { defaults as raceDefaults, serialize as raceSerialize } from '../../state.js';
import { cellAt, drawBasins, drawStability } from './plots.js';
import { createMapsSidebar } from './sidebar.js';
import { sceneOf } from './state.js';
import { isQuadratic, stabilityTheory } from './theory.js';

const RECOMPUTE_MS = 300;

/** ctx: the shell's; api: js/api.js; catalogs: {surfaces, optimizers}. */
export function createMapsView(ctx, { api, catalogs }) {
  const { state, t } = ctx;
  const listeners = new Set();
  const emit = (event) => { for (const fn of listeners) fn(event); };
  const plot = h('div', { id: 'maps-plot', class: 'maps-plot' });
  const status = h('span', { id: 'maps-status', class: 'maps-status', role: 'status' });
  const cell = h('span', { id: 'maps-cell', class: 'maps-cell' }, t('maps.cell.hint'));
  const note = h('p', { id: 'maps-note', class: 'maps-note' });
  ctx.root.classList.add('maps-stage');
  ctx.root.append(h('div', { class: 'maps-bar view-bar' }, status, cell), plot, note);

  let shown = null; // {kind, result, request, theory, eigen, ms}
  let selected = null;
  let inFlight = null;
  let busy = false;

  const surfaceOf = (id) => catalogs.surfaces.find((s) => s.id === id);
  const optimizerOf = (id) => catalogs.optimizers.find((o) => o.id === id);
  const filledHp = (scene) => {
    const spec = optimizerOf(scene.optimizer);
    return { ...Object.fromEntries(spec.hyperparameters.map((p) => [p.name, p.default])), ...scene.hp };
  };

  const request = () => {
    const scene = sceneOf(state);
    const base = {
      surface: scene.surface,
      surface_params: Object.keys(scene.params).length ? scene.params : null,
      optimizer: scene.optimizer,
      hyperparameters: scene.hp,
      steps: state.steps,
      tolerance: state.tolerance,
    };
    if (state.kind === 'basins') return { ...base, resolution: state.resolution };
    const axis = (a) => ({ ...a, count: state.count });
    return { ...base, x: axis(state.x), y: axis(state.y) };
  };

  /** λ of the surface at its start and at probes across its domain; the theory applies if they agree. */
  const quadraticEigen = async (scene, signal) => {
    const surface = surfaceOf(scene.surface);
    const { x: [x0, x1], y: [y0, y1] } = surface.domain;
    const probes = [[x0, y0], [x1, y1], [x0, y1], [x1, y0], [(x0 + x1) / 2, (y0 + y1) / 2]];
    const answer = await api.curvature({
      surface: scene.surface, surface_params: Object.keys(scene.params).length ? scene.params : null,
      point: surface.start, points: probes,
    }, signal);
    const all = [answer.eigenvalues, ...answer.path_eigenvalues];
    return isQuadratic(all) ? answer.eigenvalues : null;
  };

  async function compute() {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const body = request();
    const kind = state.kind;
    const runs = kind === 'basins' ? state.resolution ** 2 : state.count ** 2;
    setBusy(true);
    status.textContent = t('maps.computing', { n: runs.toLocaleString(ctx.lang) });
    const started = performance.now();
    try {
      const [result, eigen] = await Promise.all([
        kind === 'basins' ? api.basins(body, controller.signal) : api.stability(body, controller.signal),
        kind === 'stability' ? quadraticEigen(sceneOf(state), controller.signal) : null,
      ]);
      const ms = Math.round(performance.now() - started);
      ctx.showError(null);
      selected = null;
      shown = { kind, result, request: body, eigen, ms, runs };
      draw();
      emit('scene');
    } catch (error) {
      if (error.name === 'AbortError') return;
      ctx.showError(errorText(error));
      status.textContent = '';
    } finally {
      if (inFlight === controller) setBusy(false);
    }
  }
  const computeSoon = debounce(compute, RECOMPUTE_MS);

  function setBusy(on) {
    busy = on;
    ctx.setBusy(on);
    emit('playing');
  }

  function errorText(error) {
    const detail = error.detail;
    if (Array.isArray(detail)) return detail.map((d) => `${(d.loc || []).filter((l) => l !== 'body').join('.')}: ${d.msg}`).join('\n');
    return typeof detail === 'string' ? detail : error.message;
  }

  const names = (request_) => {
    const spec = optimizerOf(request_.optimizer);
    return { optimizer: catalogText(t, spec.name), surface: catalogText(t, surfaceOf(request_.surface).name) };
  };

  function draw() {
    if (!shown || !plot.clientWidth || !plot.clientHeight) return;
    const { kind, result, request: req, eigen } = shown;
    const page = ctx.look;
    const size = { width: plot.clientWidth, height: plot.clientHeight };
    const { optimizer, surface } = names(req);
    const statusLabels = Object.fromEntries(['converged', 'max_steps', 'diverged'].map((s) => [s, t(`maps.status.${s}`)]));
    status.textContent = t('maps.done', { surface, n: shown.runs.toLocaleString(ctx.lang), ms: shown.ms });
    if (kind === 'basins') {
      drawBasins(plot, {
        result, steps: req.steps, selected, page, ...size,
        labels: {
          x: 'x', y: 'y',
          minimum: (i, [x, y]) => t('maps.minimum', { i, x: fmt(x), y: fmt(y) }),
          found: (i, [x, y]) => t('maps.found', { i, x: fmt(x), y: fmt(y) }),
          diverged: statusLabels.diverged, notConverged: statusLabels.max_steps, unlabelled: t('maps.unlabelled'),
        },
      }).then(listen);
      note.textContent = t('maps.note.basins', { optimizer });
      return;
    }
    const theory = eigen ? stabilityTheory(req.optimizer, filledHp({ optimizer: req.optimizer, hp: req.hyperparameters }), req.x, req.y, eigen) : null;
    const minima = surfaceOf(req.surface).minima;
    const fmin = minima.length ? Math.min(...minima.map((m) => m.value)) : null;
    drawStability(plot, {
      result, axes: { x: req.x, y: req.y }, color: state.color, fmin, theory, selected, page, ...size,
      labels: {
        x: hpLabel(t, req.optimizer, req.x.name), y: hpLabel(t, req.optimizer, req.y.name), status: statusLabels,
        colorbar: t(state.color === 'steps' ? 'maps.colorbar.steps' : fmin === null ? 'maps.colorbar.lossPlain' : 'maps.colorbar.loss'),
        theory: theory ? t(theory.rule) : '', optimum: t('maps.theory.optimum'),
      },
    }).then(listen);
    const sentences = [t('maps.note.stability', { optimizer })];
    sentences.push(theory ? t('maps.note.theory', { rule: t(theory.rule).replace(/^[^:]*: /, ''), high: fmt(eigen[1]) }) : t('maps.note.noTheory'));
    note.textContent = sentences.join(' ');
  }

  /** The race with the run of cell [i, j]: this map's surface, start, steps and tolerance. */
  function raceLink(i, j) {
    const { kind, result, request: req } = shown;
    const hp = { ...req.hyperparameters };
    let start = surfaceOf(req.surface).start;
    if (kind === 'basins') start = [result.x[i], result.y[j]];
    else Object.assign(hp, { [req.x.name]: result.x[i], [req.y.name]: result.y[j] });
    const rounded = Object.fromEntries(Object.entries(hp).map(([k, v]) => [k, Number(Number(v).toPrecision(4))]));
    const race = {
      ...raceDefaults(), surface: req.surface, surfaceParams: req.surface_params || {},
      start: start.map((v) => Number(Number(v).toPrecision(6))), steps: req.steps, tolerance: req.tolerance,
      runs: [{ optimizer: req.optimizer, hp: rounded, label: '' }], lang: ctx.lang === 'en' ? null : ctx.lang,
    };
    return `./?${raceSerialize(race)}`;
  }

  function pick(i, j) {
    if (!shown) return;
    selected = [i, j];
    const { kind, result, request: req } = shown;
    const status_ = kind === 'basins'
      ? (result.minimum[j][i] >= 0 ? t('maps.minimum', { i: result.minimum[j][i] + 1, x: fmt(result.minima[result.minimum[j][i]][0]), y: fmt(result.minima[result.minimum[j][i]][1]) }) : t(`maps.status.${result.minimum[j][i] === -1 ? 'diverged' : 'max_steps'}`))
      : t(`maps.status.${result.status[j][i]}`);
    const text = kind === 'basins'
      ? t('maps.cell.basins', { xv: fmt(result.x[i]), yv: fmt(result.y[j]), status: status_, k: result.steps_taken[j][i] })
      : t('maps.cell.stability', {
        x: hpLabel(t, req.optimizer, req.x.name), xv: fmt(result.x[i]),
        y: hpLabel(t, req.optimizer, req.y.name), yv: fmt(result.y[j]), status: status_, k: result.steps_taken[j][i],
      });
    cell.replaceChildren(text, ' ', h('a', { id: 'maps-race-link', href: raceLink(i, j), target: '_blank', rel: 'noopener' }, t('maps.cell.open')));
    draw();
  }

  // Plotly gives the div its `on` with the first plot: listen from then on, once.
  let listening = false;
  const listen = () => {
    if (listening || !plot.on) return;
    listening = true;
    plot.on('plotly_click', (event) => {
      const point = event.points && event.points[0];
      if (!point || !shown) return;
      const { result, request: req, kind } = shown;
      const xs = kind === 'basins' ? 'linear' : req.x.scale;
      const ys = kind === 'basins' ? 'linear' : req.y.scale;
      pick(cellAt(result.x, point.x, xs), cellAt(result.y, point.y, ys));
    });
  };

  createMapsSidebar({
    root: ctx.sidebar, state, catalogs, t,
    onChange: () => {
      ctx.changed();
      setBusy(true);
      computeSoon();
    },
    onRedraw: () => {
      ctx.changed();
      draw();
    },
  });

  const initial = JSON.stringify(state);
  const control = {
    play: () => { computeSoon.cancel(); compute(); return true; },
    pause: () => true, // a map is one request: nothing to pause
    toggle: () => control.play(),
    reset: () => {
      Object.assign(state, JSON.parse(initial));
      ctx.changed();
      control.play();
      return true;
    },
    step: () => false,
    set: () => false,
    snapshot: () => ({ ready: Boolean(shown) && !busy, step: 0, last: 0, playing: busy }),
    subscribe: (fn) => { listeners.add(fn); return () => listeners.delete(fn); },
  };
  new ResizeObserver(debounce(draw, 60)).observe(plot);
  compute();
  return {
    control,
    figures: () => (plot._fullLayout ? [plot] : []),
    relayout: draw,
    offline: false,
    code: true, // GET /api/code writes the map as a torch, JAX or Keras script
  };
}
