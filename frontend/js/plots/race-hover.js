// The step readout on the race's paths: with the pointer within HOVER_PX of a
// drawn path point (and no button held), a label in the run's colour shows its
// name, the step and (x, y), as Plotly's hover label on the path traces did
// before the paths moved to the canvas (race-canvas.js).

import { separators } from '../format.js';

const HOVER_PX = 20; // Plotly's default hoverdistance

/** host: the overlay element (gets the pointer events); canvas: the race layer. */
export function attachRaceHover(host, canvas) {
  const label = document.createElement('div');
  label.className = 'race-hover';
  label.hidden = true;
  Object.assign(label.style, {
    position: 'absolute', pointerEvents: 'none', padding: '3px 6px', borderRadius: '3px', whiteSpace: 'nowrap',
    font: '13px "Inter Variable", Inter, "Segoe UI", system-ui, -apple-system, "DejaVu Sans", sans-serif', lineHeight: '1.3', zIndex: '1',
  });
  host.append(label);
  const hide = () => {
    label.hidden = true;
  };
  host.addEventListener('pointermove', (event) => {
    if (event.buttons) return hide();
    const rect = host.getBoundingClientRect();
    const hit = canvas.race.nearest(event.clientX - rect.left, event.clientY - rect.top, HOVER_PX);
    if (!hit) return hide();
    const { path, index } = hit;
    const num = (v) => formatG(v);
    label.replaceChildren();
    const name = document.createElement('b');
    name.textContent = path.name;
    label.append(name, document.createElement('br'), `${canvas.race.stepLabel()} ${index}`, document.createElement('br'), `(${num(path.x[index])}, ${num(path.y[index])})`);
    label.style.background = path.color;
    label.style.color = isLight(path.color) ? '#444' : '#fff';
    label.hidden = false;
    // Right of the point, or left of it near the right edge (as Plotly places it).
    const right = hit.px + 8 + label.offsetWidth < rect.width;
    label.style.left = `${right ? hit.px + 8 : hit.px - 8 - label.offsetWidth}px`;
    label.style.top = `${hit.py - label.offsetHeight / 2}px`;
  });
  host.addEventListener('pointerleave', hide);
  host.addEventListener('pointerdown', hide);
}

/** d3's ".4g" (Plotly's %{x:.4g}) with the page's decimal mark. */
function formatG(value) {
  const text = Number(value).toPrecision(4);
  return text.replace('.', separators().decimal);
}

/** Plotly's contrast rule for label text: perceived brightness above half. */
function isLight(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return (r * 299 + g * 587 + b * 114) / 1000 > 128;
}
