// The offline file's stand-in for networks/api.js (same interface; see
// backend/thalweg/services/networks_export.py). There is no server: the
// training was precomputed into the page (<script id="thalweg-offline">), and
// each trainer replays its run's frames as the socket sent them, a little
// slower than they came, so "Train" shows the training happen again.

import { ApiError } from '../api-error.js';
import { replayingSocket } from '../offline-replay.js';
import { offlinePayload } from '../shell/url.js';

export { ApiError };

const FRAME_MS = 90; // one progress chunk per 90 ms: 500 steps replay in about a second

export function createNetworksApi() {
  const data = offlinePayload();
  let opened = 0;
  return {
    docsUrl: '',
    async catalogs() {
      return data.catalogs;
    },
    async activation() {
      throw new ApiError(0, 'offline: the activation was fixed when this file was made');
    },
    /** Trainer i replays run i of the payload (A, then B or the other batch sizes). */
    openTrainer(handlers) {
      const frames = data.runs[opened] || [];
      opened += 1;
      return replayingSocket(handlers, FRAME_MS, () => frames);
    },
  };
}
