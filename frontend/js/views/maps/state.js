// The Maps view's scene <-> the URL, through one table (as js/state.js does for
// the race): values equal to their default are left out; unknown or
// out-of-range values fall back to the default. Each map keeps its own
// surface, optimizer and hyperparameters, so switching between them and back
// restores both.

import { TYPES as LINK_TYPES } from '../../networks/state.js';
import { clone, equal } from '../../state.js';

export const KINDS = ['stability', 'basins'];
export const COLORS = ['loss', 'steps', 'status'];
export const MAX_COUNT = 128; // config.py curvature.max_axis_count
export const MAX_RESOLUTION = 256; // config.py curvature.max_basin_resolution

const number = LINK_TYPES.number.read;
const TYPES = {
  ...LINK_TYPES,
  // name:min:max:scale, e.g. lr:0.01:1:log
  axis: {
    write: (a) => [a.name, a.min, a.max, a.scale].join(':'),
    read: (s) => {
      const [name, lo, hi, scale] = s.split(':');
      const [min, max] = [number(lo ?? ''), number(hi ?? '')];
      if (!/^\w+$/.test(name || '') || min === undefined || max === undefined || !(min < max)) return undefined;
      if (!['log', 'linear'].includes(scale) || (scale === 'log' && min <= 0)) return undefined;
      return { name, min, max, scale };
    },
  },
};

export const PROPS = [
  { name: 'kind', key: 'map', type: 'string', def: 'stability', values: KINDS },
  { name: 'surface', key: 'surface', type: 'string', def: 'ill_conditioned' },
  { name: 'surfaceParams', key: 'sp', type: 'dict', def: {} },
  { name: 'optimizer', key: 'opt', type: 'string', def: 'momentum' },
  { name: 'hp', key: 'hp', type: 'dict', def: {} },
  { name: 'x', key: 'x', type: 'axis', def: { name: 'lr', min: 0.01, max: 1, scale: 'log' } },
  { name: 'y', key: 'y', type: 'axis', def: { name: 'momentum', min: 0, max: 0.99, scale: 'linear' } },
  { name: 'count', key: 'n', type: 'int', def: 128, min: 2, max: MAX_COUNT },
  { name: 'color', key: 'color', type: 'string', def: 'loss', values: COLORS },
  { name: 'basinSurface', key: 'bsurface', type: 'string', def: 'himmelblau' },
  { name: 'basinParams', key: 'bsp', type: 'dict', def: {} },
  { name: 'basinOptimizer', key: 'bopt', type: 'string', def: 'gd' },
  { name: 'basinHp', key: 'bhp', type: 'dict', def: { lr: 0.01 } },
  { name: 'resolution', key: 'res', type: 'int', def: 128, min: 2, max: MAX_RESOLUTION },
  { name: 'steps', key: 'steps', type: 'int', def: 200, min: 1, max: 10000 },
  { name: 'tolerance', key: 'tol', type: 'number', def: 1e-6, min: 0, max: 1e6 },
];

export function defaults() {
  return Object.fromEntries(PROPS.map((p) => [p.name, clone(p.def)]));
}

export function parse(search) {
  const raw = new URLSearchParams(search);
  const state = defaults();
  for (const prop of PROPS) {
    if (!raw.has(prop.key)) continue;
    const value = TYPES[prop.type].read(raw.get(prop.key));
    if (value === undefined) continue;
    if (prop.values && !prop.values.includes(value)) continue;
    if ((prop.min !== undefined && value < prop.min) || (prop.max !== undefined && value > prop.max)) continue;
    state[prop.name] = value;
  }
  return state;
}

export function serialize(state) {
  return PROPS.filter((p) => state[p.name] !== null && !equal(state[p.name], p.def))
    .map((p) => `${p.key}=${TYPES[p.type].write(state[p.name])}`)
    .join('&');
}

/** The map's own surface, optimizer and fixed hyperparameters: {surface, params, optimizer, hp}. */
export function sceneOf(state) {
  return state.kind === 'basins'
    ? { surface: state.basinSurface, params: state.basinParams, optimizer: state.basinOptimizer, hp: state.basinHp }
    : { surface: state.surface, params: state.surfaceParams, optimizer: state.optimizer, hp: state.hp };
}

/** Write {surface, params, optimizer, hp} back into the current map's keys. */
export function setScene(state, scene) {
  const keys = state.kind === 'basins'
    ? { surface: 'basinSurface', params: 'basinParams', optimizer: 'basinOptimizer', hp: 'basinHp' }
    : { surface: 'surface', params: 'surfaceParams', optimizer: 'optimizer', hp: 'hp' };
  for (const [from, to] of Object.entries(keys)) if (from in scene) state[to] = scene[from];
}
