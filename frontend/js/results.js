// Trajectories as they stream in: `segments` frames append, `done` finishes.
//
// Each run keeps one Float32Array per column (frames.js); xs, ys, losses and
// gnorms are views of the first `length` rows, handed to Plotly as they are. A
// run's first segment is adopted without a copy (a binary frame's views); later
// ones are copied in behind it.

import { segmentColumns } from './frames.js';

const NO_ROWS = new Float32Array(0);

function createRun() {
  const store = {}; // column name -> Float32Array (capacity >= length)
  const view = (name) => (store[name] ? store[name].subarray(0, run.length) : NO_ROWS);
  const pair = (a, b, k, count) => {
    if (k < 0 || k >= count || !store[a]) return null;
    const u = store[a][k];
    const v = store[b][k];
    return Number.isNaN(u) || Number.isNaN(v) ? null : [u, v];
  };
  const put = (name, values, at) => {
    const end = at + values.length;
    const old = store[name];
    if (!old && at === 0) {
      store[name] = values;
      return;
    }
    if (!old || old.length < end) {
      const grown = new Float32Array(Math.max(end, 2 * (old ? old.length : 0)));
      if (old) grown.set(old.subarray(0, Math.min(old.length, at)));
      store[name] = grown;
    }
    store[name].set(values, at);
  };
  const run = {
    length: 0, // points received
    updateCount: 0, // rows of dx, dy, mx, my that are steps taken
    xs: NO_ROWS, ys: NO_ROWS, losses: NO_ROWS, gnorms: NO_ROWS,
    summary: null, // {status, steps_taken, diverged_at, hyperparameters, final}
    append(columns, rows, at) {
      for (const [name, values] of Object.entries(columns)) put(name, values, at);
      if (columns.gx) {
        const gnorm = new Float32Array(rows);
        for (let k = 0; k < rows; k++) gnorm[k] = Math.hypot(columns.gx[k], columns.gy[k]);
        put('gnorm', gnorm, at);
      }
      run.length = Math.max(run.length, at + rows);
      run.updateCount = run.length;
      [run.xs, run.ys, run.losses, run.gnorms] = ['x', 'y', 'loss', 'gnorm'].map(view);
    },
    /** [gx, gy] at point k, or null. */
    gradient: (k) => pair('gx', 'gy', k, run.length),
    /** The step Δw taken from point k, or null (the final point has none). */
    update: (k) => pair('dx', 'dy', k, run.updateCount),
    /** The first moment m after step k, or null (optimizers without one). */
    momentum: (k) => pair('mx', 'my', k, run.updateCount),
  };
  return run;
}

export function createResults(count) {
  const runs = Array.from({ length: count }, createRun);
  return {
    runs,
    complete: false,
    /** A `segments` frame: each entry continues run `index` from global step `offset`. */
    append(frame) {
      for (const seg of frame.runs) {
        const run = runs[seg.index];
        if (!run) continue;
        const { rows, columns } = segmentColumns(seg);
        run.append(columns, rows, frame.offset);
      }
    },
    /** The `done` frame: statuses; updates past the last step are dropped. */
    finish(frame) {
      frame.runs.forEach((summary, i) => {
        const run = runs[i];
        if (!run) return;
        run.updateCount = Math.min(run.length, Math.max(0, summary.steps_taken));
        const last = run.length ? run.losses[run.length - 1] : NaN;
        run.summary = { ...summary, final: Number.isFinite(last) ? last : null };
      });
      this.complete = true;
    },
    /** The last step any run reached. */
    lastStep() {
      return Math.max(0, ...runs.map((r) => r.length - 1));
    },
  };
}
