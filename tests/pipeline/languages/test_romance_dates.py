"""Dates in French, Spanish and Italian news: spans and values against the publication day."""

from __future__ import annotations

import pytest

from storyline.pipeline.languages.dates import find_language_dates, is_timestamp
from storyline.pipeline.languages.profile import profile_for


def _dates(text: str, language: str, published: str) -> list[tuple[str, str]]:
    return [(d.text, d.value) for d in find_language_dates(text, published, profile_for(language))]


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # a weekday before a date is part of it, and picks the year the day falls on it
        (
            "fr",
            "2012-02-20",
            "Le sommet s'était ouvert le jeudi 17 novembre à Bruxelles sous haute sécurité.",
            [("jeudi 17 novembre", "2011-11-17")],
        ),
        (
            "it",
            "2012-06-14",
            "Sabato scorso, 9 giugno, migliaia di persone hanno sfilato a Torino.",
            [("Sabato scorso, 9 giugno", "2012-06-09")],
        ),
        (
            "es",
            "2013-05-09",
            "Los sindicatos convocaron una huelga general para el martes 7 de mayo en Lisboa.",
            [("martes 7 de mayo", "2013-05-07")],
        ),
        # Italian writes the year after "del"
        (
            "it",
            "2012-03-01",
            "Il trattato fu firmato il 12 settembre del 1996 a Ginevra.",
            [("12 settembre del 1996", "1996-09-12")],
        ),
        # "next" and "last" words decide the direction, never the publication day itself
        (
            "fr",
            "2012-05-07",
            "Le nouveau président prendra ses fonctions mardi prochain, pas lundi.",
            [("mardi prochain", "2012-05-08"), ("lundi", "2012-05-07")],
        ),
        (
            "fr",
            "2012-05-07",
            "Le conseil se réunira lundi prochain pour en débattre.",
            [("lundi prochain", "2012-05-14")],
        ),
        (
            "es",
            "2012-05-08",
            "El pasado martes el Gobierno aprobó los presupuestos.",
            [("pasado martes", "2012-05-01")],
        ),
        (
            "it",
            "2012-11-20",
            "Il voto è fissato per il prossimo 10 novembre, mentre il 15 novembre scorso il "
            "parlamento ha respinto la legge.",
            [("prossimo 10 novembre", "2013-11-10"), ("15 novembre scorso", "2012-11-15")],
        ),
        # "this" with a weekday: that day of the publication's week, before or after it
        (
            "es",
            "2012-05-09",
            "Los ministros se reunieron este lunes y votarán este viernes la reforma.",
            [("este lunes", "2012-05-07"), ("este viernes", "2012-05-11")],
        ),
        (
            "fr",
            "2012-05-12",
            "Le gouvernement a annoncé ce mardi qu'il manifesterait ce dimanche.",
            [("ce mardi", "2012-05-08"), ("ce dimanche", "2012-05-13")],
        ),
        # "mañana" is also the morning; "hoy en día" is nowadays
        (
            "es",
            "2012-04-03",
            "Esta mañana el ministro llegó a las diez de la mañana y dijo que mañana hablará; "
            "hoy en día nadie lo duda.",
            [("Esta mañana", "2012-04-03"), ("mañana", "2012-04-04")],
        ),
        # a capitalised weekday or "today" inside a sentence is a name
        (
            "fr",
            "2012-04-03",
            "Selon Le Journal du Dimanche, le ministre a démissionné dimanche.",
            [("dimanche", "2012-04-01")],
        ),
        (
            "es",
            "2012-04-03",
            "Lo publicó La Crónica de Hoy. Hoy el Congreso vota la reforma.",
            [("Hoy", "2012-04-03")],
        ),
        (
            "it",
            "2012-10-10",
            "Ancora oggi nessuno conosce i mandanti, ma oggi la procura ha aperto un fascicolo.",
            [("oggi", "2012-10-10")],
        ),
    ],
)
def test_dates_in_romance_news(
    language: str, published: str, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _dates(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Réponse de Paul | 4 mars 2012 10h02 | Je ne suis pas d'accord."),
        ("fr", "Publié le 5 mars 2012. Mis à jour le 6 mars 2012 à 18h30."),
        ("it", "Marco scrive: 13 marzo 2012 alle 10:47\nNon sono d'accordo."),
        ("it", "Aggiornato alle 21:20 del 04 marzo 2012"),
        ("es", "Publicado el 2 de marzo de 2012 a las 10:32"),
        # a later page's date on a line of its own, and one years after the article
        ("it", "[11 novembre 2020]\nIl governo ha deciso."),
        ("es", "Lea también: Siria, el 31 de julio de 2019 la guerra siguió."),
    ],
)
def test_page_timestamps_and_later_pages_are_not_dates_of_the_story(
    language: str, text: str
) -> None:
    assert _dates(text, language, "2012-03-06") == []


def test_a_chronology_line_and_the_articles_own_dateline_stay() -> None:
    text = "14 février 1984\nLe roi Hussein arrive au Caire.\n6 mars 2012\nLe Parlement vote."
    assert _dates(text, "fr", "2012-03-06") == [
        ("14 février 1984", "1984-02-14"),
        ("6 mars 2012", "2012-03-06"),
    ]


def test_a_year_end_chronology_looks_back() -> None:
    text = (
        "Les principaux événements de l'année:\n"
        "- 14 janv. : TUNISIE - Ben Ali quitte le pouvoir.\n"
        "- 11 fév : EGYPTE - Hosni Moubarak démissionne.\n"
        "Le procès s'ouvrira le 3 janvier au Caire."
    )
    assert _dates(text, "fr", "2011-12-22") == [
        ("14 janv", "2011-01-14"),
        ("11 fév", "2011-02-11"),
        ("3 janvier", "2012-01-03"),
    ]


def test_an_event_time_without_a_written_year_is_not_a_timestamp() -> None:
    text = "Le 4 mars à 10h30, l'armée a tiré. Hier à 18h15, elle s'est retirée."
    assert _dates(text, "fr", "2012-03-06") == [("4 mars", "2012-03-04"), ("Hier", "2012-03-05")]
    assert is_timestamp(text.casefold(), 3, 9, profile_for("fr"))  # the form alone would be


def test_spans_stay_on_the_original_text_after_case_folding() -> None:
    text = "Die Straße war leer. Hier soir, la police est intervenue."
    (mention,) = find_language_dates(text, "2012-03-06", profile_for("fr"))
    assert text[mention.start : mention.end] == "Hier soir"
    assert mention.value == "2012-03-05"
