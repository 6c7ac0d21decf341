// State -> the request bodies of docs/protocol.md (landscape, trajectories, sweep) and of
// the sidebar's gradient check and computation graph.

import { CUSTOM, DEFAULT_DOMAIN } from './surface-panel.js';
import { tidyWindow } from './view.js';

export const RESOLUTION = 200;
export const FIELD_ARROWS = 20;
export const SWEEP = Object.freeze({ min: 1e-4, max: 1, count: 32 });

export function surfaceOf(state, catalogs) {
  return state.surface === CUSTOM ? null : catalogs.surfaces.find((s) => s.id === state.surface) || null;
}

/** The domain the surface is defined on (custom: the typed one). */
export function surfaceDomain(state, catalogs) {
  const surface = surfaceOf(state, catalogs);
  return surface ? surface.domain : state.domain || DEFAULT_DOMAIN;
}

/** Where runs start: the chosen point, else the surface's (the server's rule for custom ones). */
export function effectiveStart(state, catalogs) {
  if (state.start) return state.start;
  const surface = surfaceOf(state, catalogs);
  if (surface) return surface.start;
  const d = surfaceDomain(state, catalogs);
  return [d.x[0] + 0.8 * (d.x[1] - d.x[0]), d.y[0] + 0.8 * (d.y[1] - d.y[0])];
}

function surfaceFields(state) {
  if (state.surface === CUSTOM) {
    return { surface: { expression: state.expression, domain: state.domain || DEFAULT_DOMAIN }, surface_params: null };
  }
  const params = Object.keys(state.surfaceParams).length ? state.surfaceParams : null;
  return { surface: state.surface, surface_params: params };
}

export function landscapeRequest(state, window) {
  const domain = tidyWindow(window);
  return { ...surfaceFields(state), domain, resolution: RESOLUTION, arrows: FIELD_ARROWS };
}

export function landscapeKey(state, window) {
  return JSON.stringify(landscapeRequest(state, window));
}

export function trajectoryRequest(state, catalogs) {
  if (!state.runs.length) return null;
  return {
    ...surfaceFields(state),
    start: effectiveStart(state, catalogs),
    steps: state.steps,
    tolerance: state.tolerance,
    runs: state.runs.map((run) => ({ optimizer: run.optimizer, hyperparameters: { ...run.hp } })),
  };
}

/** The body of POST /api/graph: a typed expression at the start point; null for the others. */
export function graphRequest(state, catalogs) {
  if (state.surface !== CUSTOM) return null;
  return { expression: state.expression, point: effectiveStart(state, catalogs) };
}

/** The body of POST /api/gradient-check: the surface at the start point. */
export function checkRequest(state, catalogs) {
  return { ...surfaceFields(state), point: effectiveStart(state, catalogs) };
}

export function sweepRequest(state, catalogs, run, lrSpec) {
  return {
    ...surfaceFields(state),
    start: effectiveStart(state, catalogs),
    steps: state.steps,
    tolerance: state.tolerance,
    optimizer: run.optimizer,
    hyperparameters: { ...run.hp },
    learning_rates: {
      min: Math.max(SWEEP.min, lrSpec.min),
      max: Math.min(SWEEP.max, lrSpec.max),
      count: SWEEP.count,
    },
  };
}
