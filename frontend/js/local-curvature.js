// Local curvature in the race (toggled by "Curvature", state.curvature, ?curv=1):
// the Hessian at each run's current point w_k as the axes of its quadratic
// model's ellipse, λmax(w_k) along the paths, and 2/λmax on the learning-rate
// sliders (at w_k and at the minimum the run heads for). On a game, whose
// stability is its descent–ascent field's Jacobian J rather than the Hessian of
// V (game-curvature.js): J's local flow at w_k with λ = α ± βi, the spectral
// radius of each run's step along the paths, and GDA's stable bound on its slider.
//
// Off the slider's hot path: the curvature of a scene is asked for once it is
// done and the drag has settled (one POST /api/curvature per run, its whole
// path as `points`), never inside the trajectory program. Every step of the
// player then reads what is already here; a scene whose curvature has not
// arrived yet shows none rather than a stale one.

import { CURVATURE_STRINGS } from './curvature-strings.js';
import { sliderMapping } from './controls.js';
import { debounce, h } from './dom.js';
import { fmt } from './format.js';
import { gameItem, gameReadout, gameRun, hasRadius, radiusAlong } from './game-curvature.js';
import { register } from './i18n.js';
import { lookOf, runColor, runDash } from './palette.js';
import { clearSliderMarks, createEllipseLayer, createLambdaCurve, placeSliderMarks, readoutLines } from './plots/curvature.js';
import { checkRequest, surfaceOf } from './scene.js';
import { runName } from './draw-model.js';

register(CURVATURE_STRINGS);

const SETTLE_MS = 200; // a slider drag sends scenes faster than this: only the last one is analysed
const COORDINATE_BOUND = 1e6; // the server's Point bound (schemas.py)
const NOT_FIXED_STEP = new Set(['newton', 'armijo', 'lbfgs']); // their lr is no fixed step size

/** The runs whose 2/λmax marks mean something: a first-order run with a fixed learning rate. */
export function isFirstOrder(optimizer) {
  return !NOT_FIXED_STEP.has(optimizer.id) && optimizer.hyperparameters.some((p) => p.name === 'lr');
}

/**
 * app: {results, mode…} read at draw time; step(): the player's step;
 * overlayAxes(): the overlay's pixel geometry; onToggle(): the state changed.
 */
