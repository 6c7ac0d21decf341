// Results + state -> what each figure draws. Pure functions, no Plotly here.

import { fmt } from './format.js';
import { runColor, runDash, runMarker } from './palette.js';
import { catalogText } from './runs.js';
import { isGame } from './wording.js';

/** Display name of run i: its label, else the optimizer's name and η. */
export function runName(run, catalogs, t) {
  if (run.label) return run.label;
  const spec = catalogs.optimizers.find((o) => o.id === run.optimizer);
  const name = spec ? catalogText(t, spec.name) : run.optimizer;
  return 'lr' in run.hp ? `${name} η=${fmt(run.hp.lr)}` : name;
}

/** Runs as drawn at step `step`: paths up to it, markers at it, vectors from it. */
export function drawnRuns({ state, results, step, catalogs, t }) {
  if (!results) return [];
  const count = Math.min(state.runs.length, results.runs.length);
  const out = [];
  for (let i = 0; i < count; i++) {
    const r = results.runs[i];
    const last = r.xs.length - 1;
    const k = Math.min(step, last);
    const summary = r.summary;
    const diverged = summary && summary.status === 'diverged' && last >= 0 && step >= last;
    out.push({
      index: i,
      name: runName(state.runs[i], catalogs, t),
      color: runColor(i),
      dash: runDash(i),
      marker: runMarker(i),
      xs: r.xs,
      ys: r.ys,
      losses: r.losses,
      upto: k,
      current: k >= 0 ? { x: r.xs[k], y: r.ys[k], step: k, loss: finiteOrNull(r.losses[k]) } : null,
      diverged: diverged ? { xs: r.xs, ys: r.ys, last } : null,
      vectors: k >= 0 ? { gradient: r.gradient(k), update: r.update(k), momentum: r.momentum(k) } : null,
    });
  }
  return out;
}

function finiteOrNull(value) {
  return Number.isFinite(value) ? value : null;
}

/**
 * The loss axis: a game's value V as it is (an equilibrium is no minimum: V
 * goes below it); "f − f*" on a log scale when the global minimum f* is known;
 * else f itself, on a log scale only if every loss is positive.
 */
export function lossAxis(surface, results) {
  if (isGame(surface)) return { shift: 0, log: false, label: 'curves.value' };
  if (surface && surface.minima.length) {
    return { shift: Math.min(...surface.minima.map((m) => m.value)), log: true, label: 'curves.loss' };
  }
  let lowest = Infinity;
  for (const r of results ? results.runs : []) for (const f of r.losses) if (f < lowest) lowest = f;
  return { shift: 0, log: lowest > 0, label: 'curves.lossPlain' };
}
