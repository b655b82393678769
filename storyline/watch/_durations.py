"""Durations written the way people write them: ``90s``, ``15m``, ``1h``, ``1d``, ``2w``.

>>> parse_duration("1h"), parse_duration("90s"), parse_duration("1d12h")
(3600, 90, 129600)
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from storyline.errors import ConfigError, Errors

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PART = re.compile(r"(\d+)\s*([smhdw])", re.IGNORECASE)


def parse_duration(text: str) -> int:
    """Seconds in ``text`` (one or more number+unit parts; a bare number is seconds)."""
    raw = text.strip()
    if raw.isdigit():
        return int(raw)
    parts = _PART.findall(raw)
    if not parts or _PART.sub("", raw).strip():
        raise ConfigError(Errors.E135(text=text))
    return sum(int(n) * _UNITS[u.lower()] for n, u in parts)


def iso(moment: datetime) -> str:
    """A UTC timestamp as stored: ``2025-06-24T10:00:00+00:00``."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def utc_now() -> datetime:
    return datetime.now(UTC)
