// The server's error detail -> where to show it: inline under the expression
// (at its column), on a run's card, or in the plot's error box.

/**
 * detail: a string, or pydantic's list [{loc, msg, ctx}].
 * Returns {expression: {message, column}|null, runs: Map<index, message>, general: string[]}.
 */
export function placeErrors(detail) {
  const out = { expression: null, runs: new Map(), general: [] };
  if (typeof detail === 'string') {
    out.general.push(detail);
    return out;
  }
  if (!Array.isArray(detail)) {
    out.general.push(JSON.stringify(detail));
    return out;
  }
  for (const item of detail) {
    const loc = Array.isArray(item.loc) ? item.loc : [];
    const msg = cleanMessage(item.msg || '');
    if (loc.includes('expression')) {
      if (!out.expression) {
        const column = Number(item.ctx && item.ctx.column);
        out.expression = { message: (item.ctx && item.ctx.message) || msg, column: Number.isFinite(column) ? column : null };
      }
    } else if (loc[0] === 'trajectories' && loc[1] === 'runs' && Number.isInteger(loc[2])) {
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

function cleanMessage(msg) {
  return msg.replace(/^Value error, /, '');
}
