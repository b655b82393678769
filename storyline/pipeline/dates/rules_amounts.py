"""Resolution rules for amounts of time and vague references: durations ("two years",
"a two-year war"), sets ("daily", "every Monday") and ``PRESENT_REF``/``PAST_REF``/
``FUTURE_REF`` ("now", "recently", "the future").
"""

from __future__ import annotations

import re

from storyline.pipeline.dates.grammar import (
    Context,
    Resolution,
    grammar,
    parse_amount,
    unit_duration,
)


def rule_reference(text: str, ctx: Context) -> Resolution | None:
    """ "now", "currently", "recently", "the future", "recent days", "the coming weeks"."""
    lex = ctx.lex
    g = grammar(lex)
    bare = re.sub(r"^(?:more|most|until|as of|at) ", "", text)
    for candidate in (text, bare):
        if candidate in lex.standalone_references:
            return Resolution("DATE", lex.references[candidate], "none", anchor="dct")
    if re.fullmatch(rf"(?:in )?recent {g.unit}", text):
        return Resolution("DATE", "PAST_REF", "none", anchor="dct")  # "recent days"
    if re.fullmatch(rf"(?:in )?(?:the )?coming {g.unit}", text):
        return Resolution("DATE", "FUTURE_REF", "none", anchor="dct")  # "the coming weeks"
    if re.fullmatch(
        r"(?:a|some) (?:later|future) (?:date|time)|(?:the )?(?:near|foreseeable) (?:future|term)",
        text,
    ):
        return Resolution("DATE", "FUTURE_REF", "none", anchor="dct")
    return None


def rule_set(text: str, ctx: Context) -> Resolution | None:
    """Sets of times: "daily", "every week", "each Thursday", "Tuesday nights", "twice a year"."""
    lex = ctx.lex
    g = grammar(lex)
    if text in lex.frequency_adverbs:
        return Resolution("SET", lex.frequency_adverbs[text], "none")
    m = re.fullmatch(rf"(?:every|each|per) (?:other )?(?:({g.amount}) )?({g.unit})", text)
    if m:
        unit = lex.unit(m.group(2))
        if unit is None:
            return None
        amount = parse_amount(m.group(1), lex) or 1.0
        if "other" in text:
            amount *= 2
        return Resolution("SET", unit_duration(amount * unit.multiplier, unit), "none")
    m = re.fullmatch(rf"(?:every|each) ({g.weekday})(?: ({g.part}))?", text)
    if m:
        part = lex.parts_of_day.get(m.group(2) or "")
        value = f"XXXX-WXX-{lex.weekdays[m.group(1)]}" + (f"T{part}" if part else "")
        return Resolution("SET", value, "none")
    m = re.fullmatch(rf"(?:every|each) ({g.month})", text)
    if m:
        return Resolution("SET", f"XXXX-{lex.months[m.group(1)]:02d}", "none")
    m = re.fullmatch(rf"(?:every|each) ({g.part})", text)
    if m:
        return Resolution("SET", f"XXXX-XX-XXT{lex.parts_of_day[m.group(1)]}", "none")
    m = re.fullmatch(rf"({g.weekday})s(?: ({g.part})s?)?|({g.weekday}) ({g.part})s", text)
    if m:
        day = m.group(1) or m.group(3)
        part = lex.parts_of_day.get(m.group(2) or m.group(4) or "")
        value = f"XXXX-WXX-{lex.weekdays[day]}" + (f"T{part}" if part else "")
        return Resolution("SET", value, "none")
    m = re.fullmatch(rf"(?:\d+ times|once|twice) (?:a|an|per|each|every) ({g.unit})", text)
    if m:
        unit = lex.unit(m.group(1))
        if unit is not None:
            return Resolution("SET", unit_duration(unit.multiplier, unit), "none")
    return None


_LEAD = r"(?:first|last|past|next|coming|previous|following|final|initial|remaining|latest)"
_DETERMINERS = r"(?:the|a|an|its|their|his|her|this|that)"
_ADJECTIVES = (
    r"(?:more|additional|full|straight|consecutive|long|short|extra|trading|business|working|"
    r"calendar|school)"
)


def rule_duration(text: str, ctx: Context) -> Resolution | None:
    """ "two years", "the past 24 hours", "a two-year", "several weeks", "years"."""
    lex = ctx.lex
    g = grammar(lex)
    m = re.fullmatch(
        rf"(?:(?:{g.approx}) )?(?:the )?(?:{_LEAD} )?\d+(?:\.\d+)? (?:to|or|-) \d+(?:\.\d+)? ({g.unit})",
        text,
    )
    if m:
        unit = lex.unit(m.group(1))
        return Resolution("DURATION", unit_duration(None, unit), "none") if unit else None
    m = re.fullmatch(
        rf"(?:({_DETERMINERS}) )?(?:(?:{g.approx}) )?((?:(?:{_LEAD}|over the|over|within|for|in) )+)?"
        rf"(?:({g.amount})[ -])?(?:{_ADJECTIVES} )?({g.unit})(?:-long|-old)?(?: or (?:so|more|longer))?",
        text,
    )
    if not m:
        return None
    determiner, lead, amount_text, unit_word = m.groups()
    unit = lex.unit(unit_word)
    if unit is None:
        return None
    plural = unit_word not in lex.units
    if amount_text is None and determiner in {"a", "an"}:
        amount_text = determiner  # "a week"
    if amount_text is None and not plural and lead is None:
        return None  # "the week" is a date; "the past week" and "weeks" are durations
    amount = None if amount_text is None and plural else parse_amount(amount_text, lex)
    if amount is not None:
        amount *= unit.multiplier
    return Resolution("DURATION", unit_duration(amount, unit), "none")
