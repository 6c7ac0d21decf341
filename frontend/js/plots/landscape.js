// The static bottom layer: filled contour, colour bar, global minima and the
// optional −∇f field. Redrawn only when the surface, window or size changes.

import { plotSeparators } from '../format.js';
import { LANDSCAPE_SCALE, CONTOUR_LINE, FIELD_ARROW, INK } from '../palette.js';
import { marginFor, pixelsPerUnit, plotArea, span } from '../view.js';
import { fieldSegments } from './arrows.js';
import { transformGrid, zScale } from './zscale.js';

export const FONT = { family: '"Inter Variable", Inter, "Segoe UI", system-ui, -apple-system, "DejaVu Sans", sans-serif', size: 14, color: INK };
export const PLOT_CONFIG = Object.freeze({
  displayModeBar: false,
  responsive: false,
  scrollZoom: false,
  doubleClick: false,
  showTips: false,
});

/** Theme and projector mode as figures see them: text colour and a size factor. */
export const DEFAULT_LOOK = Object.freeze({ ink: INK, scale: 1, text: 1 });

export function lookFont(look = DEFAULT_LOOK) {
  return { ...FONT, color: look.ink, size: Math.round(FONT.size * look.text) };
}

/** Layout shared by both stacked figures: same size, margins and ranges. */
export function stackedLayout({ window, width, height, look = DEFAULT_LOOK, axes = ['x', 'y'] }, overlay = false) {
  const area = plotArea(width, height, marginFor(look));
  const axis = (range, title, room) => ({
    range: [...range],
    autorange: false,
    fixedrange: true,
    showgrid: false,
    zeroline: false,
    ticks: overlay ? '' : 'outside',
    ticklen: 5,
    tickcolor: look.ink,
    showticklabels: !overlay,
    showline: !overlay,
    linecolor: look.ink,
    mirror: !overlay,
    title: overlay ? undefined : { text: title, standoff: 6, font: { size: titleSize(title, room, look) } },
  });
  return {
    width,
    height,
    margin: { ...marginFor(look), autoexpand: false },
    xaxis: axis(window.x, axes[0], area.w),
    yaxis: axis(window.y, axes[1], area.h),
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    showlegend: false,
    dragmode: false,
    hovermode: overlay ? 'closest' : false,
    font: lookFont(look),
    separators: plotSeparators(),
  };
}

export function createLandscape(el) {
  const handle = {
    /**
     * landscape: the server's frame; window/width/height: the shared frame;
     * minima: [{x, y, value}] (a game's equilibria); field: draw the arrow field
     * (−∇f, or a game's descent–ascent field); labels: {colorbar, minimum, axes: [x, y]}.
     */
    draw({ landscape, window, width, height, minima, field, labels, look = DEFAULT_LOOK }) {
      const scale = zScale(landscape);
      const contour = {
        type: 'contour',
        x: landscape.x,
        y: landscape.y,
        z: transformGrid(landscape.z, scale),
        colorscale: LANDSCAPE_SCALE,
        zmin: scale.bounds[0],
        zmax: scale.bounds[1],
        autocontour: false,
        contours: contourLevels(scale),
        line: { color: CONTOUR_LINE, width: 0.7, smoothing: 0.6 },
        connectgaps: false,
        hoverinfo: 'skip',
        colorbar: {
          thickness: 14,
          len: 1,
          lenmode: 'fraction',
          x: 1,
          xanchor: 'left',
          xpad: 10,
          ypad: 0,
          outlinewidth: 0,
          tickfont: { size: Math.round(12 * look.text), color: look.ink },
          title: { text: labels.colorbar, side: labels.colorbar.length > 2 ? 'right' : 'top', font: { size: Math.round(13 * look.text), color: look.ink } },
          ...(scale.ticks ? { tickmode: 'array', tickvals: scale.ticks.vals, ticktext: scale.ticks.text } : {}),
        },
      };
      const traces = [contour];
      if (field && landscape.arrows) {
        const area = plotArea(width, height, marginFor(look));
        const k = pixelsPerUnit(window, area);
        const n = Math.max(1, Math.round(Math.sqrt(landscape.arrows.x.length)));
        const cellPx = Math.min((span(window.x) / n) * k.kx, (span(window.y) / n) * k.ky);
        const { xs, ys } = fieldSegments(landscape.arrows, k, cellPx);
        traces.push({
          type: 'scatter', mode: 'lines', x: xs, y: ys, hoverinfo: 'skip',
          line: { color: FIELD_ARROW, width: 1.2 }, connectgaps: false,
        });
      }
      if (minima.length) {
        traces.push({
          type: 'scatter', mode: 'markers', x: minima.map((m) => m.x), y: minima.map((m) => m.y),
          hoverinfo: 'skip', name: labels.minimum, cliponaxis: true,
          marker: { symbol: 'star', size: 17 * look.scale, color: '#ffffff', line: { color: INK, width: 1.6 * look.scale } },
        });
      }
      return Plotly.react(el, traces, stackedLayout({ window, width, height, look, axes: labels.axes }), PLOT_CONFIG);
    },
    /** New window or size without new data (zoom/pan preview, resize). */
    frame({ window, width, height }) {
      if (!el.data) return Promise.resolve();
      return Plotly.relayout(el, {
        'xaxis.range': [...window.x], 'yaxis.range': [...window.y], width, height,
      });
    },
  };
  return handle;
}

/** An axis title's font size: the figure's, or smaller where a long title (a game's player) would outrun its axis. */
function titleSize(title, room, look) {
  const size = lookFont(look).size;
  const length = 0.6 * size * String(title || '').length; // ~0.6 em per character
  return length > room ? Math.max(10, Math.floor((size * room) / length)) : size;
}

function contourLevels(scale) {
  const [lo, hi] = scale.bounds;
  const size = scale.log ? 0.25 : niceStep((hi - lo) / 24);
  // Levels at multiples of the step: the colour bar labels the levels (6, 4, 2, not 6.84, 4.34, 1.84).
  return { start: Math.floor(lo / size) * size, end: hi, size, coloring: 'fill', showlines: true };
}

function niceStep(raw) {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit < 1.5 ? 1 : unit < 3.5 ? 2 : unit < 7.5 ? 5 : 10) * power;
}
