"""Names and values made safe to print and to store: no line breaks, no invalid Unicode.

A file name may hold a newline (which would forge a line of output) or bytes that are not
UTF-8 (Python keeps them as lone surrogates, which SQLite refuses); JSON may carry lone
surrogates too. Such characters are written as escapes instead.

>>> printable("a\\nb.txt"), printable("caf\\udce9.txt"), printable("Out\\ud83d")
('a\\\\nb.txt', 'caf\\\\xe9.txt', 'Out\\\\ud83d')
>>> printable("Київ, 31 травня")
'Київ, 31 травня'
"""

from __future__ import annotations

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with control characters, line separators and lone surrogates escaped."""
    if text.isprintable():
        return text
    return "".join(_escape(ch) for ch in text)


def _escape(ch: str) -> str:
    if ch.isprintable():
        return ch
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 in a file name
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    if code < 0x100 and (code < 0x20 or 0x7F <= code < 0xA0):
        return f"\\x{code:02x}"
    if ch in "\u2028\u2029\x85" or code < 0x10000 and not ch.isspace() and _is_control(ch):
        return f"\\u{code:04x}"
    return ch  # other non-printable characters (spaces of other widths) are harmless


def _is_control(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"}


def without_surrogates(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD (for values that are stored)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
    return text
