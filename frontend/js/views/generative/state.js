// The Generative view's scene <-> the URL, through ONE table read and written by
// the networks view's codec (js/networks/state.js): values equal to their
// default are left out, unknown or out-of-range values fall back to the default.
// Custom points travel as `pts=x:y,x:y,…` (two decimals), at most the server's limit.

import { parse as parseTable, serialize as serializeTable } from '../../networks/state.js';

export const MODES = ['gan', 'ae'];
export const PLAYERS = ['both', 'd', 'g'];
export const PENALTIES = ['none', 'r1', 'gp'];
const MAX_URL_POINTS = 1000;
const MAX_COORDINATE = 100;

/** name: key in the state; key: query parameter; def: default (null: the server's). */
export const PROPS = [
  { name: 'mode', key: 'mode', type: 'string', def: 'gan', values: MODES },
  { name: 'data', key: 'data', type: 'string', def: 'ring' },
  { name: 'samples', key: 'n', type: 'int', def: 300, min: 8, max: 1000 },
  { name: 'noise', key: 'noise', type: 'number', def: null, min: 0, max: 1 },
  { name: 'modes', key: 'modes', type: 'int', def: 25, values: [9, 25] },
  { name: 'dataSeed', key: 'dseed', type: 'int', def: 0 },
  { name: 'noiseDim', key: 'z', type: 'int', def: 2, min: 1, max: 8 },
  { name: 'gHidden', key: 'gh', type: 'ints', def: [32, 32] },
  { name: 'gAct', key: 'gact', type: 'string', def: 'relu' },
  { name: 'dHidden', key: 'dh', type: 'ints', def: [32, 32] },
  { name: 'dAct', key: 'dact', type: 'string', def: 'relu' },
  { name: 'loss', key: 'loss', type: 'string', def: 'non_saturating' },
  { name: 'penalty', key: 'pen', type: 'string', def: 'none', values: PENALTIES },
  { name: 'penaltyWeight', key: 'pw', type: 'number', def: 1, min: 0, max: 100 },
  { name: 'gOpt', key: 'gopt', type: 'string', def: 'adam' },
  { name: 'gHp', key: 'ghp', type: 'dict', def: { lr: 0.001, beta1: 0.5 } },
  { name: 'dOpt', key: 'dopt', type: 'string', def: 'adam' },
  { name: 'dHp', key: 'dhp', type: 'dict', def: { lr: 0.001, beta1: 0.5 } },
  { name: 'kD', key: 'kd', type: 'int', def: 1, min: 0, max: 10 },
  { name: 'kG', key: 'kg', type: 'int', def: 1, min: 0, max: 10 },
  { name: 'players', key: 'train', type: 'string', def: 'both', values: PLAYERS },
  { name: 'batch', key: 'bs', type: 'int', def: 150, min: 1, max: 512 },
  { name: 'steps', key: 'steps', type: 'int', def: 2000, min: 1, max: 5000 },
  { name: 'every', key: 'every', type: 'int', def: 50, min: 25, max: 5000 },
  { name: 'seed', key: 'seed', type: 'int', def: 0 },
  { name: 'snapshot', key: 'at', type: 'int', def: null, min: 0, max: 5000 },
  { name: 'aeHidden', key: 'aeh', type: 'ints', def: [64] },
  { name: 'aeAct', key: 'aeact', type: 'string', def: 'tanh' },
  { name: 'aeOpt', key: 'aeopt', type: 'string', def: 'adam' },
  { name: 'aeHp', key: 'aehp', type: 'dict', def: { lr: 0.01 } },
  { name: 'aeSteps', key: 'aesteps', type: 'int', def: 1500, min: 25, max: 5000 },
  { name: 'aeBatch', key: 'aebs', type: 'int', def: 64, min: 1, max: 1024 },
  { name: 'aeSeed', key: 'aeseed', type: 'int', def: 0 },
];

/** Custom points from `pts`: well-formed, finite, inside ±100, at most 1,000. */
export function readPoints(text) {
  if (!text) return [];
  const out = [];
  for (const item of text.split(',').slice(0, MAX_URL_POINTS)) {
    const [x, y] = item.split(':').map(Number);
    if (Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) <= MAX_COORDINATE && Math.abs(y) <= MAX_COORDINATE) {
      out.push([x, y]);
    }
  }
  return out;
}

export function writePoints(points) {
  return points.map(([x, y]) => `${+x.toFixed(2)}:${+y.toFixed(2)}`).join(',');
}

export function parse(search) {
  const state = parseTable(search, PROPS);
  state.points = readPoints(new URLSearchParams(search).get('pts'));
  return state;
}

export function serialize(state) {
  const table = serializeTable(state, PROPS);
  const pts = state.data === 'custom' && state.points.length ? `pts=${writePoints(state.points)}` : '';
  return [table, pts].filter(Boolean).join('&');
}

/** The body of a `train` message / POST /api/gan/run. */
export function ganBody(state, catalog) {
  const dist = catalog.distributions.find((d) => d.name === state.data);
  const custom = state.data === catalog.custom;
  const samples = custom ? state.points.length : state.samples;
  // Snapshots · samples is bounded by the server: widen `every` rather than fail.
  const limits = catalog.limits;
  const most = Math.min(limits.max_snapshots, Math.floor(limits.max_snapshot_points / Math.max(1, samples)));
  const chunk = catalog.chunk;
  let every = Math.max(chunk, Math.round(state.every / chunk) * chunk);
  while (Math.ceil(state.steps / every) + 1 > most) every += chunk;
  return {
    data: {
      name: state.data, samples: custom ? 8 : state.samples, noise: custom ? null : state.noise,
      seed: state.dataSeed, modes: dist && dist.modes.length > 1 ? state.modes : null,
      points: custom ? state.points : null,
    },
    generator: { noise_dim: state.noiseDim, hidden: state.gHidden, activation: state.gAct },
    discriminator: { hidden: state.dHidden, activation: state.dAct },
    loss: state.loss,
    penalty: { kind: state.penalty, weight: state.penaltyWeight },
    optimizers: {
      generator: { id: state.gOpt, hyperparameters: state.gHp },
      discriminator: { id: state.dOpt, hyperparameters: state.dHp },
    },
    k_discriminator: state.players === 'g' ? 0 : state.kD,
    k_generator: state.players === 'd' ? 0 : state.kG,
    batch_size: state.batch,
    steps: state.steps,
    seed: state.seed,
    every,
    view: { resolution: 30, field: 15, manifold: 15 },
  };
}
