// Animation: play/pause, step, speed (steps per second) and the current step.
// Time advances with requestAnimationFrame; onStep(t) fires when it changes.

export function createPlayer({ onStep, onPlaying }) {
  let step = 0;
  let last = 0; // the last step there is
  let speed = 60;
  let playing = false;
  let frame = 0;
  let clock = 0; // fractional steps carried between frames
  let previous = 0;

  const set = (t) => {
    const next = Math.max(0, Math.min(last, Math.round(t)));
    if (next === step) return;
    step = next;
    onStep(step);
  };

  const tick = (now) => {
    if (!playing) return;
    const dt = Math.min(0.1, (now - previous) / 1000);
    previous = now;
    clock += dt * speed;
    const whole = Math.floor(clock);
    if (whole > 0) {
      clock -= whole;
      set(step + whole);
    }
    if (step >= last) {
      pause();
      return;
    }
    frame = requestAnimationFrame(tick);
  };

  const pause = () => {
    if (!playing) return;
    playing = false;
    cancelAnimationFrame(frame);
    onPlaying(false);
  };

  return {
    get step() { return step; },
    get last() { return last; },
    get playing() { return playing; },
    get speed() { return speed; },
    play() {
      if (playing || last === 0) return;
      if (step >= last) set(0);
      playing = true;
      clock = 0;
      previous = performance.now();
      onPlaying(true);
      frame = requestAnimationFrame(tick);
    },
    pause,
    toggle() {
      if (playing) pause();
      else this.play();
    },
    /** Jump to step t (pauses). */
    seek(t) {
      pause();
      set(t);
    },
    stepBy(delta) {
      pause();
      set(step + delta);
    },
    setSpeed(stepsPerSecond) {
      speed = stepsPerSecond;
    },
    /** New results: the last step changes (the current step is clamped, silently). */
    setLast(n) {
      last = Math.max(0, n);
      if (step > last) step = last;
    },
    /** Set without notifying (restoring from the URL). */
    restore(t) {
      step = Math.max(0, t);
    },
  };
}
