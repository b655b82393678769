"""robots.txt, read with the standard library's parser and kept per host for a while.

RFC 9309: a robots.txt that is missing (4xx) allows everything; one that cannot be read
(5xx, no connection) disallows everything until it can be read again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from storyline.api._fetch import Fetched, FetchFailed

Fetcher = Callable[[str, Mapping[str, str]], Fetched]

#: The product token robots.txt rules are matched against.
ROBOTS_AGENT = "Storyline"


class RobotsRules:
    """``allowed(url)`` answers from each host's robots.txt, fetched at most once per ``ttl``."""

    def __init__(
        self,
        fetch: Fetcher,
        clock: Callable[[], datetime],
        ttl: timedelta = timedelta(hours=12),
        retry: timedelta = timedelta(minutes=5),
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        self._ttl = ttl
        self._retry = retry
        self._hosts: dict[str, tuple[datetime, RobotFileParser | bool]] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        now = self._clock()
        cached = self._hosts.get(origin)
        if cached is None or cached[0] <= now:
            cached = self._load(origin, now)
            self._hosts[origin] = cached
        rules = cached[1]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(ROBOTS_AGENT, url)

    def _load(self, origin: str, now: datetime) -> tuple[datetime, RobotFileParser | bool]:
        try:
            fetched = self._fetch(f"{origin}/robots.txt", {})
        except FetchFailed as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return now + self._ttl, True
            return now + self._retry, False
        parser = RobotFileParser()
        parser.parse(fetched.content.decode("utf-8", "replace").splitlines())
        return now + self._ttl, parser
