// The server's errors -> readable text in the page's language, and where to
// show it: inline under the expression (at its column), on a run's card, or
// in the plot's error box.
//
// The server writes English. An error it names (a pydantic error's `type` and
// `ctx`, an expression error's `ctx.code`, a message's `code` and `params`) is
// looked up under "server:<code>" in the string table; English has no such
// keys, so it keeps the server's own words.

import { fmt } from './format.js';

/** One named error in the page's language; `english` when the table has no text for it. */
export function serverText(t, code, params, english) {
  if (!code) return english;
  // Numbers as the page writes them: 1.8000000000000007 -> "1,8" in German.
  const shown = Object.fromEntries(Object.entries(params || {})
    .map(([k, v]) => [k, typeof v === 'number' ? fmt(v, 6) : v]));
  return t(`server:${code}`, shown, english);
}

/**
 * error: a WebSocket error frame or an ApiError, {detail, code?, params?};
 * detail is a string or pydantic's list [{type, loc, msg, ctx}].
 * Returns {expression: {message, column}|null, runs: Map<index, message>, general: string[]}.
 */
export function placeErrors(error, t) {
  const { detail } = error;
  const out = { expression: null, runs: new Map(), general: [] };
  if (typeof detail === 'string') {
    out.general.push(serverText(t, error.code, error.params, detail));
    return out;
  }
  if (!Array.isArray(detail)) {
    out.general.push(JSON.stringify(detail));
    return out;
  }
  for (const item of detail) {
    const loc = Array.isArray(item.loc) ? item.loc : [];
    const ctx = item.ctx || {};
    if (loc.includes('expression')) {
      if (!out.expression) {
        const column = Number(ctx.column);
        out.expression = {
          message: serverText(t, ctx.code && `expression.${ctx.code}`, ctx, ctx.message || cleanMessage(item.msg || '')),
          column: Number.isFinite(column) ? column : null,
        };
      }
      continue;
    }
    const msg = itemText(item, t);
    if (loc[0] === 'trajectories' && loc[1] === 'runs' && Number.isInteger(loc[2])) {
      const previous = out.runs.get(loc[2]);
      out.runs.set(loc[2], previous ? `${previous}; ${msg}` : msg);
    } else {
      const where = loc.filter((part) => part !== 'landscape' && part !== 'trajectories').join('.');
      const text = where ? `${where}: ${msg}` : msg;
      if (!out.general.includes(text)) out.general.push(text);
    }
  }
  return out;
}

/** Every message of an error on one line (a sweep's or an export's). */
export function errorText(error, t) {
  if (error.detail === undefined) return error.message;
  const { expression, runs, general } = placeErrors(error, t);
  return [...general, ...(expression ? [expression.message] : []), ...runs.values()].join('; ');
}

/** One pydantic error's message (not where it is), in the page's language where it is named. */
export function itemText(item, t) {
  return serverText(t, item.type, item.ctx, cleanMessage(item.msg || ''));
}

function cleanMessage(msg) {
  return msg.replace(/^Value error, /, '');
}
