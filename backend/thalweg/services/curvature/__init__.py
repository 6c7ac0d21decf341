"""The curvature view: local curvature, stability maps and basin maps (requests -> frames)."""
