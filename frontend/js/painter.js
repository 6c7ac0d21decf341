// The figures and when they are drawn. All four Plotly figures are created
// here; the app says what changed (invalidate) and the painter draws it in
// the current or next animation frame.

import { debounce } from './dom.js';
import { drawnRuns, lossAxis } from './draw-model.js';
import { createCurves } from './plots/curves.js';
import { createLandscape } from './plots/landscape.js';
import { createOverlay } from './plots/overlay.js';
import { createSurface3d } from './plots/surface3d.js';
import { lookOf } from './palette.js';
import { effectiveStart, surfaceDomain, surfaceOf } from './scene.js';
import { axisTitles, wordKey } from './wording.js';

/**
 * app: {results, landscape, window, size} (read at draw time); step() -> the
 * current step; onPick(step): a click on the curves; onValues(losses): f per
 * run at the current step, after each overlay draw.
 */
export function createPainter({ state, catalogs, app, t, step, onPick, onValues }) {
  const $ = (id) => document.getElementById(id);
  const landscapeFig = createLandscape($('landscape'));
  const overlay = createOverlay($('overlay'));
  const curves = createCurves($('curves'), { onPick });
  const three = createSurface3d($('surface3d'));
  let curvesStep = null; // the step the curves' marker shows
  let curvesDrawn = false;

  // Drawing is coalesced per animation frame, leading edge first: the first
  // request in a frame draws at once (a scene's answer is painted in the very
  // next frame); later ones in the same frame wait for the next frame, so a
  // figure is never drawn twice per frame.
  const dirty = new Set();
  let frameRequest = 0;
  let drewThisFrame = false;
  const markFrame = () => {
    if (drewThisFrame) return;
    drewThisFrame = true;
    requestAnimationFrame(() => {
      drewThisFrame = false;
    });
  };
  const invalidate = (...parts) => {
    parts.forEach((p) => dirty.add(p));
    if (frameRequest) return;
    if (drewThisFrame) frameRequest = requestAnimationFrame(flush);
    else flush();
  };
  const flush = () => {
    frameRequest = 0;
    markFrame();
    const d = new Set(dirty);
    dirty.clear();
    if (state.mode === '3d') {
      if (app.landscape && (d.has('three') || d.has('landscape') || d.has('overlay'))) drawThree();
    } else {
      if (d.has('landscape') && app.landscape) drawLandscape();
      else if (d.has('frame')) landscapeFig.frame(frameOf());
      if (d.has('overlay') || d.has('frame') || d.has('landscape')) drawOverlay();
    }
    if (d.has('step') && curvesStep !== step()) {
      curvesStep = step();
      curves.setStep(step());
    }
  };
  const frameOf = () => ({ window: app.window, width: app.size.width, height: app.size.height, look: lookOf(state) });

  const drawLandscape = () => {
    const surface = surfaceOf(state, catalogs);
    landscapeFig.draw({
      ...frameOf(),
      landscape: app.landscape,
      minima: surface ? surface.minima : [],
      field: state.field,
      labels: {
        colorbar: t(wordKey(surface, app.landscape.log_scale ? 'plot.colorbarLog' : 'plot.colorbar')),
        minimum: t(wordKey(surface, 'plot.minimum')),
        axes: axisTitles(surface, t),
      },
    });
  };
  const runsNow = () => drawnRuns({ state, results: app.results, step: step(), catalogs, t });
  const drawOverlay = () => {
    const runs = runsNow();
    overlay.draw({
      ...frameOf(), runs, start: effectiveStart(state, catalogs), showVectors: state.vectors,
      labels: { start: t('plot.start'), step: t('plot.step'), diverged: t('plot.diverged') },
    });
    onValues(runs.map((r) => (r.current ? r.current.loss : null)));
  };
  const drawThree = () => {
    const runs = runsNow();
    const start = effectiveStart(state, catalogs);
    const f0 = runs.find((r) => r.losses.length)?.losses[0];
    const surface = surfaceOf(state, catalogs);
    three.draw({
      landscape: app.landscape, domain: surfaceDomain(state, catalogs), runs, start: f0 === undefined ? null : [...start, f0],
      width: app.size.width, height: app.size.height, look: lookOf(state),
      labels: { z: t(wordKey(surface, 'plot.z')), axes: axisTitles(surface, t) },
    });
    onValues(runs.map((r) => (r.current ? r.current.loss : null)));
  };
  const drawCurves = () => {
    const runs = runsNow().map((r, i) => ({ ...r, gnorms: app.results.runs[i].gnorms })); // [] without results
    const surface = surfaceOf(state, catalogs);
    const axis = lossAxis(surface, app.results);
    const el = $('curves');
    if (!el.clientWidth || !el.clientHeight) return; // folded away (slide layouts): drawn once it shows
    curvesStep = step();
    curvesDrawn = true;
    curves.draw({
      runs, step: step(), width: el.clientWidth, height: el.clientHeight,
      lossShift: axis.shift, logLoss: axis.log, look: lookOf(state),
      labels: { loss: t(axis.label), grad: t(wordKey(surface, 'curves.grad')), step: t('curves.step') },
    });
  };
  // The curves follow once a slider drag settles: during the drag only the
  // overlay is redrawn, so each move costs one small Plotly.react.
  const drawCurvesLater = debounce(() => app.results && drawCurves(), 400);
  const drawCurvesSoon = () => {
    if (!curvesDrawn && app.results) drawCurves(); // the first results: at once
    else drawCurvesLater();
  };

  return { invalidate, drawCurves, drawCurvesSoon, overlay, landscape: landscapeFig };
}
