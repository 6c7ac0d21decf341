// The deck bridge (docs/lecture.md): a parent page (a slide deck) drives an
// embedded scene with postMessage, and hears its state back.
//
// In:  {type: 'thalweg:play' | 'thalweg:pause' | 'thalweg:toggle' | 'thalweg:reset' | 'thalweg:get'}
//      {type: 'thalweg:step', step: k}
//      {type: 'thalweg:set', run: 0, name: 'lr', value: 0.01}   (a hyperparameter)
//      {type: 'thalweg:set', name: 'kappa' | 'start' | 'speed' | 'steps', value}
// Out: {type: 'thalweg:state', event, ready, step, last, playing, runs, query, ok?}
//
// Malformed messages are ignored. Any origin may drive the scene (the embed is
// public and the commands only change what is shown) unless the URL names one
// with ?origin=: then only that origin is heard, and only it is answered.

const PREFIX = 'thalweg:';
const STEP_INTERVAL_MS = 100; // step messages during play: at most ten a second

export function attachBridge({ control, origin = null, target = window.parent }) {
  if (!target || target === window) return () => {}; // not framed: nobody to talk to
  const targetOrigin = origin || '*';
  let stepTimer = 0;
  let lastStepSent = 0;

  const post = (event, extra = {}) => {
    try {
      target.postMessage({ type: `${PREFIX}state`, event, ...control.snapshot(), ...extra }, targetOrigin);
    } catch {
      // a closed or cross-origin-mismatched parent: nothing to do
    }
  };

  const postStep = () => {
    const now = performance.now();
    clearTimeout(stepTimer);
    if (now - lastStepSent >= STEP_INTERVAL_MS) {
      lastStepSent = now;
      post('step');
    } else {
      stepTimer = setTimeout(postStep, STEP_INTERVAL_MS - (now - lastStepSent));
    }
  };

  const commands = {
    play: () => control.play(),
    pause: () => control.pause(),
    toggle: () => control.toggle(),
    reset: () => control.reset(),
    step: (data) => control.step(data.step),
    set: (data) => control.set(data),
    get: () => true,
  };

  const onMessage = (event) => {
    if (origin && event.origin !== origin) return;
    if (event.source !== target) return;
    const data = event.data;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string' || !data.type.startsWith(PREFIX)) return;
    const name = data.type.slice(PREFIX.length);
    if (!Object.hasOwn(commands, name)) return;
    let ok = false;
    try {
      ok = commands[name](data) === true;
    } catch {
      ok = false;
    }
    post(name === 'get' ? 'reply' : name, { ok, id: typeof data.id === 'string' || typeof data.id === 'number' ? data.id : undefined });
  };

  let ready = false;
  window.addEventListener('message', onMessage);
  const unsubscribe = control.subscribe((event) => {
    if (event === 'step') postStep();
    else post(event === 'scene' && !ready ? 'ready' : event);
    if (event === 'scene') ready = true;
  });
  return () => {
    window.removeEventListener('message', onMessage);
    unsubscribe();
  };
}
