// The page's looks applied to any Plotly figure of a view: the dark theme's ink
// and backgrounds, projector mode's larger text (palette.js PROJECTOR.text),
// wider margins and thicker lines (PROJECTOR.scale). The views' draw functions
// build their layouts for the light page at normal size and pass them here.

import { lookOf } from '../palette.js';

const DARK = { plot: '#181c25', grid: '#2f3644', legend: 'rgba(24, 28, 37, 0.85)' };

function scaleFont(font, look, fallback) {
  return { ...font, size: Math.round((font?.size ?? fallback) * look.text), color: look.ink };
}

// A title wider than its figure is cut by Plotly: shrink it to fit (an Inter
// character is ~0.55 em wide on average), but not below 11 px.
const CHAR_EM = 0.55;
const MIN_TITLE_PX = 11;

function fitted(font, text, width) {
  if (!width || !text) return font;
  const room = (width - 16) / (CHAR_EM * text.length);
  return { ...font, size: Math.max(MIN_TITLE_PX, Math.min(font.size, Math.floor(room))) };
}

/**
 * A layout styled for `page` = {theme, projector} (a copy; the input is not
 * changed); `width`: the figure's width in px, to keep its title whole.
 */
export function styledLayout(layout, page, width = 0) {
  const look = lookOf(page);
  const dark = page.theme === 'dark';
  const out = { ...layout, font: scaleFont(layout.font, look, 12) };
  if (dark) out.plot_bgcolor = DARK.plot;
  if (layout.title) out.title = { ...layout.title, font: fitted(scaleFont(layout.title.font, look, 13), layout.title.text, width) };
  if (layout.legend) {
    out.legend = { ...layout.legend, font: scaleFont(layout.legend.font, look, 11) };
    if (dark && layout.legend.bgcolor !== 'rgba(0,0,0,0)') out.legend.bgcolor = DARK.legend;
  }
  if (layout.margin) {
    const m = layout.margin;
    // + a few px below: larger titles' glyphs would touch the figure's bottom edge
    const below = look.text > 1 ? 6 : 0;
    out.margin = { ...m, l: Math.round(m.l * look.text), b: Math.round(m.b * look.text) + below, t: Math.round(m.t * look.text) };
  }
  for (const key of Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k))) {
    const axis = layout[key];
    out[key] = { automargin: true, ...axis, tickfont: scaleFont(axis.tickfont, look, 12) }; // room for larger ticks and titles
    if (axis.title) out[key].title = { ...axis.title, font: scaleFont(axis.title.font, look, 12) };
    if (dark) Object.assign(out[key], { gridcolor: DARK.grid, linecolor: DARK.grid, zerolinecolor: DARK.grid });
  }
  if (layout.annotations) {
    out.annotations = layout.annotations.map((a) => ({ ...a, font: { ...scaleFont(a.font, look, 12), color: a.font?.color && !dark ? a.font.color : look.ink } }));
  }
  return out;
}

/** Traces with lines and markers thickened for projector mode (copies). */
export function styledTraces(traces, page) {
  const { scale } = lookOf(page);
  if (scale === 1) return traces;
  return traces.map((trace) => {
    const out = { ...trace };
    if (trace.line && trace.type !== 'contour') out.line = { ...trace.line, width: (trace.line.width ?? 2) * scale };
    if (trace.marker && typeof trace.marker.size === 'number') out.marker = { ...trace.marker, size: trace.marker.size * scale };
    return out;
  });
}
