// A picture's caption: the surface's name above the figure and the legend
// (each run's line style, name and value at the shown step) below it, drawn on
// a canvas, so a downloaded PNG says what it shows without the page around it.

const INK = { light: '#1f2430', dark: '#e6e9f0' };
const BACKGROUND = { light: '#ffffff', dark: '#141821' };
const DASH = { solid: [], dash: [9, 5], dot: [2, 4] };
const FONT = '"Inter Variable", Inter, "Segoe UI", system-ui, sans-serif';

/** title: text; items: [{name, value, color, dash}]; the figure's canvas drawn at `scale`. */
export function captioned(figure, { title, items, theme = 'light', scale = 2 }) {
  const pad = 12 * scale;
  const row = 24 * scale;
  const measure = document.createElement('canvas').getContext('2d');
  measure.font = `600 ${14 * scale}px ${FONT}`;
  const widths = items.map((item) => 34 * scale + measure.measureText(`${item.name}  ${item.value}`).width + 18 * scale);
  // Legend entries flow into as many rows as the figure's width needs.
  const rows = [[]];
  let used = 0;
  widths.forEach((w, i) => {
    if (used + w > figure.width - 2 * pad && rows[rows.length - 1].length) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1].push(i);
    used += w;
  });
  const head = title ? 34 * scale : 0;
  const foot = items.length ? rows.length * row + pad : 0;
  const canvas = document.createElement('canvas');
  canvas.width = figure.width;
  canvas.height = figure.height + head + foot;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = BACKGROUND[theme] || BACKGROUND.light;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(figure, 0, head);
  ctx.fillStyle = INK[theme] || INK.light;
  ctx.textBaseline = 'middle';
  if (title) {
    ctx.font = `700 ${19 * scale}px ${FONT}`;
    ctx.fillText(title, pad, head / 2 + 2 * scale);
  }
  rows.forEach((indices, r) => {
    let x = pad;
    const y = figure.height + head + pad / 2 + r * row + row / 2;
    for (const i of indices) {
      const item = items[i];
      ctx.strokeStyle = item.color;
      ctx.lineWidth = 3.5 * scale;
      ctx.setLineDash((DASH[item.dash] || []).map((d) => d * scale));
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + 26 * scale, y);
      ctx.stroke();
      ctx.font = `600 ${14 * scale}px ${FONT}`;
      ctx.fillText(item.name, x + 34 * scale, y);
      const nameWidth = ctx.measureText(`${item.name}  `).width;
      ctx.font = `${13 * scale}px ${FONT}`;
      ctx.fillText(item.value, x + 34 * scale + nameWidth, y);
      x += widths[i];
    }
  });
  return canvas;
}

/** The page's own title and legend chips, as `captioned` takes them. */
export function captionOfPage(doc = document) {
  const text = (el, selector) => (el.querySelector(selector)?.textContent || '').trim();
  return {
    title: text(doc, '#surface-name'),
    items: [...doc.querySelectorAll('#legend .chip')].map((chip) => ({
      name: text(chip, '.chip-name'),
      value: text(chip, '.chip-value'),
      color: chip.dataset.color,
      dash: chip.dataset.dash,
    })),
  };
}
