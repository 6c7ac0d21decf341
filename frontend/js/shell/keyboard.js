// The lecturer's keys on every view: Space play/pause, ←/→ one step (or one
// snapshot; Shift: ten), Home reset, unless focus is in a text field.

import { isEditable } from '../dom.js';

export function attachKeyboard(control, doc = document) {
  const onKey = (event) => {
    if (isEditable(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === ' ' || event.code === 'Space') {
      event.preventDefault();
      control.toggle();
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      const sign = event.key === 'ArrowLeft' ? -1 : 1;
      control.step(control.snapshot().step + sign * (event.shiftKey ? 10 : 1));
    } else if (event.key === 'Home') {
      event.preventDefault();
      control.reset();
    }
  };
  doc.addEventListener('keydown', onKey);
  return () => doc.removeEventListener('keydown', onKey);
}
