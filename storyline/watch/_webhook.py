"""Delivering alerts to a webhook: one JSON POST per batch, retried with exponential back-off.

The POST goes through :func:`storyline.api._fetch.post_json`, so a webhook at a private
address is refused unless its host is in ``fetch_allow_hosts`` (or ``allow_private_urls``).
Alerts not taken stay undelivered and are offered again on the next run, up to
:data:`MAX_DELIVERY_ATTEMPTS` times.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from storyline.api._fetch import FetchFailed, FetchRefused, post_json
from storyline.config import Settings
from storyline.store import Store, WatchTables

log = logging.getLogger(__name__)

MAX_DELIVERY_ATTEMPTS = 10
BATCH = 100


def deliver_alerts(
    store: Store,
    settings: Settings,
    url: str,
    *,
    post: Callable[..., int] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    tries: int = 3,
    first_delay: float = 1.0,
) -> int:
    """POST the undelivered alerts to ``url`` as ``{"alerts": [...]}``; how many were taken.

    Each batch is tried ``tries`` times, waiting ``first_delay``, then twice as long, ...
    A refused address or a 4xx answer (other than 429) is not retried.
    """
    send = post or post_json
    tables = WatchTables(store)
    delivered = 0
    while alerts := tables.undelivered_alerts(MAX_DELIVERY_ATTEMPTS, BATCH):
        ids = [a.id for a in alerts]
        payload: dict[str, Any] = {"alerts": [a.to_dict() for a in alerts]}
        error = _post_with_retries(send, url, payload, settings, sleep, tries, first_delay)
        tables.record_delivery(ids, ok=error is None, error=error)
        if error is not None:
            log.warning("alert webhook %s: %s", url, error)
            break
        delivered += len(ids)
    return delivered


def _post_with_retries(
    send: Callable[..., int],
    url: str,
    payload: dict[str, Any],
    settings: Settings,
    sleep: Callable[[float], None],
    tries: int,
    first_delay: float,
) -> str | None:
    error = "not tried"
    for attempt in range(tries):
        try:
            send(url, payload, settings)
            return None
        except FetchRefused as exc:
            return str(exc)
        except FetchFailed as exc:
            error = str(exc)
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                return error
        if attempt + 1 < tries:
            sleep(first_delay * 2**attempt)
    return error
