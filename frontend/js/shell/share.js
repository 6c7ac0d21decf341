// The Share dialog of every view: page link, embed link and <iframe> snippet
// (with copy buttons), the embed's options (theme, projector, autoplay, the
// controls it shows), downloads of the view's pictures and, where the view has
// one, its offline single file. The view says what its links are; the dialog
// owns the markup (#share-dialog, #share-body) and its behaviour.

import { fill, h } from '../dom.js';
import { errorText } from '../errors.js';
import { download } from './image.js';

/**
 * look: the page's {theme, projector} (the embed starts out looking like it);
 * controls / defaultControls: names an embed's controls= may list;
 * controlLabel(name) -> its label; links(options) -> {page, embed, title};
 * images() -> [{id, label, make(onProgress) -> Blob, filename}] (asked at each render: labels follow the language);
 * offline: {make(options) -> Blob, filename, hint} or null; onOpen(): before it shows.
 */
export function createShareDialog({ t, look, controls, defaultControls, controlLabel, links, images = () => [], offline = null, onOpen = () => {} }) {
  const $ = (id) => document.getElementById(id);
  const dialog = $('share-dialog');
  const options = { theme: look.theme, projector: look.projector, autoplay: false, controls: [...defaultControls] };

  const snippetOf = ({ embed, title }) =>
    `<iframe src="${escapeAttr(embed)}" width="800" height="500" style="border:0;max-width:100%" allow="fullscreen" loading="lazy" title="${escapeAttr(title)}"></iframe>`;

  const copyRow = (id, label, value, multiline) => {
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

  const exportButton = (id, label, make, filename, status) => h('button', {
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

  const render = () => {
    const linked = links(options);
    const pictures = images();
    const check = (id, label, checked, onchange) => h('label', { class: 'toggle' },
      h('input', { type: 'checkbox', id, checked, onchange: (e) => { onchange(e.target.checked); render(); focusKeep(id); } }), h('span', {}, label));
    const themeSelect = h('select', {
      id: 'share-theme', class: 'select select-small', 'aria-label': t('share.theme'),
      onchange: (e) => { options.theme = e.target.value; render(); focusKeep('share-theme'); },
    }, ['light', 'dark'].map((v) => h('option', { value: v, selected: options.theme === v }, t(`theme.${v}`))));
    const progress = h('span', { id: 'export-status', class: 'muted small', role: 'status' });
    const offlineStatus = h('span', { id: 'export-offline-status', class: 'muted small', role: 'status' });
    fill($('share-body'),
      h('fieldset', { class: 'share-options' },
        h('legend', {}, t('share.options')),
        h('div', { class: 'share-option-row' },
          h('label', { class: 'toggle', for: 'share-theme' }, t('share.theme')), themeSelect,
          check('share-projector', t('share.projector'), options.projector, (v) => { options.projector = v; }),
          check('share-autoplay', t('share.autoplay'), options.autoplay, (v) => { options.autoplay = v; })),
        controls.length ? h('div', { class: 'share-option-row' },
          h('span', { class: 'field-label' }, t('share.controls')),
          controls.map((name) => check(`share-control-${name}`, controlLabel(name), options.controls.includes(name), (v) => {
            options.controls = controls.filter((c) => (c === name ? v : options.controls.includes(c)));
          }))) : null),
      copyRow('share-page', t('share.page'), linked.page, false),
      copyRow('share-embed', t('share.embed'), linked.embed, false),
      copyRow('share-snippet', t('share.snippet'), snippetOf(linked), true),
      pictures.length ? h('div', { class: 'share-row' },
        h('span', { class: 'field-label' }, t('share.images')),
        h('div', { class: 'share-copy' },
          pictures.map((image) => exportButton(image.id, image.label, image.make, image.filename, progress)),
          progress)) : null,
      offline ? h('div', { class: 'share-row' },
        h('span', { class: 'field-label' }, t('share.offline')),
        h('div', { class: 'share-copy' },
          exportButton('export-offline', t('share.offlineButton'), () => offline.make(options), offline.filename, offlineStatus),
          offlineStatus),
        h('p', { class: 'hint' }, offline.hint)) : null);
  };
  const focusKeep = (id) => {
    const el = document.getElementById(id);
    if (el) el.focus();
  };

  $('btn-share').addEventListener('click', () => {
    onOpen();
    options.theme = look.theme;
    options.projector = look.projector;
    render();
    $('share-title').textContent = t('share.title');
    $('share-close').setAttribute('aria-label', t('share.close'));
    dialog.showModal();
  });
  $('share-close').addEventListener('click', () => dialog.close());
  return { render, options };
}

function escapeAttr(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
