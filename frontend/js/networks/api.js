// The Networks view's only module that knows URLs and the socket.

import { ApiError, request } from '../api.js';

export { ApiError };

export function createNetworksApi(origin = window.location.origin) {
  const get = (path) => request(`${origin}/api${path}`);
  return {
    docsUrl: `${origin}/docs`,
    /** {networks, optimizers}: the networks catalog and the optimizer specs. */
    async catalogs() {
      const [networks, optimizers] = await Promise.all([get('/networks/catalog'), get('/optimizers')]);
      return { networks, optimizers };
    },
    /** POST /api/networks/activation: f and f′ sampled at another α. */
    activation(name, alpha) {
      return request(`${origin}/api/networks/activation`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, alpha, range: [-4, 4], points: 161 }),
      });
    },
    /** One training socket (one per compared run); reconnects when lost. */
    openTrainer(handlers) {
      return createTrainer(origin.replace(/^http/, 'ws') + '/api/networks/stream', handlers);
    },
  };
}

/**
 * onFrame(frame), onStatus('open' | 'unreachable'). The train message in
 * flight is kept until its result or error and sent again after a reconnect.
 */
export function createTrainer(url, { onFrame, onStatus }) {
  let socket = null;
  let current = null;
  let closed = false;
  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      onStatus('open');
      if (current) ws.send(JSON.stringify(current));
    });
    ws.addEventListener('message', (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (current && frame.id === current.id && (frame.type === 'result' || frame.type === 'error')) current = null;
      onFrame(frame);
    });
    ws.addEventListener('close', () => {
      if (socket !== ws || closed) return;
      onStatus('unreachable');
      setTimeout(connect, 1000);
    });
  };
  connect();
  return {
    send(message) {
      current = message.type === 'train' ? message : null;
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    },
    close() {
      closed = true;
      if (socket) socket.close();
    },
  };
}
