"""The main city of each region (its prefecture), where apprenticeship searches are centred
by default — the user may choose another place. Pure geography, no figures."""

from __future__ import annotations

from typing import NamedTuple


class Ville(NamedTuple):
    nom: str
    latitude: float
    longitude: float


CHEFS_LIEUX: dict[str, Ville] = {
    "11": Ville("Paris", 48.8566, 2.3522),
    "24": Ville("Orléans", 47.9030, 1.9093),
    "27": Ville("Dijon", 47.3220, 5.0415),
    "28": Ville("Rouen", 49.4431, 1.0993),
    "32": Ville("Lille", 50.6292, 3.0573),
    "44": Ville("Strasbourg", 48.5734, 7.7521),
    "52": Ville("Nantes", 47.2184, -1.5536),
    "53": Ville("Rennes", 48.1173, -1.6778),
    "75": Ville("Bordeaux", 44.8378, -0.5792),
    "76": Ville("Toulouse", 43.6047, 1.4442),
    "84": Ville("Lyon", 45.7640, 4.8357),
    "93": Ville("Marseille", 43.2965, 5.3698),
    "94": Ville("Ajaccio", 41.9192, 8.7386),
    "01": Ville("Basse-Terre", 15.9985, -61.7255),
    "02": Ville("Fort-de-France", 14.6161, -61.0588),
    "03": Ville("Cayenne", 4.9224, -52.3135),
    "04": Ville("Saint-Denis", -20.8821, 55.4507),
    "06": Ville("Mamoudzou", -12.7806, 45.2279),
}
