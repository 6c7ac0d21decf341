// Looks: the dark theme and projector mode as body classes, the header's two
// toggles for them, and the slide layouts' two toggles (css/slides.css and
// css/shell.css): the curves in place of the plot where the frame is too small
// for both, and projector mode's sidebar drawer.

/** look: {theme: 'light' | 'dark', projector: boolean}. */
export function applyLook(look, body = document.body) {
  body.classList.toggle('theme-dark', look.theme === 'dark');
  body.classList.toggle('is-projector', Boolean(look.projector));
  body.dataset.theme = look.theme;
}

/** Wire #btn-theme and #btn-projector: they flip `look` and call onChange(look). */
export function attachLookToggles(look, onChange, doc = document) {
  const theme = doc.getElementById('btn-theme');
  const projector = doc.getElementById('btn-projector');
  const render = () => {
    theme.setAttribute('aria-pressed', String(look.theme === 'dark'));
    projector.setAttribute('aria-pressed', String(Boolean(look.projector)));
  };
  theme.addEventListener('click', () => {
    look.theme = look.theme === 'dark' ? 'light' : 'dark';
    onChange(look);
    render();
  });
  projector.addEventListener('click', () => {
    look.projector = !look.projector;
    onChange(look);
    render();
  });
  render();
  return { render };
}

/** Wire #btn-curves and #btn-panel (projector mode's drawer) to body classes. */
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

/** The page's looks as the body classes say (the one source once applyLook ran). */
export function currentLook(body = document.body) {
  return { theme: body.classList.contains('theme-dark') ? 'dark' : 'light', projector: body.classList.contains('is-projector') };
}
