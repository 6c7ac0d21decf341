// The snapshots of a training run as a replay, shared by the GAN and the
// autoencoder labs: which snapshot is shown (following the newest while
// training), play/pause (one snapshot per `playMs`), the scrubber, the status
// line, and the shell's `control` verbs that only move through the snapshots.

import { fmt } from '../../format.js';

/** The status line of `run` ({step, total, result}) or '' without one. */
export function statusText(t, run) {
  if (!run) return '';
  const r = run.result;
  if (!r) return t('generative.status.training', { k: run.step, n: run.total });
  if (r.status === 'diverged') return t('generative.status.diverged', { k: r.diverged_at });
  if (r.status === 'completed') return t('generative.status.done', { n: r.steps_taken, s: fmt(r.timing.train_ms / 1000, 2) });
  return '';
}

/**
 * opts: {run: () => the lab's run or null, draw, start (a new run), scrubber,
 * playMs, onPause (optional, after a pause)}.
 */
export function createReplay({ run, draw, start, scrubber, playMs, onPause = () => {} }) {
  let index = -1; // shown snapshot; following the newest while training when `follow`
  let follow = true;
  let playing = false;
  let timer = 0;

  const count = () => (run() ? run().snapshots.length : 0);
  const shown = () => (run() && index >= 0 ? run().snapshots[index] : null);

  function showIndex(i) {
    if (!count()) return;
    index = Math.max(0, Math.min(count() - 1, i));
    follow = index === count() - 1 && !run().result;
    draw();
  }
  function tick() {
    if (run() && index < count() - 1) showIndex(index + 1);
    else if (run() && run().result) { pause(); return; }
    timer = setTimeout(tick, playMs);
  }
  function pause() {
    playing = false;
    clearTimeout(timer);
    onPause();
  }
  function resume() {
    if (!run()) { start(); return; }
    if (run().result && index >= count() - 1) index = 0;
    playing = true;
    clearTimeout(timer);
    tick();
  }
  scrubber.addEventListener('input', () => {
    const at = Number(scrubber.value); // read first: pause() redraws the scrubber
    pause();
    showIndex(at);
  });

  return {
    get index() { return index; },
    get playing() { return playing; },
    get following() { return follow; },
    shown,
    pause,
    resume,
    toggle: () => (playing ? pause() : resume()),
    reset: () => { pause(); showIndex(0); },
    step: (k = 1) => { pause(); showIndex(index + k); },
    /** A new run (or none): show nothing yet and follow its newest snapshot. */
    restart() { index = -1; follow = true; },
    /** After a frame: show the newest snapshot while following. */
    received() { if (follow) index = count() - 1; },
    /** Show snapshot `i` and stop following (a link's snapshot). */
    hold(i) { index = i; follow = false; },
    /** The scrubber's range and place. */
    drawScrubber() {
      scrubber.max = String(Math.max(0, count() - 1));
      scrubber.value = String(Math.max(0, index));
      scrubber.disabled = count() < 2;
    },
    snapshot() {
      const shot = shown();
      return { ready: Boolean(run() && run().result), step: shot ? shot.step : 0, last: run() ? run().step : 0, playing };
    },
  };
}
