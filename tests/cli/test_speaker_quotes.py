"""``storyline quotes --speaker NAME --db FILE``: one person's stored quotes, any spelling."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from storyline.cli import main
from storyline.config import Settings
from storyline.link import relink_all
from storyline.models import Article, EntityMention, MetaValue, Quote, SourceRef
from storyline.store import open_store

TEXTS = {
    "wire": '"We are not changing the policy," said John Kirby, the spokesman.',
    "paper": 'Mr. Kirby said the guidance "has not changed." Jane Kirby did not comment.',
}


def _article(article_id: str, outlet: str, day: str) -> Article:
    text = TEXTS[article_id]
    article = Article(article_id, SourceRef(f"{article_id}.txt"), text, text)
    article.meta.outlet = MetaValue(outlet, "input")
    article.meta.published = MetaValue(day, "input")
    for name in ("John Kirby", "Kirby"):
        start = text.find(name)
        if start >= 0 and not any(m.start <= start < m.end for m in article.mentions):
            article.mentions.append(
                EntityMention(name, start, start + len(name), "PERSON", "person", name)
            )
    return article


def _quote(article: Article, n: int, words: str, speaker: str, kind: str) -> None:
    start = article.text.index(words)
    article.quotes.append(
        Quote(
            f"{article.id}:q{n}",
            article.id,
            words,
            start,
            start + len(words),
            kind,  # type: ignore[arg-type]
            speaker,
            "person",
            speaker_canonical=speaker,
        )
    )


def test_quotes_of_one_speaker_by_any_spelling(db: Path) -> None:
    wire, paper = _article("wire", "Wire", "2024-05-30"), _article("paper", "Paper", "2024-05-31")
    _quote(wire, 1, "We are not changing the policy", "John Kirby", "direct")
    _quote(paper, 1, "has not changed", "Kirby", "partial")
    with open_store(str(db)) as store:
        store.add_articles([wire, paper])
        relink_all(store, Settings(db=str(db)), claims=False)
    runner = CliRunner()
    for spelling in ("Kirby", "John Kirby", "kirby", "Mr. Kirby"):
        result = runner.invoke(main, ["quotes", "--speaker", spelling, "--db", str(db)])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[0].startswith(f"2 quotes by {spelling!r}")
        assert "2024-05-30  Wire  John Kirby [direct]" in lines[1]
        assert "“has not changed”" in lines[2] and "(paper " in lines[2]
    other = runner.invoke(main, ["quotes", "--speaker", "Jane Kirby", "--db", str(db)])
    assert other.output.strip() == "no stored quotes by 'Jane Kirby'"


def test_quotes_needs_a_file_or_a_speaker() -> None:
    result = CliRunner().invoke(main, ["quotes"])
    assert result.exit_code == 2 and "--speaker NAME" in result.output
