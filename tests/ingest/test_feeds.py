"""RSS and Atom feeds: entries with their metadata; unsafe and malformed feeds refused."""

from __future__ import annotations

import pytest

from storyline.ingest._feeds import read_feed
from storyline.models import IngestFailure, RawDocument

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Kyiv Courier</title>
  <link>https://courier.example/</link>
  <language>en-us</language>
  <item>
    <title>US lets Ukraine strike across the border near Kharkiv</title>
    <link>https://courier.example/2024/05/31/strikes</link>
    <guid isPermaLink="false">courier-8812</guid>
    <author>desk@courier.example (Olena Marchuk)</author>
    <pubDate>Fri, 31 May 2024 23:30:00 -0400</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>Washington quietly changed its guidance on Thursday.</p>
      <p>&ldquo;This is about defending Kharkiv,&rdquo; an official said.</p>]]></content:encoded>
  </item>
  <item>
    <title>Briefing: what changed</title>
    <link>https://courier.example/2024/06/01/briefing</link>
    <pubDate>Sat, 01 Jun 2024 08:00:00 GMT</pubDate>
    <description>Officials at AT&amp;T and the Pentagon said little.</description>
  </item>
  <item>
    <title>Link only</title>
    <link>https://courier.example/2024/06/02/link-only</link>
  </item>
</channel>
</rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Frontbericht</title>
  <id>urn:uuid:feed</id>
  <updated>2024-11-18T06:00:00+01:00</updated>
  <entry>
    <title>Biden erlaubt Einsatz weitreichender Raketen</title>
    <id>urn:uuid:entry-1</id>
    <link href="https://front.example/2024/11/17/raketen"/>
    <updated>2024-11-17T22:15:00+01:00</updated>
    <author><name>Jürgen Weiß</name></author>
    <summary>Kurzfassung</summary>
    <content type="html">&lt;p&gt;Die Entscheidung fiel am Sonntag in Washington.&lt;/p&gt;</content>
  </entry>
</feed>""".encode()


def _items(data: bytes) -> list[RawDocument | IngestFailure]:
    return list(read_feed(data, "feeds/news.xml"))


def test_rss_entries_carry_feed_metadata() -> None:
    first, second, third = _items(RSS)
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.format == "html"
    assert "Washington quietly changed its guidance on Thursday." in first.body
    assert first.given == {
        "title": "US lets Ukraine strike across the border near Kharkiv",
        "author": "Olena Marchuk",
        "published": "2024-05-31T23:30:00-04:00",
        "url": "https://courier.example/2024/05/31/strikes",
        "outlet": "Kyiv Courier",
        "language": "en",
    }
    assert "id" not in first.given  # a guid is not an article id
    assert first.given_source == "feed"
    assert first.source.file == "feeds/news.xml"
    assert first.source.record == "entry 1 courier-8812 https://courier.example/2024/05/31/strikes"
    # a plain-text description is unescaped and stays text
    assert second.format == "text"
    assert second.body == "Officials at AT&T and the Pentagon said little."
    assert second.given["published"] == "2024-06-01T08:00:00+00:00"
    assert second.source.record == "entry 2 https://courier.example/2024/06/01/briefing"
    assert isinstance(third, IngestFailure)
    assert third.source.record == "entry 3 https://courier.example/2024/06/02/link-only"
    assert "neither content nor a summary" in third.reason
    assert "https://courier.example/2024/06/02/link-only" in third.reason


def test_atom_entry_prefers_content_and_keeps_local_offset() -> None:
    (entry,) = _items(ATOM)
    assert isinstance(entry, RawDocument)
    assert entry.body == "<p>Die Entscheidung fiel am Sonntag in Washington.</p>"
    assert entry.format == "html"
    assert entry.given["author"] == "Jürgen Weiß"
    assert entry.given["published"] == "2024-11-17T22:15:00+01:00"
    assert entry.given["outlet"] == "Frontbericht"
    assert (
        entry.source.record == "entry 1 urn:uuid:entry-1 https://front.example/2024/11/17/raketen"
    )


def test_feed_in_a_legacy_encoding_is_decoded_by_its_declaration() -> None:
    feed = (
        '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel>'
        "<title>Новини</title><item><title>Удар по Курську</title>"
        "<description>Сили оборони завдали удару.</description></item></channel></rss>"
    ).encode("cp1251")
    (entry,) = _items(feed)
    assert isinstance(entry, RawDocument)
    assert entry.body == "Сили оборони завдали удару."
    assert entry.given["outlet"] == "Новини"
    assert entry.encoding == "windows-1251"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title>
<item><title>x</title><description>&secret;</description></item></channel></rss>"""


@pytest.mark.parametrize(
    ("feed", "needle"),
    [(BILLION_LAUGHS, "'lol'"), (EXTERNAL_ENTITY, "'secret'")],
)
def test_entity_declarations_are_refused_before_parsing(feed: bytes, needle: str) -> None:
    (failure,) = _items(feed)
    assert isinstance(failure, IngestFailure)
    assert failure.source.file == "feeds/news.xml"
    assert needle in failure.reason
    assert "was not parsed" in failure.reason


def test_an_old_rss_091_doctype_is_accepted() -> None:
    feed = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS '
        b'0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91">'
        b"<channel><title>Old</title><item><title>a</title><description>Body text.</description>"
        b"</item></channel></rss>"
    )
    (entry,) = _items(feed)
    assert isinstance(entry, RawDocument) and entry.body == "Body text."


@pytest.mark.parametrize(
    "feed",
    [
        b"<rss version='2.0'><channel><title>Cut off",
        b"this file is not XML at all, & never was <",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>',
    ],
)
def test_a_feed_without_entries_is_one_failure_naming_the_problem(feed: bytes) -> None:
    (failure,) = _items(feed)
    assert isinstance(failure, IngestFailure)
    assert failure.source.file == "feeds/news.xml" and failure.source.record is None
    assert "feed" in failure.reason


def test_a_malformed_feed_quotes_the_parser() -> None:
    (failure,) = _items(b"this file is not XML at all, & never was <")
    assert isinstance(failure, IngestFailure)
    assert "not a readable RSS/Atom feed" in failure.reason
    assert "SAXParseException" in failure.reason and "syntax error" in failure.reason


def test_entries_recovered_from_a_malformed_feed_carry_a_warning() -> None:
    feed = (
        b"<rss version='2.0'><channel><title>Loose</title><item><title>One</title>"
        b"<description>Ammunition & air defence were discussed.</description></item>"
        b"</channel></rss>"
    )
    (entry,) = _items(feed)
    assert isinstance(entry, RawDocument)
    assert entry.body == "Ammunition & air defence were discussed."
    assert "not well-formed" in entry.warnings[0]
