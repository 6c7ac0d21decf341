// What the slide layouts promise, measured in the document that shows the scene
// (test_slides.py evaluates this function with the minimum text size, or 0).
(projectorText) => {
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
  const meet = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
  const shown = (selector, root = document) => [...root.querySelectorAll(selector)]
    .map((el) => [el, box(el)]).filter(([, r]) => r);
  const disjoint = (group, items) => {
    for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
      if (meet(items[i][1], items[j][1])) out.overlaps.push(`${group}: ${label(items[i][0])} / ${label(items[j][0])}`);
    }
  };
  const stack = document.getElementById('plot-stack').getBoundingClientRect();
  const out = {
    fraction: (stack.width * stack.height) / (vw * vh),
    scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight, vw, vh],
    outside: [], clipped: [], wrapped: [], overlaps: [], small: [], legend: 0,
  };
  const chrome = shown('.topbar *, .stage-head *, .legend *, .bar *, .plot-stack > :not(.layer), .curves-box')
    .filter(([el]) => !el.closest('.katex'));
  for (const [el, r] of chrome) {
    if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5) out.outside.push(label(el));
    const cs = getComputedStyle(el);
    const hides = cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
    const widget = el.tagName === 'SELECT' || (el.tagName === 'INPUT' && el.type !== 'number');
    if ((hides || el.tagName === 'INPUT') && !widget
        && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) out.clipped.push(label(el));
  }
  // Text that must stay on one line: count the line boxes its characters sit on.
  for (const [el] of shown('#step-label, .chip-name, .chip-value, .surface-name, .seg-btn, .lang-btn, .api-link, .curves-toggle, .embed-controls .param-label, .speed')) {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top / 4)));
    if (tops.size > 1) out.wrapped.push(label(el));
  }
  disjoint('stage', shown('.stage > .stage-head, .stage > .bar, .stage > .plot-stack, .stage > .curves-box'));
  disjoint('title', shown('.surface-name, .surface-formula, .toolbar > *'));
  disjoint('player', shown('.player > *'));
  disjoint('bar', shown('.bar > *'));
  disjoint('sliders', shown('.embed-controls .param'));
  disjoint('header', shown('.brand, .topbar-right > *'));
  disjoint('legend', shown('.legend .chip'));
  // Inside the figures: tick labels, axis titles, colour-bar labels and the link back.
  const land = document.getElementById('landscape');
  const texts = (sel) => shown(sel, land);
  const xticks = texts('.xtick text');
  const yticks = texts('.ytick text');
  const bar = texts('.colorbar .ytick text, .cbaxis text');
  const xtitle = texts('.g-xtitle text');
  const ytitle = texts('.g-ytitle text');
  const link = shown('#open-full');
  disjoint('x axis', [...xticks, ...xtitle, ...link]);
  disjoint('y axis', [...yticks, ...ytitle]);
  disjoint('colour bar', [...bar, ...link, ...xticks]);
  const curves = document.getElementById('curves');
  for (const axis of ['xtick', 'ytick', 'x2tick', 'y2tick']) disjoint(`curves ${axis}`, shown(`.${axis} text`, curves));
  // The figures' titles stay inside their figures.
  const within = (outer) => ([, r]) => r.left < outer.left - 0.5 || r.right > outer.right + 0.5
    || r.top < outer.top - 0.5 || r.bottom > outer.bottom + 0.5;
  const cut = [
    ...shown('.annotation-text', curves).filter(within(curves.getBoundingClientRect())),
    ...shown('.cbtitle text, .g-xtitle text, .g-ytitle text', land).filter(within(stack)),
  ];
  for (const [el] of cut) out.outside.push(`cut title: ${label(el)}`);
  // The legend lies on the plot area, clear of the axes and the colour bar.
  const flat = document.getElementById('surface3d').hidden; // the 3D view has no margins
  const size = flat ? land._fullLayout && land._fullLayout._size : { l: 0, t: 0, w: stack.width, h: stack.height };
  const area = size && { left: stack.left + size.l, top: stack.top + size.t, right: stack.left + size.l + size.w, bottom: stack.top + size.t + size.h };
  for (const [el, r] of shown('.legend .chip')) {
    out.legend += 1;
    if (!area || r.left < area.left - 0.5 || r.top < area.top - 0.5 || r.right > area.right + 0.5 || r.bottom > area.bottom + 0.5) {
      out.outside.push(`legend off the plot area: ${label(el)}`);
    }
  }
  if (projectorText) {
    const zoomOf = (el) => {
      let z = 1;
      for (let a = el; a && a.nodeType === 1; a = a.parentElement) z *= parseFloat(getComputedStyle(a).zoom) || 1;
      return z;
    };
    const owners = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) if (walker.currentNode.textContent.trim()) owners.add(walker.currentNode.parentElement);
    for (const el of owners) {
      if (el.closest('.katex-mathml, .vlist-s, script, style, option, title, .sidebar, dialog') || !box(el)) continue; // .vlist-s: KaTeX's invisible strut
      const px = parseFloat(getComputedStyle(el).fontSize) * zoomOf(el);
      if (px < projectorText - 0.05) out.small.push(`${label(el)} ${px.toFixed(1)}px`);
    }
  }
  return out;
}
