"""Agents Métiers : fiches métiers ROME 4.0 enrichies, validées et publiées."""

__version__ = "0.1.0"
