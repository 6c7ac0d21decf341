// The shell's own URL keys, after the view's: lang, theme, projector (every
// page) and controls, autoplay, origin (an embed, docs/lecture.md). An offline
// file carries its query in its payload (<script id="thalweg-offline">).

import { LANGUAGES } from '../i18n.js';
import { embedParams } from '../state.js';

/** search -> {lang, theme, projector, controls, autoplay, origin}; view: its controls and defaults. */
export function parseShell(search, view) {
  const raw = new URLSearchParams(search);
  return {
    lang: LANGUAGES.includes(raw.get('lang')) ? raw.get('lang') : null,
    theme: raw.get('theme') === 'dark' ? 'dark' : 'light',
    projector: ['1', 'true'].includes(raw.get('projector')),
    ...embedParams(raw, view.controls || [], view.defaultControls || []),
  };
}

/** {lang, theme, projector} -> query parts; only what differs from the defaults. */
export function lookQuery({ lang = null, theme = 'light', projector = false }) {
  return [lang ? `lang=${lang}` : '', theme === 'dark' ? 'theme=dark' : '', projector ? 'projector=1' : '']
    .filter(Boolean).join('&');
}

/** An embed's {controls, autoplay, origin} -> query parts; controls only when not the view's default. */
export function embedQuery({ controls = [], autoplay = false, origin = null }, view) {
  const parts = [];
  if (controls.join(',') !== (view.defaultControls || []).join(',')) parts.push(`controls=${controls.join(',')}`);
  if (autoplay) parts.push('autoplay=1');
  if (origin) parts.push(`origin=${encodeURIComponent(origin)}`);
  return parts.join('&');
}

/** The payload an offline file carries, or null on a served page. */
export function offlinePayload(doc = document) {
  const el = doc.getElementById('thalweg-offline');
  return el ? JSON.parse(el.textContent) : null;
}
