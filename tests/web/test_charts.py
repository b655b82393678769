"""Server-side SVG charts: escaped labels, buckets, links."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

import pytest

from storyline.web.charts import (
    CoveragePoint,
    CoverageRow,
    bucket_counts,
    column_chart,
    coverage_chart,
    sparkline,
    stacked_bar,
)

SVG = "{http://www.w3.org/2000/svg}"
D = dt.date


def parse(svg: str) -> ElementTree.Element:
    # inline SVG in HTML has no namespace declaration; add one to parse it as XML
    return ElementTree.fromstring(
        svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    )


@pytest.mark.parametrize(
    ("dates", "unit", "expected"),
    [
        ([D(2025, 3, 4), D(2025, 3, 4), D(2025, 3, 6)], "day", [1 + 1, 0, 1]),
        ([D(2025, 3, 3), D(2025, 3, 20)], "week", [1, 0, 1]),
        ([D(2025, 1, 31), D(2025, 4, 1)], "month", [1, 0, 0, 1]),
    ],
)
def test_bucket_counts_fill_gaps(dates: list[dt.date], unit: str, expected: list[int]) -> None:
    assert [n for _, n in bucket_counts(dates, unit)] == expected  # type: ignore[arg-type]


def test_sparkline_has_one_bar_per_bucket_and_an_accessible_name() -> None:
    days = [D(2025, 3, 4)] * 3 + [D(2025, 6, 24)]
    root = parse(str(sparkline(days, "Coverage <of> the ban")))
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Coverage <of> the ban"
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 17  # 112 days: one bar per week, empty weeks included
    heights = [float(b.get("height", 0)) for b in bars]
    assert heights[0] == max(heights) and heights[1] == min(heights) and heights[-1] > heights[1]
    assert bars[0].find(f"{SVG}title").text == "3 Mar 2025: 3 articles"  # type: ignore[union-attr]


def test_sparkline_of_nothing_is_empty() -> None:
    assert str(sparkline([], "none")) == ""


def test_coverage_chart_escapes_labels_and_links_dots() -> None:
    rows = [
        CoverageRow(
            "<b>Outlet</b>",
            "#0072B2",
            [CoveragePoint(D(2025, 3, 4), 2, 'two "articles" & more', "/articles/a?x=1&y=2")],
        ),
        CoverageRow("Other", "#D55E00", [CoveragePoint(D(2025, 5, 20), 1, "one", None)]),
    ]
    svg = str(coverage_chart(rows, "Coverage"))
    assert "<b>" not in svg
    root = parse(svg)
    links = root.findall(f"{SVG}a")
    assert len(links) == 1
    assert links[0].get("href") == "/articles/a?x=1&y=2"
    assert links[0].get("aria-label") == 'two "articles" & more'
    circles = root.iter(f"{SVG}circle")
    radii = sorted(float(c.get("r", 0)) for c in circles)
    assert radii[0] < radii[1]  # two articles on a day draw a bigger dot
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "<b>Outlet</b>" in labels and "Other" in labels


def test_column_chart_and_stacked_bar() -> None:
    svg = column_chart([(D(2025, 3, 1), 4), (D(2025, 4, 1), 0)], "Mentions")
    root = parse(str(svg))
    assert [t.text for t in root.iter(f"{SVG}text")][:1] == ["4"]
    bar = parse(str(stacked_bar([("person", 3, "#111"), ("role", 1, "#222")], "Sourcing")))
    widths = [float(r.get("width", 0)) for r in bar.iter(f"{SVG}rect")]
    assert widths == pytest.approx([180.0, 60.0])
