// The app: state in, scenes out, frames in, figures drawn. Everything mutable
// lives in this closure; the modules it wires own only their own handles.

import { createController } from './control.js';
import { debounce } from './dom.js';
import { runName } from './draw-model.js';
import { placeErrors } from './errors.js';
import { createI18n, pickLanguage } from './i18n.js';
import { createLocalCurvature } from './local-curvature.js';
import { createPainter } from './painter.js';
import { attachPointer } from './plots/pointer.js';
import { createPlayer } from './player.js';
import { createResults } from './results.js';
import { effectiveStart, landscapeKey, landscapeRequest, surfaceDomain, trajectoryRequest } from './scene.js';
import { createSceneFlow } from './scene-flow.js';
import { clone, serialize } from './state.js';
import { createUi } from './ui.js';
import { fitWindow, marginFor, panWindow, pixelsPerUnit, plotArea, tidyWindow, wantsEqualAspect, zoomWindow } from './view.js';
import { lookOf } from './palette.js';
import { applyLook as applyLookTo } from './shell/look.js';

/** urlSuffix: query parts kept after the scene's (the embed page's own). */
export function createApp({ api, catalogs, state, autoplay, urlSuffix = '' }) {
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
  };
  const t = (...args) => app.i18n.t(...args);
  // An offline file holds one precomputed scene: no moving the start, no panning
  // or zooming (the landscape was computed for one window), no URL to keep.
  const fixedScene = Boolean(api.offline);

  // --- figures (drawn by the painter, once per frame at most) ---------------
  let curvature = null; // the local-curvature layer, created once the ui exists
  const painter = createPainter({
    state, catalogs, app, t,
    step: () => player.step,
    onPick: (step) => seek(step),
    onValues: (losses) => {
      ui.legend.setValues(losses);
      if (curvature) curvature.drawStep();
    },
  });
  const { invalidate, drawCurves, drawCurvesSoon } = painter;

  // --- view window -----------------------------------------------------------
  const computeWindow = () => {
    const stack = $('plot-stack');
    app.size = { width: stack.clientWidth, height: stack.clientHeight };
    app.margin = marginFor(lookOf(state));
    // Slide layouts (slides.css) place the legend inside the figure's margins.
    for (const side of ['l', 't', 'r', 'b']) body.style.setProperty(`--plot-${side}`, `${app.margin[side]}px`);
    const domain = surfaceDomain(state, catalogs);
    app.window = fitWindow(state.view || domain, plotArea(app.size.width, app.size.height, app.margin), wantsEqualAspect(domain));
    $('reset-view').hidden = !state.view;
  };
  const requestSoon = debounce(() => flow.request(), 250);

  // --- player ----------------------------------------------------------------
  const player = createPlayer({
    onStep: (step) => {
      app.followEnd = step >= player.last && !player.playing;
      ui.setStep(step, player.last);
      invalidate('overlay', 'step', 'three');
      control.emit('step');
    },
    onPlaying: (playing) => {
      body.dataset.playing = playing ? '1' : '0';
      ui.setPlaying(playing);
      if (!playing) {
        app.followEnd = player.step >= player.last;
        writeUrlSoon();
      }
      control.emit('playing');
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
    if (fixedScene) return;
    state.step = app.followEnd || player.playing ? null : player.step;
    const query = [serialize(state), urlSuffix].filter(Boolean).join('&');
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
      // Paths of another surface mean nothing here: off the screen at once,
      // so a formula the server rejects leaves no stale curves behind.
      dropResults();
    }
    app.sceneSurface = surfaceNow();
    app.sceneRuns = trajectories ? trajectories.runs.length : 0;
    app.incoming = null;
    app.sceneValid = true;
    app.sceneStart = performance.now();
    return { landscape: withLandscape ? landscapeRequest(state, app.window) : null, trajectories };
  };
  // Which surface a scene shows (not its parameters: a κ slider's scenes may replace each other).
  const surfaceNow = () => JSON.stringify([state.surface, state.expression, state.domain]);
  const dropResults = () => {
    if (!app.results) return;
    app.results = null;
    painter.overlay.race.clear(); // at once, even when this frame's drawing is done (cheap on the canvas)
    invalidate('overlay', 'three');
    drawCurves();
  };
  const incoming = () => {
    if (!app.incoming) app.incoming = createResults(app.sceneRuns);
    return app.incoming;
  };
  const onFrame = (frame) => {
    if (frame.type !== 'error' && app.sceneSurface !== surfaceNow()) {
      // A scene of a surface left since: another is pending, so its paths and
      // readout would only flash up stale (switching quickly, 14 runs: for seconds).
    } else if (frame.type === 'landscape') {
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
      body.dataset.scene = String(frame.id);
      body.dataset.ready = '1';
      ui.clearErrors();
      newResults(); // the paths first: statuses and legend wait until they are painted
      const shown = app.results;
      afterPaint(() => app.results === shown && ui.renderStatuses(shown));
      curvature.scene();
      if (app.autoplay) {
        app.autoplay = false;
        player.seek(0);
        player.play();
      }
      control.emit('scene');
    } else if (frame.type === 'error') {
      ui.showErrors(placeErrors(frame, t));
    }
  };
  // Work that must not delay the paint of new paths runs after the next frame,
  // or after AFTER_PAINT_MS where no frames come (a hidden page or iframe).
  const AFTER_PAINT_MS = 100;
  const afterPaint = (work) => {
    let pending = true;
    const run = () => {
      if (pending) work();
      pending = false;
    };
    requestAnimationFrame(() => setTimeout(run));
    setTimeout(run, AFTER_PAINT_MS);
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
    // "Not busy" follows the statuses, which are rendered after the paint.
    onBusy: (busy) => (busy ? ui.setBusy(true) : afterPaint(() => ui.setBusy(flow.busy))),
  });

  // --- what the controls do ------------------------------------------------------
  const renderLegendSoon = debounce(() => ui.renderLegend(app.results), 150);
  const changed = ({ scene = true, title = false, cards = false, legend = false, overlay: redraw = false, window: win = false } = {}) => {
    if (win) {
      computeWindow();
      invalidate('frame');
    }
    if (title) {
      ui.renderSurface();
      curvature.redraw(); // a game's layer is its field's Jacobian, not the Hessian
    }
    if (cards) {
      ui.renderCards();
      curvature.drawStep();
    }
    if (legend) renderLegendSoon();
    if (scene) {
      if (app.sceneSurface !== surfaceNow()) dropResults();
      flow.request();
      ui.refreshPanels();
    }
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
      curvature.redraw();
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
    /** Theme or projector mode changed: restyle the page and redraw the figures. */
    setLook({ theme = state.theme, projector = state.projector } = {}) {
      state.theme = theme;
      state.projector = projector;
      applyLook();
      computeWindow(); // the figures' margins grow with projector mode's text
      writeUrlSoon();
      invalidate('landscape', 'overlay', 'three');
      if (app.results) drawCurves();
      curvature.redraw();
    },
    reset: () => control.reset(),
    get control() { return control; },
  };
  const applyLook = () => applyLookTo(state, body);
  const ui = createUi(actions);
  curvature = createLocalCurvature({
    state, catalogs, api, app, t,
    step: () => player.step,
    overlayAxes: () => painter.overlay.axes(),
    onToggle: () => changed({ scene: false }),
  });
  const resetScene = (initial) => {
    for (const key of Object.keys(initial)) state[key] = clone(initial[key]);
    state.step = 0;
    app.results = null;
    app.surfaceKey = null;
    app.sceneValid = false;
    app.followEnd = false;
    player.setLast(0);
    player.restore(0);
    app.i18n = createI18n(pickLanguage(state.lang));
    applyLook();
    player.setSpeed(state.speed);
    ui.renderAll();
    ui.setMode(state.mode);
    curvature.redraw();
    computeWindow();
    invalidate('landscape', 'overlay', 'three', 'step');
    flow.request();
    writeUrlSoon();
  };
  const control = createController({
    state, catalogs, player, seek, changed, ui, resetScene,
    results: () => app.results,
    query: () => [serialize({ ...state, step: app.followEnd || player.playing ? null : player.step }), urlSuffix].filter(Boolean).join('&'),
  });

  attachPointer($('overlay'), {
    getAxes: () => painter.overlay.axes(),
    getStart: () => effectiveStart(state, catalogs),
    onStart(x, y, phase) {
      if (fixedScene) return;
      const q = 10 ** (Math.floor(Math.log10(app.window.x[1] - app.window.x[0])) - 3);
      state.start = [Math.round(x / q) * q, Math.round(y / q) * q].map((v) => Number(v.toPrecision(10)));
      ui.setStart(state.start);
      invalidate('overlay');
      flow.request();
      if (phase === 'end') writeUrlSoon();
    },
    onPan(dpx, dpy, phase) {
      if (fixedScene) return;
      if (phase === 'begin') app.panFrom = app.window;
      if (phase === 'end') {
        requestSoon();
        writeUrlSoon();
        return;
      }
      const from = app.panFrom || app.window;
      const k = pixelsPerUnit(from, plotArea(app.size.width, app.size.height, app.margin));
      state.view = tidyWindow(panWindow(from, -dpx / k.kx, dpy / k.ky));
      computeWindow();
      invalidate('frame');
    },
    onZoom(factor, x, y) {
      if (fixedScene) return;
      state.view = tidyWindow(zoomWindow(app.window, x, y, factor));
      computeWindow();
      invalidate('frame');
      requestSoon();
      writeUrlSoon();
    },
    onHover: (x, y) => ui.setReadout(x, y, app.landscape),
  });

  new ResizeObserver(debounce(() => {
    const stack = $('plot-stack');
    if (stack.clientWidth === app.size.width && stack.clientHeight === app.size.height) return;
    computeWindow();
    invalidate('frame', 'three');
    requestSoon();
    if (app.results) drawCurves();
  }, 60)).observe($('plot-stack'));
  // The curves' box changes size on its own in slide layouts (shown beside or in place of the plot).
  let curvesSize = '';
  new ResizeObserver(debounce(() => {
    const el = $('curves');
    const size = `${el.clientWidth}x${el.clientHeight}`;
    if (size === curvesSize) return;
    curvesSize = size;
    if (app.results) drawCurves();
  }, 60)).observe($('curves'));

  applyLook();
  ui.renderAll();
  ui.setMode(state.mode);
  computeWindow();
  if (state.step !== null) player.restore(state.step);
  body.dataset.playing = '0';
  flow.request();
  return { flow, player, stream, control, actions };
}