export function createLocalCurvature({ state, catalogs, api, app, t, step, overlayAxes, onToggle }) {
  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const available = typeof api.curvature === 'function'; // not in an offline file
  const layer = createEllipseLayer($('plot-stack'));
  const readout = h('div', { class: 'curv-readout mono', hidden: true });
  $('plot-stack').append(readout);
  const curveEl = h('div', { class: 'curv-curve' });
  $('curves').parentElement.append(curveEl);
  const curve = createLambdaCurve(curveEl);
  const input = h('input', { type: 'checkbox', id: 'toggle-curvature', checked: state.curvature });
  const label = h('span', {});
  const toggle = h('label', { class: 'toggle curv-toggle' }, input, label);
  $('reset-view').before(toggle);
  let data = null; // {results, runs: [{high, low, vectors, minLr} | null]}
  let inFlight = null; // {controller, results}: the requests for a scene's curvature
  let failed = null;

  const on = () => available && state.curvature;
  const isGame = () => surfaceOf(state, catalogs)?.kind === 'game';
  const optimizerOf = (i) => catalogs.optimizers.find((o) => o.id === state.runs[i]?.optimizer);

  /** The minimum run i heads for: the catalog's nearest to its end, else its end if it converged. */
  const minimumOf = (run) => {
    const n = run.xs.length;
    if (!n) return null;
    const end = [run.xs[n - 1], run.ys[n - 1]];
    const minima = surfaceOf(state, catalogs)?.minima ?? [];
    if (minima.length) {
      const d = (m) => Math.hypot(m.x - end[0], m.y - end[1]);
      const best = minima.reduce((a, b) => (d(b) < d(a) ? b : a));
      return [best.x, best.y];
    }
    return run.summary?.status === 'converged' ? end : null;
  };

  const load = async (results) => {
    inFlight?.controller.abort();
    const controller = new AbortController();
    inFlight = { controller, results };
    const runs = [];
    const game = isGame();
    try {
      for (const run of results.runs) {
        const n = finitePrefix(run);
        if (!n) {
          runs.push(null);
          continue;
        }
        const points = Array.from({ length: n }, (_, k) => [run.xs[k], run.ys[k]]);
        const minimum = minimumOf(run);
        const answer = await api.curvature({ ...checkRequest(state, catalogs), point: minimum ?? points[0], points }, controller.signal);
        runs.push(game ? gameRun(answer, minimum) : {
          length: answer.path_eigenvalues.length,
          low: Float64Array.from(answer.path_eigenvalues, (e) => e[0] ?? NaN),
          high: Float64Array.from(answer.path_eigenvalues, (e) => e[1] ?? NaN),
          vectors: answer.path_eigenvectors,
          minLr: minimum ? answer.gd_stable_lr : null,
        });
      }
    } catch (error) {
      if (error.name === 'AbortError') return;
      failed = error.message || String(error);
      data = null;
      drawStep();
      return;
    }
    if (inFlight?.controller === controller) inFlight = null;
    if (results !== app.results) return;
    failed = null;
    data = { results, runs };
    drawStep();
    drawCurve();
  };
  const loadSoon = debounce(() => app.results && app.results.complete && load(app.results), SETTLE_MS);

  const current = () => {
    if (!on() || state.mode === '3d' || !data || data.results !== app.results) return null;
    const k = step();
    const items = [];
    data.runs.forEach((d, i) => {
      if (!d || i >= state.runs.length) return;
      const run = app.results.runs[i];
      const j = Math.min(k, d.length - 1);
      const at = { index: i, color: runColor(i), point: [run.xs[j], run.ys[j]] };
      if (d.game) {
        const item = gameItem(d, j, { ...at, optimizer: state.runs[i].optimizer, lr: state.runs[i].hp.lr });
        if (item) items.push(item);
        return;
      }
      const eigenvalues = [d.low[j], d.high[j]];
      if (!eigenvalues.every(Number.isFinite) || !d.vectors[j]) return;
      const here = eigenvalues[1] > 0 ? 2 / eigenvalues[1] : null;
      items.push({ run: i, color: at.color, point: at.point, eigenvalues, vectors: d.vectors[j], here, minLr: d.minLr });
    });
    return items;
  };

  const drawMarks = (items) => {
    const root = $('run-cards');
    clearSliderMarks(root);
    if (!items) return;
    for (const item of items) {
      const optimizer = optimizerOf(item.run);
      const slider = root.querySelector(`.run-card[data-run-index="${item.run}"] .param[data-param="lr"] .param-slider`);
      // On a game only simultaneous GDA has its bound marked: the others' steps are not I + ηJ.
      const marked = item.jacobian ? optimizer?.id === 'gda' : optimizer && isFirstOrder(optimizer);
      if (!slider || !marked) continue;
      const spec = optimizer.hyperparameters.find((p) => p.name === 'lr');
      const keys = item.jacobian ? ['curv.gameMarkHere', 'curv.gameMarkMin'] : ['curv.markHere', 'curv.markMin'];
      placeSliderMarks(slider, [
        { kind: 'here', value: item.here, title: t(keys[0], { lr: fmt(item.here) }) },
        { kind: 'min', value: item.minLr, title: t(keys[1], { lr: fmt(item.minLr) }) },
      ], sliderMapping(spec));
    }
  };

  function drawStep() {
    // A newer scene is on screen: the older one's remaining requests would only compete with it.
    if (inFlight && inFlight.results !== app.results) {
      inFlight.controller.abort();
      inFlight = null;
    }
    const items = current();
    body.classList.toggle('show-curvature', on() && state.mode !== '3d');
    // A tall or narrow curves box (beside the plot on a slide, a phone): λmax goes below the curves.
    const box = curveEl.parentElement;
    box.classList.toggle('curv-stacked', box.clientHeight > box.clientWidth || box.clientWidth < 600);
    if (!items) layer.hide();
    else layer.draw(items, overlayAxes(), lookOf(state));
    const lines = items ? items.map((item) => (item.jacobian ? gameReadout(item, t) : readoutLines([item], t)[0])) : failed && on() ? [{ color: 'inherit', text: t('curv.failed', { detail: failed }) }] : [];
    readout.hidden = !lines.length;
    readout.replaceChildren(...lines.map((line) => h('div', { style: { color: line.color } }, line.text)));
    drawMarks(items);
  }

  function drawCurve() {
    if (!on() || !data || data.results !== app.results || !curveEl.clientWidth || !curveEl.clientHeight) return;
    const runs = [];
    const lines = [];
    const look = lookOf(state);
    const game = data.runs.some((d) => d?.game);
    data.runs.forEach((d, i) => {
      if (!d || i >= state.runs.length) return;
      const { optimizer, hp } = state.runs[i];
      const series = { name: runName(state.runs[i], catalogs, t), color: runColor(i), dash: runDash(i) };
      if (!d.game) runs.push({ ...series, lambdas: d.high });
      else if (hasRadius(optimizer)) runs.push({ ...series, lambdas: radiusAlong(d, optimizer, hp.lr) });
      if (!d.game && optimizer === 'gd' && hp.lr > 0) lines.push({ color: runColor(i), value: 2 / hp.lr });
    });
    // On a game, ρ = 1 divides growing perturbations from shrinking ones (of runs that have ρ).
    if (game && runs.length) lines.push({ color: look.ink, value: 1 });
    const [title, hint] = game ? ['curv.gameCurveTitle', 'curv.gameCurveHint'] : ['curv.curveTitle', 'curv.curveHint'];
    curve.draw({
      runs, lines, width: curveEl.clientWidth, height: curveEl.clientHeight, look,
      symbol: game ? 'ρ' : 'λmax', linear: game,
      labels: { title: t(title), hint: t(hint), step: t('curves.step'), empty: game ? t('curv.gameCurveNone') : '' },
    });
  }

  input.addEventListener('change', () => {
    state.curvature = input.checked;
    if (state.curvature && (!data || data.results !== app.results)) loadSoon();
    drawStep();
    drawCurve();
    onToggle();
  });
  let size = '';
  new ResizeObserver(debounce(() => {
    const next = `${curveEl.clientWidth}x${curveEl.clientHeight}`;
    if (next !== size) {
      size = next;
      drawCurve();
    }
  }, 60)).observe(curveEl);

  const renderText = () => {
    toggle.hidden = !available;
    label.textContent = t('curv.toggle');
    toggle.title = t(isGame() ? 'curv.gameToggleTitle' : 'curv.toggleTitle');
  };
  renderText();
  return {
    /** A scene is done: analyse it once the drag settles. */
    scene() {
      if (on()) loadSoon();
    },
    drawStep,
    /** Language, theme, projector or cards changed. */
    redraw() {
      renderText();
      input.checked = state.curvature;
      drawStep();
      drawCurve();
    },
  };
}

/** Points of a run the server accepts: up to the first non-finite or far-out one. */
function finitePrefix(run) {
  let n = 0;
  while (n < run.xs.length && Math.abs(run.xs[n]) <= COORDINATE_BOUND && Math.abs(run.ys[n]) <= COORDINATE_BOUND) n++;
  return n;
}
