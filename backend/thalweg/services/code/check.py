"""A gradient-check link -> a script of the slides' gradient check in torch, JAX or Keras.

The script holds f (printed from the very function the engine runs,
``formula.py``), the view's point and its steps δ; it computes ∇f by the
framework's autodiff and the forward and central differences for every δ with
plain NumPy arithmetic on f's values, and prints the view's answer
(``POST /api/gradient-check``, services/gradient_check.py) as JSON, in float64.
The link is read as the offline export reads it (``calculus_export.py``).
"""

from __future__ import annotations

import textwrap

import numpy as np

from thalweg.services.calculus_export import check_request
from thalweg.services.code.scripts import IMPORTS, surface_doc, surface_formula, template
from thalweg.services.gradient_check import DELTAS
from thalweg.services.surfaces import resolve

AUTODIFF = {
    "torch": "torch.autograd",
    "jax": "jax.grad (reverse mode)",
    "keras": "jax.grad of the keras.ops formula (Keras on its JAX backend)",
}
NAMES = {"torch": "PyTorch", "jax": "JAX", "keras": "Keras"}


def _deltas() -> str:
    """DELTAS as NumPy writes them: ``np.logspace(first, last, count)`` in decades."""
    first, last = np.log10(DELTAS[[0, -1]])
    return f"np.logspace({first:g}, {last:g}, {len(DELTAS)})"


def check_script(query: str, framework: str) -> str:
    """The gradient-check scene ``query`` names as a ``framework`` script (views.py)."""
    request = check_request(query)
    surface = resolve(request)
    point = request.point or surface.start
    doc = surface_doc(request, surface.params)
    fields = {
        "title": f"{doc.split(':')[0]}: Thalweg's gradient check in {NAMES[framework]}",
        "framework": framework,
        "link": f"/check.html?{query}",
        "filename": f"thalweg_{framework}.py",
        "autodiff": AUTODIFF[framework],
        "imports": IMPORTS[framework],
        "point": repr(tuple(float(v) for v in point)),
        "deltas": _deltas(),
        "surface_doc": doc.replace("\\", "\\\\").replace('"""', "'''"),
        "formula": textwrap.indent(surface_formula(surface, framework), "    "),
    }
    return "".join(
        [
            template("check_head").substitute(fields),
            template(f"check_{framework}").template,
            template("check_tail").template,
        ]
    )
