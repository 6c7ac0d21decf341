// An expression's computation graph as an inline-SVG tree, root on top: every
// node shows its label and, going forward, its value or, going backward, its
// adjoint ∂f/∂node; backward, each edge carries the local derivative the
// chain rule multiplies along it.

import { svgEl } from '../dom.js';
import { fmt } from '../format.js';

const SLOT = 52; // horizontal room per leaf
const LEVEL = 54; // vertical room per depth
const BOX = { w: 48, h: 32 };
const PAD = 3;

/** graph: the /api/graph body; pass: 'forward' | 'backward'; title: the accessible name. */
export function graphChart(graph, pass, title) {
  const { nodes } = graph;
  const root = nodes.length - 1;
  const place = new Array(nodes.length);
  let slot = 0;
  const layout = (i, depth) => {
    const { children } = nodes[i];
    if (!children.length) place[i] = { x: slot++ * SLOT + SLOT / 2, depth };
    else {
      children.forEach((c) => layout(c, depth + 1));
      place[i] = { x: children.reduce((sum, c) => sum + place[c].x, 0) / children.length, depth };
    }
  };
  layout(root, 0);
  const depth = Math.max(...place.map((p) => p.depth));
  const width = slot * SLOT + 2 * PAD;
  const height = (depth + 1) * LEVEL + 2 * PAD - (LEVEL - BOX.h);
  const at = (i) => ({ x: PAD + place[i].x, y: PAD + place[i].depth * LEVEL + BOX.h / 2 });

  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'graph-chart', role: 'img', 'aria-label': title });
  svg.append(svgEl('title', {}, title));
  nodes.forEach((node, i) => node.children.forEach((c, k) => {
    const [from, to] = [at(i), at(c)];
    svg.append(svgEl('line', { x1: from.x, y1: from.y + BOX.h / 2, x2: to.x, y2: to.y - BOX.h / 2, class: 'graph-edge' }));
    if (pass === 'backward') {
      const mid = { x: (from.x + to.x) / 2, y: (from.y + BOX.h / 2 + to.y - BOX.h / 2) / 2 };
      svg.append(svgEl('text', { x: mid.x + 3, y: mid.y + 3, class: 'graph-local' }, fmt(node.local[k], 3)));
    }
  }));
  nodes.forEach((node, i) => {
    const { x, y } = at(i);
    const group = svgEl('g', { class: `graph-node graph-${node.kind}`, 'data-index': i });
    group.append(svgEl('rect', { x: x - BOX.w / 2, y: y - BOX.h / 2, width: BOX.w, height: BOX.h, rx: 6 }));
    group.append(svgEl('text', { x, y: y - 3, class: 'graph-label' }, node.label));
    const number = pass === 'backward' ? node.adjoint : node.value;
    group.append(svgEl('text', { x, y: y + 11, class: `graph-number graph-${pass}` }, fmt(number, 3)));
    svg.append(group);
  });
  return svg;
}
