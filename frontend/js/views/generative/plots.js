// The GAN lab's curve figures, each `create(el, opts) -> {update, resize}`: the
// loss curves (L_D, L_G per iteration) and the distance curves (energy distance,
// grid JS) with, for mixtures, the modes covered. A curve figure is redrawn only
// when its data change; the shown snapshot is a dashed line moved over it (a
// Plotly redraw per scrubbed snapshot cost tens of ms; moving the line nothing).

import { plotSeparators } from '../../format.js';
import { lookOf } from '../../palette.js';
import { styledLayout, styledTraces } from '../../plots/look.js';
import { COLORS } from './plane.js';

const CONFIG = { displayModeBar: false, responsive: false };


function base(page, extra = {}) {
  return {
    font: { family: "'Inter Variable', Inter, system-ui, sans-serif", size: 12, color: lookOf(page).ink },
    paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', showlegend: false,
    separators: plotSeparators(), uirevision: 'keep', dragmode: false, hovermode: false, ...extra,
  };
}

export function curveLayout(page, title, extra = {}) {
  return base(page, {
    margin: { l: 44, r: 10, t: 24, b: 26 },
    title: { text: title, x: 0.01, xanchor: 'left', y: 0.98, yanchor: 'top', yref: 'container', font: { size: 12 } },
    xaxis: { zeroline: false, fixedrange: true, automargin: false },
    yaxis: { zeroline: false, fixedrange: true, automargin: false },
    ...extra,
  });
}

/**
 * A curve figure in `el`: `build()` -> {traces, layout}, redrawn only when
 * `key` changes (or on resize); the dashed line at iteration `step` is a
 * positioned element over it.
 */
export function curveFigure(el, page, build) {
  const plot = document.createElement('div');
  plot.className = 'gen-curve';
  const line = document.createElement('div');
  line.className = 'gen-marker';
  const key = document.createElement('div');
  key.className = 'gen-curve-key';
  el.append(plot, line, key);
  let drawn = null;
  let shown = null;
  const place = () => {
    const full = plot._fullLayout;
    if (!full || shown === null) return;
    const x = full._size.l + full.xaxis.l2p(shown);
    Object.assign(line.style, { left: `${x}px`, top: `${full._size.t}px`, height: `${full._size.h}px`, borderColor: lookOf(page).ink });
    line.hidden = !(x >= full._size.l - 1 && x <= full._size.l + full._size.w + 1);
  };
  const redraw = () => {
    if (!drawn) return;
    const { traces, layout } = drawn.build();
    const sized = { ...layout, width: el.clientWidth, height: el.clientHeight };
    window.Plotly.react(plot, styledTraces(traces, page), styledLayout(sized, page, el.clientWidth), CONFIG);
    // The key as HTML: Plotly dropped its legend in small figures (zero size at 800×450).
    key.style.right = `${(layout.margin ? layout.margin.r : 10) + 4}px`;
    key.replaceChildren(...traces.map((tr) => {
      const item = document.createElement('span');
      item.className = `gen-curve-name${tr.line.dash ? ' is-dashed' : ''}`;
      item.style.setProperty('--curve-color', tr.line.color);
      item.textContent = tr.name;
      return item;
    }));
    place();
  };
  return {
    update(key, step) {
      shown = step;
      if (!drawn || drawn.key !== key) {
        drawn = { key, build };
        redraw();
      } else place();
    },
    resize: redraw,
    plot,
  };
}

/** update({key, history: {d_loss, g_loss}, step}); key changes when the history does. */
export function createLossCurves(el, { t, page }) {
  let last = null;
  const figure = curveFigure(el, page, () => {
    const { history } = last;
    const x = history.d_loss.map((_, i) => i + 1);
    const traces = [
      { type: 'scatter', mode: 'lines', x, y: history.d_loss, name: t('generative.dLoss'), line: { color: COLORS.real, width: 1.5 } },
      { type: 'scatter', mode: 'lines', x, y: history.g_loss, name: t('generative.gLoss'), line: { color: COLORS.fake, width: 1.5 } },
    ];
    return { traces, layout: curveLayout(page, t('generative.losses')) };
  });
  return { update(state) { last = state; figure.update(state.key, state.step); }, resize: figure.resize, plot: figure.plot };
}

/** update({key, steps, distance, js, covered, modes, step}) */
export function createDistanceCurves(el, { t, page }) {
  let last = null;
  const figure = curveFigure(el, page, () => {
    const { steps, distance, js, covered, modes } = last;
    const traces = [
      { type: 'scatter', mode: 'lines+markers', x: steps, y: distance, name: t('generative.energy'), line: { color: COLORS.fake, width: 1.5 }, marker: { size: 3 } },
      { type: 'scatter', mode: 'lines', x: steps, y: js, name: t('generative.js'), line: { color: '#555', width: 1.5, dash: 'dot' } },
    ];
    const extra = {};
    if (covered && modes) {
      traces.push({ type: 'scatter', mode: 'lines', x: steps, y: covered, yaxis: 'y2', name: t('generative.coverage'), line: { color: COLORS.real, width: 1.5, shape: 'hv' } });
      extra.yaxis2 = { overlaying: 'y', side: 'right', range: [0, modes + 0.5], fixedrange: true, showgrid: false, tickmode: 'linear', tick0: 0, dtick: modes > 10 ? 5 : 2, tickfont: { color: COLORS.real } };
      extra.margin = { l: 44, r: 26, t: 24, b: 26 };
    }
    return { traces, layout: curveLayout(page, t('generative.distance'), extra) };
  });
  return { update(state) { last = state; figure.update(state.key, state.step); }, resize: figure.resize, plot: figure.plot };
}
