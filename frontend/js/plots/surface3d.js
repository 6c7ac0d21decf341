// The 3D view: the surface (log-scaled like the contour) with every path
// lifted onto it at z = f(w_t). WebGL; drawn only while the 3D view is shown.

import { plotSeparators } from '../format.js';
import { LANDSCAPE_SCALE, INK } from '../palette.js';
import { DEFAULT_LOOK, PLOT_CONFIG, lookFont } from './landscape.js';
import { transformGrid, zScale } from './zscale.js';

export function createSurface3d(el) {
  let gridFor = null;
  let grid = null;
  return {
    /** domain: the surface's own domain; the landscape grid is cropped to it. */
    draw({ landscape, domain, runs, start, width, height, labels, look = DEFAULT_LOOK }) {
      const scale = zScale(landscape);
      if (gridFor !== landscape) {
        grid = crop(landscape, domain, scale);
        gridFor = landscape;
      }
      const lift = 0.01 * (scale.bounds[1] - scale.bounds[0]);
      const traces = [{
        type: 'surface', x: grid.x, y: grid.y, z: grid.z,
        colorscale: LANDSCAPE_SCALE, showscale: false, hoverinfo: 'skip', opacity: 0.96,
        contours: { z: { show: true, usecolormap: false, color: 'rgba(31,36,48,0.25)', width: 1, start: scale.bounds[0], end: scale.bounds[1], size: (scale.bounds[1] - scale.bounds[0]) / 20 } },
        lighting: { ambient: 0.75, diffuse: 0.5, specular: 0.05, roughness: 0.9 },
      }];
      const inside = (x, y) => x >= grid.x[0] && x <= grid.x[grid.x.length - 1] && y >= grid.y[0] && y <= grid.y[grid.y.length - 1];
      const lifted = (f) => {
        const v = scale.f(f);
        return v === null ? null : v + lift;
      };
      for (const run of runs) {
        const n = run.upto + 1;
        // Points off the surface are gaps in x and y too: a diverged path must
        // not stretch the axes until the surface is a speck.
        const on = Array.from(run.xs.subarray(0, n), (x, i) => inside(x, run.ys[i]));
        traces.push({
          type: 'scatter3d', mode: 'lines', name: run.name, hoverinfo: 'skip',
          x: Array.from(run.xs.subarray(0, n), (x, i) => (on[i] ? x : null)),
          y: Array.from(run.ys.subarray(0, n), (y, i) => (on[i] ? y : null)),
          z: Array.from(run.losses.subarray(0, n), (f, i) => (on[i] ? lifted(f) : null)),
          line: { color: run.color, width: 6, dash: run.dash },
        });
      }
      const current = runs.filter((r) => r.current && inside(r.current.x, r.current.y));
      traces.push({
        type: 'scatter3d', mode: 'markers', hoverinfo: 'skip',
        x: current.map((r) => r.current.x), y: current.map((r) => r.current.y),
        z: current.map((r) => lifted(r.current.loss)),
        marker: { size: 5, color: current.map((r) => r.color), symbol: current.map((r) => r.marker), line: { color: '#fff', width: 1 } },
      });
      if (start) {
        traces.push({
          type: 'scatter3d', mode: 'markers', hoverinfo: 'skip',
          x: [start[0]], y: [start[1]], z: [lifted(start[2])],
          marker: { size: 6, color: '#ffffff', line: { color: INK, width: 2 } },
        });
      }
      const axis = (title, extra = {}) => ({
        title: { text: title }, backgroundcolor: 'rgba(0,0,0,0)', gridcolor: 'rgba(31,36,48,0.12)',
        showspikes: false, ...extra,
      });
      const zTicks = scale.ticks ? { tickmode: 'array', tickvals: scale.ticks.vals, ticktext: scale.ticks.text } : {};
      const layout = {
        width, height, font: lookFont(look), margin: { l: 0, r: 0, t: 0, b: 0 }, separators: plotSeparators(),
        paper_bgcolor: 'rgba(0,0,0,0)', showlegend: false, uirevision: 'keep-camera',
        scene: {
          xaxis: axis(labels.axes[0]), yaxis: axis(labels.axes[1]), zaxis: axis(labels.z, zTicks),
          aspectmode: 'manual', aspectratio: aspect(grid),
          camera: { eye: { x: -1.06, y: -1.34, z: 1.06 }, center: { x: 0, y: 0, z: -0.12 } }, // far enough that the tick labels stay in a slide's frame
        },
      };
      return Plotly.react(el, traces, layout, PLOT_CONFIG);
    },
  };
}

/** The grid restricted to the surface's domain (the 2D window may be wider). */
function crop(landscape, domain, scale) {
  const within = (values, [lo, hi]) => values.map((v, i) => (v >= lo - 1e-9 && v <= hi + 1e-9 ? i : -1)).filter((i) => i >= 0);
  let ix = within(landscape.x, domain.x);
  let iy = within(landscape.y, domain.y);
  if (ix.length < 2) ix = landscape.x.map((_, i) => i);
  if (iy.length < 2) iy = landscape.y.map((_, i) => i);
  const z = transformGrid(iy.map((j) => ix.map((i) => landscape.z[j][i])), scale);
  return { x: ix.map((i) => landscape.x[i]), y: iy.map((j) => landscape.y[j]), z };
}

function aspect(grid) {
  const sx = grid.x[grid.x.length - 1] - grid.x[0];
  const sy = grid.y[grid.y.length - 1] - grid.y[0];
  const m = Math.max(sx, sy);
  const ratio = sx / sy;
  // Equal units when the domain is square-ish; else a square box.
  return ratio > 1 / 3 && ratio < 3 ? { x: sx / m, y: sy / m, z: 0.6 } : { x: 1, y: 1, z: 0.6 };
}
