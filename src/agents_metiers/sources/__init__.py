"""Clients of the external labour-market sources (EXTERNAL_APIS.md): one module per API.

Every client takes an injected HTTP transport, reads its base URL and credentials from the
settings, and raises a ``SourceError`` (503) whose sentence names the source. ``http`` holds
the shared request loop (timeouts, retries with backoff on 5xx, ``Retry-After`` on 429),
``oauth`` the France Travail token cache, ``cache`` the database-backed response cache.
"""
