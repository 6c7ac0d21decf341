// Colours. Runs: Okabe & Ito (2008), safe for the common colour-vision
// deficiencies; ordered so the first four contrast best on the light landscape.
// Landscape: the light half of Paul Tol's "iridescent" sequential scheme, so the
// saturated path colours always stand out above it.

export const RUN_COLORS = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#8C6D1F', // dark yellow (Okabe–Ito yellow is too faint on the landscape)
];

// Runs 9–16 (and 17–24) repeat the eight colours with another line style and
// marker, so no two of the up to 16 runs (config.py max_runs) look alike.
const RUN_DASHES = ['solid', 'dash', 'dot'];
const RUN_MARKERS = ['circle', 'diamond', 'square'];

export function runColor(index) {
  return RUN_COLORS[index % RUN_COLORS.length];
}

/** Run i's line style: Plotly's dash name; the same style in the legend (CSS border style). */
export function runDash(index) {
  return RUN_DASHES[Math.floor(index / RUN_COLORS.length) % RUN_DASHES.length];
}

export function runMarker(index) {
  return RUN_MARKERS[Math.floor(index / RUN_COLORS.length) % RUN_MARKERS.length];
}

/** Plotly dash name -> CSS border style, for swatches beside the figures. */
export const CSS_DASH = { solid: 'solid', dash: 'dashed', dot: 'dotted' };

const IRIDESCENT = [
  '#FEFBE9', '#FCF7D5', '#F5F3C1', '#EAF0B5', '#DDECBF', '#D0E7CA', '#C2E3D2',
  '#B5DDD8', '#A8D8DC', '#9BD2E1', '#8DCBE4', '#81C4E7',
];

export const LANDSCAPE_SCALE = IRIDESCENT.map((color, i) => [i / (IRIDESCENT.length - 1), color]);

export const INK = '#1f2430';
export const CONTOUR_LINE = 'rgba(31, 36, 48, 0.2)';
export const FIELD_ARROW = 'rgba(31, 36, 48, 0.5)';
export const VECTOR = { gradient: '#1f2430', momentum: '#5b6170' };
export const DANGER = '#B2182B';

export const DARK_INK = '#e6e9f0';
export const PROJECTOR = Object.freeze({ scale: 1.7, text: 1.5 }); // text: 12 px labels become 18 px; margins grow with it (view.js)

/** What the figures need of the theme and projector mode: text colour, line and text size factors. */
export function lookOf(state) {
  const ink = state.theme === 'dark' ? DARK_INK : INK;
  return state.projector ? { ink, ...PROJECTOR } : { ink, scale: 1, text: 1 };
}
