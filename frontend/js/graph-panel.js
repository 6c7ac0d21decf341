// The computation graph of a typed f(x, y) at the start point, as the slides
// draw it: the forward pass computes every node's value, the backward pass
// every node's ∂f/∂node from the root down by the chain rule, and ∂f/∂x sums
// over the x nodes (compute/expression_graph.py on the server). A sidebar panel
// of the race and, large, the graph view (js/graph/).

import { fill, h } from './dom.js';
import { fmt } from './format.js';
import { createLazyPanel } from './lazy-panel.js';
import { graphChart } from './plots/graph.js';

export const PASSES = ['forward', 'backward'];

/** The graph's parts: hint, pass buttons, chart, summary. Returns {draw(target, answer), setPass(p), pass()}. */
export function createGraphDrawing({ t, onPass = () => {}, initialPass = 'forward' }) {
  let pass = initialPass;
  let data = null;
  let chart = null;
  let summary = null;
  let buttons = [];

  const show = () => {
    for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.pass === pass));
    fill(chart, graphChart(data, pass, t(`graph.${pass}Title`)));
    const root = data.nodes[data.nodes.length - 1];
    const count = (v) => data.nodes.filter((n) => n.kind === 'input' && n.label === v).length;
    fill(summary, pass === 'forward'
      ? t('graph.value', { value: fmt(root.value, 6) })
      : ['x', 'y'].map((v, i) => h('div', {}, t('graph.gradient', {
        v, sum: fmt(data.gradient[i], 6), n: count(v), jax: fmt(data.jax_gradient[i], 6),
      }))));
  };

  const draw = (target, answer) => {
    data = answer;
    buttons = PASSES.map((p) => h('button', {
      type: 'button', class: 'seg-btn', dataset: { pass: p },
      onclick: () => {
        pass = p;
        show();
        onPass(pass);
      },
    }, t(`graph.${p}`)));
    chart = h('div', { class: 'graph-scroll' });
    summary = h('div', { class: 'graph-summary mono' });
    fill(target,
      h('p', { class: 'hint graph-hint' }, t('graph.hint', { x: fmt(data.point[0], 4), y: fmt(data.point[1], 4) })),
      h('div', { class: 'segmented graph-pass', role: 'group' }, buttons),
      chart,
      summary);
    show();
  };

  return {
    draw,
    /** Show pass p ('forward' | 'backward'); false without data. */
    setPass(p) {
      pass = p;
      if (!data) return false;
      show();
      return true;
    },
    pass: () => pass,
  };
}

/** el: the panel inside its <details>; request() -> the POST /api/graph body or null. */
export function createGraphPanel(el, { api, request, t }) {
  const drawing = createGraphDrawing({ t });
  return createLazyPanel(el, { request, ask: api.graph, draw: drawing.draw, t });
}
