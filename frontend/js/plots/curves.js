// Loss and gradient norm against the step, both log y, for every run; a
// vertical line marks the scrubber's step; a click on a curve moves it there.

import { INK } from '../palette.js';
import { FONT, PLOT_CONFIG } from './landscape.js';

export function createCurves(el, { onPick }) {
  let listening = false;
  let hasData = false;
  const marker = (t, xref) => ({
    type: 'line', xref, yref: 'paper', x0: t, x1: t, y0: 0, y1: 1,
    line: { color: INK, width: 1.4, dash: 'dot' },
  });
  return {
    /** runs: [{name, color, losses, gnorms}]; lossShift: f* subtracted for the log axis. */
    draw({ runs, step, width, height, lossShift, logLoss, labels }) {
      const traces = [];
      runs.forEach((run) => {
        const steps = run.losses.map((_, i) => i);
        const loss = run.losses.map((f) => (logLoss ? Math.max(f - lossShift, 1e-30) : f));
        const common = { type: 'scatter', mode: 'lines', x: steps, name: run.name, line: { color: run.color, width: 2 } };
        traces.push({ ...common, y: loss, xaxis: 'x', yaxis: 'y', hovertemplate: `${run.name}: %{y:.3g}<extra></extra>` });
        traces.push({ ...common, y: run.gnorms, xaxis: 'x2', yaxis: 'y2', hovertemplate: `${run.name}: %{y:.3g}<extra></extra>` });
      });
      const axis = (extra) => ({
        showline: true, linecolor: 'rgba(31,36,48,0.35)', ticks: 'outside', ticklen: 4,
        tickcolor: 'rgba(31,36,48,0.4)', gridcolor: 'rgba(31,36,48,0.08)', zeroline: false,
        fixedrange: true, automargin: false, tickfont: { size: 12 }, ...extra,
      });
      const layout = {
        width, height,
        margin: { l: 62, r: 16, t: 30, b: 40 },
        font: FONT,
        paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)',
        showlegend: false, hovermode: 'x', dragmode: false,
        hoverlabel: { font: { size: 12 } },
        xaxis: axis({ domain: [0, 0.46], title: { text: labels.step, standoff: 4, font: { size: 13 } } }),
        xaxis2: axis({ domain: [0.56, 1], anchor: 'y2', title: { text: labels.step, standoff: 4, font: { size: 13 } } }),
        yaxis: axis({ type: logLoss ? 'log' : 'linear', exponentformat: 'power' }),
        yaxis2: axis({ type: 'log', anchor: 'x2', exponentformat: 'power' }),
        annotations: [
          title(labels.loss, 'x domain'),
          title(labels.grad, 'x2 domain'),
        ],
        shapes: [marker(step, 'x'), marker(step, 'x2')],
      };
      hasData = runs.length > 0;
      const drawn = Plotly.react(el, traces, layout, PLOT_CONFIG);
      if (!listening) {
        listening = true;
        drawn.then(() => el.on('plotly_click', (event) => {
          const point = event.points && event.points[0];
          if (point) onPick(Math.round(point.x));
        }));
      }
      return drawn;
    },
    /** Move only the step marker (cheap: no trace is redrawn). */
    setStep(step) {
      if (!hasData || !el.layout) return Promise.resolve();
      return Plotly.relayout(el, {
        'shapes[0].x0': step, 'shapes[0].x1': step, 'shapes[1].x0': step, 'shapes[1].x1': step,
      });
    },
  };
}

function title(text, xref) {
  return {
    text: `<b>${text}</b>`, xref, yref: 'paper', x: 0, y: 1, xanchor: 'left', yanchor: 'bottom',
    yshift: 6, showarrow: false, font: { size: 13 },
  };
}
