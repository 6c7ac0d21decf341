// The example deck: point the scenes at the Thalweg server and drive one of
// them with postMessage (the protocol is in docs/lecture.md).

const DEFAULT_APP = 'http://127.0.0.1:8000';

/** ?app=http://127.0.0.1:PORT overrides the server (tests use it); only http(s) origins. */
function appOrigin() {
  const requested = new URLSearchParams(window.location.search).get('app');
  try {
    const url = new URL(requested || DEFAULT_APP);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // fall through to the default
  }
  return DEFAULT_APP;
}

const APP = appOrigin();
for (const frame of document.querySelectorAll('iframe[data-scene]')) {
  frame.src = `${APP}/embed?${frame.dataset.scene}`;
}

// --- the driven slide ---------------------------------------------------------------
const driven = document.getElementById('driven');
const send = (message) => driven.contentWindow.postMessage(message, APP);
document.getElementById('deck-play').addEventListener('click', () => send({ type: 'thalweg:play' }));
document.getElementById('deck-pause').addEventListener('click', () => send({ type: 'thalweg:pause' }));
document.getElementById('deck-lr').addEventListener('click', () => send({ type: 'thalweg:set', run: 0, name: 'lr', value: 0.3 }));
document.getElementById('deck-reset').addEventListener('click', () => send({ type: 'thalweg:reset' }));

const state = document.getElementById('deck-state');
window.addEventListener('message', (event) => {
  // Only the driven scene's answers, from the Thalweg origin.
  if (event.origin !== APP || event.source !== driven.contentWindow) return;
  const data = event.data;
  if (!data || data.type !== 'thalweg:state') return;
  const runs = data.runs.map((r) => `${r.optimizer} η=${r.hp.lr}: ${r.status}`).join(' · ');
  state.textContent = `step ${data.step}/${data.last} ${data.playing ? '▶' : '❚❚'}  ${runs}  [${data.query}]`;
});

// Keys go to the deck while the slide has focus: a click into a scene gives it
// the keyboard (space/arrows/r/f), a click outside gives it back to reveal.js.
Reveal.initialize({ hash: true, width: 1280, height: 760, margin: 0.04, controls: true, progress: true });
