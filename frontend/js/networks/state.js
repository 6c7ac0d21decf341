// The Networks view's scene <-> the URL, through ONE table (as js/state.js
// does for the race): every control is a row, values equal to their default
// are left out, unknown or out-of-range values fall back to the default.

import { clone, equal } from '../state.js';

export const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 'all'];
// The batch-size comparison trains one run per batch size: at least two, at most
// five (five sockets; the server's stream threads take them in turn).
export const BATCH_RUNS = { min: 2, max: 5, largest: 2000 }; // largest: the API's batch_size bound

/** Batch sizes in ascending order, 'all' last, each once. */
export function sortBatches(list) {
  const key = (b) => (b === 'all' ? Infinity : b);
  return [...new Set(list)].sort((a, b) => key(a) - key(b));
}

export const TYPES = {
  string: { write: (v) => encodeURIComponent(v), read: (s) => s },
  number: { write: String, read: (s) => (s !== '' && Number.isFinite(Number(s)) ? Number(s) : undefined) },
  int: { write: String, read: (s) => (/^\d+$/.test(s) ? Number(s) : undefined) },
  bool: { write: (v) => (v ? '1' : '0'), read: (s) => (s === '1' ? true : s === '0' ? false : undefined) },
  ints: { write: (v) => v.join(','), read: (s) => (/^\d+(,\d+)*$/.test(s) ? s.split(',').map(Number) : undefined) },
  batch: { write: String, read: (s) => (s === 'all' ? 'all' : /^\d+$/.test(s) ? Number(s) : undefined) },
  batches: {
    write: (v) => v.join(','),
    read: (s) => {
      if (!/^(\d+|all)(,(\d+|all))*$/.test(s)) return undefined;
      const list = sortBatches(s.split(',').map((b) => (b === 'all' ? 'all' : Number(b))));
      const valid = list.every((b) => b === 'all' || (b >= 1 && b <= BATCH_RUNS.largest));
      return valid && list.length >= BATCH_RUNS.min && list.length <= BATCH_RUNS.max ? list : undefined;
    },
  },
  dict: {
    write: (d) => Object.entries(d).map(([k, v]) => `${k}:${v}`).join(','),
    read: (s) => {
      const out = {};
      for (const item of s.split(',')) {
        const [k, v] = item.split(':');
        if (k && /^\w+$/.test(k) && v !== undefined && v !== '' && Number.isFinite(Number(v))) out[k] = Number(v);
      }
      return out;
    },
  },
};

/** name: key in the state; key: query parameter; def: default (null: the server's). */
export const PROPS = [
  { name: 'dataset', key: 'data', type: 'string', def: 'moons' },
  { name: 'samples', key: 'n', type: 'int', def: 200, min: 8, max: 2000 },
  { name: 'noise', key: 'noise', type: 'number', def: null, min: 0, max: 3 },
  { name: 'classes', key: 'k', type: 'int', def: null, min: 2, max: 6 },
  { name: 'dataSeed', key: 'dseed', type: 'int', def: 0 },
  { name: 'testFraction', key: 'test', type: 'number', def: 0.2, min: 0, max: 0.8 },
  { name: 'kind', key: 'model', type: 'string', def: 'mlp', values: ['linear', 'logistic', 'neuron', 'mlp'] },
  { name: 'hidden', key: 'hidden', type: 'ints', def: [16, 16] },
  { name: 'activation', key: 'act', type: 'string', def: 'tanh' },
  { name: 'alpha', key: 'alpha', type: 'number', def: null, min: 0, max: 5 },
  { name: 'init', key: 'init', type: 'string', def: 'glorot', values: ['normal', 'glorot', 'he'] },
  { name: 'sigma', key: 'sigma', type: 'number', def: 0.1, min: 0.001, max: 10 },
  { name: 'loss', key: 'loss', type: 'string', def: null },
  { name: 'l2', key: 'l2', type: 'number', def: 0, min: 0, max: 10 },
  { name: 'steps', key: 'steps', type: 'int', def: 500, min: 1, max: 5000 },
  { name: 'seed', key: 'seed', type: 'int', def: 0 },
  { name: 'directions', key: 'dir', type: 'string', def: 'pca', values: ['random', 'pca', 'exact'] },
  { name: 'resolution', key: 'res', type: 'int', def: 41, min: 5, max: 101 },
  { name: 'optimizer', key: 'opt', type: 'string', def: 'adam' },
  { name: 'hp', key: 'hp', type: 'dict', def: { lr: 0.01 } },
  { name: 'batch', key: 'bs', type: 'batch', def: 32 },
  { name: 'compare', key: 'cmp', type: 'bool', def: false },
  { name: 'curvature', key: 'curv', type: 'bool', def: false },
  { name: 'curvEvery', key: 'every', type: 'int', def: 10, min: 1, max: 5000 },
  { name: 'optimizer2', key: 'opt2', type: 'string', def: 'gd' },
  { name: 'hp2', key: 'hp2', type: 'dict', def: { lr: 0.5 } },
  { name: 'batch2', key: 'bs2', type: 'batch', def: 'all' },
  { name: 'batchCompare', key: 'cmpbs', type: 'bool', def: false },
  { name: 'batches', key: 'bss', type: 'batches', def: [4, 16, 64, 'all'] },
];

