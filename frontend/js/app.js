// The app: state in, scenes out, frames in, figures drawn. Everything mutable
// lives in this closure; the modules it wires own only their own handles.

import { debounce } from './dom.js';
import { drawnRuns, lossAxis, runName } from './draw-model.js';
import { placeErrors } from './errors.js';
import { createI18n, pickLanguage } from './i18n.js';
import { createCurves } from './plots/curves.js';
import { createLandscape } from './plots/landscape.js';
import { createOverlay } from './plots/overlay.js';
import { attachPointer } from './plots/pointer.js';
import { createSurface3d } from './plots/surface3d.js';
import { createPlayer } from './player.js';
import { createResults } from './results.js';
import { effectiveStart, landscapeKey, landscapeRequest, surfaceDomain, surfaceOf, trajectoryRequest } from './scene.js';
import { createSceneFlow } from './scene-flow.js';
import { serialize } from './state.js';
import { createUi } from './ui.js';
import { fitWindow, panWindow, pixelsPerUnit, plotArea, tidyWindow, wantsEqualAspect, zoomWindow } from './view.js';

export function createApp({ api, catalogs, state, autoplay }) {
  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const app = {
    i18n: createI18n(pickLanguage(state.lang)),
    results: null, // the scene on screen (or streaming in)
    landscape: null, // the last landscape frame
    window: null,
    size: { width: 0, height: 0 },
    followEnd: state.step === null, // the scrubber sits on the last step
    autoplay,
    panFrom: null,
    sceneRuns: 0,
    incoming: null, // results of the scene in flight, until they replace `results`
    sceneStart: 0,
    sceneValid: true,
    surfaceKey: null,
    curvesStep: null, // the step the curves' marker shows
  };
  const t = (...args) => app.i18n.t(...args);

  // --- figures -------------------------------------------------------------
  const landscapeFig = createLandscape($('landscape'));
  const overlay = createOverlay($('overlay'));
  const curves = createCurves($('curves'), { onPick: (step) => seek(step) });
  const three = createSurface3d($('surface3d'));

  const dirty = new Set();
  let frameRequest = 0;
  const invalidate = (...parts) => {
    parts.forEach((p) => dirty.add(p));
    if (!frameRequest) frameRequest = requestAnimationFrame(flush);
  };
  const flush = () => {
    frameRequest = 0;
    const d = new Set(dirty);
    dirty.clear();
    if (state.mode === '3d') {
      if (app.landscape && (d.has('three') || d.has('landscape') || d.has('overlay'))) drawThree();
    } else {
      if (d.has('landscape') && app.landscape) drawLandscape();
      else if (d.has('frame')) landscapeFig.frame(frameOf());
      if (d.has('overlay') || d.has('frame') || d.has('landscape')) drawOverlay();
    }
    if (d.has('step') && app.curvesStep !== player.step) {
      app.curvesStep = player.step;
      curves.setStep(player.step);
    }
  };
  const frameOf = () => ({ window: app.window, width: app.size.width, height: app.size.height });

  const drawLandscape = () => {
    const surface = surfaceOf(state, catalogs);
    landscapeFig.draw({
      ...frameOf(),
      landscape: app.landscape,
      minima: surface ? surface.minima : [],
      field: state.field,
      labels: { colorbar: t(app.landscape.log_scale ? 'plot.colorbarLog' : 'plot.colorbar'), minimum: t('plot.minimum') },
    });
  };
  const runsNow = () => drawnRuns({ state, results: app.results, step: player.step, catalogs, t });
  const drawOverlay = () => {
    const runs = runsNow();
    overlay.draw({
      ...frameOf(), runs, start: effectiveStart(state, catalogs), showVectors: state.vectors,
      labels: { start: t('plot.start'), step: t('plot.step'), diverged: t('plot.diverged') },
    });
    ui.legend.setValues(runs.map((r) => (r.current ? r.current.loss : null)));
  };
  const drawThree = () => {
    const runs = runsNow();
    const start = effectiveStart(state, catalogs);
    const f0 = runs.find((r) => r.losses.length)?.losses[0];
    three.draw({
      landscape: app.landscape, domain: surfaceDomain(state, catalogs), runs, start: f0 === undefined ? null : [...start, f0],
      width: app.size.width, height: app.size.height, labels: { z: t('plot.z') },
    });
    ui.legend.setValues(runs.map((r) => (r.current ? r.current.loss : null)));
  };
  const drawCurves = () => {
    const runs = runsNow().map((r, i) => ({ ...r, gnorms: app.results.runs[i].gnorms }));
    const axis = lossAxis(surfaceOf(state, catalogs), app.results);
    const el = $('curves');
    app.curvesStep = player.step;
    curves.draw({
      runs, step: player.step, width: el.clientWidth, height: el.clientHeight,
      lossShift: axis.shift, logLoss: axis.log,
      labels: { loss: t(axis.label), grad: t('curves.grad'), step: t('curves.step') },
    });
  };
  // The curves follow once a slider drag settles: during the drag only the
  // overlay is redrawn, so each move costs one small Plotly.react.
  const drawCurvesSoon = debounce(() => app.results && drawCurves(), 400);

  // --- view window -----------------------------------------------------------
  const computeWindow = () => {
    const stack = $('plot-stack');
    app.size = { width: stack.clientWidth, height: stack.clientHeight };
    const domain = surfaceDomain(state, catalogs);
    app.window = fitWindow(state.view || domain, plotArea(app.size.width, app.size.height), wantsEqualAspect(domain));
    $('reset-view').hidden = !state.view;
  };
  const requestSoon = debounce(() => flow.request(), 250);

  // --- player ----------------------------------------------------------------
  const player = createPlayer({
    onStep: (step) => {
      app.followEnd = step >= player.last && !player.playing;
      ui.setStep(step, player.last);
      invalidate('overlay', 'step', 'three');
    },
    onPlaying: (playing) => {
      body.dataset.playing = playing ? '1' : '0';
      ui.setPlaying(playing);
      if (!playing) {
        app.followEnd = player.step >= player.last;
        writeUrlSoon();
      }
    },
  });
  player.setSpeed(state.speed);
  const seek = (step) => {
    player.seek(step);
    app.followEnd = player.step >= player.last;
    writeUrlSoon();
  };

  // --- URL -------------------------------------------------------------------
  const writeUrl = () => {
    state.step = app.followEnd || player.playing ? null : player.step;
    const query = serialize(state);
    history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
  };
  const writeUrlSoon = debounce(writeUrl, 150);

  // --- scenes ----------------------------------------------------------------
  // Results are double-buffered: a new scene streams into `incoming` while the
  // previous paths stay on screen, and replaces them when it is done; only a
  // scene slower than PROGRESSIVE_MS is shown as it grows. So a slider drag
  // never flashes half-computed paths, and the overlay is redrawn once per scene.
  const PROGRESSIVE_MS = 150;
  const build = (withLandscape) => {
    const trajectories = trajectoryRequest(state, catalogs);
    const surfaceKey = JSON.stringify(trajectories ? [trajectories.surface, trajectories.surface_params] : state.surface);
    if (surfaceKey !== app.surfaceKey) {
      app.surfaceKey = surfaceKey;
      app.results = null; // paths of another surface mean nothing here
    }
    app.sceneRuns = trajectories ? trajectories.runs.length : 0;
    app.incoming = null;
    app.sceneValid = true;
    app.sceneStart = performance.now();
    return { landscape: withLandscape ? landscapeRequest(state, app.window) : null, trajectories };
  };
  const incoming = () => {
    if (!app.incoming) app.incoming = createResults(app.sceneRuns);
    return app.incoming;
  };
  const onFrame = (frame) => {
    if (frame.type === 'landscape') {
      app.landscape = frame;
      ui.showExpressionError(null);
      invalidate('landscape', 'three');
    } else if (!app.sceneValid && frame.type !== 'error') {
      // runs were added or removed since this scene was sent; the next one is pending
    } else if (frame.type === 'segments') {
      incoming().append(frame);
      const slow = performance.now() - app.sceneStart > PROGRESSIVE_MS;
      if (app.results === app.incoming || app.results === null || slow) {
        app.results = app.incoming;
        newResults();
      }
    } else if (frame.type === 'done') {
      app.results = incoming();
      app.results.finish(frame);
      ui.clearErrors();
      newResults();
      ui.renderStatuses(app.results);
      body.dataset.scene = String(frame.id);
      body.dataset.ready = '1';
      if (app.autoplay) {
        app.autoplay = false;
        player.seek(0);
        player.play();
      }
    } else if (frame.type === 'error') {
      ui.showErrors(placeErrors(frame.detail));
    }
  };
  const newResults = () => {
    player.setLast(app.results.lastStep());
    if (app.followEnd && !player.playing) player.restore(player.last);
    else if (!app.followEnd && state.step !== null && !player.playing) player.restore(Math.min(state.step, player.last));
    ui.setStep(player.step, player.last);
    invalidate('overlay', 'three', 'step');
    drawCurvesSoon();
  };

  const stream = api.openStream({
    onFrame: (frame) => flow.handle(frame),
    onStatus: (status) => {
      body.dataset.connection = status;
      ui.setConnection(status);
      if (status === 'open') flow.reopened();
      else flow.lost();
    },
  });
  const flow = createSceneFlow({
    stream,
    build,
    landscapeKey: () => landscapeKey(state, app.window),
    onFrame,
    onBusy: (busy) => ui.setBusy(busy),
  });

  // --- what the controls do ------------------------------------------------------
  const renderLegendSoon = debounce(() => ui.renderLegend(app.results), 150);
  const changed = ({ scene = true, title = false, cards = false, legend = false, overlay: redraw = false, window: win = false } = {}) => {
    if (win) {
      computeWindow();
      invalidate('frame');
    }
    if (title) ui.renderSurface();
    if (cards) ui.renderCards();
    if (legend) renderLegendSoon();
    if (scene) flow.request();
    if (redraw) invalidate('overlay', 'three');
    writeUrlSoon();
  };
  const actions = {
    state, catalogs, api, t: (...a) => t(...a), player,
    get results() { return app.results; },
    get lang() { return app.i18n.lang; },
    start: () => effectiveStart(state, catalogs),
    changed,
    restartRace() {
      app.autoplay = true;
    },
    removeRun(i) {
      state.runs.splice(i, 1);
      if (app.results) app.results.runs.splice(i, 1);
      app.sceneValid = false; // the scene in flight has the old run list
      changed({ cards: true, legend: true, overlay: true });
      drawCurvesSoon();
    },
    addRun(run) {
      state.runs.push(run);
      if (app.results) app.results.runs.push(createResults(1).runs[0]);
      app.sceneValid = false;
      changed({ cards: true, legend: true });
    },
    setLanguage(lang) {
      state.lang = lang;
      app.i18n = createI18n(lang);
      ui.renderAll();
      writeUrlSoon();
      if (app.landscape) invalidate('landscape', 'overlay');
      if (app.results) drawCurves();
    },
    setMode(mode) {
      state.mode = mode;
      ui.setMode(mode);
      writeUrlSoon();
      computeWindow();
      invalidate('landscape', 'overlay', 'three');
    },
    resetView() {
      state.view = null;
      changed({ window: true, overlay: true });
    },
    seek,
    runName: (i) => runName(state.runs[i], catalogs, t),
    setSpeed(speed) {
      state.speed = speed;
      player.setSpeed(speed);
      writeUrlSoon();
    },
    redrawLandscape: () => invalidate('landscape', 'three'),
  };
  const ui = createUi(actions);

  attachPointer($('overlay'), {
    getAxes: () => overlay.axes(),
    getStart: () => effectiveStart(state, catalogs),
    onStart(x, y, phase) {
      const q = 10 ** (Math.floor(Math.log10(app.window.x[1] - app.window.x[0])) - 3);
      state.start = [Math.round(x / q) * q, Math.round(y / q) * q].map((v) => Number(v.toPrecision(10)));
      ui.setStart(state.start);
      invalidate('overlay');
      flow.request();
      if (phase === 'end') writeUrlSoon();
    },
    onPan(dpx, dpy, phase) {
      if (phase === 'begin') app.panFrom = app.window;
      if (phase === 'end') {
        requestSoon();
        writeUrlSoon();
        return;
      }
      const from = app.panFrom || app.window;
      const k = pixelsPerUnit(from, plotArea(app.size.width, app.size.height));
      state.view = tidyWindow(panWindow(from, -dpx / k.kx, dpy / k.ky));
      computeWindow();
      invalidate('frame');
    },
    onZoom(factor, x, y) {
      state.view = tidyWindow(zoomWindow(app.window, x, y, factor));
      computeWindow();
      invalidate('frame');
      requestSoon();
      writeUrlSoon();
    },
    onHover: (x, y) => ui.setReadout(x, y, app.landscape),
  });

  new ResizeObserver(debounce(() => {
    computeWindow();
    invalidate('frame', 'three');
    requestSoon();
    if (app.results) drawCurves();
  }, 60)).observe($('plot-stack'));

  ui.renderAll();
  ui.setMode(state.mode);
  computeWindow();
  if (state.step !== null) player.restore(state.step);
  body.dataset.playing = '0';
  flow.request();
  return { flow, player, stream };
}
