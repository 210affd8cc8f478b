"""Variants of a fiche: generation, content, human review."""
