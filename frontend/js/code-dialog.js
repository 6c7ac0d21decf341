// "Code": the scene as a script in the framework students use (GET /api/code,
// services/code/), with Copy and Download. One <dialog> per page, made on first
// use, so a page needs no markup for it.
//
// For the shell (docs/shell.md: views with `code: true` get the Code entry):
//   openCodeDialog({ query, t, load })
// query: the view's scene query (its link without `?`); t: the page's i18n;
// load(framework) -> Promise<string>: the script, e.g. (f) => api.code(query, f).

import { fill, h } from './dom.js';
import { errorText } from './errors.js';
import { download } from './shell/image.js';
import { register } from './i18n.js';

export const FRAMEWORKS = Object.freeze([
  { id: 'torch', label: 'PyTorch' },
  { id: 'jax', label: 'JAX (optax)' },
  { id: 'keras', label: 'Keras' },
]);

register({
  en: {
    'code.button': 'Code',
    'code.buttonTitle': 'This scene as a PyTorch, JAX or Keras script',
    'code.title': 'This scene as code',
    'code.close': 'Close',
    'code.framework': 'Framework',
    'code.copy': 'Copy',
    'code.copied': 'copied',
    'code.download': 'Download .py',
    'code.loading': 'writing the script…',
    'code.failed': 'No script: {message}',
    'code.hint': 'Run it with python: it prints its results as JSON (the paths of a race, the training losses of a network, the grids of a map); a race or map script draws them with --plot (matplotlib).',
  },
  de: {
    'code.button': 'Code',
    'code.buttonTitle': 'Diese Szene als Skript in PyTorch, JAX oder Keras',
    'code.title': 'Diese Szene als Code',
    'code.close': 'Schließen',
    'code.framework': 'Framework',
    'code.copy': 'Kopieren',
    'code.copied': 'kopiert',
    'code.download': '.py herunterladen',
    'code.loading': 'schreibe das Skript…',
    'code.failed': 'Kein Skript: {message}',
    'code.hint': 'Mit python ausführen: es gibt seine Ergebnisse als JSON aus (die Pfade eines Wettlaufs, die Trainingsverluste eines Netzes, die Gitter einer Karte); ein Wettlauf- oder Karten-Skript zeichnet sie mit --plot (matplotlib).',
  },
});

// Its own look here, not in app.css, so the shell can host it on any view's page.
const PRE_STYLE = Object.freeze({
  margin: '0', padding: '10px 12px', maxHeight: '56vh', overflow: 'auto', fontSize: '12.5px', lineHeight: '1.45',
  border: '1px solid var(--line-strong)', borderRadius: '7px', background: 'var(--bg)', color: 'var(--ink)',
});

/** Show the dialog for `query`, starting with `framework`; resolves once the script shows. */
export function openCodeDialog({ query, t, load, framework = 'torch' }) {
  const dialog = document.getElementById('code-dialog') || document.body.appendChild(h('dialog', {
    id: 'code-dialog', class: 'share-dialog code-dialog', 'aria-labelledby': 'code-title',
  }));
  const texts = new Map(); // framework -> Promise<string>, for this opening
  const script = h('code', { id: 'code-text', class: 'mono' });
  const status = h('span', { id: 'code-status', class: 'share-copied', role: 'status' });
  const tabs = FRAMEWORKS.map((f) => h('button', {
    type: 'button', class: 'seg-btn', dataset: { framework: f.id }, onclick: () => show(f.id),
  }, f.label));
  const copy = h('button', {
    type: 'button', id: 'code-copy', class: 'btn btn-small',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(script.textContent);
      } catch {
        const range = document.createRange();
        range.selectNodeContents(script);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        document.execCommand('copy');
      }
      status.textContent = t('code.copied');
      setTimeout(() => { status.textContent = ''; }, 1500);
    },
  }, t('code.copy'));
  const save = h('button', {
    type: 'button', id: 'code-download', class: 'btn btn-small',
    onclick: () => download(new Blob([script.textContent], { type: 'text/x-python' }), `thalweg_${current}.py`),
  }, t('code.download'));
  let current = framework;

  const show = async (id) => {
    current = id;
    tabs.forEach((tab) => tab.setAttribute('aria-pressed', String(tab.dataset.framework === id)));
    if (!texts.has(id)) texts.set(id, load(id));
    script.textContent = '';
    status.textContent = t('code.loading');
    copy.disabled = save.disabled = true;
    try {
      const text = await texts.get(id);
      if (current !== id) return;
      script.textContent = text;
      status.textContent = '';
      copy.disabled = save.disabled = false;
    } catch (error) {
      texts.delete(id);
      if (current === id) status.textContent = t('code.failed', { message: errorText(error, t) });
    }
  };

  fill(dialog,
    h('div', { class: 'share-head' },
      h('h2', { id: 'code-title', class: 'share-title' }, t('code.title')),
      h('button', { type: 'button', id: 'code-close', class: 'icon-btn', 'aria-label': t('code.close'), title: t('code.close'), onclick: () => dialog.close() }, '×')),
    h('div', { class: 'share-body' },
      h('div', { class: 'share-copy' },
        h('div', { class: 'segmented', role: 'group', 'aria-label': t('code.framework') }, tabs),
        copy, save, status),
      h('pre', { class: 'code-script', style: PRE_STYLE }, script),
      h('p', { class: 'hint' }, t('code.hint'))));
  if (!dialog.open) dialog.showModal();
  dialog.dataset.query = query;
  return show(framework);
}

/**
 * A "Code" button after `anchor` (the race page's Share button) that opens the
 * dialog; its words follow a language switch (applyStatic reads data-i18n).
 */
export function attachCodeButton({ anchor, query, t, api }) {
  const button = h('button', {
    type: 'button', id: 'btn-code', class: anchor.className, 'aria-haspopup': 'dialog', title: t('code.buttonTitle'),
    dataset: { i18n: 'code.button', i18nTitle: 'code.buttonTitle' },
    onclick: () => {
      const scene = query();
      return openCodeDialog({ query: scene, t, load: (framework) => api.code(scene, framework) });
    },
  }, t('code.button'));
  anchor.after(button);
  return button;
}
