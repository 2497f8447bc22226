"""Codebooks shipped with the package (YAML)."""
