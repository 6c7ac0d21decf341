// Words that depend on what a surface is: a loss f to minimise over (x, y), or
// a min–max game's value V over its two players' axes. The surface catalog's
// `kind` and `axes` (compute/surfaces.py) decide; nothing here lists surfaces.

import { catalogText } from './runs.js';

/** Is this catalog surface a game (min over x, max over y)? null (a typed f) is not. */
export function isGame(surface) {
  return Boolean(surface && surface.kind === 'game');
}

/** The string key to use for `key` on this surface: its game form `${key}Game` for games. */
export function wordKey(surface, key) {
  return isGame(surface) ? `${key}Game` : key;
}

/** The x and y axis titles: the catalog's (translated); x and y for a typed f. */
export function axisTitles(surface, t) {
  return surface ? surface.axes.map((axis) => catalogText(t, axis)) : ['x', 'y'];
}

/** A game's two players' symbols, the last word of each axis title ("generator θ" -> θ). */
export function playerSymbols(surface) {
  return isGame(surface) ? surface.axes.map((axis) => axis.split(' ').at(-1)) : ['x', 'y'];
}
