"""One exception tree for the whole product.

Every error a user can cause or meet carries a full French sentence (``message``) and
the HTTP status the API answers with. The CLI prints the sentence and exits with 1;
the web layer turns it into ``{"detail": message}``.

- ``AgentsMetiersError`` (500) — base class, never raised directly
  - ``InvalidInputError`` (422) — malformed input (code ROME, option value…)
  - ``BadRequestError`` (400) — a well-formed request that cannot be honoured as asked
  - ``AuthenticationError`` (401) — no valid credentials
  - ``PermissionDeniedError`` (403) — authenticated, but the role does not allow the action
  - ``NotFoundError`` (404) — an unknown fiche, user…
  - ``ConflictError`` (409) — duplicate, illegal transition, stale version
    - ``EcritureConcurrenteError`` (409) — a concurrent write of the same fiche won the race
  - ``RomeSourceError`` (400) — the ROME export cannot be found, read or understood
  - ``RateLimitedError`` (429) — too many attempts; ``retry_after`` seconds to wait
  - ``ServiceUnavailableError`` (503) — the AI or an external source is not configured or down
  - ``ConfigurationError`` (500) — the settings are unusable (e.g. default secret in production)
"""

from __future__ import annotations


class AgentsMetiersError(Exception):
    """Base class: ``message`` is a sentence meant for the user."""

    status_code = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInputError(AgentsMetiersError):
    status_code = 422


class BadRequestError(AgentsMetiersError):
    status_code = 400


class AuthenticationError(AgentsMetiersError):
    status_code = 401


class PermissionDeniedError(AgentsMetiersError):
    status_code = 403


class RateLimitedError(AgentsMetiersError):
    status_code = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServiceUnavailableError(AgentsMetiersError):
    status_code = 503


class NotFoundError(AgentsMetiersError):
    status_code = 404


class ConflictError(AgentsMetiersError):
    status_code = 409


class RomeSourceError(AgentsMetiersError):
    status_code = 400


class ConfigurationError(AgentsMetiersError):
    status_code = 500


class EcritureConcurrenteError(ConflictError):
    """Two writes of one fiche at once and this one lost (409): nothing was written."""
