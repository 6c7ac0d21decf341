// The offline file's stand-in for api.js (same interface; see
// backend/thalweg/services/offline_page.py). There is no server: the scene was
// precomputed into the page (<script id="thalweg-offline">), and scene messages
// are answered from it with the frames a server would send (docs/protocol.md).
//
// Each run holds one trajectory per learning-rate slider position; a request
// gets, per run, the trajectory whose rate is nearest in log10. Anything else
// the page could ask for (another start, surface or step count) was not
// precomputed and is answered with an error frame that says so. A file made
// with curv=1 holds each trajectory's curvature answer
// (services/offline_curvature.py): a curvature request is answered with the
// one whose trajectory has exactly the path it sends.

import { ApiError } from './api-error.js';
import { createI18n, pickLanguage } from './i18n.js';
import { parse } from './state.js';

export { ApiError };

export function createApi() {
  const data = JSON.parse(document.getElementById('thalweg-offline').textContent);
  const fixedDetail = createI18n(pickLanguage(parse(data.query).lang)).t('offline.fixed');
  const landscapes = data.landscapes.map(decodeLandscape);
  const decoded = new Map(); // "run/position" -> segment arrays
  const trajectory = (run, position) => {
    const key = `${run}/${position}`;
    if (!decoded.has(key)) decoded.set(key, segmentArrays(data.runs[run].trajectories[position]));
    return decoded.get(key);
  };

  const answer = (message) => {
    const { id } = message;
    const frames = [];
    if (message.landscape) frames.push({ type: 'landscape', id, ...covering(landscapes, message.landscape.domain) });
    const request = message.trajectories;
    if (!request) return frames;
    if (!matches(data, request)) return [...frames, { type: 'error', id, detail: fixedDetail }];
    const chosen = request.runs.map((run, i) => nearest(data.runs[i].lr, run.hyperparameters.lr));
    frames.push({
      type: 'segments', id, offset: 0,
      runs: chosen.map((position, index) => ({ index, ...trajectory(index, position) })),
    });
    frames.push({
      type: 'done', id,
      runs: chosen.map((position, i) => {
        const stored = data.runs[i];
        const { status, steps_taken, diverged_at } = stored.trajectories[position];
        const hyperparameters = stored.lr ? { ...stored.hyperparameters, lr: stored.lr[position] } : stored.hyperparameters;
        return { optimizer: stored.optimizer, hyperparameters, status, steps_taken, diverged_at };
      }),
    });
    return frames;
  };

  /** POST /api/curvature's answer for the stored trajectory whose path is `body.points`. */
  const curvature = async (body) => {
    const points = body.points ?? [];
    for (const [run, stored] of data.runs.entries()) {
      for (const [position, kept] of stored.trajectories.entries()) {
        const answer = kept.curvature;
        if (!answer || pathLength(answer) !== points.length) continue;
        const path = trajectory(run, position).points;
        if (points.every((p, k) => p[0] === path[k][0] && p[1] === path[k][1])) return decodeCurvature(answer);
      }
    }
    throw new ApiError(0, fixedDetail);
  };

  return {
    docsUrl: '#',
    ...(data.curvature ? { curvature } : {}),
    offline: {
      query: data.query,
      /** Run i's learning-rate slider positions, or null. */
      rates: (i) => data.runs[i]?.lr ?? null,
    },
    async catalogs() {
      return data.catalogs;
    },
    async sweep() {
      throw new ApiError(0, fixedDetail);
    },
    async gradientCheck() {
      throw new ApiError(0, fixedDetail);
    },
    async graph() {
      throw new ApiError(0, fixedDetail);
    },
    exportFile() {
      return Promise.reject(new ApiError(0, fixedDetail));
    },
    openStream({ onFrame, onStatus }) {
      let closed = false;
      setTimeout(() => closed || onStatus('open'));
      return {
        status: 'open',
        send(message) {
          if (closed || message?.type !== 'scene') return false;
          // Asynchronous, as a socket is: the page expects frames after send() returns.
          setTimeout(() => closed || answer(message).forEach(onFrame));
          return true;
        },
        reconnect() {},
        close() {
          closed = true;
        },
      };
    },
  };
}

