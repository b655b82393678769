"""Dates: temporal expressions resolved against the publication date (TimeML TIMEX3).

:mod:`.step` is the pipeline step (``dates_step``, ``find_dates``); :mod:`.find` finds the
expressions with the patterns of ``lexicon.toml`` (read by :mod:`.lexicon`), :mod:`.tense`
reads the tense of their verbs, :mod:`.resolve` applies the ``rules_*`` modules to give each
a TimeML type and value (:mod:`.values`, :mod:`.absolute`, :mod:`.grammar`).
"""
