// English and German strings. Every visible word goes through t(); formulas
// stay as they are. Catalog texts (hyperparameter and surface descriptions)
// come from the server in English and are translated here by their id, with
// the server's text as the fallback.

import { EN, DE } from './strings.js';

const TABLES = { en: EN, de: DE };
export const LANGUAGES = Object.keys(TABLES);

/** Add a view's own strings, {en: {...}, de: {...}}, before createI18n(). */
export function register(tables) {
  for (const [lang, table] of Object.entries(tables)) if (lang in TABLES) TABLES[lang] = { ...TABLES[lang], ...table };
}

/** ?lang= wins, then the browser's preferred languages, then English. */
export function pickLanguage(requested, preferred = navigator.languages || [navigator.language]) {
  if (LANGUAGES.includes(requested)) return requested;
  for (const tag of preferred) {
    const base = String(tag || '').slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

export function createI18n(lang) {
  const table = TABLES[lang] || EN;
  const lookup = (key) => (key in table ? table[key] : key in EN ? EN[key] : undefined);
  /** t('status.converged', {k: 12}); a missing key returns `fallback` (or the key). */
  const t = (key, vars = {}, fallback) => {
    const text = lookup(key) ?? fallback ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
  };
  const has = (key) => lookup(key) !== undefined;
  return { lang, t, has };
}

/** Fill static markup: data-i18n (text), -title, -placeholder, -aria-label. */
export function applyStatic(root, t) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}
