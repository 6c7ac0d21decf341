// The whole scene as one plain object <-> the URL's query, through ONE table.
// Like TensorFlow Playground's State.PROPS: every control is a row here, so a
// reload or a shared link restores the exact scene. Values equal to their
// default are left out of the URL, which keeps links short.

export const DEFAULT_RUNS = Object.freeze([
  { optimizer: 'gd', hp: { lr: 0.002 }, label: '' },
  { optimizer: 'momentum', hp: { lr: 0.001 }, label: '' },
  { optimizer: 'adam', hp: { lr: 0.1 }, label: '' },
  { optimizer: 'rmsprop', hp: { lr: 0.01 }, label: '' },
]);

/** How each kind of value is written to and read from the query string. */
const TYPES = {
  string: { write: (v) => encodeURIComponent(v), read: (s) => s },
  number: { write: (v) => String(v), read: (s) => finiteOrUndefined(Number(s)) },
  int: { write: (v) => String(v), read: (s) => intOrUndefined(s) },
  bool: { write: (v) => (v ? '1' : '0'), read: (s) => (s === '1' || s === 'true' ? true : s === '0' || s === 'false' ? false : undefined) },
  point: { write: (v) => v.map(String).join(','), read: (s) => numbers(s, 2) },
  rect: { write: (v) => [...v.x, ...v.y].map(String).join(','), read: readRect },
  dict: { write: writeDict, read: readDict },
  runs: { write: writeRuns, read: readRuns },
};

/** name: key in the state object; key: the query parameter; def: the default. */
export const PROPS = [
  { name: 'surface', key: 'surface', type: 'string', def: 'rosenbrock' },
  { name: 'expression', key: 'f', type: 'string', def: '' }, // surface === 'custom'
  { name: 'domain', key: 'domain', type: 'rect', def: null }, // custom surface's domain
  { name: 'surfaceParams', key: 'sp', type: 'dict', def: {} },
  { name: 'start', key: 'start', type: 'point', def: null }, // null: the surface's start
  { name: 'steps', key: 'steps', type: 'int', def: 500, min: 1, max: 10000 },
  { name: 'tolerance', key: 'tol', type: 'number', def: 1e-8, min: 0 },
  { name: 'runs', key: 'runs', type: 'runs', def: DEFAULT_RUNS },
  { name: 'step', key: 't', type: 'int', def: null, min: 0 }, // null: the last step
  { name: 'view', key: 'view', type: 'rect', def: null }, // zoom window; null: the domain
  { name: 'mode', key: 'mode', type: 'string', def: '2d', values: ['2d', '3d'] },
  { name: 'field', key: 'field', type: 'bool', def: false },
  { name: 'vectors', key: 'vec', type: 'bool', def: true },
  { name: 'curvature', key: 'curv', type: 'bool', def: false }, // local-curvature.js
  { name: 'speed', key: 'speed', type: 'int', def: 60, min: 1, max: 2000 },
  { name: 'lang', key: 'lang', type: 'string', def: null, values: ['en', 'de'] },
  { name: 'theme', key: 'theme', type: 'string', def: 'light', values: ['light', 'dark'] },
  { name: 'projector', key: 'projector', type: 'bool', def: false }, // large fonts, thick lines
  { name: 'panel', key: 'panel', type: 'string', def: null, values: ['check', 'graph'] }, // opened on load
];

/** Parameters of the embed page only (docs/lecture.md); the scene's are PROPS. */
export const EMBED_CONTROLS = ['play', 'step', 'scrubber', 'speed', 'lr', 'legend', 'title', 'curves'];
export const DEFAULT_EMBED_CONTROLS = ['play', 'legend'];

/** ?controls=lr,play&autoplay=1&origin=https://slides.example -> {controls, autoplay, origin}. */
export function parseEmbed(search) {
  return embedParams(rawParams(search), EMBED_CONTROLS, DEFAULT_EMBED_CONTROLS);
}

/**
 * An embed's keys from parsed query `raw` (has/get): the controls among `allowed`
 * (else `defaults`), autoplay, and the page's origin when it is an http(s) URL.
 */
export function embedParams(raw, allowed, defaults) {
  const controls = raw.has('controls')
    ? raw.get('controls').split(',').map((c) => c.trim()).filter((c) => allowed.includes(c))
    : [...defaults];
  let origin = null;
  if (raw.has('origin')) {
    try {
      const url = new URL(raw.get('origin'));
      if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
    } catch {
      origin = null;
    }
  }
  return { controls, autoplay: raw.get('autoplay') === '1', origin };
}

