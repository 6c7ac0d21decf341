// The chrome every view gets, generated once: the header (brand, the views'
// navigation, EN/DE, theme, projector, the settings drawer's toggle, Share,
// API), the error banner, the Share dialog's frame, the embed bar (the view's
// title and the link back to the full app), and the view's two slots: its
// controls' <aside> and its plots' <main>.

import { h } from '../dom.js';
import { LANGUAGES, register } from '../i18n.js';
import { DE, EN } from './strings.js';
import { navStrings, VIEWS } from './views.js';

register({ en: EN, de: DE });
register(navStrings());

/** The header's links to every view (data-i18n: the race page translates them in place). */
export function navigation(id, t) {
  return h('nav', { class: 'shell-nav', 'aria-label': t('nav.label'), dataset: { i18nAriaLabel: 'nav.label' } }, VIEWS.map((view) => h('a', {
    id: `nav-${view.id}`, class: `shell-nav-link${view.id === id ? ' is-current' : ''}`, href: view.href,
    'aria-current': view.id === id ? 'page' : null, dataset: { i18n: `nav.${view.id}` },
  }, t(`nav.${view.id}`))));
}

/** Build the chrome into document.body (embedded: no header, no dialog); returns its parts. */
export function buildChrome({ id, t, lang, embedded, onLanguage }) {
  const headButton = (elId, key, extra = {}) => h('button', {
    type: 'button', id: elId, class: 'api-link head-btn', title: t(`${key}.title`), ...extra,
  }, t(`${key}.label`));
  const languages = h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('header.language') },
    LANGUAGES.map((code) => h('button', {
      type: 'button', class: 'lang-btn', lang: code, dataset: { lang: code }, 'aria-pressed': String(code === lang),
      onclick: () => onLanguage(code),
    }, code.toUpperCase())));
  // Built only where shown: an <img> loads its source even outside the document.
  const header = embedded ? null : h('header', { class: 'topbar shell-topbar' },
    h('a', { class: 'brand', href: './', 'aria-label': 'Thalweg' },
      h('img', { class: 'brand-mark', src: 'favicon.svg', alt: '', width: 30, height: 30 }),
      h('span', { class: 'brand-name' }, 'Thalweg')),
    navigation(id, t),
    h('div', { class: 'topbar-right' },
      languages,
      h('button', { type: 'button', id: 'btn-theme', class: 'api-link head-btn', 'aria-pressed': 'false', title: t('theme.title') }, t('theme.dark')),
      headButton('btn-projector', 'projector', { 'aria-pressed': 'false' }),
      h('button', { type: 'button', id: 'btn-panel', class: 'api-link head-btn panel-toggle', 'aria-pressed': 'false', title: t('shell.panelTitle') }, t('panel.label')),
      h('button', { type: 'button', id: 'btn-share', class: 'api-link head-btn', 'aria-haspopup': 'dialog', title: t('share.buttonTitle') }, t('share.button')),
      h('a', { id: 'api-link', class: 'api-link', href: '/docs', target: '_blank', rel: 'noopener', title: t('header.apiTitle') }, t('header.api'))));
  const banner = h('div', { id: 'banner', class: 'banner', role: 'alert', hidden: true });
  const dialog = embedded ? null : h('dialog', { id: 'share-dialog', class: 'share-dialog', 'aria-labelledby': 'share-title' },
    h('div', { class: 'share-head' },
      h('h2', { id: 'share-title', class: 'share-title' }, t('share.title')),
      h('button', { type: 'button', id: 'share-close', class: 'icon-btn', 'aria-label': t('share.close'), title: t('share.close') }, '×')),
    h('div', { id: 'share-body', class: 'share-body' }));
  const title = h('span', { id: 'embed-title', class: 'embed-title' });
  const openFull = h('a', { id: 'open-full', class: 'embed-open', target: '_blank', rel: 'noopener', title: t('shell.openFullTitle') }, t('shell.openFull'));
  const embedBar = h('div', { class: 'embed-bar' }, title, openFull);
  const sidebar = h('aside', { id: 'view-sidebar', class: 'sidebar shell-sidebar', 'aria-label': t('sidebar.label') });
  const root = h('main', { id: 'view-root', class: 'stage shell-stage' });
  const layout = h('div', { class: 'layout shell-layout' }, sidebar, root);
  document.body.prepend(...(embedded ? [banner, embedBar, layout] : [header, banner, dialog, layout]));
  return { header, banner, title, openFull, sidebar, root };
}
