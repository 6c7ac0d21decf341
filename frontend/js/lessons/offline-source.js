// The offline lesson file's stand-in for source.js (same interface). The file
// holds one lesson and, per scene, the pieces of its view's offline page
// (services/lesson_export.py); a scene's document is its pieces joined, with
// the scene's query for the language shown in the gap, shown as the frame's srcdoc.

import { offlinePayload } from '../shell/url.js';

const DATA = offlinePayload();
const QUERY = -1; // lesson_export.QUERY

export const LESSONS = [DATA.lesson];
export const OFFLINE = true;

export function lessonNumber() {
  return DATA.lesson.number;
}

/** The file's own query (lesson, language) unless the address bar names a lesson. */
export function pageSearch() {
  return window.location.search.includes('lesson=') ? window.location.search : `?${DATA.query}`;
}

export function showScene(frame, { index, link, suffix, t }) {
  const key = `${index}|${suffix}`;
  if (frame.dataset.shown === key) return;
  frame.dataset.shown = key;
  const scene = DATA.scenes[index];
  frame.srcdoc = scene ? documentOf(scene, suffix) : needsServer(link, t, document.documentElement.lang);
}

function documentOf(scene, suffix) {
  const query = JSON.stringify([scene.query, suffix].filter(Boolean).join('&')).replace(/<\/(script)/gi, '<\\/$1');
  return scene.pieces.map((n) => (n === QUERY ? query : DATA.pieces[n])).join('');
}

const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** A scene whose view has no offline form: what it needs, and its link. */
function needsServer(link, t, lang) {
  return `<!doctype html><html lang="${lang}"><meta charset="utf-8"><body style="margin:0;display:grid;place-items:center;height:100vh;font:18px/1.5 system-ui,sans-serif;color:#1f2937;background:#f7f8fa"><div style="max-width:34em;padding:24px" id="needs-server"><p>${escapeHtml(t('ls.needsServer'))}</p><p><code style="word-break:break-all">${escapeHtml(link)}</code></p></div></body></html>`;
}
