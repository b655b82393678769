"""The one check of ISO 8601 dates and datetimes, used wherever a date is given as text.

Inputs (JSON Lines records, manifests), the CLI's ``--published``/``--since`` options and the
API's uploads all accept the same forms: ``YYYY-MM-DD`` or an ISO datetime
(``2024-05-31T14:05:00-04:00``); each caller keeps its own error type and message.

>>> is_iso_date("2024-05-31"), is_iso_date("2024-05-31T14:05:00-04:00"), is_iso_date("31/05/2024")
(True, True, False)
>>> is_iso_date("2024-02-30")
False
"""

from __future__ import annotations

from datetime import date, datetime

__all__ = ["is_iso_date"]


def is_iso_date(text: str) -> bool:
    """Whether ``text`` is an ISO date (``YYYY-MM-DD``) or an ISO datetime."""
    try:
        if len(text) == 10:
            date.fromisoformat(text)
        else:
            datetime.fromisoformat(text)
    except ValueError:
        return False
    return True
