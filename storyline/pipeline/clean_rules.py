"""Vocabulary and patterns that recognise page furniture, kept as data.

Each rule describes a *class* of line that web pages and text dumps carry around an
article (interface words, counters, credits, notices), never strings of particular
articles. The word lists live in ``clean_rules.toml``; the patterns built on them live
here. :mod:`storyline.pipeline.clean` decides where each class may be removed: some are
unmistakable anywhere, others only count at the top or bottom edge of the page, outside
the reporting.

Extend a list or a pattern to teach the cleaner a new kind of furniture; the tests in
``tests/pipeline/test_clean.py`` check that no reporting sentence is lost.
"""

from __future__ import annotations

import re

from storyline.data_files import packaged_toml

_WORDS: dict[str, list[str]] = packaged_toml("storyline.pipeline", "clean_rules.toml")


def _words(name: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _WORDS[name])


#: Interface words that make up a whole line on their own ("close", "Share", "Comments").
UI_WORDS = _words("ui_words")
#: Interface phrases of several words, matched against the whole (normalised) line.
UI_PHRASES = _words("ui_phrases")
#: Section names and page labels; lone lines of these only count at the page edges.
SECTION_WORDS = _words("section_words")
#: Kicker words that open a lead in capitals like a dateline ("BREAKING:", "WATCH:").
KICKER_WORDS = _words("kicker_words")
#: Codes and names shown in language switchers ("ua en ru", "EN | DE | FR").
LANGUAGE_SWITCH_TOKENS = _words("language_switch_tokens")
#: Words a machine-readable stamp line may contain besides digits.
TIMESTAMP_WORDS = _words("timestamp_words")
#: Words a metadata header line may contain besides a URL and a stamp.
HEADER_WORDS = TIMESTAMP_WORDS | _words("header_words")
#: Words that carry a clause; a short line without any of them is a label, not prose.
FUNCTION_WORDS = _words("function_words")
#: Lowercase particles inside personal names ("van", "bin").
NAME_PARTICLES = _words("name_particles")
#: Words that make a byline entry an organisation, not a person ("Press", "Agency").
ORGANIZATION_WORDS = _words("organization_words")

