"""Every scene as a runnable script in torch, JAX or Keras (``thalweg code``, ``GET /api/code``)."""
