// Everything around the figures: header, banner, toolbar, title, legend,
// player bar, keyboard, readout and error boxes. The sidebar is ui-sidebar.js.

import { fill, h } from './dom.js';
import { fmt } from './format.js';
import { applyStatic } from './i18n.js';
import { createLegend } from './legend.js';
import { runColor, runDash } from './palette.js';
import { catalogText } from './runs.js';
import { surfaceOf } from './scene.js';
import { isGame, playerSymbols, wordKey } from './wording.js';
import { CUSTOM } from './surface-panel.js';
import { createSidebar } from './ui-sidebar.js';
import { attachKeyboard } from './shell/keyboard.js';

const SPEEDS = [5, 15, 30, 60, 120, 250, 500, 1000, 2000];
const BUSY_DELAY_MS = 250;

export function createUi(actions) {
  const { state, catalogs, player } = actions;
  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const sidebar = createSidebar(actions);
  const legend = createLegend($('legend'));
  let busyTimer = 0;
  let legendKey = '';
  let statusKeys = [];

  // --- header, toolbar, player: listeners attached once ----------------------
  for (const button of document.querySelectorAll('.lang-btn')) {
    button.addEventListener('click', () => actions.setLanguage(button.dataset.lang));
  }
  for (const button of document.querySelectorAll('.seg-btn')) {
    button.addEventListener('click', () => actions.setMode(button.dataset.mode));
  }
  $('toggle-field').addEventListener('change', (e) => {
    state.field = e.target.checked;
    actions.redrawLandscape();
    actions.changed({ scene: false });
  });
  $('toggle-vectors').addEventListener('change', (e) => {
    state.vectors = e.target.checked;
    actions.changed({ scene: false, legend: true, overlay: true });
  });
  $('reset-view').addEventListener('click', () => actions.resetView());
  $('btn-play').addEventListener('click', () => player.toggle());
  $('btn-back').addEventListener('click', () => player.stepBy(-1));
  $('btn-forward').addEventListener('click', () => player.stepBy(1));
  $('btn-rewind').addEventListener('click', () => actions.seek(0));
  $('scrubber').addEventListener('input', (e) => actions.seek(Number(e.target.value)));
  $('speed').addEventListener('change', (e) => actions.setSpeed(Number(e.target.value)));
  // The shell's keys; Home and R rewind the race (the deck's `reset` restores the whole scene).
  const rewind = () => actions.seek(0);
  attachKeyboard({
    toggle: () => player.toggle(),
    step: (k) => player.stepBy(k - player.step),
    snapshot: () => ({ step: player.step }),
    reset: rewind,
  }, { End: () => actions.seek(player.last), r: rewind, R: rewind, f: toggleFullscreen, F: toggleFullscreen });

  const renderSurface = () => {
    const surface = surfaceOf(state, catalogs);
    const t = actions.t;
    $('surface-name').textContent = surface ? catalogText(t, surface.name) : t('surface.custom').replace(/…$/, '');
    const formula = $('surface-formula');
    if (surface) sidebar.tex.render(formula, `${isGame(surface) ? 'V' : 'f(x, y)'} = ${surface.formula}`);
    else {
      formula.textContent = `f(x, y) = ${state.expression}`;
      formula.classList.add('tex-source');
    }
    // A game's arrows are its descent–ascent field, not −∇f.
    const field = $('toggle-field').closest('label');
    field.title = t(wordKey(surface, 'view.fieldTitle'));
    field.querySelector('span').textContent = t(wordKey(surface, 'view.field'));
  };

  const renderLegend = (results) => {
    const t = actions.t;
    const items = state.runs.map((run, i) => {
      const summary = results && results.runs[i] ? results.runs[i].summary : null;
      return {
        name: actions.runName(i),
        color: runColor(i),
        dash: runDash(i),
        status: summary ? summary.status : 'computing',
        k: summary ? (summary.status === 'diverged' ? summary.diverged_at : summary.steps_taken) : '',
      };
    });
    const surface = surfaceOf(state, catalogs);
    // A game's arrow is its descent–ascent field, named by its players' symbols.
    const [x, y] = playerSymbols(surface);
    const vectors = state.vectors ? {
      gradient: { label: t(wordKey(surface, 'vec.gradient'), { x, y }), title: t(wordKey(surface, 'vec.gradientTitle'), { x, y }) },
      momentum: { label: t('vec.momentum'), title: t('vec.momentumTitle') },
      update: { label: t('vec.update'), title: t('vec.updateTitle') },
    } : null;
    const symbol = t(wordKey(surface, 'plot.z'));
    const key = JSON.stringify([items, vectors, actions.lang, symbol]);
    if (key === legendKey) return; // unchanged: keep the DOM (no style recalculation)
    legendKey = key;
    legend.render(items, vectors, t, symbol);
  };

  const renderSpeed = () => {
    const select = $('speed');
    fill(select, SPEEDS.map((n) => h('option', { value: n }, actions.t('player.speedUnit', { n }))));
    select.value = String(SPEEDS.includes(state.speed) ? state.speed : 60);
  };

  const ui = {
    legend,
    renderAll() {
      const t = actions.t;
      document.documentElement.lang = actions.lang;
      applyStatic(document, t);
      for (const button of document.querySelectorAll('.lang-btn')) {
        button.setAttribute('aria-pressed', String(button.dataset.lang === actions.lang));
      }
      $('toggle-field').checked = state.field;
      $('toggle-vectors').checked = state.vectors;
      sidebar.render();
      renderSurface();
      renderSpeed();
      legendKey = '';
      ui.renderStatuses(actions.results, true);
      ui.setPlaying(player.playing);
      ui.setStep(player.step, player.last);
      ui.setConnection(body.dataset.connection);
    },
    renderSurface: () => {
      renderSurface();
      sidebar.setStart(actions.start());
    },
    renderCards: () => {
      sidebar.renderCards();
      ui.renderStatuses(actions.results, true);
    },
    renderLegend,
    renderStatuses(results, force = false) {
      const statuses = state.runs.map((_, i) => (results && results.runs[i] ? results.runs[i].summary : null));
      sidebar.cards.forEach((card, i) => {
        const key = JSON.stringify(statuses[i] && [statuses[i].status, statuses[i].steps_taken, statuses[i].final]);
        if (!card || (!force && statusKeys[i] === key)) return;
        statusKeys[i] = key;
        card.setStatus(statuses[i], wordKey(surfaceOf(state, catalogs), 'status.final'));
      });
      renderLegend(results);
    },
    setStart: (start) => sidebar.setStart(start),
    refreshPanels: () => sidebar.refreshPanels(),
    showExpressionError: (error) => sidebar.showExpressionError(error),
    /** placed: errors.js's {expression, runs, general}. */
    showErrors(placed) {
      const t = actions.t;
      // The scene was refused as a whole: no run has a result (not "computing…" for ever).
      ui.renderStatuses({ runs: state.runs.map(() => ({ summary: { status: 'failed' } })) });
      sidebar.showExpressionError(placed.expression);
      sidebar.cards.forEach((card, i) => card && card.setError(placed.runs.has(i) ? t('error.invalid', { message: placed.runs.get(i) }) : null));
      const box = $('plot-error');
      const messages = [...placed.general];
      if (placed.expression) messages.push(`${t('expr.column', { column: placed.expression.column ?? '?' })}: ${placed.expression.message}`);
      if (placed.runs.size) messages.push(...[...placed.runs].map(([i, m]) => `${actions.runName(i)}: ${m}`));
      box.hidden = messages.length === 0;
      fill(box, messages.map((m) => h('div', {}, t('error.server', { message: m }))));
      $('plot-stack').classList.toggle('is-stale', messages.length > 0);
    },
    clearErrors() {
      sidebar.showExpressionError(null);
      sidebar.cards.forEach((card) => card && card.setError(null));
      $('plot-error').hidden = true;
      $('plot-stack').classList.remove('is-stale');
    },
    setStep(step, last) {
      const scrubber = $('scrubber');
      scrubber.max = String(last);
      scrubber.value = String(step);
      $('step-label').textContent = actions.t('player.step', { t: step, n: last });
      body.dataset.step = String(step);
      body.dataset.lastStep = String(last);
    },
    setPlaying(playing) {
      const button = $('btn-play');
      const label = actions.t(playing ? 'player.pause' : 'player.play');
      button.classList.toggle('is-playing', playing);
      button.title = label;
      button.setAttribute('aria-label', label);
    },
    setConnection(status) {
      const t = actions.t;
      $('conn').dataset.state = status;
      $('conn-text').textContent = t(`conn.${status}`);
      const banner = $('banner');
      banner.hidden = status !== 'unreachable';
      banner.textContent = status === 'unreachable' ? t('banner.unreachable') : '';
    },
    setBusy(busy) {
      body.dataset.busy = busy ? '1' : '0';
      clearTimeout(busyTimer);
      if (!busy) $('busy-bar').classList.remove('is-on');
      else busyTimer = setTimeout(() => $('busy-bar').classList.add('is-on'), BUSY_DELAY_MS);
    },
    setMode(mode) {
      for (const button of document.querySelectorAll('.seg-btn')) {
        button.setAttribute('aria-pressed', String(button.dataset.mode === mode));
      }
      const is3d = mode === '3d';
      $('surface3d').hidden = !is3d;
      $('landscape').hidden = is3d;
      $('overlay').hidden = is3d;
      $('plot-hint').hidden = is3d;
      $('toggle-field').disabled = is3d;
    },
    setReadout(x, y, landscape) {
      const readout = $('readout');
      if (x === null || !landscape) {
        readout.textContent = '';
        return;
      }
      const f = sample(landscape, x, y);
      const key = wordKey(surfaceOf(state, catalogs), 'view.readout');
      readout.textContent = actions.t(key, { x: fmt(x, 4), y: fmt(y, 4), f: fmt(f, 4) });
    },
  };
  return ui;
}

/** Fullscreen for the whole page (in an iframe only with allow="fullscreen"). */
export function toggleFullscreen() {
  const request = document.documentElement.requestFullscreen;
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  else if (request) document.documentElement.requestFullscreen().catch(() => {});
}

/** Bilinear interpolation of the landscape grid at (x, y); null outside. */
function sample(landscape, x, y) {
  const { x: xs, y: ys, z } = landscape;
  const fx = ((x - xs[0]) / (xs[xs.length - 1] - xs[0])) * (xs.length - 1);
  const fy = ((y - ys[0]) / (ys[ys.length - 1] - ys[0])) * (ys.length - 1);
  if (!(fx >= 0 && fy >= 0 && fx <= xs.length - 1 && fy <= ys.length - 1)) return null;
  const i = Math.min(Math.floor(fx), xs.length - 2);
  const j = Math.min(Math.floor(fy), ys.length - 2);
  const a = fx - i;
  const b = fy - j;
  const v = [z[j][i], z[j][i + 1], z[j + 1][i], z[j + 1][i + 1]];
  if (v.some((q) => q === null)) return null;
  return (1 - b) * ((1 - a) * v[0] + a * v[1]) + b * ((1 - a) * v[2] + a * v[3]);
}
