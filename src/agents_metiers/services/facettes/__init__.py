"""Browsing the catalogue by facets (issue 13): grand domain, domain, sector, centre of
interest, dominant RIASEC letter, transitions, executive and regulated jobs."""
