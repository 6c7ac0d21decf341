// Pictures of a view: its figures (Plotly graph divs, canvases, or elements
// holding an inline <svg>) rendered and laid onto one canvas where they sit on screen, so
// stacked layers merge and a grid of plots stays a grid; a caption (title and
// legend, ../export-caption.js) above and below; and the download of a blob.

import { captioned } from '../export-caption.js';

export const BACKGROUND = { light: '#ffffff', dark: '#141821' };

function loadImage(url) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('image failed to load'));
    img.src = url;
  });
}

/** One figure as an image URL at its on-screen size: Plotly's own export, a canvas's pixels, or its SVG serialized. */
function figureUrl(el, scale) {
  if (el instanceof HTMLCanvasElement) return el.toDataURL('image/png');
  if (el._fullLayout) {
    const { width, height } = el._fullLayout;
    return Plotly.toImage(el, { format: 'png', width, height, scale });
  }
  const svg = el.tagName.toLowerCase() === 'svg' ? el : el.querySelector('svg');
  const box = el.getBoundingClientRect();
  const copy = svg.cloneNode(true);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(box.width));
  copy.setAttribute('height', String(box.height));
  copy.setAttribute('color', getComputedStyle(el).color); // currentColor in the copy
  const text = new XMLSerializer().serializeToString(copy);
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
}

/** The figures as one canvas (`scale` × their size on screen), each where it is on the page. */
export async function viewCanvas(figures, { theme = 'light', scale = 2, fill = true } = {}) {
  const boxes = figures.map((el) => el.getBoundingClientRect());
  const left = Math.min(...boxes.map((b) => b.left));
  const top = Math.min(...boxes.map((b) => b.top));
  const width = Math.max(...boxes.map((b) => b.right)) - left;
  const height = Math.max(...boxes.map((b) => b.bottom)) - top;
  const images = await Promise.all(figures.map(async (el) => loadImage(await figureUrl(el, scale))));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (fill) {
    ctx.fillStyle = BACKGROUND[theme] || BACKGROUND.light;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }
  images.forEach((img, i) => {
    const b = boxes[i];
    ctx.drawImage(img, (b.left - left) * scale, (b.top - top) * scale, b.width * scale, b.height * scale);
  });
  return canvas;
}

/** The figures as a PNG with a caption: {title, items: [{name, value, color, dash}]}. */
export async function pngBlob(figures, { theme = 'light', scale = 2, caption = { title: '', items: [] } } = {}) {
  const canvas = captioned(await viewCanvas(figures, { theme, scale }), { ...caption, theme, scale });
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}

export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}
