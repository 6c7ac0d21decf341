// The visible window of the (x, y) plane and its mapping to pixels. Both
// stacked figures get the SAME window, size and margins, so they align exactly.

export const MARGIN = Object.freeze({ l: 66, r: 96, t: 14, b: 50 }); // l, b: tick labels, standoff and a title ("−0,5" and "maximierender Spieler y" met at 58)

/** The margins for text `look.text` times the normal size (projector mode): the tick labels and titles must fit. */
export function marginFor(look) {
  const k = look && look.text ? look.text : 1;
  return { l: Math.round(MARGIN.l * k), r: Math.round(MARGIN.r * k), t: MARGIN.t, b: Math.round(MARGIN.b * k) };
}

/** Plot-area size in pixels for a figure of width × height. */
export function plotArea(width, height, margin = MARGIN) {
  return { w: Math.max(10, width - margin.l - margin.r), h: Math.max(10, height - margin.t - margin.b) };
}

/** Equal axis scales make −∇f look perpendicular to the contour lines; only
 * when the domain is roughly square, else a tall strip would waste the screen. */
export function wantsEqualAspect(domain) {
  const ratio = span(domain.x) / span(domain.y);
  return ratio > 1 / 3 && ratio < 3;
}

/**
 * The window showing all of `base` in a plot area of `area` pixels: with equal
 * aspect, the shorter side is widened (centred) so one unit is as long in x as in y.
 */
export function fitWindow(base, area, equalAspect) {
  if (!equalAspect) return { x: [...base.x], y: [...base.y] };
  const scale = Math.max(span(base.x) / area.w, span(base.y) / area.h);
  return { x: around(mid(base.x), (scale * area.w) / 2), y: around(mid(base.y), (scale * area.h) / 2) };
}

/** Zoom by `factor` (< 1 zooms in) keeping the data point (cx, cy) fixed. */
export function zoomWindow(win, cx, cy, factor) {
  const scale = (lo, hi, c) => [c + (lo - c) * factor, c + (hi - c) * factor];
  return { x: scale(win.x[0], win.x[1], cx), y: scale(win.y[0], win.y[1], cy) };
}

export function panWindow(win, dx, dy) {
  return { x: [win.x[0] + dx, win.x[1] + dx], y: [win.y[0] + dy, win.y[1] + dy] };
}

/** Pixels per data unit along x and y. */
export function pixelsPerUnit(win, area) {
  return { kx: area.w / span(win.x), ky: area.h / span(win.y) };
}

/** Round a window's corners to 4 significant digits of its size (tidy URLs, stable keys). */
export function tidyWindow(win) {
  const round = (v, size) => {
    const q = 10 ** (Math.floor(Math.log10(size)) - 3);
    return Math.round(v / q) * q;
  };
  const fix = (lo, hi) => [Number(round(lo, hi - lo).toPrecision(12)), Number(round(hi, hi - lo).toPrecision(12))];
  return { x: fix(...win.x), y: fix(...win.y) };
}

export function span([lo, hi]) {
  return hi - lo;
}

function mid([lo, hi]) {
  return (lo + hi) / 2;
}

function around(center, half) {
  return [center - half, center + half];
}
