// The transparent top layer. Its Plotly figure holds what does not move with
// the sliders: the start marker (dragged, hovered) and the axes that map
// pointer pixels to data. The paths, current-step markers, divergence marks
// and step vectors are painted on a canvas inside it (race-canvas.js), so a
// slider move costs no Plotly call; the figure is redrawn only when the start,
// window, size, look or language changes (docs/architecture.md).

import { INK } from '../palette.js';
import { plotSeparators } from '../format.js';
import { attachRaceHover } from './race-hover.js';
import { createRaceCanvas } from './race-canvas.js';
import { DEFAULT_LOOK, PLOT_CONFIG, stackedLayout } from './landscape.js';

export function createOverlay(el) {
  const race = createRaceCanvas(el);
  let drawnKey = null;
  attachRaceHover(el, race.el);
  return {
    el,
    race,
    /**
     * model: {window, width, height, start: [x, y], showVectors, labels,
     *   runs: [{name, color, dash, marker, xs, ys, upto, current: {x, y, step}|null,
     *           diverged: {xs, ys, last}|null, vectors: {gradient, update, momentum}|null}]}
     */
    draw(model) {
      const key = JSON.stringify([model.window, model.width, model.height, model.look, model.start, model.labels.start, plotSeparators()]);
      let figure = null;
      if (key !== drawnKey) {
        const layout = { ...stackedLayout(model, true), hoverlabel: { font: { size: 13 }, bordercolor: 'rgba(0,0,0,0)' } };
        figure = Plotly.react(el, startTrace(model), layout, PLOT_CONFIG);
        drawnKey = key;
      }
      race.draw(model);
      return figure || Promise.resolve(el);
    },
    /** Plot-area geometry for pointer mapping: offsets and lengths in px. */
    axes() {
      const full = el._fullLayout;
      if (!full || !full.xaxis) return null;
      const { xaxis: xa, yaxis: ya } = full;
      return {
        x0: xa._offset, w: xa._length, y0: ya._offset, h: ya._length,
        toData: (px, py) => [xa.p2c(px - xa._offset), ya.p2c(py - ya._offset)],
        toPixel: (x, y) => [xa._offset + xa.c2p(x), ya._offset + ya.c2p(y)],
      };
    },
  };
}

function startTrace(model) {
  const s = (model.look || DEFAULT_LOOK).scale; // projector mode: bigger marker
  return [{
    type: 'scatter', mode: 'markers', x: [model.start[0]], y: [model.start[1]],
    hovertemplate: `${escape(model.labels.start)}<extra></extra>`,
    marker: { symbol: 'circle-dot', size: 18 * s, color: '#ffffff', line: { color: INK, width: 2.5 * s } },
  }];
}

function escape(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
