// The race's moving shapes (race-shapes.js) on a <canvas> under the Plotly
// overlay's transparent SVG: a slider move repaints ~8 paths in well under
// a millisecond, where Plotly.react of the same traces took ~27 ms
// (docs/architecture.md). The canvas covers the overlay exactly; its plot
// area is view.js's, the same window and margins both Plotly layers use.
//
// The element's `race` property is the documented read-out for exports and
// tests: race.paths() -> [{name, color, dash, width, x, y}] (each run's drawn
// points: Float32Array views of its results, no copy; do not write to them),
// race.marks() -> [{symbol, x, y}] (current-step and divergence markers),
// race.svg() -> the same picture as an SVG string, race.redraw(scale) -> paint
// at `scale` device pixels per CSS pixel (sharper PNG exports), and
// race.nearest(px, py, radius) -> the path point under the pointer
// (race-hover.js). Each paint dispatches a `race-drawn` event on the element.

import { dashPattern, markerOutline, pixelMapping, raceShapes } from './race-shapes.js';
import { FONT } from './landscape.js';

export function createRaceCanvas(host) {
  const canvas = document.createElement('canvas');
  canvas.id = 'race-layer';
  canvas.className = 'race-layer';
  canvas.setAttribute('aria-hidden', 'true');
  // Under the overlay's SVG (start marker, hover labels) and above the contour:
  // the overlay element isolates its stacking, so z-index −1 stays inside it.
  Object.assign(canvas.style, { position: 'absolute', left: '0', top: '0', pointerEvents: 'none', zIndex: '-1' });
  host.style.isolation = 'isolate';
  host.prepend(canvas);
  let model = null;
  let shapes = null;

  const paint = (scale = window.devicePixelRatio || 1) => {
    if (!model) return;
    const { width, height } = model;
    const w = Math.round(width * scale);
    const h = Math.round(height * scale);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const ctx = canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    paintShapes(ctx, shapes, pixelMapping(model));
    canvas.dispatchEvent(new Event('race-drawn'));
  };

  canvas.race = {
    paths: () => (shapes ? shapes.paths.map(({ name, color, dash, width, x, y }) => ({ name, color, dash, width, x, y })) : []),
    svg: () => (shapes ? shapesSvg(shapes, pixelMapping(model), model) : ''),
    marks: () => (shapes ? shapes.marks.map(({ symbol, x, y }) => ({ symbol, x, y })) : []),
    redraw: paint,
    /** The hover readout's word for "step" (the model's labels.step). */
    stepLabel: () => (model ? model.labels.step : ''),
    /** The nearest drawn path point within `radius` px of (px, py): {path, index, px, py} | null. */
    nearest: (px, py, radius) => (shapes ? nearestPoint(shapes.paths, pixelMapping(model), px, py, radius) : null),
  };
  return {
    el: canvas,
    /** model: as raceShapes (race-shapes.js) takes it. */
    draw(next) {
      model = next;
      shapes = raceShapes(next);
      paint();
    },
    clear() {
      model = null;
      shapes = null;
      canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
    },
  };
}

