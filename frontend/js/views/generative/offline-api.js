// The offline file's stand-in for views/generative/api.js (same interface; see
// backend/thalweg/services/generative_export.py). There is no server: the
// catalogs and the training of the file's link (the GAN's, or the
// autoencoder's) were precomputed into the page (<script id="thalweg-offline">).
// A `train` message asking for that run replays its frames as the socket sent
// them, a little slower than they came, so "Train" shows the training happen
// again; any other run (a moved slider, the other tab) is answered with an error
// frame, since nothing here can train it.

import { ApiError } from '../../api-error.js';
import { replayingSocket } from '../../offline-replay.js';
import { offlinePayload } from '../../shell/url.js';

export { ApiError };

const FRAME_MS = 60; // one progress chunk (25 iterations) per 60 ms: 2,000 in about 5 s

/** JSON with sorted keys: the recorded request and a message compare by value. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function createGenerativeApi() {
  const data = offlinePayload();
  const recorded = canonical(data.body);
  const refused = [{
    type: 'error', code: 'offline_fixed',
    detail: 'this offline file holds only the training of its link; open the link on a server to train another',
  }];
  const trainer = (mode) => (handlers) => replayingSocket(handlers, FRAME_MS, ({ type, id, ...body }) => (
    mode === data.mode && canonical(body) === recorded ? data.frames : refused));
  return {
    docsUrl: '',
    async catalogs() {
      return data.catalogs;
    },
    openGan: trainer('gan'),
    openAutoencoder: trainer('ae'),
  };
}
