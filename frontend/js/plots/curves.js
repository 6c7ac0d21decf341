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
      const axis = (extra) => ({
        showline: true, linecolor: look.ink, ticks: 'outside', ticklen: 4,
        tickcolor: look.ink, gridcolor: 'rgba(128,136,152,0.18)', zeroline: false,
        fixedrange: true, automargin: false, tickfont: { size: 12 }, ...extra,
      });
      const layout = {
        width, height,
        margin: { l: 62, r: 16, t: 30, b: 40 },
        font: lookFont(look),
        separators: plotSeparators(),
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

function title(text, xref) {
  return {
    text: `<b>${text}</b>`, xref, yref: 'paper', x: 0, y: 1, xanchor: 'left', yanchor: 'bottom',
    yshift: 6, showarrow: false, font: { size: 13 },
  };
}
