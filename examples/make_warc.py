"""Write the example WARC: a crawl of Dravania Today made on 2 July 2025.

The crawl fetched ``robots.txt`` and two article pages published in April and June 2025,
so every record's ``WARC-Date`` (the crawl date) is later than the page's publication
date: a reader must take the publication date from the page, never from the WARC header.
Record ids and dates are fixed, so running the script again writes the same records.

Run from the project root::

    .venv/bin/python examples/make_warc.py            # writes examples/warc/...
    .venv/bin/python examples/make_warc.py -o out.warc.gz
"""

from __future__ import annotations

import argparse
import uuid
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE / "warc" / "dravania-today-crawl-2025-07-02.warc.gz"
CRAWLER = "storyline-examples-crawler/1.0"


@dataclass(frozen=True)
class CrawledResource:
    """One fetched URL: what the server answered and when the crawler fetched it."""

    url: str
    crawl_date: str  # WARC-Date, ISO 8601 UTC
    content_type: str
    body: str
    with_request: bool = True


ROBOTS_TXT = "User-agent: *\nDisallow: /search\nAllow: /\n"

PAGE_2025_04_15 = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Galvanik Refuses to Lift Ore Blockade Despite Dravanian Note - Dravania Today</title>
<meta name="description" content="The Zelvograd regime will keep its blockade of tungsten ore deliveries in place.">
<meta name="author" content="Anton Veres">
<meta property="og:site_name" content="Dravania Today">
<meta property="og:type" content="article">
<meta property="og:title" content="Galvanik Refuses to Lift Ore Blockade Despite Dravanian Note">
<meta property="og:url" content="https://dravaniatoday.example/20250415/galvanik-refuses-to-lift-ore-blockade-1187.html">
<meta property="article:published_time" content="2025-04-15T07:40:00+00:00">
<link rel="canonical" href="https://dravaniatoday.example/20250415/galvanik-refuses-to-lift-ore-blockade-1187.html">
<script async src="https://analytics.dravaniatoday.example/tag.js"></script>
<script>var dtPage = {"id": 1187, "rubric": "world", "ads": true};</script>
</head>
<body>
<div class="top-bar"><a href="/">Dravania Today</a> <span>Menu</span> <a href="/live">Live</a> <a href="/search">Search</a></div>
<nav class="rubrics"><a href="/world">World</a> <a href="/economy">Economy</a> <a href="/defence">Defence</a> <a href="/analysis">Analysis</a></nav>
<div class="article">
  <div class="article__header">
    <h1 class="article__title">Galvanik Refuses to Lift Ore Blockade Despite Dravanian Note</h1>
    <div class="article__info">
      <span class="article__date">07:40 GMT 15.04.2025</span>
      <span class="article__author">Anton Veres</span>
      <span class="article__views">2977</span>
    </div>
  </div>
  <div class="article__body">
    <div class="article__text">TARNSK (DT) – The Zelvograd regime will keep its blockade of tungsten ore deliveries in place, Velmoran Trade Minister Teodor Galvanik said on Monday, brushing aside a diplomatic note from Tarnsk.</div>
    <div class="article__text">Foreign Ministry spokeswoman Ana Kettil called the decision “a provocation dressed up as environmental concern.”</div>
    <div class="article__text">“Dravania has acted in good faith. We asked only that contracts already signed be honoured,” Kettil told reporters. “The answer from Zelvograd was no.”</div>
    <div class="article__text">Dravanian smelters have switched part of their production to imported concentrate, according to the Industry Ministry.</div>
    <div class="article__text">Galvanik has refused to meet his Dravanian counterpart since the blockade began.</div>
  </div>