/** The embed parameters -> query parts (appended after the scene's). */
export function serializeEmbed({ controls, autoplay, origin }) {
  const parts = [];
  if (controls && controls.join(',') !== DEFAULT_EMBED_CONTROLS.join(',')) parts.push(`controls=${controls.join(',')}`);
  if (autoplay) parts.push('autoplay=1');
  if (origin) parts.push(`origin=${encodeURIComponent(origin)}`);
  return parts.join('&');
}

export function defaults() {
  return Object.fromEntries(PROPS.map((p) => [p.name, clone(p.def)]));
}

/** Query string (with or without '?') -> complete state (defaults filled in). */
export function parse(search) {
  const raw = rawParams(search);
  const state = defaults();
  for (const prop of PROPS) {
    if (!raw.has(prop.key)) continue;
    const value = TYPES[prop.type].read(raw.get(prop.key));
    if (value !== undefined && isAllowed(prop, value)) state[prop.name] = value;
  }
  return state;
}

/** State -> query string without '?'; only values that differ from the default. */
export function serialize(state) {
  const parts = [];
  for (const prop of PROPS) {
    const value = state[prop.name];
    if (value === null || value === undefined || equal(value, prop.def)) continue;
    parts.push(`${prop.key}=${TYPES[prop.type].write(value)}`);
  }
  return parts.join('&');
}

function isAllowed(prop, value) {
  if (prop.values && !prop.values.includes(value)) return false;
  if (prop.min !== undefined && value < prop.min) return false;
  if (prop.max !== undefined && value > prop.max) return false;
  return true;
}

// Separators (& = , ; : ~) stay raw; free text inside is percent-encoded, so
// links stay readable: runs=gd:lr=0.002;adam:lr=0.1,beta1=0.8~fast%20Adam
function rawParams(search) {
  const out = new Map();
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    let value = eq < 0 ? '' : part.slice(eq + 1).replace(/\+/g, '%20');
    // A link whose separators were percent-encoded by some other tool.
    if (!/[:;,=~]/.test(value) && /%(3A|3B|2C|3D|7E)/i.test(value)) value = safeDecode(value);
    out.set(key, key === 'runs' || key === 'sp' ? value : safeDecode(value));
  }
  return out;
}

function writeDict(dict) {
  return Object.entries(dict)
    .map(([k, v]) => `${encodeURIComponent(k)}:${v}`)
    .join(',');
}

function readDict(text) {
  const out = {};
  for (const item of text.split(',')) {
    const [k, v] = item.split(':');
    const value = Number(v);
    if (k && v !== undefined && Number.isFinite(value)) out[safeDecode(k)] = value;
  }
  return out;
}

function writeRuns(runs) {
  return runs
    .map((run) => {
      const params = Object.entries(run.hp).map(([k, v]) => `${k}=${v}`).join(',');
      const label = run.label ? `~${encodeURIComponent(run.label)}` : '';
      return `${run.optimizer}${params ? `:${params}` : ''}${label}`;
    })
    .join(';');
}

function readRuns(text) {
  const runs = [];
  for (const item of text.split(';')) {
    if (!item) continue;
    const tilde = item.indexOf('~');
    const spec = tilde < 0 ? item : item.slice(0, tilde);
    const label = tilde < 0 ? '' : safeDecode(item.slice(tilde + 1));
    const [optimizer, params = ''] = spec.split(':');
    if (!/^[a-z0-9_]+$/i.test(optimizer)) continue;
    const hp = {};
    for (const pair of params.split(',')) {
      const [k, v] = pair.split('=');
      const value = Number(v);
      if (k && v !== undefined && v !== '' && Number.isFinite(value)) hp[k] = value;
    }
    runs.push({ optimizer, hp, label });
  }
  return runs.length ? runs : undefined;
}

function readRect(text) {
  const v = numbers(text, 4);
  if (!v || !(v[0] < v[1] && v[2] < v[3])) return undefined;
  return { x: [v[0], v[1]], y: [v[2], v[3]] };
}

function numbers(text, count) {
  const values = text.split(',').map(Number);
  return values.length === count && values.every(Number.isFinite) ? values : undefined;
}

function finiteOrUndefined(value) {
  return Number.isFinite(value) ? value : undefined;
}

function intOrUndefined(text) {
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function clone(value) {
  return value === null || typeof value !== 'object' ? value : structuredClone(value);
}

export function equal(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
