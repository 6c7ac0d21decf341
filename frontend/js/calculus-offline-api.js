// The offline file's stand-in for api.js in the gradient-check and graph views
// (backend/thalweg/services/calculus_export.py): the catalogs and the one answer
// the view asks for were precomputed into the page (<script id="thalweg-offline">).

import { ApiError } from './api-error.js';
import { offlinePayload } from './shell/url.js';

export { ApiError };

export function createApi() {
  const data = offlinePayload();
  const answer = async () => data.answer;
  return {
    docsUrl: '',
    catalogs: async () => data.catalogs,
    gradientCheck: answer,
    graph: answer,
  };
}
