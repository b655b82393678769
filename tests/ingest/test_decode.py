"""Decoding inputs of unknown encoding: declared, UTF-8, guessed, repaired, or refused."""

from __future__ import annotations

import codecs
import random
from pathlib import Path
from typing import Any

import pytest

from storyline.config import Settings
from storyline.errors import InputError
from storyline.ingest import decode_bytes, read_inputs
from storyline.ingest._decode import MAX_REPLACED_SHARE, replaced_share
from storyline.models import IngestFailure, RawDocument

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


def _random_high_bytes(count: int, seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(count))


@pytest.mark.parametrize(
    ("data", "options"),
    [
        (_random_high_bytes(3000, seed=1), {}),
        (_random_high_bytes(200, seed=2), {}),
        (
            b"<html><body><p>" + _random_high_bytes(3000, seed=3) + b"</p></body></html>",
            {"markup": True},
        ),
        (_random_high_bytes(3000, seed=4), {"declared": "utf-8"}),
        (codecs.BOM_UTF8 + _random_high_bytes(3000, seed=5), {}),
    ],
    ids=["random", "short", "html", "declared-utf8", "utf8-bom"],
)
def test_bytes_that_decode_mostly_to_replacement_characters_are_refused(
    data: bytes, options: dict[str, Any]
) -> None:
    with pytest.raises(InputError) as raised:
        decode_bytes(data, source="upload.txt", **options)
    assert raised.value.source == "upload.txt"
    assert raised.value.reason.startswith("not text in any known encoding")
    assert str(raised.value).startswith("[E202] upload.txt: not text in any known encoding")


@pytest.mark.parametrize("broken", [1, 5, 15])
def test_utf8_with_a_few_broken_bytes_is_kept_below_the_limit(broken: int) -> None:
    data = RUSSIAN.encode() + b" \xff" * broken
    decoded = decode_bytes(data)
    assert decoded.text.startswith(RUSSIAN)
    assert decoded.text.count("\ufffd") == broken
    assert replaced_share(decoded.text) <= MAX_REPLACED_SHARE
    assert f"{broken} invalid byte" in decoded.warnings[0]


def test_the_limit_is_a_share_of_the_visible_characters() -> None:
    visible = len("".join(RUSSIAN.split()))
    below = int(visible * MAX_REPLACED_SHARE / (1 - MAX_REPLACED_SHARE))
    kept = decode_bytes(RUSSIAN.encode() + b" \xff" * below)
    assert kept.text.count("\ufffd") == below
    with pytest.raises(InputError, match="not text in any known encoding"):
        decode_bytes(RUSSIAN.encode() + b" \xff" * (below + 2))


@pytest.mark.parametrize(
    ("text", "share"),
    [("", 0.0), ("plain text", 0.0), ("ab \ufffd\ufffd", 0.5), ("\ufffd \n\t\ufffd", 1.0)],
)
def test_replaced_share_counts_only_visible_characters(text: str, share: float) -> None:
    assert replaced_share(text) == share


def test_a_garbage_file_is_a_failure_naming_it_and_the_next_file_is_read(tmp_path: Path) -> None:
    garbage = tmp_path / "a-garbage.txt"
    garbage.write_bytes(_random_high_bytes(3000, seed=6))
    good = tmp_path / "b-good.txt"
    good.write_bytes(GERMAN.encode() + b" \xff")
    failure, document = list(read_inputs([str(tmp_path)], Settings()))
    assert isinstance(failure, IngestFailure)
    assert failure.source.file == str(garbage)
    assert failure.reason.startswith("not text in any known encoding")
    assert isinstance(document, RawDocument)
    assert document.body.startswith(GERMAN)
