// Loss and gradient norm against the step, both log y, for every run; a
// vertical line marks the scrubber's step; a click on a curve moves it there.

import { plotSeparators } from '../format.js';
import { DEFAULT_LOOK, PLOT_CONFIG, lookFont } from './landscape.js';

export function createCurves(el, { onPick }) {
  let listening = false;
  // The step marker is two plain divs over the figure: moving it every frame
  // while playing must not cost a Plotly relayout.
  const host = el.parentElement;
  const markers = ['xaxis', 'xaxis2'].map(() => {
    const div = document.createElement('div');
    div.className = 'curves-marker';
    div.hidden = true;
    host.append(div);
    return div;
  });
  const place = (step) => {
    const full = el._fullLayout;
    markers.forEach((div, i) => {
      const xa = full && full[i ? 'xaxis2' : 'xaxis'];
      const ya = full && full[i ? 'yaxis2' : 'yaxis'];
      if (!xa || !ya || !xa._length || step === null) {
        div.hidden = true;
        return;
      }
      const px = xa._offset + xa.c2p(step);
      div.hidden = !(px >= xa._offset - 1 && px <= xa._offset + xa._length + 1);
      div.style.transform = `translateX(${el.offsetLeft + px}px)`;
      div.style.top = `${el.offsetTop + ya._offset}px`;
      div.style.height = `${ya._length}px`;
    });
  };
  return {
    /** runs: [{name, color, losses, gnorms}]; lossShift: f* subtracted for the log axis. */
    draw({ runs, step, width, height, lossShift, logLoss, labels, look = DEFAULT_LOOK }) {
      const traces = [];
      runs.forEach((run) => {
        const steps = run.losses.map((_, i) => i);
        const loss = run.losses.map((f) => (logLoss ? Math.max(f - lossShift, 1e-30) : f));
        const common = { type: 'scatter', mode: 'lines', x: steps, name: run.name, line: { color: run.color, width: 2 * look.scale, dash: run.dash } };
        traces.push({ ...common, y: loss, xaxis: 'x', yaxis: 'y', hovertemplate: `${run.name}: %{y:.3g}<extra></extra>` });
        traces.push({ ...common, y: run.gnorms, xaxis: 'x2', yaxis: 'y2', hovertemplate: `${run.name}: %{y:.3g}<extra></extra>` });
      });
      // Side by side in a wide box; one above the other in a tall one (beside the plot on a slide).
      const stacked = height > width;
      const text = (size) => Math.round(size * look.text);
      // Projector mode: 14 px × 1.5, so even the exponents of 10⁻⁶ stay 18 px or more.
      const tick = look.text > 1 ? text(14) : 12;
      const panel = stacked ? height / 2 : height;
      const panelWidth = (stacked ? width : width * 0.46) - text(62) - 16;
      const axis = (extra) => ({
        showline: true, linecolor: look.ink, ticks: 'outside', ticklen: 4,
        tickcolor: look.ink, gridcolor: 'rgba(128,136,152,0.18)', zeroline: false,
        fixedrange: true, automargin: false, tickfont: { size: tick }, ...extra,
      });
      // Few enough ticks that labels never touch: a log axis with room for one
      // label per 2.5 text heights gets decades only, never 2 and 5 between them.
      const yTicks = Math.max(2, Math.floor((panel - 70) / (2.5 * tick)));
      const logTicks = (key) => decadeTicks(traces.filter((t) => t.yaxis === key).map((t) => t.y), yTicks);
      const xTicks = Math.max(2, Math.floor(panelWidth / (4 * tick)));
      const xTitle = { text: labels.step, standoff: 4, font: { size: text(13) } };
      const layout = {
        width, height,
        margin: { l: text(62), r: 16, t: text(30), b: text(40) },
        font: lookFont(look),
        separators: plotSeparators(),
        paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)',
        showlegend: false, hovermode: 'x', dragmode: false,
        hoverlabel: { font: { size: tick } },
        xaxis: axis({ nticks: xTicks, ...(stacked ? { domain: [0, 1], anchor: 'y', showticklabels: false } : { domain: [0, 0.46], title: xTitle }) }),
        xaxis2: axis({ nticks: xTicks, anchor: 'y2', title: xTitle, domain: stacked ? [0, 1] : [0.56, 1] }),
        yaxis: axis({ type: logLoss ? 'log' : 'linear', exponentformat: 'power', nticks: yTicks, ...(logLoss ? logTicks('y') : {}), ...(stacked ? { domain: [0.58, 1] } : {}) }),
        yaxis2: axis({ type: 'log', anchor: 'x2', exponentformat: 'power', ...logTicks('y2'), ...(stacked ? { domain: [0, 0.42] } : {}) }),
        annotations: [
          // Stacked in a narrow column, a title starts at the figure's left edge, not the axis'.
          title(labels.loss, 'x domain', 'y domain', text(13), stacked ? 6 - text(62) : 0),
          title(labels.grad, 'x2 domain', 'y2 domain', text(13), stacked ? 6 - text(62) : 0),
        ],
      };
      const drawn = Plotly.react(el, traces, layout, PLOT_CONFIG);
      drawn.then(() => place(step));
      if (!listening) {
        listening = true;
        drawn.then(() => el.on('plotly_click', (event) => {
          const point = event.points && event.points[0];
          if (point) onPick(Math.round(point.x));
        }));
      }
      return drawn;
    },
    /** Move only the step marker (no Plotly call at all). */
    setStep(step) {
      place(step);
    },
  };
}

/**
 * Labels of a log axis at whole decades only, every k-th from the first decade
 * inside the values of every series, so that at most `count` fit: Plotly's own
 * choice adds 2 and 5 between decades, which collide.
 */
export function decadeTicks(series, count) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of series) { // arrays or typed arrays (a run's gnorms), which flat() keeps whole
    for (const v of values) {
      if (v > 0 && Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  if (!(hi >= lo)) return {};
  if (Math.floor(b) - Math.ceil(a) < 1) return mantissaTicks(lo, hi, count); // < 2 decades inside
  const span = Math.ceil(b) - Math.floor(a); // decades the axis covers
  return { tickmode: 'linear', tick0: Math.ceil(a), dtick: Math.max(1, Math.ceil(span / Math.max(1, count - 1))) };
}

/**
 * A log axis spanning under two whole decades: labels at 1, 2, 5 × 10^k inside
 * [lo, hi], or at 1, 3 or 1 alone where fewer fit, so that at least two show and
 * at most `count`.
 */
function mantissaTicks(lo, hi, count) {
  const first = Math.floor(Math.log10(lo));
  const inside = (mantissas) => {
    const values = [];
    for (let k = first; 10 ** k <= hi; k += 1) {
      for (const m of mantissas) if (m * 10 ** k >= lo && m * 10 ** k <= hi) values.push(m * 10 ** k);
    }
    return values;
  };
  const fitting = [[1, 2, 5], [1, 3], [1]].map(inside).find((values) => values.length <= count);
  return fitting && fitting.length >= 2 ? { tickmode: 'array', tickvals: fitting } : { nticks: count };
}

function title(text, xref, yref, size, xshift) {
  return {
    text: `<b>${text}</b>`, xref, yref, x: 0, y: 1, xanchor: 'left', yanchor: 'bottom',
    xshift, yshift: 6, showarrow: false, font: { size },
  };
}
