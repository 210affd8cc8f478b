"""The disk cache of public PDFs is bounded (``PDF_CACHE_MAX_MB``): least recently used
documents go first, a document read recently stays and is still served."""

from __future__ import annotations

import os
from pathlib import Path

from agents_metiers.rendering.pdf_cache import CachePdf, DocumentPdf, IdentitePdf

KO = 1024


def _identite(code: str, version: int = 1) -> IdentitePdf:
    return IdentitePdf(code, version, None, None, None, public=True)


def _document(code: str, octets: int) -> DocumentPdf:
    contenu = b"%PDF-1.7 " + code.encode() + b"x" * (octets - 14)
    return DocumentPdf(f"{code}.pdf", f"{code} é.pdf", contenu, brouillon=False)


def _vieillir(cache: CachePdf, code: str, instant: float) -> None:
    """Date the document's last use (files written within the same tick would tie)."""
    for fichier in (cache.dossier / code).iterdir():
        os.utime(fichier, (instant, instant))


def test_the_cache_stays_under_its_cap_evicting_the_least_recently_used(tmp_path: Path) -> None:
    cache = CachePdf(tmp_path / "pdf", max_octets=100 * KO)
    codes = [f"M18{index:02d}" for index in range(6)]
    for rang, code in enumerate(codes[:3]):
        cache.ecrire(_identite(code), _document(code, 30 * KO))
        _vieillir(cache, code, 1_000_000 + rang)
        assert cache.taille() <= 100 * KO
    assert cache.taille() > 90 * KO  # three documents fit: nothing evicted yet
    assert all(cache.lire(_identite(code)) is not None for code in codes[:3][::-1])

    # codes[0] was the oldest written, but it is read now: codes[1] and codes[2] go first.
    _vieillir(cache, codes[1], 2_000_000)
    _vieillir(cache, codes[2], 2_000_001)
    _vieillir(cache, codes[0], 2_000_002)
    premier = cache.lire(_identite(codes[0]))
    assert premier is not None
    cache.ecrire(_identite(codes[3]), _document(codes[3], 30 * KO))
    assert cache.taille() <= 100 * KO
    assert cache.lire(_identite(codes[1])) is None
    assert not (cache.dossier / codes[1]).exists()  # its folder went with it
    served = cache.lire(_identite(codes[0]))
    assert served == premier
    assert served is not None and served.nom_fichier_utf8 == f"{codes[0]} é.pdf"

    cache.ecrire(_identite(codes[4]), _document(codes[4], 30 * KO))
    assert cache.taille() <= 100 * KO
    assert sorted(p.parent.name for p in cache.fichiers()) == [codes[0], codes[3], codes[4]]
    _vieillir(cache, codes[3], 3_000_000)
    _vieillir(cache, codes[4], 3_000_001)
    assert cache.lire(_identite(codes[0])) is not None  # read last: kept
    cache.ecrire(_identite(codes[5]), _document(codes[5], 30 * KO))
    assert cache.taille() <= 100 * KO
    assert sorted(p.parent.name for p in cache.fichiers()) == [codes[0], codes[4], codes[5]]


def test_a_document_larger_than_the_cap_is_served_but_not_kept(tmp_path: Path) -> None:
    cache = CachePdf(tmp_path / "pdf", max_octets=10 * KO)
    cache.ecrire(_identite("M1805"), _document("M1805", 20 * KO))
    assert cache.taille() == 0
    assert cache.lire(_identite("M1805")) is None


def test_without_a_cap_nothing_is_evicted_and_stray_names_count(tmp_path: Path) -> None:
    cache = CachePdf(tmp_path / "pdf")
    for code in ("M1801", "M1802"):
        cache.ecrire(_identite(code), _document(code, 30 * KO))
    assert len(cache.fichiers()) == 2
    # A names file left without its PDF (a crash between the two writes) counts and goes first.
    orphelin = cache.dossier / "M1803" / "v1_orphelin.json"
    orphelin.parent.mkdir()
    orphelin.write_text('{"ascii": "x", "utf8": "x"}', encoding="utf-8")
    os.utime(orphelin, (1, 1))
    borne = CachePdf(cache.dossier, max_octets=cache.taille() - 1)
    borne.ecrire(_identite("M1801"), _document("M1801", 30 * KO))
    assert not orphelin.exists()
    assert len(borne.fichiers()) == 2
