"""SVG charts: well-formed, accessible, escaped, CSP-safe, and absent when there is no data."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from markupsafe import Markup

from agents_metiers.rendering import charts

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & "quotes" \'single\''

SALAIRES = {
    "junior": {"min": 28000, "median": 32000, "max": 36000},
    "confirme": {"min": 35000, "median": 42000, "max": 50000},
    "senior": {"min": None, "median": 55000, "max": None},
    "source": "France Travail",
}
RIASEC = {
    "realiste": 0.1,
    "investigateur": 1.0,
    "artistique": 0.0,
    "social": 0.2,
    "entreprenant": 0.4,
    "conventionnel": 0.7,
    "majeur": "I",
    "mineur": "C",
}
DIMENSIONS = {
    "technique": 0.2,
    "relationnel": 0.1,
    "analytique": 0.9,
    "creatif": 0.0,
    "organisationnel": 0.3,
    "leadership": 0.3,
    "numerique": 1.0,
}
SERIE = [{"mois": f"2026-{m:02d}", "nb_offres": 100 + m} for m in range(1, 13)]


def _all_charts() -> list[Markup | None]:
    return [
        charts.salaires_svg(SALAIRES),
        charts.contrats_svg({"cdi": 0.6, "cdd": 0.25, "interim": 0.1, "autre": 0.05}),
        charts.tension_svg(0.55),
        charts.riasec_svg(RIASEC),
        charts.dimensions_svg(DIMENSIONS),
        charts.recrutements_svg(SERIE),
    ]


def _parse(svg: Markup | None) -> ET.Element:
    assert svg is not None
    return ET.fromstring(str(svg))


def _desc(svg: Markup | None) -> str:
    return _parse(svg).findtext(f"{SVG}desc") or ""


@pytest.mark.parametrize("index", range(6))
def test_every_chart_is_well_formed_accessible_svg(index: int) -> None:
    svg = _all_charts()[index]
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text
    assert desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_no_chart_carries_inline_style_or_script() -> None:
    for svg in _all_charts():
        assert svg is not None
        assert "style=" not in svg
        assert "<script" not in svg


@pytest.mark.parametrize(
    ("function", "value"),
    [
        (charts.salaires_svg, None),
        (charts.salaires_svg, {"junior": {"min": None, "median": None, "max": None}}),
        (charts.salaires_svg, {"junior": {"min": 0, "median": 0, "max": 0}}),
        (charts.contrats_svg, None),
        (charts.contrats_svg, {"cdi": 0, "cdd": 0, "interim": None}),
        (charts.tension_svg, None),
        (charts.tension_svg, 1.7),
        (charts.tension_svg, True),
        (charts.riasec_svg, None),
        (charts.riasec_svg, dict.fromkeys(charts.RIASEC, 0.0)),
        (charts.dimensions_svg, None),
        (charts.dimensions_svg, {}),
        (charts.recrutements_svg, None),
        (charts.recrutements_svg, []),
        (charts.recrutements_svg, [{"mois": "2026-01", "nb_offres": None}]),
    ],
)
def test_no_data_gives_no_chart(function: Any, value: Any) -> None:
    assert function(value) is None


def test_a_data_borne_label_is_escaped() -> None:
    salaires = charts.salaires_svg({**SALAIRES, "source": HOSTILE})
    recrutements = charts.recrutements_svg([{"mois": HOSTILE, "nb_offres": 3}])
    for svg in (salaires, recrutements):
        assert "<script" not in str(svg)
        _parse(svg)  # still well-formed
    assert '<script>alert("x")</script>' in _desc(salaires)


def test_salary_alternative_text_gives_every_figure() -> None:
    desc = _desc(charts.salaires_svg(SALAIRES))
    assert "Junior : minimum 28\u202f000 €, médian 32\u202f000 €, maximum 36\u202f000 €" in desc
    assert "Senior : médian 55\u202f000 €" in desc
    assert "Source : France Travail" in desc


def test_contract_shares_are_the_same_from_fractions_or_percentages() -> None:
    fractions = charts.contrats_svg({"cdi": 0.6, "cdd": 0.3, "interim": 0.1})
    percentages = charts.contrats_svg({"cdi": 60, "cdd": 30, "interim": 10})
    assert _desc(fractions) == _desc(percentages) == "CDI 60 %, CDD 30 %, Intérim 10 %."


@pytest.mark.parametrize(
    ("tension", "label"),
    [
        (0.85, "Forte demande"),
        (0.7, "Forte demande"),
        (0.5, "Demande modérée"),
        (0.1, "Faible demande"),
    ],
)
def test_tension_gauge_names_the_level(tension: float, label: str) -> None:
    assert _desc(charts.tension_svg(tension)).endswith(f"— {label}.")


def test_riasec_radar_states_the_dominant_code() -> None:
    assert "Profil dominant : ICE." in _desc(charts.riasec_svg(RIASEC))


def test_a_0_100_riasec_profile_is_scaled_like_a_fraction_one() -> None:
    percent = {k: v * 100 for k, v in RIASEC.items() if isinstance(v, float)}
    assert _desc(charts.riasec_svg(percent)) == _desc(charts.riasec_svg(RIASEC))


def test_older_dimension_keys_are_read() -> None:
    svg = charts.dimensions_svg({"intellectuel": 0.8, "management": 0.4})
    assert "Analytique 80 %" in _desc(svg)
    assert "Leadership 40 %" in _desc(svg)


def test_labels_follow_the_language() -> None:
    svg = charts.contrats_svg({"cdi": 1.0}, lang="en")
    assert _parse(svg).findtext(f"{SVG}title") == "Contract types"
    assert _desc(svg) == "Permanent 100 %."


def test_recruitment_months_are_named() -> None:
    desc = _desc(charts.recrutements_svg(SERIE[:2]))
    assert desc == "janv. 2026 : 101 offres, févr. 2026 : 102 offres."


def test_the_same_data_gives_the_same_svg() -> None:
    assert charts.riasec_svg(RIASEC) == charts.riasec_svg(dict(RIASEC))


@pytest.mark.parametrize(
    ("maximum", "graduations"),
    [
        (70_000, ["0 k€", "20 k€", "40 k€", "60 k€", "80 k€"]),
        (55_000, ["0 k€", "20 k€", "40 k€", "60 k€"]),
        (50_000, ["0 k€", "10 k€", "20 k€", "30 k€", "40 k€", "50 k€"]),
        (9_000, ["0 k€", "2 k€", "4 k€", "6 k€", "8 k€", "10 k€"]),
        (240_000, ["0 k€", "50 k€", "100 k€", "150 k€", "200 k€", "250 k€"]),
    ],
)
def test_salary_axis_ticks_are_round_thousands(maximum: int, graduations: list[str]) -> None:
    svg = charts.salaires_svg({"senior": {"median": maximum}})
    textes = [t.text for t in ET.fromstring(str(svg)).iter(f"{SVG}text")]
    assert [t for t in textes if t and t.endswith("k€")] == graduations
