"""A Generative view link -> its training script: the GAN's, or the autoencoder's
when the link opens that tab (``mode=ae``).

The link is read as the page reads it and validated as its first ``train``
message (``generative_export.request_of``, the offline file's reader), so the
script trains what the page trains.
"""

from __future__ import annotations

from thalweg.services.code.autoencoder import ae_script
from thalweg.services.code.gan import gan_script
from thalweg.services.generative_export import request_of


def generative_script(query: str, framework: str) -> str:
    """The script of the Generative scene ``query`` for ``framework``."""
    mode, _, request = request_of(query)
    write = ae_script if mode == "ae" else gan_script
    return write(request, query, framework)