function paintShapes(ctx, { strokes, marks, texts }, map) {
  const { area, px, py } = map;
  ctx.save();
  ctx.beginPath();
  ctx.rect(area.x, area.y, area.w, area.h);
  ctx.clip();
  ctx.lineJoin = 'round'; // as Plotly's scatter lines
  for (const stroke of strokes) {
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < stroke.x.length; i++) {
      const x = stroke.x[i];
      const y = stroke.y[i];
      if (x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(px(x), py(y));
      else ctx.moveTo(px(x), py(y));
      pen = true;
    }
    ctx.strokeStyle = stroke.color;
    ctx.lineWidth = stroke.width;
    ctx.setLineDash(dashPattern(stroke.dash, stroke.width));
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.lineJoin = 'miter';
  marks.filter((m) => m.clip).forEach((m) => paintMark(ctx, m, px(m.x), py(m.y)));
  ctx.restore();
  marks.filter((m) => !m.clip).forEach((m) => paintMark(ctx, m, px(m.x), py(m.y)));
  for (const t of texts) {
    ctx.font = `${t.size}px ${FONT.family}`;
    ctx.fillStyle = t.color;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(t.text, px(t.x), py(t.y) + t.dy);
  }
}

function paintMark(ctx, mark, cx, cy) {
  const shape = markerOutline(mark.symbol, mark.size);
  ctx.beginPath();
  if (shape.circle) ctx.arc(cx, cy, shape.circle, 0, 2 * Math.PI);
  else if (shape.closed) {
    shape.points.forEach(([dx, dy], i) => (i ? ctx.lineTo(cx + dx, cy + dy) : ctx.moveTo(cx + dx, cy + dy)));
    ctx.closePath();
  } else {
    for (const [[ax, ay], [bx, by]] of shape.lines) {
      ctx.moveTo(cx + ax, cy + ay);
      ctx.lineTo(cx + bx, cy + by);
    }
  }
  if (mark.fill) {
    ctx.fillStyle = mark.fill;
    ctx.fill();
  }
  ctx.strokeStyle = mark.line.color;
  ctx.lineWidth = mark.line.width;
  ctx.stroke();
}

function nearestPoint(paths, { area, px, py }, x, y, radius) {
  if (x < area.x || x > area.x + area.w || y < area.y || y > area.y + area.h) return null;
  let best = null;
  let bestD = radius * radius;
  paths.forEach((path, p) => {
    for (let i = 0; i < path.x.length; i++) {
      const dx = px(path.x[i]) - x;
      const dy = py(path.y[i]) - y;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = { path, index: i, px: px(path.x[i]), py: py(path.y[i]) };
      }
    }
  });
  return best;
}

const r2 = (v) => Math.round(v * 100) / 100;

/** The same shapes as one SVG document of the figure's size (polylines, plot-area clip). */
function shapesSvg({ strokes, marks, texts }, { area, px, py }, { width, height }) {
  const attrs = (o) => Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => `${k}="${escapeXml(String(v))}"`).join(' ');
  const out = [];
  for (const stroke of strokes) {
    const runs = [];
    let current = [];
    for (let i = 0; i <= stroke.x.length; i++) {
      const x = stroke.x[i];
      const y = stroke.y[i];
      if (i === stroke.x.length || x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y)) {
        if (current.length > 1) runs.push(current.join(' '));
        current = [];
      } else current.push(`${r2(px(x))},${r2(py(y))}`);
    }
    const dash = dashPattern(stroke.dash, stroke.width).join(',');
    for (const points of runs) {
      out.push(`<polyline ${attrs({ points, fill: 'none', stroke: stroke.color, 'stroke-width': r2(stroke.width), 'stroke-linejoin': 'round', 'stroke-dasharray': dash })}/>`);
    }
  }
  const mark = (m) => {
    const cx = r2(px(m.x));
    const cy = r2(py(m.y));
    const shape = markerOutline(m.symbol, m.size);
    const paint = { fill: m.fill || 'none', stroke: m.line.color, 'stroke-width': r2(m.line.width) };
    if (shape.circle) return `<circle ${attrs({ cx, cy, r: r2(shape.circle), ...paint })}/>`;
    if (shape.closed) return `<polygon ${attrs({ points: shape.points.map(([dx, dy]) => `${r2(cx + dx)},${r2(cy + dy)}`).join(' '), ...paint })}/>`;
    const d = shape.lines.map(([[ax, ay], [bx, by]]) => `M${r2(cx + ax)},${r2(cy + ay)}L${r2(cx + bx)},${r2(cy + by)}`).join('');
    return `<path ${attrs({ d, ...paint })}/>`;
  };
  const clipped = marks.filter((m) => m.clip).map(mark);
  const free = marks.filter((m) => !m.clip).map(mark);
  const labels = texts.map((t) => `<text ${attrs({
    x: r2(px(t.x)), y: r2(py(t.y) + t.dy), 'text-anchor': 'middle', fill: t.color, 'font-size': r2(t.size), 'font-family': FONT.family,
  })}>${escapeXml(t.text)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
    + `<defs><clipPath id="race-clip"><rect ${attrs({ x: area.x, y: area.y, width: area.w, height: area.h })}/></clipPath></defs>`
    + `<g clip-path="url(#race-clip)">${out.join('')}${clipped.join('')}</g>${free.join('')}${labels.join('')}</svg>`;
}

function escapeXml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