#: Counter lines: "0 comment", "1.2K views", "Comments (3)", "5 min read".
COUNTER = re.compile(
    r"""^(?:
        \d[\d,.\s]*[km]?\s*(?:comments?|views?|shares?|likes?|reads?|replies|reactions|votes?)
      | (?:comments?|views?|shares?|likes?|replies|reactions)\s*[:(]?\s*\d[\d,.]*[km]?\s*\)?
      | \d+\s*(?:min(?:ute)?s?)\s+read
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

#: Status banners: "Being updated", "This story is being updated", "Developing story".
STATUS = re.compile(
    r"""^(?:
        (?:being\s+)?updat(?:ed|ing)
      | breaking(?:\s+news)?
      | developing(?:\s+story)?
      | just\s+in
      | live(?:\s+(?:updates|blog|coverage))?
      | this\s+(?:is\s+a\s+developing\s+story|(?:story|article|post|report|page)\s+
            (?:is\s+being|will\s+be|has\s+been|is)\s+updated)(?:[\s,;].{0,100})?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

#: Agencies and stock libraries that appear in photo credits.
#: (Name/ACRONYM credits of agencies not listed are recognised by shape.)
PHOTO_AGENCIES = "|".join(
    r"\s+".join(map(re.escape, name.split())) for name in _WORDS["photo_agencies"]
)

#: A line naming a photo's source: "Contributor/Getty Images", "Photo: AP", "(Reuters)".
PHOTO_CREDIT = re.compile(
    rf"""(?:
        ^(?:file\s+)?(?:photo(?:graph)?|image|picture|credit|illustration|photo\s+credit)
            \s*(?:by\b|:|/)
      | \S\s*/\s*(?:{PHOTO_AGENCIES})\b
      | \(\s*(?:{PHOTO_AGENCIES})[^)]{{0,40}}\)\s*$
      | \b(?:photo|image)\s*:\s
      | ^(?:{PHOTO_AGENCIES})$
      | ^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{0,3}}\s*/\s*[A-Z]{{2,6}}$
      | \([^()]{{0,60}}/\s*[A-Z]{{2,6}}\)\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)

#: Calls to the reader: tips, newsletters, subscriptions, apps.
SOLICITATION = re.compile(
    r"""\b(?:
        let\s+us\s+know | sign\s+up | subscribe | newsletter | send\s+(?:us|your)
      | contact\s+us | follow\s+us | download\s+(?:our|the)\s+app | share\s+your
      | (?:have|got)\s+a\s+(?:news\s+)?tip | tips?\s+(?:line|to) | email\s+us
      | write\s+to\s+us | click\s+here | tap\s+here | support\s+(?:our|independent)\s+journalism
      | donate | join\s+our
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)

#: Addressing the reader, which reporting rarely does outside quotes.
READER_ADDRESS = re.compile(r"\b(?:you|your|us|our)\b", re.IGNORECASE)

#: The end of a quotation followed by its attribution: the line reports speech.
QUOTED_SPEECH = re.compile(r"[,.!?…][”\"’]\s+\S")

#: Obfuscated e-mail addresses left by page protection scripts.
EMAIL_PROTECTED = re.compile(r"\[\s*email\s+protected\s*\]", re.IGNORECASE)

#: A disclaimer labelled as such ("Disclaimer: ...").
NOTICE = re.compile(r"^disclaimer\s*:", re.IGNORECASE)

#: Notes and notices about how the piece was published; they count only at the page edges
#: (an editor's note inside the body may carry a correction worth keeping).
DISCLAIMER = re.compile(
    r"""(?:
        ^(?:editor['’]?s\s+note|note\s+to\s+(?:readers|editors))\s*:
      | \bauto-?(?:published|generated)\b
      | \b(?:published|generated|posted|taken)\b[^.]{0,40}?\bfrom\s+(?:an?\s+|the\s+)?
            (?:news\s+)?(?:agency|syndicated|wire|news|rss)\s+feed\b
      | \bhas\s+not\s+been\s+(?:edited|reviewed)\s+by\b
      | \bnot\s+been\s+reviewed\s+by\s+an?\s+editor\b
      | \bwithout\s+any\s+modifications?\s+to\s+the\s+text\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)

#: Contributor and editing credits at the end of wire copy.
CONTRIBUTOR_CREDIT = re.compile(
    r"""(?:
        \bcontributed\s+(?:to\s+)?(?:this|the)\s+(?:report|story|article)\b
      | \bcontributed\s+reporting\b
      | ^(?:additional\s+)?reporting\s+by\b
      | ^(?:writing|editing|compiled|edited)\s+by\b
      | ^with\s+(?:inputs?|reporting)\s+from\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)

#: A trailing sentence that points elsewhere: "Read more about this in ...".
CROSS_REFERENCE = re.compile(
    r"""(?:^|(?<=[.!?…"”’]\s))
        (?:(?:read\s+(?:more|also)|see\s+also|more\s+on\s+this|also\s+read)\b|related\s*:)
        [^.!?“”"]{0,200}[.!?]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

#: Style sheet and script lines a text dump kept from the page (".bio { color:red; }").
CODE = re.compile(
    r"""^(?:
        [.#@]?[\w-]+(?:[\s,>.#:-]+[\w-]+)*\s*\{
      | \}[;,)]*
      | -?[a-z][a-z-]*\s*:\s*[^;{}'’"]{0,60};(?:\s*-?[a-z][a-z-]*\s*:\s*[^;{}'’"]{0,60};)*\s*\}?
      | (?:var|let|const|function|window\.|document\.)\b.*[;{]
    )$""",
    re.VERBOSE,
)

#: Sentence-final punctuation, allowing closing quotes and brackets after it.
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")

#: Copyright notices ("© 2024 Outlet", "Copyright 2024 The Associated Press. All rights reserved.").
COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b", re.IGNORECASE)
