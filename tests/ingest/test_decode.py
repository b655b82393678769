"""Decoding inputs of unknown encoding: declared, UTF-8, guessed, or repaired."""

from __future__ import annotations

import codecs

import pytest

from storyline.ingest import decode_bytes

RUSSIAN = (
    "Белый дом в понедельник впервые публично подтвердил, что смягчил ограничения на "
    "использование Украиной американских ракет для ударов по территории России."
)
UKRAINIAN = (
    "Президент України заявив, що рішення союзників дозволить завдавати ударів по "
    "військових об'єктах у Курській області, і подякував партнерам за підтримку."
)
FRENCH = (
    "Le président a déclaré jeudi que l'Ukraine pourrait frapper des cibles militaires en "
    "Russie. « C'est une décision très importante », a-t-il ajouté à Genève."
)
SPANISH = (
    "El portavoz afirmó que la decisión se tomó tras una larga reunión en Washington. "
    "«No cambiará nada en el frente», añadió el ministro de Defensa español."
)
GERMAN = (
    "Die Regierung in Kyjiw begrüßte die Entscheidung. Außenminister äußerte sich später "
    "über die Lage an der Front und die Lieferung weiterer Flugabwehrsysteme."
)


@pytest.mark.parametrize(
    ("text", "encoding", "expected_codec"),
    [
        (RUSSIAN, "cp1251", "cp1251"),
        (UKRAINIAN, "cp1251", "cp1251"),
        (FRENCH, "latin-1", "cp1252"),
        (SPANISH, "latin-1", "cp1252"),
        (GERMAN, "latin-1", "cp1252"),
        (FRENCH, "cp1252", "cp1252"),
    ],
)
def test_legacy_encodings_are_guessed_and_decoded_exactly(
    text: str, encoding: str, expected_codec: str
) -> None:
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == expected_codec
    assert len(decoded.warnings) == 1
    assert f"guessed as {expected_codec}" in decoded.warnings[0]


@pytest.mark.parametrize("text", [RUSSIAN, SPANISH, "Plain ASCII: the 2024 decision."])
def test_utf8_is_read_without_warnings(text: str) -> None:
    decoded = decode_bytes(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.warnings) == (text, "utf-8", ())


@pytest.mark.parametrize(
    ("bom_encoding", "name"),
    [("utf-8-sig", "utf-8"), ("utf-16", "utf-16"), ("utf-32", "utf-32")],
)
def test_a_bom_decides_the_encoding_and_is_dropped(bom_encoding: str, name: str) -> None:
    decoded = decode_bytes(UKRAINIAN.encode(bom_encoding))
    assert decoded.text == UKRAINIAN
    assert decoded.encoding == name
    assert decoded.warnings == ()


def test_utf16_big_endian_bom() -> None:
    decoded = decode_bytes(codecs.BOM_UTF16_BE + RUSSIAN.encode("utf-16-be"))
    assert decoded.text == RUSSIAN


def test_invalid_utf8_keeps_the_valid_characters_and_warns() -> None:
    data = "Zelenskyy’s office said — “we need range”".encode() + b" \xff\xfe end."
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text.startswith("Zelenskyy’s office said — “we need range”")
    assert decoded.text.endswith(" end.")
    assert "\ufffd" in decoded.text
    assert "replaced" in decoded.warnings[0]


@pytest.mark.parametrize(
    "meta",
    [
        b'<meta charset="windows-1251">',
        b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    ],
)
def test_html_meta_charset_is_honoured_without_guessing(meta: bytes) -> None:
    page = b"<html><head>" + meta + b"</head><body><p>" + RUSSIAN.encode("cp1251") + b"</p>"
    decoded = decode_bytes(page, markup=True)
    assert RUSSIAN in decoded.text
    assert decoded.encoding == "cp1251"
    assert decoded.warnings == ()


def test_declared_charset_outranks_meta() -> None:
    page = b'<meta charset="utf-8"><p>' + GERMAN.encode("latin-1") + b"</p>"
    decoded = decode_bytes(page, declared="ISO-8859-1", markup=True)
    assert GERMAN in decoded.text
    assert decoded.encoding == "cp1252"  # browsers read ISO-8859-1 as windows-1252


def test_a_page_declaring_latin1_that_is_really_utf8_is_read_as_utf8() -> None:
    page = b'<meta charset="iso-8859-1"><p>' + SPANISH.encode("utf-8") + b"</p>"
    decoded = decode_bytes(page, markup=True)
    assert SPANISH in decoded.text
    assert decoded.encoding == "utf-8"
    assert "valid UTF-8" in decoded.warnings[0]


def test_an_unknown_declared_charset_is_ignored_with_a_warning() -> None:
    decoded = decode_bytes(RUSSIAN.encode("utf-8"), declared="x-klingon")
    assert decoded.text == RUSSIAN
    assert "unknown" in decoded.warnings[0]
