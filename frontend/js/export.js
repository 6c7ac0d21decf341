// Pictures of the current view. The view is the contour figure under the
// race canvas (paths, markers: plots/race-canvas.js) under a transparent
// overlay figure (start marker), so each export renders the layers and merges
// them: PNG on one canvas (the race repainted at the export's scale), SVG as
// one document with the race's shapes as SVG polylines and the overlay's
// <svg> nested in the contour's. The WebM film draws frames of the animation
// onto a canvas that a MediaRecorder records.

import { captionOfPage } from './export-caption.js';
import { BACKGROUND, pngBlob as pngOf, viewCanvas } from './shell/image.js';

function layers() {
  const three = document.getElementById('surface3d');
  if (!three.hidden) return [three];
  return [document.getElementById('landscape'), document.getElementById('race-layer'), document.getElementById('overlay')];
}

/** Run `fn` with the race canvas painted at `scale` device pixels per CSS pixel, then repaint it for the screen. */
async function raceAt(figures, scale, fn) {
  const race = figures.find((el) => el.race);
  if (race) race.race.redraw(scale);
  try {
    return await fn();
  } finally {
    if (race) race.race.redraw();
  }
}

function sizeOf(el) {
  return { width: el._fullLayout.width, height: el._fullLayout.height };
}

/** The view as a PNG, with the surface's name above it and the legend below (export-caption.js). */
export function pngBlob({ theme = 'light', scale = 2 } = {}) {
  const figures = layers();
  return raceAt(figures, scale, () => pngOf(figures, { theme, scale, caption: captionOfPage() }));
}

/** One SVG document: the contour's root with the race's <svg> and the overlay's nested on top. */
export async function svgBlob({ theme = 'light' } = {}) {
  const figures = layers();
  const { width, height } = sizeOf(figures[0]);
  const texts = await Promise.all(figures.map(async (el) => {
    if (el.race) return el.race.svg();
    const url = await Plotly.toImage(el, { format: 'svg', width, height });
    return decodeURIComponent(url.slice(url.indexOf(',') + 1));
  }));
  const parser = new DOMParser();
  const docs = texts.map((text) => parser.parseFromString(text, 'image/svg+xml'));
  const root = docs[0].documentElement;
  const background = docs[0].createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of Object.entries({ x: 0, y: 0, width, height, fill: BACKGROUND[theme] || BACKGROUND.light })) background.setAttribute(k, String(v));
  root.insertBefore(background, root.firstChild);
  for (const doc of docs.slice(1)) {
    const nested = docs[0].importNode(doc.documentElement, true);
    nested.setAttribute('x', '0');
    nested.setAttribute('y', '0');
    root.appendChild(nested);
  }
  const text = new XMLSerializer().serializeToString(docs[0]);
  return new Blob([`<?xml version="1.0" encoding="UTF-8"?>\n${text}`], { type: 'image/svg+xml' });
}

const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The race as a WebM film: `frames` evenly spaced steps, each drawn (contour
 * once, race canvas and overlay per frame) onto a canvas whose stream a MediaRecorder records.
 */
export async function webmBlob({ player, theme = 'light', frames = 90, fps = 15, onProgress = () => {} }) {
  if (typeof MediaRecorder === 'undefined') throw new Error('MediaRecorder is not available');
  const figures = layers();
  const { width, height } = sizeOf(figures[0]);
  const base = figures.length > 1 ? await viewCanvas([figures[0]], { theme, scale: 1 }) : null;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  const stream = canvas.captureStream(fps);
  const type = MediaRecorder.isTypeSupported('video/webm;codecs=vp9') ? 'video/webm;codecs=vp9' : 'video/webm';
  const recorder = new MediaRecorder(stream, { mimeType: type });
  const chunks = [];
  recorder.ondataavailable = (e) => e.data.size && chunks.push(e.data);
  const stopped = new Promise((r) => { recorder.onstop = r; });
  const last = player.last;
  const count = Math.max(1, Math.min(frames, last));
  recorder.start();
  for (let k = 0; k <= count; k++) {
    const started = performance.now();
    player.seek(Math.round((k / count) * last));
    await frame();
    const top = await viewCanvas(figures.slice(base ? 1 : 0), { theme, scale: 1, fill: !base });
    if (base) ctx.drawImage(base, 0, 0);
    ctx.drawImage(top, 0, 0);
    onProgress(k / count);
    await sleep(Math.max(0, 1000 / fps - (performance.now() - started)));
  }
  await sleep(300); // hold the last frame
  recorder.stop();
  await stopped;
  return new Blob(chunks, { type: 'video/webm' });
}
