"""Bytes to text: a BOM, a declared charset, UTF-8, then a charset detector, in that order.

News archives are mostly UTF-8, but old pages and exports come in cp1251, cp1252/Latin-1
and friends. The order follows what browsers do (BOM, then the declaration), with two
corrections that matter for scraped news: a page that declares a single-byte charset but
is valid UTF-8 is read as UTF-8, and mostly-UTF-8 text with a few stray bytes keeps its
UTF-8 characters instead of being re-guessed as a single-byte charset.

>>> decoded = decode_bytes("Удар по Курській області завдали вночі.".encode("cp1251"))
>>> decoded.text, decoded.encoding
('Удар по Курській області завдали вночі.', 'cp1251')

A few words are not enough to tell code pages apart: "Київ" alone in cp1251 bytes reads as
Chinese to any detector, hence the warning on every guess.

Bytes that decode mostly to U+FFFD (random or compressed data, an image saved as .txt) are
not text in any encoding we know and are refused rather than stored as an article of
replacement characters; text with a few broken bytes is kept, with a warning.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from storyline.errors import Errors, InputError

#: BOMs in the order they must be tested (UTF-32 LE starts with the UTF-16 LE BOM).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Legacy encodings ranked by how common they are on the web; breaks ties between
#: detector candidates that decode the bytes equally well (e.g. cp1250 vs cp1252).
_PREVALENCE: tuple[str, ...] = (
    "cp1252",
    "cp1251",
    "gb18030",
    "shift_jis",
    "euc_kr",
    "cp1250",
    "euc_jp",
    "big5",
    "iso8859-2",
    "cp1256",
    "cp1254",
    "iso8859-9",
    "cp1253",
    "iso8859-7",
    "koi8-r",
    "cp1255",
    "iso8859-15",
    "cp874",
    "cp1257",
    "koi8-u",
)
_RANK = {name: rank for rank, name in enumerate(_PREVALENCE)}

#: Declared labels that browsers read as another encoding (WHATWG Encoding Standard).
_WHATWG_ALIASES = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_MARKUP_PRESCAN_BYTES = 4096

#: Above this share of U+FFFD among the visible characters, the input is refused as not
#: text. Text with a broken byte in every sentence stays near 1-2 %; random high bytes
#: decode to over 80 % U+FFFD, random bytes of any value to over 40 %.
MAX_REPLACED_SHARE = 0.2


#: Above this share of bytes starting an overlong UTF-8 pair, the input is refused.
MAX_OVERLONG_SHARE = 0.01
_OVERLONG = re.compile(rb"[\xc0\xc1][\x80-\xbf]")


def _overlong_share(data: bytes) -> float:
    sample = data[:65_536]
    return len(_OVERLONG.findall(sample)) / max(len(sample), 1)


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the codec used, and warnings for anything that was guessed or lost."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_bytes(
    data: bytes,
    *,
    declared: str | None = None,
    markup: bool = False,
    source: object = "the input",
) -> Decoded:
    """Decode an input whose encoding may be unknown, saying how sure we are.

    ``declared`` is a charset stated outside the bytes (an HTTP ``Content-Type``);
    ``markup=True`` also honours a ``<meta charset>`` in the first 4 KB. A guessed or lossy
    decoding adds a warning so the user can fix the input rather than trust mojibake.
    Raises :class:`InputError` naming ``source`` when the result is mostly U+FFFD (more than
    :data:`MAX_REPLACED_SHARE` of its visible characters): such bytes are not text.
    """
    decoded = _decode(data, declared, markup)
    if decoded.encoding != "utf-8" and _overlong_share(data) > MAX_OVERLONG_SHARE:
        raise InputError(
            source,
            Errors.E201(),
        )
    share = replaced_share(decoded.text)
    if share > MAX_REPLACED_SHARE:
        raise InputError(
            source,
            Errors.E202(share=share),
        )
    return decoded


def replaced_share(text: str) -> float:
    """The share of U+FFFD among the characters of ``text`` that are not whitespace.

    >>> replaced_share("ab \ufffd\ufffd")
    0.5
    """
    replaced = text.count("\ufffd")
    if not replaced:
        return 0.0
    return replaced / sum(map(len, text.split()))


def _decode(data: bytes, declared: str | None, markup: bool) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_or_replace(data, codec, codec.removesuffix("-sig"))

    label = declared or (_meta_charset(data) if markup else None)
    warnings: list[str] = []
    if label:
        found = _decode_declared(data, label, warnings)
        if found is not None:
            return found

    try:
        return Decoded(data.decode("utf-8"), "utf-8", tuple(warnings))
    except UnicodeDecodeError:
        pass

    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return Decoded(mostly_utf8.text, "utf-8", (*warnings, *mostly_utf8.warnings))

    guess = guess_encoding(data)
    if guess is not None:
        warnings.append(
            f"the encoding was not declared and is not UTF-8; it was guessed as {guess} "
            "(convert the input to UTF-8 if the text looks wrong)"
        )
        return Decoded(data.decode(guess), guess, tuple(warnings))

    replaced = _decode_or_replace(data, "utf-8", "utf-8")
    return Decoded(replaced.text, "utf-8", (*warnings, *replaced.warnings))


def guess_encoding(data: bytes) -> str | None:
    """Ask charset-normalizer, then prefer the commoner codec among equally good candidates.

    Left alone, the detector often names cp1250 for Spanish or German in Latin-1 (which
    turns "ñ" into "ń") and an unrelated code page for short texts; among candidates that
    decode the bytes as cleanly as the best one, the most widespread codec is the safer bet.
    """
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    tied = [
        m for m in matches if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.02
    ]
    names = {_codec_name(n) for m in tied for n in (m.encoding, *m.could_be_from_charset)}
    ranked = sorted((n for n in names if n in _RANK), key=_RANK.__getitem__)
    choice = ranked[0] if ranked else _codec_name(best.encoding)
    try:
        data.decode(choice)
    except UnicodeDecodeError:
        choice = _codec_name(best.encoding)
    return choice


def _decode_declared(data: bytes, label: str, warnings: list[str]) -> Decoded | None:
    """Decode with the declared charset, or return None (with a warning) to fall through."""
    try:
        codec = _codec_name(label)
    except LookupError:
        warnings.append(f"the declared charset {label!r} is unknown; it was ignored")
        return None
    codec = _WHATWG_ALIASES.get(codec, codec)
    if codec != "utf-8" and _is_multibyte_utf8(data):
        warnings.append(f"the input declares {label!r} but is valid UTF-8; it was read as UTF-8")
        return Decoded(data.decode("utf-8"), "utf-8", tuple(warnings))
    try:
        return Decoded(data.decode(codec), codec, tuple(warnings))
    except UnicodeDecodeError:
        warnings.append(f"the input declares {label!r} but is not valid {codec}")
        return None


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few broken bytes: keep it UTF-8 and replace only the broken bytes."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    valid_non_ascii = non_ascii - text.count("\ufffd")
    if valid_non_ascii <= replaced:
        return None
    return Decoded(text, "utf-8", (_replaced_warning(replaced),))


def _decode_or_replace(data: bytes, codec: str, name: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), name)
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        replaced = text.count("\ufffd")
        return Decoded(text, name, (_replaced_warning(replaced),))


def _replaced_warning(count: int) -> str:
    return (
        f"the input is not valid UTF-8 and fits no other encoding; {count} invalid byte "
        "sequence(s) were replaced with U+FFFD (re-export the input as UTF-8 to keep them)"
    )


def _is_multibyte_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _meta_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:_MARKUP_PRESCAN_BYTES])
    return found.group(1).decode("ascii") if found else None


def _codec_name(label: str) -> str:
    """Python's canonical codec name: "windows-1251" -> "cp1251", "latin-1" -> "iso8859-1"."""
    return codecs.lookup(label.strip().lower()).name
