// The race's curvature layer on a game (local-curvature.js asks, this reads the
// answers): POST /api/curvature's `game`, `path_jacobians` and
// `path_game_eigenvalues` -> what is drawn at w_k, the readout, and the curve
// of each run's step radius ρ along its path (game-stability.js has the math).

import { fmt } from './format.js';
import { GAME_STEPS, gdaStableLr, stepRadius } from './game-stability.js';

/** One run's stored answer: J and its eigenvalues along the path; GDA's bound at the equilibrium. */
export function gameRun(answer, atEquilibrium) {
  return {
    game: true,
    length: answer.path_jacobians.length,
    jacobians: answer.path_jacobians,
    lambdas: answer.path_game_eigenvalues,
    minLr: atEquilibrium ? answer.game.gda_stable_lr : null,
  };
}

/** "λ = α ± βi", "λ = ±βi" or "λ = λ1, λ2" (real). */
export function lambdaLabel([[re1, im1], [re2]]) {
  if (im1 === 0) return `λ = ${fmt(re1)}, ${fmt(re2)}`;
  const im = `${fmt(Math.abs(im1))}i`;
  return Math.abs(re1) <= 1e-9 * Math.abs(im1) ? `λ = ±${im}` : `λ = ${fmt(re1)} ± ${im}`;
}

/** The item drawn at step j of run `index`, or null where J is not finite. */
export function gameItem(d, j, { index, color, point, optimizer, lr }) {
  const jacobian = d.jacobians[j];
  const lambdas = d.lambdas[j];
  if (!jacobian || !lambdas || ![...jacobian.flat(), ...lambdas.flat()].every(Number.isFinite)) return null;
  const gda = gdaStableLr(lambdas); // simultaneous GDA's bound here, whatever the run's optimizer
  return {
    run: index, color, point, jacobian, eigenvalues: lambdas,
    label: lambdaLabel(lambdas),
    rho: stepRadius(optimizer, lr, jacobian),
    gda,
    // the slider marks: only simultaneous GDA's step is I + ηJ
    here: optimizer === 'gda' ? gda : null,
    minLr: optimizer === 'gda' ? d.minLr : null,
  };
}

/** ρ of the run's own step at every point of its path (NaN where unknown). */
export function radiusAlong(d, optimizer, lr) {
  return Float64Array.from(d.jacobians, (jacobian) => stepRadius(optimizer, lr, jacobian.map((row) => row.map((v) => v ?? NaN))) ?? NaN);
}

/** Does the curve have a line for this optimizer (a game step with a known radius)? */
export const hasRadius = (optimizer) => GAME_STEPS.has(optimizer);

/** The readout line of a game item. */
export function gameReadout(item, t) {
  const verdict = item.gda ? t('curv.gdaStable', { lr: fmt(item.gda) }) : t('curv.gdaNever');
  const rho = item.rho === null ? '' : `  ${t('curv.rho', { rho: fmt(item.rho, 4) })}`;
  return { color: item.color, text: `${item.label}${rho} · ${verdict}` };
}
