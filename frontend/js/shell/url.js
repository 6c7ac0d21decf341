// The shell's own URL keys, after the view's: lang, theme, projector (every
// page) and controls, autoplay, origin (an embed, docs/lecture.md). An offline
// file carries its query in its payload (<script id="thalweg-offline">).

import { LANGUAGES } from '../i18n.js';

/** search -> {lang, theme, projector, controls, autoplay, origin}; view: its controls and defaults. */
export function parseShell(search, view) {
  const raw = new URLSearchParams(search);
  const allowed = view.controls || [];
  const controls = raw.has('controls')
    ? raw.get('controls').split(',').map((c) => c.trim()).filter((c) => allowed.includes(c))
    : [...(view.defaultControls || [])];
  let origin = null;
  if (raw.has('origin')) {
    try {
      const url = new URL(raw.get('origin'));
      if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
    } catch {
      origin = null;
    }
  }
  return {
    lang: LANGUAGES.includes(raw.get('lang')) ? raw.get('lang') : null,
    theme: raw.get('theme') === 'dark' ? 'dark' : 'light',
    projector: ['1', 'true'].includes(raw.get('projector')),
    controls, autoplay: raw.get('autoplay') === '1', origin,
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
