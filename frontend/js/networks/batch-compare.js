// The batch-size comparison's parts beside the run machinery (state.js
// requestBodies trains run A once per batch size): each run's name and legend
// label, gradient descent's stability limit 2/η, and the note saying what the
// sharpness figure shows (Keskar et al. 2017; Cohen et al. 2021).

import { h } from '../dom.js';
import { fmt } from '../format.js';

/** {name, label, legend, threshold} of each batch size's run; no per-run 2/η (one line for all). */
export function batchRuns(state, t) {
  return state.batches.map((b) => ({
    name: b === 'all' ? t('nw.batchFull') : t('nw.batchRun', { b }),
    label: b === 'all' ? t('nw.batchAll') : String(b),
    legend: t('nw.batch'),
    threshold: null,
  }));
}

/**
 * 2/η for gradient descent (optimizer 'gd'), else null: on a quadratic GD is
 * stable iff λ_max < 2/η. hp without lr: the catalog's default.
 */
export function stabilityLimit(optimizer, hp, catalogs) {
  if (optimizer !== 'gd') return null;
  const lr = hp.lr ?? catalogs.optimizers.find((o) => o.id === 'gd')?.hyperparameters.find((p) => p.name === 'lr')?.default;
  return lr > 0 ? 2 / lr : null;
}

/** The note's parts: what the figure shows and, once every run is done, each final λ_max (cold Lanczos) against 2/η. */
export function batchNote(list, line, t) {
  const parts = [h('span', { class: 'nw-note-text' }, t(line ? 'nw.curvatureNote.batch' : 'nw.curvatureNote.batchOther'))];
  if (list.every((run) => run?.result?.curvature)) {
    const finals = list.map((run) => `${run.name}: ${fmt(run.result.curvature.top_eigenvalues[0])}`).join(' · ');
    parts.push(h('span', { class: 'nw-note-finals' }, t('nw.batchFinals', { list: finals }),
      line ? ` · 2/η = ${fmt(line)}` : ''));
  }
  return parts;
}
