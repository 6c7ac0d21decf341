// A sidebar panel inside a <details> that asks the server only while it is
// open, and again (debounced) when the request it would send changes: the
// gradient check and the computation graph. Outside a <details> (their own
// views) it is always open.

import { fill, h } from './dom.js';
import { errorText } from './errors.js';

const REFRESH_MS = 150;

/**
 * el: the panel's element inside its <details>; request() -> the body to send,
 * or null when the panel has nothing to show; ask(body, signal) -> the answer;
 * draw(el, answer) renders an answer. Returns {refresh(), render()}.
 */
export function createLazyPanel(el, { request, ask, draw, t }) {
  const details = el.closest('details');
  let key = null; // the request shown (or in flight)
  let answer = null;
  let error = null;
  let controller = null;
  let timer = 0;

  const render = () => {
    if (error) fill(el, h('div', { class: 'run-error' }, error));
    else if (answer) draw(el, answer);
    else fill(el, h('p', { class: 'muted small' }, t('status.computing')));
  };

  const load = async () => {
    clearTimeout(timer);
    if (controller) controller.abort();
    const body = request();
    key = JSON.stringify(body);
    answer = null;
    error = null;
    if (body === null) return;
    controller = new AbortController();
    const { signal } = controller;
    render();
    try {
      const result = await ask(body, signal);
      if (signal.aborted) return;
      answer = result;
    } catch (e) {
      if (e.name === 'AbortError') return;
      error = errorText(e, t);
    }
    render();
  };

  const stale = () => key !== JSON.stringify(request());
  const open = () => !details || details.open;
  if (details) {
    details.addEventListener('toggle', () => {
      if (details.open && stale()) load();
    });
  }

  return {
    /** The state changed: load again soon if the panel is open and would ask something else. */
    refresh() {
      if (!open() || !stale()) return;
      clearTimeout(timer);
      timer = setTimeout(load, REFRESH_MS);
    },
    render,
  };
}
