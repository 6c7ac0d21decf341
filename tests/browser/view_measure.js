// What the shell's views promise in a slide (test_views.py evaluates this in the
// document that shows the view, with the CSS selector of the view's figures):
// the figures' share of the frame, nothing past the frame, nothing cut.
(figures) => {
  const vw = innerWidth, vh = innerHeight;
  const box = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return null;
    const cs = getComputedStyle(el);
    return cs.visibility === 'hidden' || cs.display === 'none' ? null : r;
  };
  const label = (el) => {
    const cls = typeof el.className === 'string' ? el.className.split(' ')[0] : '';
    const id = el.id ? `#${el.id}` : cls ? `.${cls}` : el.tagName.toLowerCase();
    return `${id} "${(el.textContent || '').trim().slice(0, 24)}"`;
  };
  const shown = (selector, root = document) => [...root.querySelectorAll(selector)]
    .map((el) => [el, box(el)]).filter(([, r]) => r);
  const visibleArea = (r) => Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0)) * Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
  const out = {
    fraction: shown(figures).reduce((sum, [, r]) => sum + visibleArea(r), 0) / (vw * vh),
    figures: shown(figures).length,
    scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight, vw, vh],
    outside: [], clipped: [], overlaps: [],
  };
  // The chrome and the view's HTML (not the figures' insides, which Plotly and SVG lay out).
  const chrome = shown('.topbar *, .embed-bar *, #view-root *')
    .filter(([el]) => !el.closest('.js-plotly-plot, svg, .katex'));
  for (const [el, r] of chrome) {
    if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5) out.outside.push(label(el));
    const cs = getComputedStyle(el);
    const hides = cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
    const widget = el.tagName === 'SELECT' || el.tagName === 'INPUT';
    if (hides && !widget && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) out.clipped.push(label(el));
  }
  // Figures' titles and axis titles stay inside their figures.
  for (const [fig, r] of shown(figures)) {
    for (const [el, t] of shown('.gtitle, .g-xtitle text, .g-ytitle text, text', fig)) {
      if (t.left < r.left - 0.5 || t.right > r.right + 0.5 || t.top < r.top - 0.5 || t.bottom > r.bottom + 0.5) out.clipped.push(`cut in figure: ${label(el)}`);
    }
  }
  // One line each: the embed bar's and the view bar's pieces do not overlap.
  const meet = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
  for (const group of ['.embed-bar > *', '.view-bar > *', '.topbar-right > *', '#view-root > *']) {
    const items = shown(group);
    for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
      if (meet(items[i][1], items[j][1])) out.overlaps.push(`${label(items[i][0])} / ${label(items[j][0])}`);
    }
  }
  return out;
}
