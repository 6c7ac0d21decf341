// Trajectory segments in the form the page draws from: one Float32Array per
// column (x, y, loss, gx, gy, dx, dy, mx, my). Binary frames arrive in that form
// (views over the message, no copy: docs/protocol.md, "Binary frames"); JSON
// frames (scripts' format, the offline file) are converted to it here.

const JSON_COLUMNS = [
  ['points', ['x', 'y']],
  ['losses', ['loss']],
  ['gradients', ['gx', 'gy']],
  ['updates', ['dx', 'dy']],
  ['momenta', ['mx', 'my']],
];

/** Binary frames need the platform's byte order to be little-endian (it is everywhere in practice). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A binary message -> its frame; each run's `columns` are Float32Array views into `buffer`. */
export function decodeBinaryFrame(buffer) {
  const headerBytes = new DataView(buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, headerBytes)));
  let at = 4 + headerBytes;
  for (const run of header.runs) {
    const columns = {};
    for (const name of run.columns) {
      columns[name] = new Float32Array(buffer, at, run.rows);
      at += 4 * run.rows;
    }
    run.columns = columns;
  }
  return header;
}

/** A segment's columns: the binary frame's as they are, a JSON frame's ([[x, y], ...]) unzipped. */
export function segmentColumns(segment) {
  if (segment.columns) return { rows: segment.rows, columns: segment.columns };
  const rows = segment.points.length;
  const columns = {};
  for (const [array, names] of JSON_COLUMNS) {
    const values = segment[array];
    if (!values) continue;
    names.forEach((name, c) => {
      const column = new Float32Array(rows);
      for (let k = 0; k < rows; k++) {
        const v = names.length === 1 ? values[k] : values[k]?.[c];
        column[k] = v ?? NaN; // JSON's null (a float32 overflow) is NaN, as in binary frames
      }
      columns[name] = column;
    });
  }
  return { rows, columns };
}
