"""A story's lasting identity: a neutral title, and an id that survives re-clustering.

**Titles.** A story is not named after whichever article came first: that headline may be
one outlet's wording ("Zelvograd Regime Imposes Ore Blockade"). :func:`neutral_title`
picks, among the headlines of the story's first days, the one whose words the story's
articles share most (each headline word weighs the share of the story's articles whose
text uses it), passing over headlines with loaded terms while any other is left.

**Ids.** A full re-cluster (``link --full``, ``reanalyze``, an upgrade) founds its stories
and events afresh. :func:`carry_story_ids` gives each new story (and, called with
``kind="event"``, each new event) the old id it shares most articles with, so links and
exported ids keep working; an old story merged into another is recorded in
``link_story_aliases`` and :func:`storyline.store.resolve_story_id` sends its id on to the
story it joined. Both are kept by the store (:mod:`storyline.store._links`). Events have no
address of their own (they are shown on their story's page), so a merged event's id is
simply not used again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from storyline.data_files import packaged_toml
from storyline.link._text import stable_id
from storyline.link.loaded_language import loaded_phrases
from storyline.link.outlets import loaded_terms_in
from storyline.models import Article

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: Words too common to say what a story is about.
_STOP = frozenset(packaged_toml("storyline.link", "words.toml")["story_identity"]["stop_words"])


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 1}


def neutral_title(
    articles: Sequence[Article], copies: Mapping[str, str], loaded_terms: Iterable[str] = ()
) -> str | None:
    """The most central, least loaded headline of a story's original articles (or None).

    >>> from storyline.models import Article, MetaValue, SourceRef
    >>> def art(i, title, text):
    ...     a = Article(i, SourceRef(i), text, text)
    ...     a.meta.title = MetaValue(title, "text")
    ...     return a
    >>> neutral_title([
    ...     art("1", "Regime imposes ore blockade", "Zelvograd banned ore exports."),
    ...     art("2", "Zelvograd bans ore exports", "Zelvograd banned ore exports to Dravania."),
    ...     art("3", "Ore exports halted", "Ore exports were halted by Zelvograd."),
    ... ], {})
    'Zelvograd bans ore exports'
    """
    originals = [a for a in articles if a.id not in copies and a.meta.title.value]
    if not originals:
        return None
    terms = loaded_phrases(loaded_terms)
    texts = [_words(f"{a.meta.title.value} {a.text}") for a in articles if a.id not in copies]
    share: Counter[str] = Counter()
    for words in texts:
        share.update(words)

    def score(article: Article) -> tuple[bool, float, int]:
        title = str(article.meta.title.value)
        words = _words(title)
        loaded = bool(loaded_terms_in(title, terms))
        central = sum(share[w] for w in words) / (len(texts) * max(len(words), 1))
        return (not loaded, central, -len(title))

    # a story is named after what started it: the headlines of its first days, when dated
    days = sorted(d for a in originals if (d := _day(a)) is not None)
    opening = [a for a in originals if (d := _day(a)) is not None and d <= _plus_days(days[0], 2)]
    pool = opening if days and any(score(a)[0] for a in opening) else originals
    return str(max(pool, key=score).meta.title.value)


def _day(article: Article) -> str | None:
    value = article.meta.published.value
    return str(value)[:10] if value else None


def _plus_days(day: str, n: int) -> str:
    from datetime import date, timedelta

    try:
        return (date.fromisoformat(day) + timedelta(days=n)).isoformat()
    except ValueError:
        return day


# ---------------------------------------------------------------------------- ids


def carry_story_ids(
    old: Mapping[str, str], new: Mapping[str, str], kind: str = "story"
) -> tuple[dict[str, str], dict[str, str]]:
    """Match new stories (or events, with ``kind="event"``) to old ones by shared articles.

    ``old`` and ``new`` map article ids to story (event) ids. Returns ``(rename, aliases)``:
    ``rename`` maps a new story id to the old id it keeps (the pair sharing most articles
    goes first; each old id is kept once), ``aliases`` maps each old id not kept to the new
    story holding most of its articles.

    >>> carry_story_ids({"a": "s1", "b": "s1", "c": "s2"}, {"a": "n1", "b": "n1", "c": "n1"})
    ({'n1': 's1'}, {'s2': 's1'})
    """
    overlap: Counter[tuple[str, str]] = Counter()
    for article, new_story in new.items():
        old_story = old.get(article)
        if old_story:
            overlap[(new_story, old_story)] += 1
    rename: dict[str, str] = {}
    taken: set[str] = set()
    for (new_story, old_story), _ in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0])):
        if new_story in rename or old_story in taken:
            continue
        rename[new_story] = old_story
        taken.add(old_story)
    # a new story founded afresh must not take an id another story keeps
    for new_story in sorted(set(new.values()) - set(rename)):
        if new_story in taken:
            rename[new_story] = stable_id(kind, new_story, "refounded")
    aliases: dict[str, str] = {}
    for (new_story, old_story), _ in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0])):
        if old_story not in taken and old_story not in aliases:
            aliases[old_story] = rename.get(new_story, new_story)
    return {k: v for k, v in rename.items() if k != v}, aliases
