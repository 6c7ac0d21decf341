// What a training run sent, kept so it can be replayed: the history of every
// step, the decision grids the stream sent (every `decision.every` steps) with
// their steps, the landscape's projected path with its steps. runAt(run, k)
// is the run as it stood at step k.

import { itemText, serverText } from '../errors.js';

const HISTORY = ['train_loss', 'test_loss', 'train_metric', 'test_metric'];

/**
 * The run after `frame` (a new run on a dataset frame). info: {name, label,
 * legend (the legend's title over the labels, or none), steps, curvature, threshold}.
 */
export function recordFrame(run, frame, info) {
  if (frame.type === 'dataset') {
    return {
      name: info.name, label: info.label, legend: info.legend, model: frame.model, decision: frame.decision, step: 0,
      decisions: frame.decision ? [{ step: 0, decision: frame.decision }] : [],
      history: Object.fromEntries(HISTORY.map((key) => [key, []])),
      curvature: info.curvature ? { steps: [], sharpness: [] } : null,
      steps: info.steps, threshold: info.threshold,
    };
  }
  if (!run) return run;
  if (frame.type === 'progress') {
    for (const key of HISTORY) run.history[key].push(...frame[key]);
    run.step = frame.step;
    if (frame.decision) {
      run.decision = frame.decision;
      run.decisions.push({ step: frame.step, decision: frame.decision });
    }
    if (frame.curvature && run.curvature) {
      run.curvature.steps.push(...frame.curvature.steps);
      run.curvature.sharpness.push(...frame.curvature.sharpness);
    }
  } else if (frame.type === 'result') {
    Object.assign(run, { result: frame, landscape: frame.landscape, history: frame.history });
    run.path = frame.landscape?.path;
    if (frame.decision) {
      run.decision = frame.decision;
      run.decisions.push({ step: run.step, decision: frame.decision });
    }
    if (frame.curvature) run.curvature = frame.curvature;
  }
  return run;
}

/** The run as it stood at step k (k null: as it is). Shares the run's arrays where it can. */
export function runAt(run, k) {
  if (!run || k === null || k >= run.step) return run;
  const decision = run.decisions.filter((d) => d.step <= k).at(-1)?.decision ?? run.decision;
  const history = Object.fromEntries(HISTORY.map((key) => [key, run.history[key].slice(0, k + 1)]));
  const out = { ...run, decision, history };
  if (run.landscape?.path_steps) {
    const upTo = run.landscape.path_steps.filter((s) => s <= k).length;
    out.path = run.landscape.path.slice(0, Math.max(1, upTo));
  }
  return out;
}

/** An error frame's text, in the page's language where the server names the error. */
export function formatDetail({ detail, code, params }, t, has) {
  if (typeof detail === 'string') return serverText(t, code, params, detail);
  if (Array.isArray(detail)) {
    // The stream validates a union of messages: keep the train message's errors.
    const own = detail.filter((e) => !String(e.loc?.[0] ?? '').startsWith('CancelMessage'));
    return (own.length ? own : detail).map((e) => {
      const [field, ...rest] = (e.loc || []).filter((x) => x !== 'body' && !/Message|\[/.test(String(x)));
      // The request's field by the sidebar's name for it: "Optimierer", not "optimizer".
      const loc = field === undefined ? '' : [has(`nw.${field}`) ? t(`nw.${field}`) : field, ...rest].join('.');
      const msg = itemText(e, t);
      return loc ? `${loc}: ${msg}` : msg;
    }).join('\n');
  }
  return JSON.stringify(detail);
}
