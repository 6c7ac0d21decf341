// Tiny DOM helpers: build elements declaratively, no innerHTML with data.

/** h('div', {class: 'x', onclick: f}, child, 'text', [more]) -> HTMLElement */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'style' && typeof value === 'object') {
      for (const [name, v] of Object.entries(value)) el.style.setProperty(name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v);
    } else if (key in el && typeof value !== 'string') {
      el[key] = value; // properties such as checked, value, disabled
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** svgEl('circle', {cx: 1, r: 2}, 'text') -> SVGElement (attributes only; for small inline charts) */
export function svgEl(tag, attrs = {}, text) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Replace all children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Is the event's target a place where keys mean typing or operating a control? */
export function isEditable(target) {
  if (!(target instanceof Element)) return false;
  return Boolean(target.closest('input, select, textarea, button, summary, [contenteditable=""], [contenteditable="true"]'));
}

/** Run `fn` at most once per animation frame; the last arguments win. */
export function frameThrottle(fn) {
  let handle = 0;
  let lastArgs = [];
  return (...args) => {
    lastArgs = args;
    if (handle) return;
    handle = requestAnimationFrame(() => {
      handle = 0;
      fn(...lastArgs);
    });
  };
}

/** Call `fn` `ms` after the last call. */
export function debounce(fn, ms) {
  let timer = 0;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}
