"""Following the news as it is published: watched feeds and sitemaps polled into the store,
watches on stories, entities, speakers and claims, and the alerts they raise (an Atom feed,
a web page, the CLI, a webhook), plus a digest.

>>> from storyline.config import Settings
>>> from storyline.store import open_store
>>> with open_store(":memory:") as store:
...     watch, created = add_watch(store, "speaker", "Teodor Halvanyk", Settings())
...     (watch.kind, created)
('speaker', True)
"""

from storyline.watch._alerts import add_watch, evaluate_watches, observe
from storyline.watch._atom import atom_feed
from storyline.watch._digest import Digest, build_digest, digest_html, digest_markdown
from storyline.watch._durations import parse_duration
from storyline.watch._entries import Entry, list_entries
from storyline.watch._poller import CycleReport, Poller, guarded_fetcher
from storyline.watch._robots import RobotsRules
from storyline.watch._webhook import deliver_alerts

__all__ = [
    "CycleReport",
    "Digest",
    "Entry",
    "Poller",
    "RobotsRules",
    "add_watch",
    "atom_feed",
    "build_digest",
    "deliver_alerts",
    "digest_html",
    "digest_markdown",
    "evaluate_watches",
    "guarded_fetcher",
    "list_entries",
    "observe",
    "parse_duration",
]
