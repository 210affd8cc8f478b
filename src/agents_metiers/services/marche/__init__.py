"""Labour-market data of a fiche: sources, figures, apprenticeship, market watch."""
