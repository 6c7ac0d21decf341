// The graph view's own words (the graph's are in ../strings.js, shared with the
// race's sidebar panel).

export const EN = {
  'graph.view.title': 'Computation graph',
  'graph.view.of': 'Computation graph of f = {f}',
  'graph.view.function': 'Function',
  'graph.control.pass': 'Forward/backward buttons',
  'graph.control.summary': 'Value and gradient',
};

export const DE = {
  'graph.view.title': 'Rechengraph',
  'graph.view.of': 'Rechengraph von f = {f}',
  'graph.view.function': 'Funktion',
  'graph.control.pass': 'Knöpfe vorwärts/rückwärts',
  'graph.control.summary': 'Wert und Gradient',
};
