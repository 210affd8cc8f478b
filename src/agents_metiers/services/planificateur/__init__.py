"""The scheduler (PRODUCT.md §11): periodic runs that create ordinary jobs (docs/jobs.md).

``entrees`` lists what can be scheduled, ``execution`` runs what is due (embedded: inside the
process holding the database lease; procrastinate: as periodic tasks), ``etat`` reports.
"""
