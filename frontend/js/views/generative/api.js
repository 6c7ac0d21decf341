// The Generative view's only module that knows URLs and sockets: the GAN and
// optimizer catalogs, and one training socket per mode (GAN, autoencoder),
// through the networks view's reconnecting trainer.

import { ApiError, request } from '../../api.js';
import { createTrainer } from '../../networks/api.js';

export { ApiError };

export function createGenerativeApi(origin = window.location.origin) {
  const get = (path) => request(`${origin}/api${path}`);
  const socket = (path) => (handlers) => createTrainer(`${origin.replace(/^http/, 'ws')}/api${path}`, handlers);
  return {
    docsUrl: `${origin}/docs`,
    /** {gan, optimizers, networks}: what the pickers offer. */
    async catalogs() {
      const [gan, optimizers, networks] = await Promise.all([
        get('/gan/catalog'), get('/optimizers'), get('/networks/catalog'),
      ]);
      return { gan, optimizers, networks };
    },
    openGan: socket('/gan/stream'),
    openAutoencoder: socket('/autoencoder/stream'),
  };
}
