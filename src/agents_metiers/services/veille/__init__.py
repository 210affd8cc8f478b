"""Veille ROME (PRODUCT.md §5.4, issue 12): detect what a newer export changes, keep the
detected referential aside (staging), let reviewers decide, then apply it.

Detection (``detection``, ``staging``, ``changements``) changes no fiche content: it records a
run, its changes and the ``rome_update_pending`` flag. Review and sync live beside them.
"""
