"""Russian and Ukrainian articles end to end: entities, quotes with nominative speakers,
resolved relative dates, and the note an article gets when a language lacks a model."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.ingest import read_inputs
from storyline.models import Article, RawDocument, SourceRef
from storyline.pipeline import analyze_articles, prepare_article
from storyline.pipeline.languages import UNAVAILABLE_PREFIX, analyze_in_language
from storyline.pipeline.languages.morphology import is_function_word, nominative_name

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "multilingual"

RUSSIAN = """ТАСС-стиль
МОСКВА, 29 мая. Пресс-секретарь Кремля Дмитрий Песков заявил в среду, что Москва не получала новых предложений.
«Никаких сигналов из Вашингтона мы не видим», — сказал Песков журналистам.
По словам Пескова, переговоры «пока невозможны». Журналисты спросили Пескову о Киеве.
Как сообщили вчера в МИД, консультации пройдут в пятницу.
Он добавил: «Мы будем следить за развитием событий».
"""

UKRAINIAN = """КИЇВ, 29 травня. Речник Міністерства закордонних справ Олег Юрченко заявив у вівторок, що Київ чекає рішення партнерів.
— Ми не отримували відповіді від союзників, — сказав Юрченко.
За словами Юрченка, «питання залишається відкритим». Після брифінгу Юрченку поставили ще одне запитання.
Але вже минулого тижня речник наголосив, що «Україна не зупинятиметься».
"""


def _analyze(text: str, language: str, published: str = "2024-05-29") -> Article:
    raw = RawDocument(
        SourceRef("t.txt"), text, given={"language": language, "published": published}
    )
    return analyze_in_language(prepare_article(raw, Settings()), Settings())


@pytest.fixture(scope="module")
def russian() -> Article:
    return _analyze(RUSSIAN, "ru")


@pytest.fixture(scope="module")
def ukrainian() -> Article:
    return _analyze(UKRAINIAN, "uk")


def test_russian_quotes_have_nominative_full_name_speakers(russian: Article) -> None:
    by_text = {q.text: q for q in russian.quotes}
    direct = by_text["Никаких сигналов из Вашингтона мы не видим"]
    assert (direct.kind, direct.speaker, direct.cue) == ("direct", "Дмитрий Песков", "сказал")
    partial = by_text["пока невозможны"]
    assert partial.speaker == "Дмитрий Песков"
    pronoun = by_text["Мы будем следить за развитием событий"]
    assert (pronoun.speaker, pronoun.resolved_via) == ("Дмитрий Песков", "pronoun")
    indirect = [q for q in russian.quotes if q.kind == "indirect"]
    assert any(q.text.startswith("Москва не получала") for q in indirect)


def test_russian_case_forms_are_one_person(russian: Article) -> None:
    people = {m.text: m.canonical for m in russian.mentions if m.kind == "person"}
    assert people["Пескова"] == people["Пескову"] == people["Песков"] == "Дмитрий Песков"
    places = {m.text: m.canonical for m in russian.mentions if m.kind == "place"}
    assert places.get("Киеве") == "Киев"
    assert not {"Как", "Он"} & {m.text for m in russian.mentions}


def test_russian_relative_dates_resolve_against_publication(russian: Article) -> None:
    values = {d.text.casefold(): d.value for d in russian.dates}
    assert values["среду"] == "2024-05-29"
    assert values["вчера"] == "2024-05-28"
    assert values["пятницу"] == "2024-05-31"  # "пройдут": future tense, the coming Friday
    assert values["29 мая"] == "2024-05-29"


def test_ukrainian_end_to_end(ukrainian: Article) -> None:
    speakers = {q.text: q.speaker for q in ukrainian.quotes}
    assert speakers["Ми не отримували відповіді від союзників"] == "Олег Юрченко"
    assert speakers["питання залишається відкритим"] == "Олег Юрченко"
    people = {m.text: m.canonical for m in ukrainian.mentions if m.kind == "person"}
    assert people["Юрченка"] == people["Юрченку"] == "Олег Юрченко"
    assert not {"Після", "Але"} & {m.text for m in ukrainian.mentions}
    values = {d.text.casefold(): d.value for d in ukrainian.dates}
    assert values["вівторок"] == "2024-05-28"
    assert values["минулого тижня"] == "2024-W21"


@pytest.mark.parametrize(
    ("name", "kind", "lang", "expected"),
    [
        ("Марии Захаровой", "person", "ru", "Мария Захарова"),
        ("Министерства обороны России", "organization", "ru", "Министерство обороны России"),
        ("Києві", "place", "uk", "Київ"),
        ("Володимира Зеленського", "person", "uk", "Володимир Зеленський"),
    ],
)
def test_nominative_names(name: str, kind: str, lang: str, expected: str) -> None:
    assert nominative_name(name, kind, lang) == expected


@pytest.mark.parametrize(
    ("word", "lang"), [("Как", "ru"), ("Он", "ru"), ("Після", "uk"), ("Але", "uk")]
)
def test_function_words_are_not_names(word: str, lang: str) -> None:
    assert is_function_word(word, lang)


def test_language_without_a_model_says_what_it_did_not_get() -> None:
    italian = _analyze("Il ministro ha detto ieri: «Non cambieremo la nostra posizione».", "it")
    assert italian.mentions == []
    assert [q.text for q in italian.quotes] == ["Non cambieremo la nostra posizione"]
    assert any(w.startswith(f"{UNAVAILABLE_PREFIX} 'it': entities") for w in italian.warnings)
    german = _analyze("Der Minister sagte gestern, es gebe keine Änderung.", "de")
    assert (german.quotes, german.dates) == ([], [])
    assert any("entities, quotes, dates" in w for w in german.warnings)


def test_batch_keeps_order_and_sends_each_language_to_its_pipeline() -> None:
    settings = Settings()
    texts = [
        ("ru", RUSSIAN),
        ("en", "Kirby said on Monday that nothing had changed."),
        ("uk", UKRAINIAN),
    ]
    articles = [
        prepare_article(RawDocument(SourceRef(f"{i}.txt"), t, given={"language": lang}), settings)
        for i, (lang, t) in enumerate(texts)
    ]

    class NoEnglish:
        def pipe(self, texts, batch_size=0):  # type: ignore[no-untyped-def]
            import spacy

            blank = spacy.blank("en")
            blank.add_pipe("sentencizer")  # the sentences step reads sentence boundaries
            return blank.pipe(texts)

    out = analyze_articles(articles, NoEnglish(), settings)  # type: ignore[arg-type]
    assert [a.source.file for a in out] == ["0.txt", "1.txt", "2.txt"]
    assert out[0].quotes and out[2].quotes


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/multilingual missing")
def test_examples_tell_the_story_in_russian_and_ukrainian() -> None:
    settings = Settings()
    speakers: set[str | None] = set()
    weeks: set[str] = set()
    for raw in read_inputs([EXAMPLES / "articles.jsonl"], settings):
        assert isinstance(raw, RawDocument)
        article = analyze_in_language(prepare_article(raw, settings), settings)
        assert article.meta.language.value in {"ru", "uk"}
        speakers |= {q.speaker for q in article.quotes}
        weeks |= {d.value for d in article.dates if d.precision == "week"}
    assert {"Джон Кирби", "Джон Кірбі", "Дмитрий Песков", "Володимир Зеленський"} <= speakers
    assert weeks == {"2024-W22"}  # "на прошлой неделе" / "минулого тижня" on 4 June


def test_ukrainian_places_the_ner_misses_come_from_the_gazetteers() -> None:
    article = _analyze(
        "КИЇВ, 3 червня. Міністр оборони заявив, що допомога з Польщі та Німеччини вже "
        "прибула до Одеси, а Литва обіцяє ще.\n",
        "uk",
    )
    places = {(m.text, m.canonical) for m in article.mentions if m.kind == "place"}
    assert {
        ("КИЇВ", "Київ"),
        ("Польщі", "Польща"),
        ("Німеччини", "Німеччина"),
        ("Одеси", "Одеса"),
        ("Литва", "Литва"),
    } <= places
    assert not any(m.canonical in {"Міністр", "Допомога"} for m in article.mentions)


def test_the_gazetteer_names_places_in_each_language() -> None:
    from storyline.pipeline.languages.gazetteer import places_in

    assert {"польща", "київ", "харків", "одеса"} <= places_in("uk")
    assert {"польша", "германия", "киев"} <= places_in("ru")
    assert {"polonia", "germania", "milano"} <= places_in("it")
    assert "міністр" not in places_in("uk")
