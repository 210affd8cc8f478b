"""``review-batch`` in a subprocess, as a user runs it (both databases): the baseline
published in one command, in the name of a reviewer."""

from __future__ import annotations

from sqlalchemy import select

from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import AuditEventRow, FichePubliqueRow, FicheRow


def test_review_batch_publishes_the_baseline_in_the_reviewer_s_name(cli, imported: Runtime) -> None:  # type: ignore[no-untyped-def]
    create_user(
        imported.sessions, email="r@exemple.fr", password="MotDePasse123",
        role="relecteur", name="Rose Relectrice",
    )  # fmt: skip
    with imported.sessions() as session:
        # One fiche a person wrote: left out of the batch by status, with the reason.
        row = session.scalars(select(FicheRow).where(FicheRow.code_rome == "M1805")).one()
        row.provenance = {**row.provenance, "description": {"source": "humain"}}
        session.commit()

    done = cli("review-batch", "--statut", "brouillon", "--publier", "--as", "R@exemple.fr")
    assert done.returncode == 0, done.stderr
    assert "5 fiches validées et publiées, 1 ignorée, 0 en échec" in done.stdout
    assert "Rose Relectrice" in done.stdout
    assert "M1805 ignorée : Contenu rédigé ou modifié par une personne" in done.stdout
    assert "6/6" in done.stderr  # progress on stderr, the summary on stdout
    assert "6/6" not in done.stdout
    with imported.sessions() as session:
        public = set(session.scalars(select(FichePubliqueRow.code_rome)))
        assert public == {"J1104", "J1124", "J1506", "M1802", "M1810"}
        agents = set(
            session.scalars(
                select(AuditEventRow.agent).where(AuditEventRow.type_evenement == "fiche.publiee")
            )
        )
        assert agents == {"Rose Relectrice"}

    named = cli("review-batch", "--codes", "M1805", "--publier", "--as", "r@exemple.fr")
    assert named.returncode == 0, named.stderr
    assert "1 fiche validée et publiée, 0 ignorée" in named.stdout


def test_review_batch_names_a_real_reviewer(cli, imported: Runtime) -> None:  # type: ignore[no-untyped-def]
    create_user(
        imported.sessions, email="e@exemple.fr", password="MotDePasse123", role="editeur", name=None
    )
    editeur = cli("review-batch", "--statut", "brouillon", "--as", "e@exemple.fr")
    assert editeur.returncode == 1
    assert "Erreur : Action réservée au rôle relecteur ou supérieur" in editeur.stderr
    inconnu = cli("review-batch", "--statut", "brouillon", "--as", "personne@exemple.fr")
    assert inconnu.returncode == 1
    assert "Aucun compte actif n'a l'adresse « personne@exemple.fr »" in inconnu.stderr
    rien = cli("review-batch", "--as", "e@exemple.fr")
    assert rien.returncode == 1
    assert "--statut, --domaine ou --codes" in rien.stderr
    with imported.sessions() as session:
        assert set(session.scalars(select(FicheRow.statut))) == {"brouillon"}
