"""``segments`` frames as binary WebSocket messages: a JSON header, then float32 columns.

The page draws from ``Float32Array`` views over the message itself, so it
neither parses numbers nor copies them; JSON spends ~2/3 of a scene's bytes
on digits, commas and brackets. Layout (docs/protocol.md, "Binary frames"),
little-endian throughout:

    uint32 H | H bytes of UTF-8 JSON, space-padded to a multiple of 4 | float32 columns

The header is the JSON frame with each run's arrays replaced by ``rows`` and
``columns`` (names from ``COLUMNS``); the columns follow run after run, in the
header's order, each ``rows`` values long. A value JSON would send as ``null``
(a float32 overflow) is NaN here.
"""

from __future__ import annotations

import numpy as np

from thalweg.services.encoding import dumps

# Response array -> its columns, in the order they follow each other on the wire.
COLUMNS: dict[str, tuple[str, ...]] = {
    "points": ("x", "y"),
    "losses": ("loss",),
    "gradients": ("gx", "gy"),
    "updates": ("dx", "dy"),
    "momenta": ("mx", "my"),
}
BINARY_TYPES = frozenset({"segments"})


def encode(frame: dict) -> bytes | None:
    """The frame as one binary message, or None for frames that stay JSON text."""
    if frame.get("type") not in BINARY_TYPES:
        return None
    runs, columns = [], []
    for segment in frame["runs"]:
        names = []
        for array_name, column_names in COLUMNS.items():
            if array_name not in segment:
                continue
            values = np.asarray(segment[array_name], np.float32).reshape(len(segment["points"]), -1)
            columns.extend(values.T)
            names.extend(column_names)
        runs.append({"index": segment["index"], "rows": len(segment["points"]), "columns": names})
    header = dumps({**{k: v for k, v in frame.items() if k != "runs"}, "runs": runs})
    header += b" " * (-len(header) % 4)
    body = np.concatenate(columns) if columns else np.empty(0, np.float32)
    body = np.where(np.isfinite(body), body, np.float32(np.nan)).astype("<f4", copy=False)
    return len(header).to_bytes(4, "little") + header + body.tobytes()
