// One way to drive a scene from outside the controls: the deck bridge
// (postMessage), the embed page's own sliders and the keyboard all call this.
// Every command validates its input and returns false instead of throwing.

import { clone } from './state.js';

const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/**
 * deps: {state, catalogs, player, seek(step), changed(opts), ui, resetScene(initial),
 *        results() -> the results on screen, query() -> the URL's query}.
 */
export function createController(deps) {
  const { state, catalogs, player } = deps;
  const initial = clone(state);
  const listeners = new Set();

  const emit = (event) => {
    for (const listener of listeners) listener(event);
  };

  const optimizerSpec = (id) => catalogs.optimizers.find((o) => o.id === id);
  const surfaceSpec = () => catalogs.surfaces.find((s) => s.id === state.surface);

  const setHyperparameter = (run, name, value) => {
    if (!Number.isInteger(run) || run < 0 || run >= state.runs.length || !finite(value)) return false;
    const spec = optimizerSpec(state.runs[run].optimizer);
    const p = spec && spec.hyperparameters.find((q) => q.name === name);
    if (!p || value < p.min || value > p.max) return false;
    state.runs[run].hp[name] = value;
    deps.ui.renderCards();
    deps.changed({ legend: true });
    emit('set');
    return true;
  };

  const setOther = (name, value) => {
    if (name === 'start') {
      if (!Array.isArray(value) || value.length !== 2 || !value.every(finite)) return false;
      state.start = [...value];
      deps.ui.setStart(state.start);
      deps.changed({ overlay: true });
    } else if (name === 'speed') {
      if (!finite(value) || value < 1 || value > 2000) return false;
      state.speed = Math.round(value);
      player.setSpeed(state.speed);
      deps.changed({ scene: false });
    } else if (name === 'steps') {
      if (!Number.isInteger(value) || value < 1 || value > 10000) return false;
      state.steps = value;
      deps.ui.renderAll();
      deps.changed();
    } else {
      const surface = surfaceSpec();
      const p = surface && surface.params.find((q) => q.name === name);
      if (!p || !finite(value) || value < p.min || value > p.max) return false;
      state.surfaceParams[name] = value;
      deps.ui.renderAll();
      deps.changed();
    }
    emit('set');
    return true;
  };

  return {
    /** listener(event): 'step' | 'playing' | 'scene' | 'set' | 'reset'. */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit,
    play() {
      player.play();
      return true;
    },
    pause() {
      player.pause();
      return true;
    },
    toggle() {
      player.toggle();
      return true;
    },
    step(k) {
      if (!Number.isInteger(k) || k < 0) return false;
      deps.seek(Math.min(k, player.last));
      return true;
    },
    /** {run, name, value}: a hyperparameter; {name: 'start'|'speed'|'steps'|<surface param>, value}. */
    set(command) {
      if (!command || typeof command.name !== 'string') return false;
      if (command.run !== undefined) return setHyperparameter(command.run, command.name, command.value);
      return setOther(command.name, command.value);
    },
    /** Back to the scene as loaded (the link), at step 0, paused. */
    reset() {
      player.pause();
      deps.resetScene(clone(initial));
      emit('reset');
      return true;
    },
    snapshot() {
      const results = deps.results();
      return {
        ready: document.body.dataset.ready === '1',
        step: player.step,
        last: player.last,
        playing: player.playing,
        runs: state.runs.map((run, i) => {
          const summary = results && results.runs[i] ? results.runs[i].summary : null;
          return {
            optimizer: run.optimizer,
            hp: { ...run.hp },
            status: summary ? summary.status : 'computing',
            steps: summary ? summary.steps_taken : null,
            final: summary ? summary.final ?? null : null,
          };
        }),
        query: deps.query(),
      };
    },
  };
}
