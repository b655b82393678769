"""Alerts as an Atom feed (RFC 4287), built with ElementTree so every value is escaped.

>>> from storyline.models import Alert
>>> xml = atom_feed([Alert("al-1", "w-1", "claim-changed", "Ban <lifted>", "2025-06-24T10:00:00+00:00")],
...                 "http://localhost:8000")
>>> b"Ban &lt;lifted&gt;" in xml
True
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from storyline.models import Alert

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_KIND_LABEL = {
    "new-story": "New story",
    "new-development": "New development",
    "new-quote": "New quote",
    "claim-new": "Claim first reported",
    "claim-changed": "Claim changed",
    "claim-contradiction": "Claim contradicted",
}


def _text(value: str) -> str:
    """Characters XML 1.0 cannot carry (control characters) are dropped."""
    return _NOT_XML.sub("", value)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        node.text = _text(text)
    return node


def alert_link(alert: Alert, base_url: str) -> str:
    """Where an alert points in the web UI: the first evidence span, else its story."""
    base = base_url.rstrip("/")
    if alert.evidence:
        cite = alert.evidence[0]
        return f"{base}/articles/{cite.article_id}?cite={cite.start}-{cite.end}"
    if alert.story_id:
        return f"{base}/stories/{alert.story_id}"
    return f"{base}/alerts"


def atom_feed(alerts: Sequence[Alert], base_url: str, title: str = "Storyline alerts") -> bytes:
    """The feed of ``alerts`` (newest first), UTF-8 XML with its declaration."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", f"{base_url.rstrip('/')}/alerts.atom")
    _sub(feed, "title", title)
    _sub(feed, "updated", max((a.created_at for a in alerts), default="1970-01-01T00:00:00+00:00"))
    _sub(feed, "link", rel="self", href=f"{base_url.rstrip('/')}/alerts.atom")
    _sub(feed, "link", rel="alternate", href=f"{base_url.rstrip('/')}/alerts")
    author = _sub(feed, "author")
    _sub(author, "name", "Storyline")
    for alert in alerts:
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"urn:storyline:alert:{alert.id}")
        _sub(entry, "title", f"{_KIND_LABEL.get(alert.kind, alert.kind)}: {alert.title}")
        _sub(entry, "updated", alert.created_at)
        _sub(entry, "link", rel="alternate", href=alert_link(alert, base_url))
        _sub(entry, "category", term=alert.kind)
        spans = "; ".join(f"{c.article_id} [{c.start}:{c.end}]" for c in alert.evidence)
        summary = alert.summary + (f"\nEvidence: {spans}" if spans else "")
        _sub(entry, "summary", summary, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