export function defaults(props = PROPS) {
  return Object.fromEntries(props.map((p) => [p.name, clone(p.def)]));
}

export function parse(search, props = PROPS) {
  const state = defaults(props);
  const params = new URLSearchParams(search);
  for (const prop of props) {
    if (!params.has(prop.key)) continue;
    const value = TYPES[prop.type].read(params.get(prop.key));
    if (value === undefined) continue;
    if (prop.values && !prop.values.includes(value)) continue;
    if (prop.min !== undefined && value < prop.min) continue;
    if (prop.max !== undefined && value > prop.max) continue;
    state[prop.name] = value;
  }
  return state;
}

export function serialize(state, props = PROPS) {
  const parts = [];
  for (const prop of props) {
    const value = state[prop.name];
    if (value === null || value === undefined || equal(value, prop.def)) continue;
    parts.push(`${prop.key}=${TYPES[prop.type].write(value)}`);
  }
  return parts.join('&');
}

/**
 * A link's hyperparameters fitted to the optimizer's catalog spec: unknown
 * names dropped, values outside [min, max] clamped (a link with lr:50 would
 * otherwise be refused by the server and leave every plot empty).
 * Returns {hp, clamped: [{name, value, min, max, to}]}.
 */
export function fitHyperparameters(hp, spec) {
  const out = {};
  const clamped = [];
  for (const [name, value] of Object.entries(hp)) {
    const p = spec.hyperparameters.find((q) => q.name === name);
    if (!p) continue;
    const to = Math.min(Math.max(value, p.min ?? value), p.max ?? value);
    if (to !== value) clamped.push({ name, value, min: p.min, max: p.max, to });
    out[name] = to;
  }
  return { hp: out, clamped };
}

/** The body of POST /api/networks/run for run slot 0 (A) or 1 (B). */
export function requestBody(state, slot = 0) {
  const b = slot === 1;
  return {
    dataset: {
      name: state.dataset, samples: state.samples, noise: state.noise, seed: state.dataSeed,
      test_fraction: state.testFraction, classes: state.classes,
    },
    model: {
      kind: state.kind, hidden: state.hidden, activation: state.activation, alpha: state.alpha,
      init: { scheme: state.init, sigma: state.sigma },
    },
    loss: state.loss, l2: state.l2,
    optimizer: { id: b ? state.optimizer2 : state.optimizer, hyperparameters: b ? state.hp2 : state.hp },
    batch_size: b ? state.batch2 : state.batch,
    steps: state.steps, seed: state.seed,
    landscape: { directions: state.directions, resolution: state.resolution, span: 1.0 },
    decision: { resolution: 41, every: 100 },
    curvature: state.curvature ? { every: state.curvEvery, top_k: 5, density: true } : null,
  };
}

/**
 * The bodies of every run the scene trains: run A; A and B when comparing; or,
 * comparing batch sizes, run A's model, data, seed and optimizer once per batch
 * size, each tracking the sharpness (and without a landscape: one per run would
 * cost more than the training).
 */
export function requestBodies(state) {
  if (state.batchCompare) {
    return state.batches.map((b) => ({
      ...requestBody(state, 0), batch_size: b, landscape: null,
      curvature: { every: state.curvEvery, top_k: 5, density: true },
    }));
  }
  return (state.compare ? [0, 1] : [0]).map((slot) => requestBody(state, slot));
}