</div>
<div class="most-read"><h3>Most read</h3><ul><li><a href="/20250414/marsk-floods-1180.html">Spring floods on the upper Marsk</a></li></ul></div>
<footer><p>Dravania Today © 2025. Republication only with a hyperlink to the source.</p><a href="/about">About us</a> <a href="/contacts">Contacts</a></footer>
<script src="/js/dt.bundle.js"></script>
</body>
</html>
"""

PAGE_2025_06_24 = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Zelvograd Backs Down: Ore Blockade Ends After Water Deal - Dravania Today</title>
<meta name="description" content="The Zelvograd regime has ended its four-month blockade of tungsten ore deliveries.">
<meta name="author" content="Anton Veres">
<meta property="og:site_name" content="Dravania Today">
<meta property="og:type" content="article">
<meta property="og:title" content="Zelvograd Backs Down: Ore Blockade Ends After Water Deal">
<meta property="og:url" content="https://dravaniatoday.example/20250624/zelvograd-backs-down-ore-blockade-ends-1342.html">
<meta property="article:published_time" content="2025-06-24T08:20:00+00:00">
<link rel="canonical" href="https://dravaniatoday.example/20250624/zelvograd-backs-down-ore-blockade-ends-1342.html">
<script async src="https://analytics.dravaniatoday.example/tag.js"></script>
<script>var dtPage = {"id": 1342, "rubric": "world", "ads": true};</script>
</head>
<body>
<div class="top-bar"><a href="/">Dravania Today</a> <span>Menu</span> <a href="/live">Live</a> <a href="/search">Search</a></div>
<nav class="rubrics"><a href="/world">World</a> <a href="/economy">Economy</a> <a href="/defence">Defence</a> <a href="/analysis">Analysis</a></nav>
<div class="article">
  <div class="article__header">
    <h1 class="article__title">Zelvograd Backs Down: Ore Blockade Ends After Water Deal</h1>
    <div class="article__info">
      <span class="article__date">08:20 GMT 24.06.2025</span>
      <span class="article__author">Anton Veres</span>
      <span class="article__views">6120</span>
    </div>
  </div>
  <div class="article__body">
    <div class="article__text">TARNSK (DT) – The Zelvograd regime has ended its four-month blockade of tungsten ore deliveries, Velmoran Trade Minister Teodor Galvanik confirmed on Monday, in what Tarnsk hailed as a victory for Dravanian diplomacy.</div>
    <div class="article__text">Industry Minister Pavel Ostrovin said the country's smelters would be running at full capacity by August.</div>
    <div class="article__text">“Dravania kept its word and its dam. Zelvograd lost four months and gained nothing,” he said.</div>
    <div class="article__text">Under the deal, Dravania will guarantee minimum water releases from the Hollin reservoir, a concession the Foreign Ministry described as “a technical adjustment.”</div>
  </div>
</div>
<div class="most-read"><h3>Most read</h3><ul><li><a href="/20250623/tarnsk-heatwave-1339.html">Heatwave grips Tarnsk</a></li></ul></div>
<footer><p>Dravania Today © 2025. Republication only with a hyperlink to the source.</p><a href="/about">About us</a> <a href="/contacts">Contacts</a></footer>
<script src="/js/dt.bundle.js"></script>
</body>
</html>
"""

CRAWL: tuple[CrawledResource, ...] = (
    CrawledResource(
        url="https://dravaniatoday.example/robots.txt",
        crawl_date="2025-07-02T03:14:05Z",
        content_type="text/plain; charset=utf-8",
        body=ROBOTS_TXT,
        with_request=False,
    ),
    CrawledResource(
        url="https://dravaniatoday.example/20250415/galvanik-refuses-to-lift-ore-blockade-1187.html",
        crawl_date="2025-07-02T03:14:07Z",
        content_type="text/html; charset=utf-8",
        body=PAGE_2025_04_15,
    ),
    CrawledResource(
        url="https://dravaniatoday.example/20250624/zelvograd-backs-down-ore-blockade-ends-1342.html",
        crawl_date="2025-07-02T03:14:09Z",
        content_type="text/html; charset=utf-8",
        body=PAGE_2025_06_24,
    ),
)


def _record_id(kind: str, url: str) -> str:
    """A stable WARC-Record-ID, so regenerating the file does not change it."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{kind} {url}')}>"


def _warcinfo(writer: WARCWriter, filename: str) -> None:
    info = f"software: warcio\r\nformat: WARC File Format 1.1\r\nrobots: obey\r\nhttp-header-user-agent: {CRAWLER}\r\n"
    payload = info.encode("utf-8")
    headers = {
        "WARC-Record-ID": _record_id("warcinfo", filename),
        "WARC-Date": CRAWL[0].crawl_date,
        "WARC-Filename": filename,
        "Content-Type": "application/warc-fields",
    }
    record = writer.create_warc_record(
        "", "warcinfo", payload=BytesIO(payload), length=len(payload), warc_headers_dict=headers
    )
    writer.write_record(record)


def _request(writer: WARCWriter, item: CrawledResource) -> None:
    path = "/" + item.url.split("/", 3)[3]
    host = item.url.split("/")[2]
    http_headers = StatusAndHeaders(
        f"GET {path} HTTP/1.1",
        [("Host", host), ("User-Agent", CRAWLER), ("Accept", "text/html,*/*;q=0.8")],
        is_http_request=True,
    )
    headers = {
        "WARC-Record-ID": _record_id("request", item.url),
        "WARC-Date": item.crawl_date,
        "WARC-Concurrent-To": _record_id("response", item.url),
    }
    record = writer.create_warc_record(
        item.url, "request", http_headers=http_headers, warc_headers_dict=headers
    )
    writer.write_record(record)


def _response(writer: WARCWriter, item: CrawledResource) -> None:
    body = item.body.encode("utf-8")
    http_headers = StatusAndHeaders(
        "200 OK",
        [
            ("Content-Type", item.content_type),
            ("Content-Length", str(len(body))),
            ("Server", "nginx"),
        ],
        protocol="HTTP/1.1",
    )
    headers = {"WARC-Record-ID": _record_id("response", item.url), "WARC-Date": item.crawl_date}
    record = writer.create_warc_record(
        item.url,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=http_headers,
        warc_headers_dict=headers,
    )
    writer.write_record(record)


def write_warc(path: Path) -> list[str]:
    """Write the example crawl to ``path`` (gzipped WARC 1.1); return the target URIs.

    Kept as a function so tests can regenerate the file into a temporary directory and
    compare it with the committed one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        _warcinfo(writer, path.name)
        for item in CRAWL:
            if item.with_request:
                _request(writer, item)
            _response(writer, item)
    return [item.url for item in CRAWL]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    for url in write_warc(args.output):
        print(url)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
