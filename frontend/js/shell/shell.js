// startView(view): the one entry point of every view but the race (docs/shell.md).
// It reads the URL (or an offline file's query), builds the chrome, sets the
// language and the looks, mounts the view into its two slots, and wires what
// every view gets the same way: Share, the embed bar, the deck bridge, the
// keyboard, the URL kept in step with the view's state.

import { createApi } from '../api.js';
import { attachCodeButton } from '../code-dialog.js';
import { fmt } from '../format.js';
import { createI18n, pickLanguage, register } from '../i18n.js';
import { attachBridge } from './bridge.js';
import { buildChrome } from './chrome.js';
import { attachKeyboard } from './keyboard.js';
import { applyLook, attachLookToggles, attachSlideToggles } from './look.js';
import { createShareDialog } from './share.js';
import { pngBlob } from './image.js';
import { embedQuery, lookQuery, offlinePayload, parseShell } from './url.js';

export async function startView(view) {
  register(view.strings);
  const offline = offlinePayload();
  const search = offline ? offline.query : window.location.search;
  const state = view.parse(search);
  const shell = parseShell(search, view);
  const embedded = Boolean(offline) || /\/embed(\.html)?$/.test(window.location.pathname);
  const i18n = createI18n(pickLanguage(shell.lang));
  const { t } = i18n;
  document.documentElement.lang = i18n.lang;
  const look = { theme: shell.theme, projector: shell.projector };
  const body = document.body;
  body.classList.toggle('is-embed', embedded);
  body.classList.toggle('is-offline', Boolean(offline));
  body.classList.add('shell', `view-${view.id}`);
  if (embedded) for (const name of shell.controls) body.classList.add(`show-${name}`);
  applyLook(look);

  // Everything after the view's own keys: the page's language and looks, an embed's options.
  const suffix = () => [
    lookQuery({ lang: shell.lang, ...look }),
    embedded ? embedQuery(shell, view) : '',
  ].filter(Boolean).join('&');
  const pageOf = () => `${view.id}.html`;
  const chrome = buildChrome({
    id: view.id, t, lang: i18n.lang, embedded,
    onLanguage: (lang) => {
      shell.lang = lang;
      window.location.search = [view.serialize(state), suffix()].filter(Boolean).join('&');
    },
  });
  const refreshTitle = () => {
    const title = view.title(t, state);
    document.title = `Thalweg · ${title}`;
    chrome.title.textContent = title;
    chrome.openFull.href = `./${pageOf()}?${[view.serialize(state), lookQuery({ lang: shell.lang, ...look })].filter(Boolean).join('&')}`;
  };

  let share = null;
  const changed = () => {
    refreshTitle();
    if (!offline) {
      const query = [view.serialize(state), suffix()].filter(Boolean).join('&');
      history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
    }
    if (share && document.getElementById('share-dialog').open) share.render();
  };
  const showError = (text) => {
    chrome.banner.hidden = !text;
    chrome.banner.textContent = text || '';
  };
  const ctx = {
    root: chrome.root, sidebar: chrome.sidebar, state, t, has: i18n.has, lang: i18n.lang, fmt,
    embed: { on: embedded, controls: new Set(shell.controls), autoplay: shell.autoplay },
    look, offline, showError,
    setBusy: (busy) => { body.dataset.busy = busy ? '1' : '0'; },
    changed,
  };
  refreshTitle();
  await Promise.race([document.fonts.ready, new Promise((r) => setTimeout(r, 800))]);
  await waitForPlotly();
  const handle = await view.mount(ctx);

  new ResizeObserver(() => handle.relayout()).observe(chrome.root);
  attachKeyboard(handle.control);
  if (embedded) attachBridge({ control: handle.control, origin: shell.origin });
  else {
    attachLookToggles(look, () => {
      applyLook(look);
      handle.relayout();
      changed();
    });
    attachSlideToggles();
    const api = createApi();
    chrome.header.querySelector('#api-link').href = api.docsUrl;
    if (handle.code) {
      attachCodeButton({
        anchor: chrome.header.querySelector('#btn-share'), t, api,
        query: () => [`view=${view.id}`, view.serialize(state)].filter(Boolean).join('&'),
      });
    }
    const base = () => new URL('./', window.location.href).href;
    const embedLink = (options) => `${base()}embed?${[
      `view=${view.id}`, view.serialize(state), lookQuery({ lang: shell.lang, ...options }), embedQuery(options, view),
    ].filter(Boolean).join('&')}`;
    share = createShareDialog({
      t, look,
      controls: view.controls || [],
      defaultControls: view.defaultControls || [],
      controlLabel: (name) => t(`${view.id}.control.${name}`, {}, t(`control.${name}`)),
      links: (options) => {
        const pageQuery = [view.serialize(state), lookQuery({ lang: shell.lang, ...look })].filter(Boolean).join('&');
        return { page: `${base()}${pageOf()}${pageQuery ? `?${pageQuery}` : ''}`, embed: embedLink(options), title: `Thalweg: ${view.title(t, state)}` };
      },
      images: () => [{
        id: 'export-png', label: 'PNG', filename: `thalweg-${view.id}.png`,
        make: () => pngBlob(handle.figures(), { theme: look.theme, caption: { title: view.title(t, state), items: [] } }),
      }],
      offline: handle.offline ? {
        make: (options) => api.exportFile(`link=${encodeURIComponent(embedLink(options))}`),
        filename: `thalweg-${view.id}.html`,
        hint: t('shell.offlineHint'),
      } : null,
      onOpen: () => handle.control.pause(),
    });
  }
  body.dataset.ready = '1';
  return { ctx, handle };
}

/** plotly.js loads as a deferred classic script; modules may run first. */
function waitForPlotly() {
  if (window.Plotly) return Promise.resolve();
  return new Promise((resolve) => {
    const poll = () => (window.Plotly ? resolve() : setTimeout(poll, 20));
    poll();
  });
}
