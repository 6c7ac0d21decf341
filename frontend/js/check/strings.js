// The gradient-check view's own words (the check's are in ../strings.js, shared
// with the race's sidebar panel).

export const EN = {
  'check.view.title': 'Gradient check',
  'check.view.of': 'Gradient check: {f}',
  'check.view.function': 'Function',
  'check.control.delta': 'δ slider',
  'check.control.table': 'Table',
  'check.control.explain': 'Explanation',
};

export const DE = {
  'check.view.title': 'Gradientenprüfung',
  'check.view.of': 'Gradientenprüfung: {f}',
  'check.view.function': 'Funktion',
  'check.control.delta': 'δ-Regler',
  'check.control.table': 'Tabelle',
  'check.control.explain': 'Erklärung',
};
