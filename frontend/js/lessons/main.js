// The lessons page: one lesson at a time, its scenes stepped with ←/→ (and the
// buttons), full screen on f. Each scene shows its view in the iframe and offers
// its link, an iframe snippet and the scene's offline file where its view has one;
// the lesson as one offline file. That file runs this same module with
// offline-source.js for source.js.

import { fill, h } from '../dom.js';
import { applyStatic, createI18n, pickLanguage, register } from '../i18n.js';
import { lessonFileLink, parse, sceneLink, sceneSuffix, serialize, viewOf } from './deck.js';
import { LESSONS, OFFLINE, lessonNumber, pageSearch, showScene } from './source.js';
import { DE, EN } from './strings.js';

const $ = (id) => document.getElementById(id);

function boot() {
  register({ en: EN, de: DE });
  const state = parse(pageSearch(), LESSONS);
  state.lang = pickLanguage(state.lang);
  document.body.classList.toggle('is-projector', state.projector);
  let i18n = null;

  const render = () => {
    const lesson = LESSONS[state.lesson];
    const scene = lesson.scenes[state.scene];
    const { lang } = state;
    const { t } = i18n;
    $('scene-count').textContent = t('ls.count', { lesson: lessonNumber(state.lesson), scene: state.scene + 1, total: lesson.scenes.length });
    $('scene-title').textContent = scene.title[lang];
    $('scene-text').textContent = scene.text[lang];
    $('btn-prev').disabled = state.scene === 0;
    $('btn-next').disabled = state.scene === lesson.scenes.length - 1;
    fill($('scene-dots'), lesson.scenes.map((s, i) => h('li', {},
      h('button', {
        type: 'button', class: 'ls-dot', 'aria-current': i === state.scene ? 'step' : null,
        'aria-label': t('ls.goto', { n: i + 1, title: s.title[lang] }), title: s.title[lang],
        onclick: () => go(state.lesson, i),
      }))));
    const link = sceneLink(scene, state);
    showScene($('scene-frame'), { index: state.scene, link, suffix: sceneSuffix(scene, state), t });
    if (!OFFLINE) showEmbed(link, t);
    $('offline-lesson').href = lessonFileLink(LESSONS, state);
    $('lesson-pick').value = String(state.lesson);
    document.title = `Thalweg · ${lesson.title[lang]}`;
    window.history.replaceState(null, '', `?${serialize(state, LESSONS)}`);
  };

  const setLanguage = (lang) => {
    state.lang = lang;
    i18n = createI18n(lang);
    document.documentElement.lang = lang;
    applyStatic(document, i18n.t);
    for (const button of document.querySelectorAll('.lang-btn')) button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
    fill($('lesson-pick'), LESSONS.map((l, i) => h('option', { value: String(i) }, `${i + 1}. ${l.title[lang]}`)));
    $('race-link').href = `./?lang=${lang}`;
    render();
  };

  const go = (lesson, scene) => {
    state.lesson = lesson;
    state.scene = Math.min(Math.max(scene, 0), LESSONS[lesson].scenes.length - 1);
    render();
  };
  const step = (by) => go(state.lesson, state.scene + by);

  $('btn-prev').addEventListener('click', () => step(-1));
  $('btn-next').addEventListener('click', () => step(1));
  $('lesson-pick').addEventListener('change', (e) => go(Number(e.target.value), 0));
  $('btn-fullscreen').addEventListener('click', toggleFullscreen);
  for (const button of document.querySelectorAll('.lang-btn')) button.addEventListener('click', () => setLanguage(button.dataset.lang));
  for (const id of ['embed-link', 'embed-snippet']) $(id).addEventListener('focus', (e) => e.target.select());
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.target.closest('input, textarea, select')) return;
    // PageUp/PageDown: what presentation clickers send.
    if (event.key === 'ArrowRight' || event.key === 'PageDown') step(1);
    else if (event.key === 'ArrowLeft' || event.key === 'PageUp') step(-1);
    else if (event.key === 'f') toggleFullscreen();
    else return;
    event.preventDefault();
  });
  setLanguage(state.lang);
  document.body.dataset.ready = '1';
}

function showEmbed(link, t) {
  const view = viewOf(link);
  const url = new URL(link, window.location.href).href;
  $('embed-link').value = url;
  $('embed-snippet').value = `<iframe src="${url.replace(/&/g, '&amp;')}" width="960" height="540" style="border:0" title="${t('ls.frameTitle')}" allowfullscreen></iframe>`;
  $('embed-snippet-row').hidden = !view.frameable;
  $('embed-note').hidden = view.frameable;
  $('open-scene').href = view.path === '/embed' ? link.replace('/embed?', '/?') : link;
  $('offline-scene').hidden = !view.exportable;
  if (view.exportable) $('offline-scene').href = `/api/export?link=${encodeURIComponent(link)}`;
}

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen().catch(() => {});
}

boot();
