// Entry point: read the URL, load the catalogs (retrying while the server is
// away), then start the app. No logic of its own.

import { createApi } from './api.js';
import { createApp } from './app.js';
import { attachCodeButton } from './code-dialog.js';
import { applyStatic, createI18n, pickLanguage } from './i18n.js';
import { attachBridge } from './shell/bridge.js';
import { navigation } from './shell/chrome.js';
import { createEmbedControls } from './embed-controls.js';
import { createShare } from './share.js';
import { attachSlideToggles } from './shell/look.js';
import { parse, parseEmbed, serialize, serializeEmbed } from './state.js';

const RETRY_MS = 1500;

async function boot() {
  const api = createApi();
  // An offline file carries its scene's query; the file:// URL has none.
  const search = api.offline ? api.offline.query : window.location.search;
  const state = parse(search);
  const isEmbed = document.body.classList.contains('is-embed');
  const embed = parseEmbed(search);
  if (isEmbed) for (const name of embed.controls) document.body.classList.add(`show-${name}`);
  const i18n = createI18n(pickLanguage(state.lang));
  document.documentElement.lang = i18n.lang;
  document.querySelector('.topbar .tagline').after(navigation('race', i18n.t));
  applyStatic(document, i18n.t);
  document.getElementById('api-link').href = api.docsUrl;
  const catalogs = await loadCatalogs(api, i18n.t);
  state.runs = state.runs.filter((run) => catalogs.optimizers.some((o) => o.id === run.optimizer));
  const known = state.surface === 'custom' || catalogs.surfaces.some((s) => s.id === state.surface);
  if (!known) state.surface = catalogs.surfaces[0].id;
  // Plotly measures text while drawing: let the web font arrive first (briefly).
  await Promise.race([document.fonts.ready, new Promise((r) => setTimeout(r, 800))]);
  const started = createApp({
    api, catalogs, state,
    autoplay: (!isEmbed && search === '') || embed.autoplay,
    urlSuffix: isEmbed ? serializeEmbed(embed) : '',
  });
  const { control, actions } = started;
  attachSlideToggles();
  if (isEmbed) {
    attachBridge({ control, origin: embed.origin });
    createEmbedControls(document.getElementById('embed-controls'), {
      state, catalogs, control, t: actions.t, rates: api.offline?.rates,
    });
    const full = document.getElementById('open-full');
    const point = () => { full.href = `./?${serialize(state)}`; };
    point();
    full.addEventListener('focus', point);
    full.addEventListener('pointerenter', point);
  } else {
    createShare({ state, actions, player: started.player, api });
    attachCodeButton({ anchor: document.getElementById('btn-share'), query: () => serialize(state), t: (...a) => actions.t(...a), api });
  }
}

async function loadCatalogs(api, t) {
  const banner = document.getElementById('banner');
  for (;;) {
    try {
      const catalogs = await api.catalogs();
      banner.hidden = true;
      return catalogs;
    } catch {
      document.body.dataset.connection = 'unreachable';
      banner.textContent = t('banner.catalogs');
      banner.hidden = false;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}

boot();
