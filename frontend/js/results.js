// Trajectories as they stream in: `segments` frames append, `done` finishes.

export function createResults(count) {
  const runs = Array.from({ length: count }, () => ({
    xs: [], ys: [], losses: [], gnorms: [], gradients: [], updates: [], momenta: [],
    summary: null, // {status, steps_taken, diverged_at, hyperparameters, final}
  }));
  return {
    runs,
    complete: false,
    /** A `segments` frame: each entry continues run `index` from global step `offset`. */
    append(frame) {
      for (const seg of frame.runs) {
        const run = runs[seg.index];
        if (!run) continue;
        const at = frame.offset;
        seg.points.forEach((p, k) => {
          run.xs[at + k] = p[0];
          run.ys[at + k] = p[1];
        });
        seg.losses.forEach((f, k) => {
          run.losses[at + k] = f;
        });
        seg.gradients.forEach((g, k) => {
          run.gradients[at + k] = g;
          run.gnorms[at + k] = Math.hypot(g[0], g[1]);
        });
        seg.updates.forEach((u, k) => {
          run.updates[at + k] = u;
        });
        (seg.momenta || []).forEach((m, k) => {
          run.momenta[at + k] = m;
        });
      }
    },
    /** The `done` frame: statuses; updates past the last step are dropped. */
    finish(frame) {
      frame.runs.forEach((summary, i) => {
        const run = runs[i];
        if (!run) return;
        const taken = Math.max(0, summary.steps_taken);
        run.updates.length = Math.min(run.updates.length, taken);
        run.momenta.length = Math.min(run.momenta.length, taken);
        const final = run.losses.length ? run.losses[run.losses.length - 1] : null;
        run.summary = { ...summary, final };
      });
      this.complete = true;
    },
    /** The last step any run reached. */
    lastStep() {
      return Math.max(0, ...runs.map((r) => r.xs.length - 1));
    },
  };
}
