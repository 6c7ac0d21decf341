// A stand-in for the shell (js/shell/shell.js, docs/shell.md) until it lands:
// the same startView(view) contract with the least chrome (language switch,
// error banner, URL rewriting, embed/projector body classes). Removed when the
// page is moved onto the shell.

import { applyStatic, createI18n, pickLanguage, register } from '../../i18n.js';
import { fmt } from '../../format.js';

export async function startView(view) {
  const search = window.location.search;
  const params = new URLSearchParams(search);
  register(view.strings);
  const i18n = createI18n(pickLanguage(params.get('lang')));
  const { t } = i18n;
  document.documentElement.lang = i18n.lang;
  applyStatic(document, t);
  const state = view.parse(search);
  const look = { theme: params.get('theme') === 'dark' ? 'dark' : 'light', projector: params.get('projector') === '1' };
  const embed = { on: params.get('embed') === '1', controls: new Set((params.get('controls') || view.defaultControls.join(',')).split(',')) };
  document.body.classList.toggle('is-embed', embed.on);
  document.body.classList.toggle('is-projector', look.projector);
  for (const name of embed.controls) document.body.classList.add(`show-${name}`);
  const keep = ['lang', 'theme', 'projector', 'embed', 'controls'].filter((k) => params.has(k)).map((k) => `${k}=${params.get(k)}`);
  const changed = () => {
    const query = [view.serialize(state), ...keep].filter(Boolean).join('&');
    history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
    document.title = `Thalweg · ${view.title(t, state)}`;
  };
  for (const button of document.querySelectorAll('.lang-btn')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === i18n.lang));
    button.addEventListener('click', () => {
      const next = new URLSearchParams(window.location.search);
      next.set('lang', button.dataset.lang);
      window.location.search = next.toString();
    });
  }
  const banner = document.getElementById('banner');
  const ctx = {
    root: document.getElementById('view-root'),
    sidebar: document.getElementById('view-sidebar'),
    state, t, lang: i18n.lang, fmt, embed, look,
    showError: (text) => { banner.textContent = text || ''; banner.hidden = !text; },
    setBusy: (busy) => { document.body.dataset.busy = busy ? '1' : '0'; },
    changed,
  };
  await waitForPlotly();
  changed();
  const handle = await view.mount(ctx);
  window.addEventListener('resize', () => handle.relayout());
  document.body.dataset.ready = '1';
  return handle;
}

function waitForPlotly() {
  return new Promise((resolve) => {
    const check = () => (window.Plotly ? resolve() : setTimeout(check, 20));
    check();
  });
}
