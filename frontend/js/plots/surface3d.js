// The 3D view: the surface (log-scaled like the contour) with every path
// lifted onto it at z = f(w_t). WebGL; drawn only while the 3D view is shown.

import { LANDSCAPE_SCALE, INK } from '../palette.js';
import { FONT, PLOT_CONFIG } from './landscape.js';
import { transformGrid, zScale } from './zscale.js';

export function createSurface3d(el) {
  let gridFor = null;
  let grid = null;
  return {
    draw({ landscape, runs, start, width, height, labels }) {
      const scale = zScale(landscape);
      if (gridFor !== landscape) {
        grid = transformGrid(landscape.z, scale);
        gridFor = landscape;
      }
      const lift = 0.01 * (scale.bounds[1] - scale.bounds[0]);
      const traces = [{
        type: 'surface', x: landscape.x, y: landscape.y, z: grid,
        colorscale: LANDSCAPE_SCALE, showscale: false, hoverinfo: 'skip', opacity: 0.96,
        contours: { z: { show: true, usecolormap: false, color: 'rgba(31,36,48,0.25)', width: 1, start: scale.bounds[0], end: scale.bounds[1], size: (scale.bounds[1] - scale.bounds[0]) / 20 } },
        lighting: { ambient: 0.75, diffuse: 0.5, specular: 0.05, roughness: 0.9 },
      }];
      const lifted = (f) => {
        const v = scale.f(f);
        return v === null ? null : v + lift;
      };
      for (const run of runs) {
        const n = run.upto + 1;
        traces.push({
          type: 'scatter3d', mode: 'lines', name: run.name, hoverinfo: 'skip',
          x: run.xs.slice(0, n), y: run.ys.slice(0, n), z: run.losses.slice(0, n).map(lifted),
          line: { color: run.color, width: 6 },
        });
      }
      const current = runs.filter((r) => r.current);
      traces.push({
        type: 'scatter3d', mode: 'markers', hoverinfo: 'skip',
        x: current.map((r) => r.current.x), y: current.map((r) => r.current.y),
        z: current.map((r) => lifted(r.current.loss)),
        marker: { size: 5, color: current.map((r) => r.color), line: { color: '#fff', width: 1 } },
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
        width, height, font: FONT, margin: { l: 0, r: 0, t: 0, b: 0 },
        paper_bgcolor: 'rgba(0,0,0,0)', showlegend: false, uirevision: 'keep-camera',
        scene: {
          xaxis: axis('x'), yaxis: axis('y'), zaxis: axis(labels.z, zTicks),
          aspectmode: 'manual', aspectratio: { x: 1, y: 1, z: 0.65 },
          camera: { eye: { x: -1.35, y: -1.55, z: 1.05 } },
        },
      };
      return Plotly.react(el, traces, layout, PLOT_CONFIG);
    },
  };
}
