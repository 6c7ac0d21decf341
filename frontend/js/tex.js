// Formulas: KaTeX (vendored in /vendor/katex) loaded on first use. Until it
// has loaded, or if a formula does not parse, the LaTeX source is shown in
// monospace, so nothing is ever blank.

export function createTex() {
  let katex = null;
  const loading = import('../vendor/katex/katex.mjs')
    .then((module) => {
      katex = module.default;
    })
    .catch(() => {});
  return {
    /** Render `latex` into `el` now (source if KaTeX is not there yet) and again once it is. */
    render(el, latex, { display = false } = {}) {
      const paint = () => {
        if (!el.isConnected && katex === null) return;
        if (katex) {
          try {
            katex.render(latex, el, { displayMode: display, throwOnError: true, output: 'html' });
            el.classList.remove('tex-source');
            el.removeAttribute('title');
            return;
          } catch {
            // fall through to the source
          }
        }
        el.textContent = latex;
        el.classList.add('tex-source');
      };
      paint();
      if (!katex) loading.then(paint);
    },
    ready: loading,
  };
}
