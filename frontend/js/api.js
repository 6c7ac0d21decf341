// The only module that knows the server's URLs and the WebSocket. (An offline
// file swaps it for offline-api.js, which has the same interface.)

import { ApiError } from './api-error.js';
import { decodeBinaryFrame, LITTLE_ENDIAN } from './frames.js';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 2000;

export { ApiError };

export function createApi(origin = window.location.origin) {
  const http = (path, init) => request(`${origin}/api${path}`, init);
  const post = (path, body, signal) => http(path, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal,
  });
  return {
    docsUrl: `${origin}/docs`,
    /** {surfaces, optimizers}: the catalogs that build the UI. */
    async catalogs() {
      const [surfaces, optimizers] = await Promise.all([http('/surfaces'), http('/optimizers')]);
      return { surfaces, optimizers };
    },
    /** POST /api/sweep: one optimizer over many learning rates. */
    sweep: (body, signal) => post('/sweep', body, signal),
    /** POST /api/gradient-check: ∇f at a point by JAX and by finite differences. */
    gradientCheck: (body, signal) => post('/gradient-check', body, signal),
    /** POST /api/curvature: ∇²f at a point and along a path (`points`). */
    curvature: (body, signal) => post('/curvature', body, signal),
    /** POST /api/stability: one optimizer over a grid of two hyperparameters. */
    stability: (body, signal) => post('/stability', body, signal),
    /** POST /api/basins: one optimizer from a grid of starts. */
    basins: (body, signal) => post('/basins', body, signal),
    /** POST /api/graph: a typed expression's computation graph at a point. */
    graph: (body, signal) => post('/graph', body, signal),
    /** GET /api/export: the scene of `query` as one offline HTML file (a Blob). */
    exportFile(query) {
      return request(`${origin}/api/export?${query}`, {}, (response) => response.blob());
    },
    /** GET /api/code: the scene of `query` as a torch, jax or keras script (text). */
    code(query, framework) {
      return request(`${origin}/api/code?${query}&framework=${framework}`, {}, (response) => response.text());
    },
    /**
     * The scene stream; reconnects on its own. Trajectory segments come as
     * binary frames where the byte order allows reading them in place
     * (docs/protocol.md); JSON otherwise.
     */
    openStream(handlers) {
      const query = LITTLE_ENDIAN ? '?frames=binary' : '';
      return createStream(`${origin.replace(/^http/, 'ws')}/api/stream${query}`, handlers);
    },
  };
}

/** fetch; a refusal becomes an ApiError with the server's detail; read(response) on success. */
export async function request(url, init, read = (response) => response.json().catch(() => null)) {
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, error.message);
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new ApiError(response.status, body?.detail ?? response.statusText, body ?? {});
  }
  return read(response);
}

/**
 * A WebSocket that reconnects with backoff. Status: 'connecting' (first
 * attempt), 'open', or 'unreachable' (lost or refused; retrying).
 * onStatus(status) fires on every change; onFrame(frame) on every message.
 */
function createStream(url, { onFrame, onStatus }) {
  let socket = null;
  let status = 'connecting';
  let delay = RETRY_MIN_MS;
  let timer = 0;
  let closed = false;

  const setStatus = (next) => {
    if (next === status) return;
    status = next;
    onStatus(next);
  };

  const connect = () => {
    timer = 0;
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.addEventListener('open', () => {
      delay = RETRY_MIN_MS;
      setStatus('open');
    });
    ws.addEventListener('message', (event) => {
      let frame;
      try {
        frame = typeof event.data === 'string' ? JSON.parse(event.data) : decodeBinaryFrame(event.data);
      } catch {
        return;
      }
      onFrame(frame);
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      if (closed) return;
      setStatus('unreachable');
      timer = setTimeout(connect, delay);
      delay = Math.min(RETRY_MAX_MS, delay * 1.6);
    });
    // 'error' is always followed by 'close', which does the work.
  };

  connect();
  return {
    get status() {
      return status;
    },
    /** Send a message if connected; false if it could not be sent. */
    send(message) {
      if (!socket || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
    /** Drop the connection and connect again (e.g. after the server went silent). */
    reconnect() {
      if (socket) socket.close();
    },
    close() {
      closed = true;
      clearTimeout(timer);
      if (socket) socket.close();
    },
  };
}
