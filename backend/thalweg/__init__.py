"""Thalweg: see gradient-based optimization."""

__version__ = "0.1.0"
