// The race page's Share dialog and look toggles, on the shell's (shell/share.js,
// shell/look.js): its links are the scene's, its pictures PNG, SVG and a WebM
// film, its offline file the scene precomputed by the server's GET /api/export.

import { pngBlob, svgBlob, webmBlob } from './export.js';
import { attachLookToggles } from './shell/look.js';
import { createShareDialog } from './shell/share.js';
import { DEFAULT_EMBED_CONTROLS, EMBED_CONTROLS, serialize, serializeEmbed } from './state.js';

export function createShare({ state, actions, player, api }) {
  const t = (...args) => actions.t(...args);
  const look = { theme: state.theme, projector: state.projector };
  attachLookToggles(look, () => actions.setLook(look));

  const sceneQuery = (overrides = {}) => {
    const step = player.playing || player.step >= player.last ? null : player.step;
    return serialize({ ...state, step, ...overrides });
  };
  const base = () => new URL('./', window.location.href).href;
  const links = (options) => {
    const page = `${base()}${sceneQuery() ? `?${sceneQuery()}` : ''}`;
    const query = [sceneQuery({ theme: options.theme, projector: options.projector }), serializeEmbed(options)].filter(Boolean).join('&');
    const embed = `${base()}embed${query ? `?${query}` : ''}`;
    return { page, embed, title: `Thalweg: ${document.getElementById('surface-name').textContent}` };
  };
  return createShareDialog({
    t,
    look: state,
    controls: EMBED_CONTROLS,
    defaultControls: DEFAULT_EMBED_CONTROLS,
    controlLabel: (name) => t(`control.${name}`),
    links,
    images: () => [
      { id: 'export-png', label: 'PNG', make: () => pngBlob({ theme: state.theme }), filename: 'thalweg.png' },
      { id: 'export-svg', label: 'SVG', make: () => svgBlob({ theme: state.theme }), filename: 'thalweg.svg' },
      { id: 'export-webm', label: t('share.film'), make: (onProgress) => webmBlob({ player, theme: state.theme, onProgress }), filename: 'thalweg.webm' },
    ],
    offline: {
      make: (options) => api.exportFile(sceneQuery({ theme: options.theme, projector: options.projector })),
      filename: 'thalweg-scene.html',
      get hint() { return t('share.offlineHint'); },
    },
    onOpen: () => player.pause(),
  });
}
