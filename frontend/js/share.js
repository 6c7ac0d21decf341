// The main page's lecture tools: the theme and projector toggles in the header,
// and the Share dialog (page link, embed link, <iframe> snippet with copy
// buttons; embed options; PNG, SVG and WebM downloads of the current view; the
// scene as one offline HTML file, made by the server's GET /api/export).

import { fill, h } from './dom.js';
import { errorText } from './errors.js';
import { download, pngBlob, svgBlob, webmBlob } from './export.js';
import { DEFAULT_EMBED_CONTROLS, EMBED_CONTROLS, serialize, serializeEmbed } from './state.js';

export function createShare({ state, actions, player, api }) {
  const $ = (id) => document.getElementById(id);
  const dialog = $('share-dialog');
  const options = { theme: state.theme, projector: state.projector, autoplay: false, controls: [...DEFAULT_EMBED_CONTROLS] };

  const renderToggles = () => {
    $('btn-theme').setAttribute('aria-pressed', String(state.theme === 'dark'));
    $('btn-projector').setAttribute('aria-pressed', String(state.projector));
  };
  $('btn-theme').addEventListener('click', () => {
    actions.setLook({ theme: state.theme === 'dark' ? 'light' : 'dark' });
    renderToggles();
  });
  $('btn-projector').addEventListener('click', () => {
    actions.setLook({ projector: !state.projector });
    renderToggles();
  });
  renderToggles();

  const sceneQuery = (overrides = {}) => {
    const step = player.playing || player.step >= player.last ? null : player.step;
    return serialize({ ...state, step, ...overrides });
  };
  const base = () => new URL('./', window.location.href).href;
  const links = () => {
    const page = `${base()}${sceneQuery() ? `?${sceneQuery()}` : ''}`;
    const query = [sceneQuery({ theme: options.theme, projector: options.projector }), serializeEmbed(options)].filter(Boolean).join('&');
    const embed = `${base()}embed${query ? `?${query}` : ''}`;
    const title = `Thalweg: ${document.getElementById('surface-name').textContent}`;
    const snippet = `<iframe src="${escapeAttr(embed)}" width="800" height="500" style="border:0;max-width:100%" allow="fullscreen" loading="lazy" title="${escapeAttr(title)}"></iframe>`;
    return { page, embed, snippet };
  };

  const copyRow = (id, label, value, multiline) => {
    const t = actions.t;
    const field = multiline
      ? h('textarea', { id, class: 'share-field mono', readonly: true, rows: 3, 'aria-label': label }, value)
      : h('input', { id, class: 'share-field mono', type: 'text', readonly: true, value, 'aria-label': label });
    const status = h('span', { class: 'share-copied', role: 'status' });
    const button = h('button', {
      type: 'button', class: 'btn btn-small', dataset: { copy: id }, 'aria-label': `${t('share.copy')}: ${label}`,
      onclick: async () => {
        field.select();
        try {
          await navigator.clipboard.writeText(field.value);
        } catch {
          document.execCommand('copy');
        }
        status.textContent = t('share.copied');
        setTimeout(() => { status.textContent = ''; }, 1500);
      },
    }, t('share.copy'));
    return h('div', { class: 'share-row' }, h('label', { class: 'field-label', for: id }, label), h('div', { class: 'share-copy' }, field, button, status));
  };

  const render = () => {
    const t = actions.t;
    const { page, embed, snippet } = links();
    const check = (id, label, checked, onchange) => h('label', { class: 'toggle' },
      h('input', { type: 'checkbox', id, checked, onchange: (e) => { onchange(e.target.checked); render(); focusKeep(id); } }), h('span', {}, label));
    const themeSelect = h('select', {
      id: 'share-theme', class: 'select select-small', 'aria-label': t('share.theme'),
      onchange: (e) => { options.theme = e.target.value; render(); focusKeep('share-theme'); },
    }, ['light', 'dark'].map((v) => h('option', { value: v, selected: options.theme === v }, t(`theme.${v}`))));
    const progress = h('span', { id: 'export-status', class: 'muted small', role: 'status' });
    const offlineStatus = h('span', { id: 'export-offline-status', class: 'muted small', role: 'status' });
    const exportButton = (id, label, make, filename, status = progress) => h('button', {
      type: 'button', id, class: 'btn btn-small',
      onclick: async (e) => {
        const button = e.currentTarget;
        button.disabled = true;
        status.textContent = t('share.exporting');
        try {
          download(await make((p) => { status.textContent = `${t('share.exporting')} ${Math.round(p * 100)} %`; }), filename);
          status.textContent = '';
        } catch (error) {
          status.textContent = t('share.exportFailed', { message: errorText(error, t) });
        } finally {
          button.disabled = false;
        }
      },
    }, label);
    fill($('share-body'),
      h('fieldset', { class: 'share-options' },
        h('legend', {}, t('share.options')),
        h('div', { class: 'share-option-row' },
          h('label', { class: 'toggle', for: 'share-theme' }, t('share.theme')), themeSelect,
          check('share-projector', t('share.projector'), options.projector, (v) => { options.projector = v; }),
          check('share-autoplay', t('share.autoplay'), options.autoplay, (v) => { options.autoplay = v; })),
        h('div', { class: 'share-option-row' },
          h('span', { class: 'field-label' }, t('share.controls')),
          EMBED_CONTROLS.map((name) => check(`share-control-${name}`, t(`control.${name}`), options.controls.includes(name), (v) => {
            options.controls = EMBED_CONTROLS.filter((c) => (c === name ? v : options.controls.includes(c)));
          })))),
      copyRow('share-page', t('share.page'), page, false),
      copyRow('share-embed', t('share.embed'), embed, false),
      copyRow('share-snippet', t('share.snippet'), snippet, true),
      h('div', { class: 'share-row' },
        h('span', { class: 'field-label' }, t('share.images')),
        h('div', { class: 'share-copy' },
          exportButton('export-png', 'PNG', () => pngBlob({ theme: state.theme }), 'thalweg.png'),
          exportButton('export-svg', 'SVG', () => svgBlob({ theme: state.theme }), 'thalweg.svg'),
          exportButton('export-webm', t('share.film'), (onProgress) => webmBlob({ player, theme: state.theme, onProgress }), 'thalweg.webm'),
          progress)),
      h('div', { class: 'share-row' },
        h('span', { class: 'field-label' }, t('share.offline')),
        h('div', { class: 'share-copy' },
          exportButton('export-offline', t('share.offlineButton'),
            () => api.exportFile(sceneQuery({ theme: options.theme, projector: options.projector })), 'thalweg-scene.html', offlineStatus),
          offlineStatus),
        h('p', { class: 'hint' }, t('share.offlineHint'))));
  };
  const focusKeep = (id) => {
    const el = document.getElementById(id);
    if (el) el.focus();
  };

  $('btn-share').addEventListener('click', () => {
    player.pause();
    options.theme = state.theme; // the embed starts out looking like the page
    options.projector = state.projector;
    render();
    $('share-title').textContent = actions.t('share.title');
    $('share-close').setAttribute('aria-label', actions.t('share.close'));
    dialog.showModal();
  });
  $('share-close').addEventListener('click', () => dialog.close());
  return { render };
}

function escapeAttr(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
