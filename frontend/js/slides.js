// The slide layouts' two toggles (css/slides.css): the curves in place of the
// plot where the frame is too small for both, and projector mode's sidebar drawer.

/** Wire #btn-curves and (main page only) #btn-panel to body classes. */
export function attachSlideToggles(doc = document) {
  const toggle = (id, className) => {
    const button = doc.getElementById(id);
    if (!button) return;
    button.addEventListener('click', () => {
      const on = doc.body.classList.toggle(className);
      button.setAttribute('aria-pressed', String(on));
    });
  };
  toggle('btn-curves', 'curves-open');
  toggle('btn-panel', 'panel-open');
}