/** The trajectory request asks for the scene that was exported (learning rates aside)? */
function matches(data, request) {
  const scene = data.scene;
  const close = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
  if (JSON.stringify(request.surface) !== JSON.stringify(scene.surface)) return false;
  if (JSON.stringify(request.surface_params ?? null) !== JSON.stringify(scene.surface_params ?? null)) return false;
  if (request.steps !== scene.steps || !close(request.tolerance, scene.tolerance)) return false;
  if (!request.start.every((v, k) => close(v, scene.start[k]))) return false;
  if (request.runs.length !== data.runs.length) return false;
  return request.runs.every((run, i) => {
    const stored = data.runs[i];
    if (run.optimizer !== stored.optimizer) return false;
    return Object.entries(run.hyperparameters).every(
      ([name, value]) => (name === 'lr' && stored.lr) || close(value, stored.hyperparameters[name]),
    );
  });
}

/** The landscape leaving the least of `window` uncovered; the finest of those. */
function covering(landscapes, window) {
  const area = (d) => (d.x[1] - d.x[0]) * (d.y[1] - d.y[0]);
  const overlap = (a, b) => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
  const uncovered = (d) => area(window) - overlap(d.x, window.x) * overlap(d.y, window.y);
  const score = (l) => [uncovered(l.domain) / area(window), area(l.domain)];
  return landscapes.reduce((best, l) => {
    const [a, b] = [score(l), score(best)];
    return a[0] < b[0] - 1e-9 || (Math.abs(a[0] - b[0]) <= 1e-9 && a[1] < b[1]) ? l : best;
  });
}

/** Index of the rate nearest to `lr` in log10 (0 when the run has one trajectory). */
function nearest(rates, lr) {
  if (!rates || !(lr > 0)) return 0;
  let best = 0;
  rates.forEach((rate, k) => {
    if (Math.abs(Math.log10(rate / lr)) < Math.abs(Math.log10(rates[best] / lr))) best = k;
  });
  return best;
}

function floats(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return Array.from(new Float32Array(bytes.buffer));
}

/** Stored base64 arrays -> the nested arrays of /api/curvature's answer (NaN as null, as in JSON). */
const CURVATURE_ARRAYS = { path_eigenvalues: 2, path_eigenvectors: 4, path_jacobians: 4, path_game_eigenvalues: 4 };

function pathLength(answer) {
  const [name, width] = Object.entries(CURVATURE_ARRAYS).find(([key]) => key in answer);
  const text = answer[name];
  const bytes = (text.length * 3) / 4 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  return bytes / 4 / width;
}

function decodeCurvature(answer) {
  const out = { ...answer };
  for (const [name, width] of Object.entries(CURVATURE_ARRAYS)) {
    if (!(name in answer)) continue;
    const values = floats(answer[name]).map((v) => (Number.isNaN(v) ? null : v));
    const rows = [];
    for (let k = 0; k < values.length; k += width) {
      const row = values.slice(k, k + width);
      rows.push(width === 2 ? row : [row.slice(0, 2), row.slice(2)]);
    }
    out[name] = rows;
  }
  return out;
}

function pairs(values) {
  const out = [];
  for (let k = 0; k + 1 < values.length; k += 2) out.push([values[k], values[k + 1]]);
  return out;
}

function decodeLandscape(stored) {
  const [x, y] = [floats(stored.x), floats(stored.y)];
  const flat = floats(stored.z).map((v) => (Number.isNaN(v) ? null : v)); // null, as in JSON
  const z = Array.from({ length: y.length }, (_, j) => flat.slice(j * x.length, (j + 1) * x.length));
  const arrows = Object.fromEntries(['x', 'y', 'u', 'v'].map((k) => [k, floats(stored.arrows[k])]));
  return { ...stored, x, y, z, arrows };
}

/** Stored arrays -> a `segments` entry's; updates are the steps between points. */
function segmentArrays(stored) {
  const points = pairs(floats(stored.points));
  const updates = points.slice(1).map((p, k) => [p[0] - points[k][0], p[1] - points[k][1]]);
  const arrays = {
    points,
    losses: floats(stored.losses),
    gradients: pairs(floats(stored.gradients)),
    updates,
  };
  if (stored.momenta) arrays.momenta = pairs(floats(stored.momenta));
  return arrays;
}
