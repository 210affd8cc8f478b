"""The meaning-change rule on realistic relabels and on the real v460 labels."""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path

import pytest

from agents_metiers.domain.sens import sens_modifie
from agents_metiers.rome.export import open_export

SHARED_V460 = Path(__file__).resolve().parents[3] / "shared" / "rome" / "v460"


@pytest.mark.parametrize(
    ("avant", "apres"),
    [
        ("Médecin Anesthésiste Réanimateur -MAR-", "Médecin anesthésiste réanimateur (MAR)"),
        ("Conducteur / Conductrice d'engins agricoles", "Conducteurs d'engins agricoles"),
        ("Electricien / Electricienne du bâtiment", "Électricien / Électricienne du bâtiment"),
        ("Agent / Agente de propreté-hygiène", "Agent / Agente de propreté et d'hygiène"),
        ("Technicien / Technicienne d'exploitation", "Technicienne d’exploitation"),
        ("Vendeur / Vendeuse en boulangerie", "Vendeuse en boulangerie"),
        ("Infirmier / Infirmière en soins généraux (IDE)", "Infirmier en soins généraux - IDE"),
        ("Ingénieur sécurité informatique", "Ingénieur en sécurité informatique"),
    ],
)
def test_typography_grammar_and_gender_are_not_a_meaning_change(avant: str, apres: str) -> None:
    assert sens_modifie(avant, apres) is False


@pytest.mark.parametrize(
    ("avant", "apres"),
    [
        ("Ingénieur sécurité informatique", "Technicien en cybersécurité"),
        ("Développeur / Développeuse informatique", "Développeur / Développeuse web"),
        ("Expert / Experte systèmes et réseaux informatiques", "Expert / Experte en données"),
        ("Conducteur / Conductrice d'engins agricoles", "Conducteur / Conductrice de bus"),
        ("Homme sage-femme / Sage-femme", "Puériculteur / Puéricultrice"),
    ],
)
def test_a_word_added_removed_or_replaced_is_a_meaning_change(avant: str, apres: str) -> None:
    assert sens_modifie(avant, apres) is True


def _sans_accents(texte: str) -> str:
    decomposed = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@pytest.mark.integration
@pytest.mark.skipif(not SHARED_V460.is_dir(), reason=f"export ROME réel absent : {SHARED_V460}")
def test_real_labels_keep_their_meaning_through_typographic_rewrites(tmp_path: Path) -> None:
    rows = open_export(SHARED_V460, download_dir=tmp_path).rows("referentiel_code_rome")
    libelles = [row["libelle_rome"] for row in rows]
    assert len(libelles) == 1584
    for libelle in libelles:
        variante = _sans_accents(libelle).upper().replace("'", "’").replace(" / ", "/")
        assert not sens_modifie(libelle, variante), libelle
    # Two different real jobs never compare as the same meaning.
    for avant, apres in itertools.pairwise(libelles):
        assert sens_modifie(avant, apres), (avant, apres)
