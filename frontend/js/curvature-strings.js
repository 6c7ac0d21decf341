// Strings of the race's local-curvature layer (local-curvature.js), in both
// languages; registered with i18n.js when the layer's module loads.

export const CURVATURE_STRINGS = {
  en: {
    'curv.toggle': 'Curvature',
    'curv.toggleTitle': 'The Hessian at each run\'s current point: its eigenvectors as the axes of the local quadratic model\'s contour ellipse, λmax along the paths, and 2/λmax on the learning-rate sliders',
    'curv.readout': 'λ₁ {low}  λ₂ {high}  2/λmax {lr}',
    'curv.saddle': 'saddle (dashed)',
    'curv.noStable': 'none',
    'curv.curveTitle': 'λmax(w_k)',
    'curv.curveHint': 'dashed: 2/η of each gradient-descent run; above it GD overshoots',
    'curv.markHere': '2/λmax at the current point: {lr}',
    'curv.markMin': '2/λmax at the minimum: {lr}',
    'curv.failed': 'Curvature unavailable: {detail}',
  },
  de: {
    'curv.toggle': 'Krümmung',
    'curv.toggleTitle': 'Die Hesse-Matrix am aktuellen Punkt jedes Laufs: ihre Eigenvektoren als Achsen der Höhenellipse des lokalen quadratischen Modells, λmax entlang der Pfade und 2/λmax an den Lernraten-Reglern',
    'curv.readout': 'λ₁ {low}  λ₂ {high}  2/λmax {lr}',
    'curv.saddle': 'Sattel (gestrichelt)',
    'curv.noStable': 'keine',
    'curv.curveTitle': 'λmax(w_k)',
    'curv.curveHint': 'gestrichelt: 2/η jedes Gradientenabstiegs; darüber schießt GD über',
    'curv.markHere': '2/λmax am aktuellen Punkt: {lr}',
    'curv.markMin': '2/λmax im Minimum: {lr}',
    'curv.failed': 'Krümmung nicht verfügbar: {detail}',
  },
};
